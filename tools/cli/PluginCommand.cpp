#include "CliHost.h"
#include "Command.h"

#include "portside/core/EventStore.h"
#include "portside/core/PluginAdmin.h"
#include "portside/core/PluginInstaller.h"
#include "portside/core/PluginManager.h"
#include "portside/core/PluginPackage.h"
#include "portside/core/PluginProbe.h"
#include "portside/core/SiteSettings.h"
#include "portside/core/SyncClient.h"
#include "portside/sdk/Host.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>
#include <Poco/Path.h>
#include <Poco/String.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <set>
#include <sstream>
#include <stdexcept>

#include <fcntl.h>
#include <pwd.h>
#include <unistd.h>

namespace portside::cli {

namespace {

std::string sdkText(int number)
{
    if (number == 0)
        return "";
    return std::to_string(number / 1000) + "." + std::to_string(number % 1000);
}

int list(Args& args, std::ostream& out)
{
    const bool json = args.flag("json");
    auto dirs = args.values("dir");
    args.expectEmpty();
    if (dirs.empty())
        dirs = bundledPluginFolders(args);

    core::PluginManager manager(dirs);
    manager.loadAll();
    CliHost host;
    manager.startAll(host);

    bool anyFailed = false;
    Poco::JSON::Array rows;
    for (const auto& p : manager.plugins()) {
        anyFailed = anyFailed || p.status == core::PluginInfo::Status::Failed;
        Poco::JSON::Object row;
        row.set("id", p.id);
        row.set("version", p.version);
        row.set("kind", p.id.empty() ? "" : sdk::toString(p.kind));
        row.set("file", p.file);
        row.set("sdk", sdkText(p.sdkVersion));
        row.set("status", core::toString(p.status));
        if (!p.error.empty())
            row.set("error", p.error);
        rows.add(row);
    }
    // A folder that is not there is a plugin path gone wrong (a moved program, a typo), not "no plugins".
    std::vector<std::string> missing;
    for (const auto& d : dirs)
        if (!Poco::File(d).exists())
            missing.push_back(d);
    for (const auto& d : missing)
        std::cerr << "The plugin folder " << d << " does not exist; give the right one with --dir or "
                  << "plugins.folders in kiosk.conf.\n";
    if (json) {
        rows.stringify(out);
        out << '\n';
    } else if (manager.plugins().empty()) {
        out << "No plugins found in:";
        for (const auto& d : dirs)
            out << ' ' << d;
        out << '\n';
    } else {
        // Columns as wide as their widest cell, two spaces apart: an id of any length never runs into its version.
        std::size_t idWidth = 2, versionWidth = 7, kindWidth = 4, statusWidth = 6;
        for (const auto& p : manager.plugins()) {
            idWidth = std::max(idWidth, p.id.empty() ? 1 : p.id.size());
            versionWidth = std::max(versionWidth, p.version.empty() ? 1 : p.version.size());
            kindWidth = std::max(kindWidth, p.id.empty() ? 1 : std::string(sdk::toString(p.kind)).size());
            statusWidth = std::max(statusWidth, std::string(core::toString(p.status)).size());
        }
        const auto cell = [&](const std::string& text, std::size_t width) {
            out << std::left << std::setw(static_cast<int>(width + 2)) << text;
        };
        cell("ID", idWidth), cell("VERSION", versionWidth), cell("KIND", kindWidth), cell("STATUS", statusWidth);
        out << "FILE / ERROR\n";
        for (const auto& p : manager.plugins()) {
            cell(p.id.empty() ? "-" : p.id, idWidth);
            cell(p.version.empty() ? "-" : p.version, versionWidth);
            cell(p.id.empty() ? "-" : sdk::toString(p.kind), kindWidth);
            cell(core::toString(p.status), statusWidth);
            out << (p.error.empty() ? p.file : p.error) << '\n';
        }
    }
    if (!missing.empty())
        return 1;
    return anyFailed ? 1 : 0;
}

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::invalid_argument("Cannot read " + path + ".");
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void writeFile(const std::string& path, const std::string& bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out || !out.write(bytes.data(), static_cast<std::streamsize>(bytes.size())) || !out.flush())
        throw std::runtime_error("Cannot write " + path + ".");
}

std::string one(Args& args, const std::string& name, const std::string& usage)
{
    const auto v = args.values(name);
    if (v.size() != 1)
        throw std::invalid_argument("plugin " + usage);
    return v.front();
}

/// The one word left once the options are taken (a folder or a package); usage otherwise.
std::string only(Args& args, const std::string& usage)
{
    if (args.words.size() != 1 || args.words.front().rfind("--", 0) == 0)
        throw std::invalid_argument("plugin " + usage);
    const std::string word = args.words.front();
    args.words.clear();
    return word;
}

/// `plugin keygen --out NAME`: NAME.pub.pem (to give to the sites) and NAME.key.pem (to keep).
int keygen(Args& args, std::ostream& out)
{
    const std::string name = one(args, "out", "keygen --out NAME");
    args.expectEmpty();
    const auto key = core::generateSigningKey();
    // The private key is made readable by its owner only, from the start, and never over an existing one.
    const int fd = ::open((name + ".key.pem").c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        throw std::invalid_argument(name + ".key.pem cannot be made (" + std::strerror(errno) +
                                    "); a signing key is never overwritten.");
    const bool written =
        ::write(fd, key.privatePem.data(), key.privatePem.size()) == static_cast<ssize_t>(key.privatePem.size()) &&
        ::fsync(fd) == 0;
    ::close(fd);
    if (!written)
        throw std::runtime_error("Cannot write " + name + ".key.pem.");
    writeFile(name + ".pub.pem", key.publicPem);
    out << "Key " << core::keyId(key.publicPem) << ": give " << name << ".pub.pem to the sites that trust you; keep "
        << name << ".key.pem secret.\n";
    return 0;
}

core::SigningKey signingKey(Args& args, const std::string& usage)
{
    const std::string priv = one(args, "key", usage);
    std::string pub = priv;
    const std::string suffix = ".key.pem";
    if (pub.size() > suffix.size() && pub.compare(pub.size() - suffix.size(), suffix.size(), suffix) == 0)
        pub.replace(pub.size() - suffix.size(), suffix.size(), ".pub.pem");
    const auto pubs = args.values("public");
    return {readFile(pubs.empty() ? pub : pubs.front()), readFile(priv)};
}

/// `plugin pack DIR --key NAME.key.pem --out PACKAGE.zip`: DIR holds manifest.json, the library and the catalogs it
/// names.
int pack(Args& args, std::ostream& out)
{
    const std::string usage = "pack DIR --key NAME.key.pem [--public NAME.pub.pem] --out PACKAGE.zip";
    const auto key = signingKey(args, usage);
    const std::string target = one(args, "out", usage);
    const std::string dir = only(args, usage);
    std::map<std::string, std::string> files;
    files["manifest.json"] = readFile(dir + "/manifest.json");
    const auto manifest = core::parseManifest(files["manifest.json"]);
    files[manifest.library] = readFile(dir + "/" + manifest.library);
    for (const auto& [lang, file] : manifest.catalogs)
        files[file] = readFile(dir + "/" + file);
    writeFile(target, core::packPackage(files, key));
    out << "Packed " << manifest.id << " " << manifest.version << " into " << target << ", signed with key "
        << core::keyId(key.publicPem) << ".\n";
    return 0;
}

/// Every public key in the trusted-keys folders (`*.pem`) and files given.
std::vector<std::string> trustedKeys(Args& args)
{
    std::vector<std::string> pems;
    for (const auto& path : args.values("trust")) {
        if (Poco::File(path).isDirectory()) {
            for (Poco::DirectoryIterator it(path), end; it != end; ++it)
                if (it->isFile() && Poco::icompare(Poco::Path(it->path()).getExtension(), "pem") == 0)
                    pems.push_back(readFile(it->path()));
        } else {
            pems.push_back(readFile(path));
        }
    }
    for (const auto& pem : pems)
        if (pem.find("PRIVATE KEY") != std::string::npos)
            throw std::invalid_argument("A --trust file holds a private key; trust the public one (NAME.pub.pem) and "
                                        "keep the private key with the plugin builder.");
    return pems;
}

/// `plugin sign PACKAGE.zip --key NAME.key.pem --trust KEY... [--out SIGNED.zip]`: signs again a package that a
/// trusted key signed (a site re-signing what it has checked).
int sign(Args& args, std::ostream& out)
{
    const std::string usage = "sign PACKAGE.zip --key NAME.key.pem --trust TRUSTED.pem|DIR [--out SIGNED.zip]";
    const auto key = signingKey(args, usage);
    const auto trusted = trustedKeys(args);
    auto outs = args.values("out");
    const std::string source = only(args, usage);
    const auto package = core::verifyPackage(readFile(source), trusted);
    const std::string target = outs.empty() ? source : outs.front();
    writeFile(target, core::packPackage(package.files, key));
    out << "Signed " << package.manifest.id << " " << package.manifest.version << " with key "
        << core::keyId(key.publicPem) << " into " << target << ".\n";
    return 0;
}

/// `plugin verify PACKAGE.zip --trust KEY.pem|DIR... [--json]`: exit 0 when a trusted key signed it and it is sound.
int verify(Args& args, std::ostream& out)
{
    const bool json = args.flag("json");
    const auto trusted = trustedKeys(args);
    const std::string source = only(args, "verify PACKAGE.zip --trust KEY.pem|DIR... [--json]");
    Poco::JSON::Object row;
    row.set("package", source);
    int code = 0;
    try {
        const auto p = core::verifyPackage(readFile(source), trusted);
        row.set("id", p.manifest.id);
        row.set("version", p.manifest.version);
        row.set("kind", p.manifest.kind);
        row.set("signer", p.signer);
        row.set("verified", true);
        if (!json)
            out << source << ": " << p.manifest.id << " " << p.manifest.version << " (" << p.manifest.kind
                << "), signed by trusted key " << p.signer << ".\n";
    } catch (const core::PackageRefused& e) {
        row.set("verified", false);
        row.set("error", std::string(e.what()));
        if (!json)
            out << source << " is refused: " << e.what() << '\n';
        code = 1;
    }
    if (json) {
        row.stringify(out);
        out << '\n';
    }
    return code;
}

/// This very program, which probes modules in a child process: by its path, whatever PATH or a relative argv[0] said.
std::string selfPath(const Args& args)
{
    char self[4096] = {};
    const auto length = ::readlink("/proc/self/exe", self, sizeof self - 1);
    return length > 0 ? std::string(self, static_cast<std::size_t>(length)) : args.executable;
}

/// `plugin probe MODULE [--json]`: the module loaded, created, started and self-checked in a child process (itself
/// `plugin probe MODULE RESULT`, the child's side). Exit 1 with the reason when it crashes, aborts, exits, throws
/// or hangs.
int probe(Args& args, std::ostream& out)
{
    const bool json = args.flag("json");
    const auto limits = args.values("seconds");
    if (args.words.size() == 2) { // the child
        const auto module = args.words[0], result = args.words[1];
        args.words.clear();
        args.expectEmpty();
        return core::runProbe(module, result);
    }
    const std::string module = only(args, "probe MODULE [--seconds N] [--json]");
    const auto limit =
        std::chrono::milliseconds(static_cast<long long>(1000 * (limits.empty() ? 10.0 : std::stod(limits.front()))));
    // This very program runs the probe: by its path, whatever PATH or a relative argv[0] said.
    char self[4096] = {};
    const auto length = ::readlink("/proc/self/exe", self, sizeof self - 1);
    const auto r = core::probeModule(
        module, length > 0 ? std::string(self, static_cast<std::size_t>(length)) : args.executable, limit);
    if (json) {
        Poco::JSON::Object row;
        row.set("module", module);
        row.set("ok", r.ok);
        row.set("id", r.id);
        row.set("version", r.version);
        row.set("kind", r.kind);
        if (!r.ok)
            row.set("error", r.error);
        row.stringify(out);
        out << '\n';
    } else if (r.ok) {
        out << module << ": " << r.id << " " << r.version << " (" << r.kind
            << ") loads, starts and passes its self-check.\n";
    } else {
        out << r.error << '\n';
    }
    return r.ok ? 0 : 1;
}

/// Who changes the plugins from the command line, for the record: the system user (IT, by ssh or a deployment
/// script), as "system:NAME".
std::string systemUser()
{
    const passwd* pw = ::getpwuid(::geteuid());
    return "system:" + (pw && pw->pw_name ? std::string(pw->pw_name) : std::to_string(::geteuid()));
}

/// The kiosk's record store, for the changes recorded in it; exit 3 when it cannot be opened (another user's folder).
std::string kioskStore()
{
    const std::string path = core::dataDirectory() + "/kiosk.db";
    const std::string folder = core::dataDirectory();
    if (Poco::File(folder).exists() && ::access(folder.c_str(), W_OK | X_OK) != 0)
        throw Unreachable("The kiosk's data folder " + folder + " cannot be written by this user; run as the kiosk's " +
                          "user or root, or name another with PORTSIDE_DATA_DIR.");
    return path;
}

/// The kiosk's installed plugins (`--root DIR`, else `<data>/plugins`), changed with an audit event in the kiosk's
/// store. Trusted: the site's keys (plugins.trusted_keys, the server's) and any `--trust KEY.pem|DIR`.
struct Kiosk {
    core::SystemClock clock;
    CliHost host;
    core::EventStore store;
    std::vector<std::string> problems;
    std::vector<core::TrustedKey> keys;

    explicit Kiosk(Args& args) : store(kioskStore(), clock)
    {
        keys = core::trustedKeys(host.settings(), &store, &problems);
        for (const auto& pem : trustedKeys(args))
            keys.push_back({core::keyId(pem), "", pem, "--trust"});
    }
};

/// `plugin install PKG [--trust KEY|DIR]... [--root DIR] [--downgrade]`, `plugin install --from-server ID`,
/// `plugin remove|rollback|disable|enable ID`, `plugin installed`, `plugin offers`, `plugin keys`: the kiosk's own
/// plugins; each change takes effect at the next start and is recorded with the system user's name.
int manage(const std::string& sub, Args& args, std::ostream& out)
{
    const bool downgrade = sub == "install" && args.flag("downgrade");
    const bool json = args.flag("json");
    const auto fromServer = sub == "install" ? args.values("from-server") : std::vector<std::string>{};
    const auto roots = args.values("root");
    Kiosk kiosk(args);
    core::PluginAdmin admin(kiosk.store, roots.empty() ? core::dataDirectory() + "/plugins" : roots.front(), kiosk.keys,
                            selfPath(args));
    // The plugins that came with Portside (their modules are named <id>.so): a package cannot take their ids.
    std::set<std::string> bundled;
    for (const auto& folder : bundledPluginFolders(args))
        if (Poco::File(folder).exists())
            for (Poco::DirectoryIterator it(folder), end; it != end; ++it)
                if (it->isFile() && Poco::Path(it.name()).getExtension() == "so")
                    bundled.insert(Poco::Path(it.name()).getBaseName());
    admin.setReserved(bundled);
    for (const auto& p : kiosk.problems)
        std::cerr << p << '\n';
    if (sub == "install") {
        std::string source, zip;
        if (!fromServer.empty()) {
            args.expectEmpty();
            source = "server";
            try {
                core::SyncClient client(kiosk.store);
                zip = client.downloadPlugin(fromServer.front());
            } catch (const std::runtime_error& e) {
                admin.recordRefusal("server", e.what(), systemUser());
                out << e.what() << '\n';
                return 1;
            }
        } else {
            source = only(args, "install PACKAGE.zip [--trust KEY.pem|DIR]... [--root DIR] [--downgrade] | install "
                                "--from-server ID");
            zip = readFile(source);
        }
        try {
            const auto p = admin.install(zip, source, systemUser(), downgrade);
            out << "Installed " << p.manifest.id << " " << p.manifest.version << " (signed by "
                << admin.signerName(p.signer) << "); it runs from the kiosk's next start.\n";
            const auto site = core::trustedKeys(kiosk.host.settings(), &kiosk.store);
            if (std::none_of(site.begin(), site.end(), [&](const core::TrustedKey& k) { return k.id == p.signer; }))
                out << "Note: key " << p.signer
                    << " is not one of this site's trusted keys (only given with --trust): the kiosk will not load "
                       "the plugin until the key is added to plugins.trusted_keys.\n";
            return 0;
        } catch (const core::PackageRefused& e) {
            out << source << " is refused: " << e.what() << '\n';
            return 1;
        }
    }
    if (sub == "installed") {
        args.expectEmpty();
        Poco::JSON::Array rows;
        for (const auto& e : admin.installed()) {
            const std::string problem =
                e.active.empty() || e.removed ? std::string() : admin.installer().check(e.id, e.active);
            if (json) {
                Poco::JSON::Object row;
                row.set("id", e.id);
                row.set("active", e.active);
                row.set("pending", e.pending);
                row.set("previous", e.previous);
                row.set("removed", e.removed);
                row.set("disabled", e.disabled);
                row.set("signer", e.signer.empty() ? std::string() : admin.signerName(e.signer));
                if (!problem.empty())
                    row.set("problem", problem);
                rows.add(row);
                continue;
            }
            out << e.id << ": "
                << (e.removed ? (e.active.empty() ? "removed" : "removed at the next start")
                              : "active " + (e.active.empty() ? "-" : e.active))
                << (e.pending.empty() ? "" : ", " + e.pending + " at the next start")
                << (e.previous.empty() ? "" : ", previous " + e.previous) << (e.disabled ? ", disabled" : "")
                << (e.signer.empty() ? "" : ", signed by " + admin.signerName(e.signer))
                << (problem.empty() ? "" : "; " + problem) << '\n';
        }
        if (json)
            rows.stringify(out), out << '\n';
        return 0;
    }
    if (sub == "offers") {
        args.expectEmpty();
        Poco::JSON::Array rows;
        for (const auto& key : kiosk.store.metaKeys("plugin-offer/")) {
            if (!json) {
                out << key.substr(13) << ": " << kiosk.store.meta(key) << '\n';
                continue;
            }
            Poco::JSON::Object row;
            row.set("id", key.substr(13));
            try {
                row.set("offer", Poco::JSON::Parser().parse(kiosk.store.meta(key)));
            } catch (const Poco::Exception&) {
                row.set("offer", kiosk.store.meta(key));
            }
            rows.add(row);
        }
        if (json)
            rows.stringify(out), out << '\n';
        return 0;
    }
    if (sub == "keys") {
        args.expectEmpty();
        Poco::JSON::Array rows;
        for (const auto& k : admin.trusted()) {
            if (!json) {
                out << k.id << "  " << (k.name.empty() ? "-" : k.name) << "  " << k.from << '\n';
                continue;
            }
            Poco::JSON::Object row;
            row.set("id", k.id);
            row.set("name", k.name);
            row.set("from", k.from);
            rows.add(row);
        }
        if (json)
            rows.stringify(out), out << '\n';
        return 0;
    }
    const std::string id = only(args, sub + " ID [--root DIR]");
    try {
        if (sub == "remove")
            admin.remove(id, systemUser());
        else if (sub == "rollback")
            admin.rollback(id, systemUser());
        else
            admin.setDisabled(id, sub == "disable", systemUser());
    } catch (const core::PackageRefused& e) {
        out << e.what() << '\n';
        return 1;
    }
    out << (sub == "remove"     ? "Removed "
            : sub == "rollback" ? "Rolled back "
            : sub == "disable"  ? "Disabled "
                                : "Enabled ")
        << id << "; this takes effect at the kiosk's next start.\n";
    return 0;
}

} // namespace

int pluginCommand(Args& args, std::ostream& out, std::ostream&)
{
    const std::string known = "list, new, keygen, pack, sign, verify, probe, install, installed, offers, keys, "
                              "remove, rollback, disable, enable";
    if (args.words.empty())
        throw std::invalid_argument("plugin needs a subcommand: " + known + ".");
    const std::string sub = args.words.front();
    args.words.erase(args.words.begin());
    if (sub == "list")
        return list(args, out);
    if (sub == "new")
        return pluginNew(args, out);
    if (sub == "keygen")
        return keygen(args, out);
    if (sub == "pack")
        return pack(args, out);
    if (sub == "sign")
        return sign(args, out);
    if (sub == "verify")
        return verify(args, out);
    if (sub == "probe")
        return probe(args, out);
    if (sub == "install" || sub == "installed" || sub == "offers" || sub == "keys" || sub == "remove" ||
        sub == "rollback" || sub == "disable" || sub == "enable")
        return manage(sub, args, out);
    throw std::invalid_argument("Unknown plugin subcommand \"" + sub + "\"; known: " + known + ".");
}

} // namespace portside::cli
