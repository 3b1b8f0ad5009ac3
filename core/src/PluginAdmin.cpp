#include "portside/core/PluginAdmin.h"

#include "portside/core/EventStore.h"
#include "portside/core/PluginPackage.h"
#include "portside/core/SiteSettings.h"

#include <Poco/DigestEngine.h>
#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Path.h>
#include <Poco/SHA2Engine.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace portside::core {

namespace {

std::string readSmallFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::string text;
    char buffer[4096];
    while (in && text.size() < 64 * 1024) {
        in.read(buffer, sizeof buffer);
        text.append(buffer, static_cast<std::size_t>(in.gcount()));
    }
    return text;
}

bool hasPemExtension(const std::string& path)
{
    return Poco::icompare(Poco::Path(path).getExtension(), "pem") == 0;
}

std::string keyName(const std::string& path)
{
    std::string name = Poco::Path(path).getFileName();
    for (const char* suffix : {".pub.pem", ".PUB.PEM", ".pem", ".PEM"})
        if (name.size() > std::string(suffix).size() &&
            name.compare(name.size() - std::string(suffix).size(), std::string::npos, suffix) == 0) {
            name.resize(name.size() - std::string(suffix).size());
            break;
        }
    return name;
}

std::string sha256Hex(const std::string& bytes)
{
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update(bytes.data(), static_cast<unsigned>(bytes.size()));
    return Poco::DigestEngine::digestToHex(sha.digest());
}

std::string objectText(const Poco::JSON::Object& o)
{
    std::ostringstream out;
    o.stringify(out);
    return out.str();
}

} // namespace

std::vector<TrustedKey> trustedKeys(const SiteSettings& settings, const EventStore* store,
                                    std::vector<std::string>* problems)
{
    std::vector<TrustedKey> keys;
    auto add = [&](TrustedKey k) {
        if (k.pem.find("-----BEGIN PUBLIC KEY-----") == std::string::npos) {
            if (problems)
                problems->push_back(k.from + " is not a public key in PEM form; it is not trusted.");
            return;
        }
        k.id = keyId(k.pem);
        if (std::none_of(keys.begin(), keys.end(), [&](const TrustedKey& t) { return t.id == k.id; }))
            keys.push_back(std::move(k));
    };
    const Poco::StringTokenizer places(settings.get("plugins.trusted_keys", "/etc/portside/trusted-keys"), ":",
                                       Poco::StringTokenizer::TOK_IGNORE_EMPTY | Poco::StringTokenizer::TOK_TRIM);
    for (const auto& place : places) {
        try {
            const Poco::File file(place);
            if (!file.exists())
                continue;
            if (file.isDirectory()) {
                std::vector<std::string> paths;
                for (Poco::DirectoryIterator it(place), end; it != end; ++it)
                    if (it->isFile() && hasPemExtension(it->path()))
                        paths.push_back(it->path());
                std::sort(paths.begin(), paths.end());
                for (const auto& path : paths)
                    add({{}, keyName(path), readSmallFile(path), path});
            } else {
                add({{}, keyName(place), readSmallFile(place), place});
            }
        } catch (const Poco::Exception& e) {
            if (problems)
                problems->push_back("The trusted keys in " + place + " cannot be read (" + e.displayText() + ").");
        }
    }
    if (store && settings.get("plugins.server_keys", "yes") != "no") {
        for (const auto& key : store->metaKeys("plugin-key/")) {
            if (store->meta(key).empty())
                continue; // revoked
            try {
                Poco::JSON::Parser parser;
                const auto o = parser.parse(store->meta(key)).extract<Poco::JSON::Object::Ptr>();
                add({{}, o->optValue<std::string>("name", ""), o->optValue<std::string>("pem", ""), "server"});
            } catch (const Poco::Exception&) {
                if (problems)
                    problems->push_back("The server's key " + key.substr(11) + " cannot be read; it is not trusted.");
            }
        }
    }
    return keys;
}

std::vector<std::string> packagesIn(const std::string& folder)
{
    // A USB stick mounts at /media/<user>/<label>: its packages lie up to three folders below an import folder.
    // Links are not followed, hidden folders not entered, and the search stops at 200 packages.
    std::vector<std::string> found;
    std::vector<std::pair<std::string, int>> todo{{folder, 0}};
    while (!todo.empty() && found.size() < 200) {
        const auto [dir, depth] = todo.back();
        todo.pop_back();
        try {
            for (Poco::DirectoryIterator it(dir), end; it != end && found.size() < 200; ++it) {
                if (it->isLink() || it.name().empty() || it.name().front() == '.')
                    continue;
                if (it->isDirectory() && depth < 3)
                    todo.emplace_back(it->path(), depth + 1);
                else if (it->isFile() && Poco::icompare(Poco::Path(it->path()).getExtension(), "zip") == 0)
                    found.push_back(it->path());
            }
        } catch (const Poco::Exception&) { // an unreadable folder gives none
        }
    }
    std::sort(found.begin(), found.end());
    return found;
}

PluginAdmin::PluginAdmin(EventStore& store, std::string root, std::vector<TrustedKey> trusted, std::string probeProgram)
    : _store(store), _trusted(std::move(trusted)), _installer(
                                                       std::move(root),
                                                       [this] {
                                                           std::vector<std::string> pems;
                                                           for (const auto& k : _trusted)
                                                               pems.push_back(k.pem);
                                                           return pems;
                                                       }(),
                                                       std::move(probeProgram))
{
}

void PluginAdmin::record(const std::string& type, const std::string& staff, const std::string& payload)
{
    NewEvent e;
    e.type = type;
    e.staff = staff;
    e.payload = payload;
    _store.append({e});
}

VerifiedPackage PluginAdmin::install(const std::string& zip, const std::string& source, const std::string& staff,
                                     bool allowDowngrade)
{
    Poco::JSON::Object payload;
    payload.set("source", source);
    payload.set("sha256", sha256Hex(zip));
    payload.set("size", static_cast<Poco::UInt64>(zip.size()));
    try {
        auto package = _installer.install(zip, allowDowngrade);
        payload.set("id", package.manifest.id);
        payload.set("version", package.manifest.version);
        payload.set("kind", package.manifest.kind);
        payload.set("signer", package.signer);
        if (allowDowngrade)
            payload.set("downgrade", true);
        record("plugin-installed", staff, objectText(payload));
        return package;
    } catch (const PackageRefused& e) {
        payload.set("reason", std::string(e.what()));
        record("plugin-refused", staff, objectText(payload));
        throw;
    }
}

void PluginAdmin::recordRefusal(const std::string& source, const std::string& reason, const std::string& staff)
{
    Poco::JSON::Object payload;
    payload.set("source", source);
    payload.set("reason", reason);
    record("plugin-refused", staff, objectText(payload));
}

void PluginAdmin::recordModuleEnabled(const std::string& module, const std::string& staff)
{
    Poco::JSON::Object payload;
    payload.set("module", module);
    record("plugin-enabled", staff, objectText(payload));
}

void PluginAdmin::remove(const std::string& id, const std::string& staff)
{
    const auto before = _installer.list();
    _installer.remove(id);
    Poco::JSON::Object payload;
    payload.set("id", id);
    for (const auto& e : before)
        if (e.id == id)
            payload.set("version", e.active);
    record("plugin-removed", staff, objectText(payload));
}

void PluginAdmin::rollback(const std::string& id, const std::string& staff)
{
    _installer.rollback(id);
    Poco::JSON::Object payload;
    payload.set("id", id);
    for (const auto& e : _installer.list())
        if (e.id == id) {
            payload.set("from", e.active);
            payload.set("to", e.pending);
        }
    record("plugin-rolled-back", staff, objectText(payload));
}

void PluginAdmin::setDisabled(const std::string& id, bool disabled, const std::string& staff)
{
    _installer.setDisabled(id, disabled);
    Poco::JSON::Object payload;
    payload.set("id", id);
    record(disabled ? "plugin-disabled" : "plugin-enabled", staff, objectText(payload));
}

std::string PluginAdmin::signerName(const std::string& id) const
{
    for (const auto& k : _trusted)
        if (k.id == id && !k.name.empty())
            return k.name + " (" + id + ")";
    return id;
}

} // namespace portside::core
