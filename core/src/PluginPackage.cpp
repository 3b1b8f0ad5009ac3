#include "portside/core/PluginPackage.h"

#include "portside/core/ReferenceJson.h"
#include "portside/sdk/Version.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Crypto/ECDSADigestEngine.h>
#include <Poco/Crypto/ECKey.h>
#include <Poco/DateTime.h>
#include <Poco/DigestEngine.h>
#include <Poco/DirectoryIterator.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/SHA2Engine.h>
#include <Poco/Zip/Compress.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace portside::core {

namespace {

const char* const kManifest = "manifest.json";
const char* const kSignature = "signature.json";

std::string sha256Hex(const std::string& bytes)
{
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update(bytes);
    return Poco::DigestEngine::digestToHex(sha.digest());
}

/// "64 MiB", or "4096 bytes" under one MiB.
std::string sizeText(std::uint64_t bytes)
{
    return bytes >= (1u << 20) ? std::to_string(bytes >> 20) + " MiB" : std::to_string(bytes) + " bytes";
}

/// A name as a sentence quotes it: at most 80 characters.
std::string quoted(const std::string& name)
{
    return "\"" + (name.size() > 80 ? name.substr(0, 77) + "..." : name) + "\"";
}

std::string trimmed(const std::string& s)
{
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return {};
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

bool fileNamePart(const std::string& s)
{
    // A file name of the package's own making: letters, digits, ".", "_", "-"; never "." or ".." or hidden.
    if (s.empty() || s.size() > 100 || s[0] == '.')
        return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
               c == '-';
    });
}

bool language(const std::string& s)
{
    // "es", "fr", "de", "pt_BR".
    const auto ok = [](char c, bool upper) { return upper ? (c >= 'A' && c <= 'Z') : (c >= 'a' && c <= 'z'); };
    return (s.size() == 2 && ok(s[0], false) && ok(s[1], false)) ||
           (s.size() == 5 && ok(s[0], false) && ok(s[1], false) && s[2] == '_' && ok(s[3], true) && ok(s[4], true));
}

/// Where an entry may sit in a package: its three places, nothing else.
bool expectedPlace(const std::string& name)
{
    if (name == kManifest || name == kSignature)
        return true;
    if (name.find('/') == std::string::npos)
        return fileNamePart(name) && name.size() > 3 && name.compare(name.size() - 3, 3, ".so") == 0;
    // locale/<lang>/LC_MESSAGES/<domain>.mo
    std::vector<std::string> parts;
    std::istringstream in(name);
    for (std::string part; std::getline(in, part, '/');)
        parts.push_back(part);
    return parts.size() == 4 && parts[0] == "locale" && language(parts[1]) && parts[2] == "LC_MESSAGES" &&
           fileNamePart(parts[3]) && parts[3].size() > 3 && parts[3].compare(parts[3].size() - 3, 3, ".mo") == 0 &&
           name.back() != '/';
}

/// A folder of the catalogs' tree ("locale/", "locale/es/", "locale/es/LC_MESSAGES/"): zip tools write them.
bool localeFolder(const std::string& name)
{
    if (name == "locale/")
        return true;
    const auto second = name.find('/', 7);
    if (name.rfind("locale/", 0) != 0 || second == std::string::npos || !language(name.substr(7, second - 7)))
        return false;
    const auto rest = name.substr(second + 1);
    return rest.empty() || rest == "LC_MESSAGES/";
}

/// Why an entry's name cannot be unpacked safely, or empty.
std::string unsafeName(const std::string& name)
{
    if (name.empty())
        return "an entry without a name";
    if (name[0] == '/' || name.find(':') != std::string::npos)
        return "an absolute path (" + quoted(name) + ")";
    if (name.find('\\') != std::string::npos)
        return "a backslash in " + quoted(name);
    if (name == ".." || name.rfind("../", 0) == 0 || name.find("/../") != std::string::npos ||
        (name.size() >= 3 && name.compare(name.size() - 3, 3, "/..") == 0))
        return "a path that leaves the package (" + quoted(name) + ")";
    for (unsigned char c : name)
        if (c < 0x20 || c == 0x7f)
            return "a control character in an entry's name";
    return {};
}

/// An entry as the zip's central directory records it.
struct CentralEntry {
    std::string name;
    unsigned madeBy = 0;          ///< the host system (APPNOTE 4.4.2: 3 is Unix)
    std::uint32_t attributes = 0; ///< external file attributes (on Unix, the mode in the high 16 bits)
};

/// The central directory, read from the end-of-central-directory record (APPNOTE.TXT 4.3.16, 4.3.12). Poco's reader
/// keeps entries by name, so two with one name would pass as one, and it keeps the attributes to itself; the
/// directory is read here as well. Throws PackageRefused when it cannot be read.
std::vector<CentralEntry> centralDirectory(const std::string& zip)
{
    const auto u16 = [&](std::size_t at) {
        if (at + 2 > zip.size())
            throw PackageRefused("The package's directory is cut short.");
        return static_cast<unsigned>(static_cast<unsigned char>(zip[at]) |
                                     (static_cast<unsigned char>(zip[at + 1]) << 8));
    };
    const auto u32 = [&](std::size_t at) { return static_cast<std::uint32_t>(u16(at) | (u16(at + 2) << 16)); };
    if (zip.size() < 22)
        throw PackageRefused("This is not a readable zip file (too short).");
    const std::size_t floor = zip.size() > 65557 ? zip.size() - 65557 : 0;
    std::size_t end = std::string::npos;
    for (std::size_t at = zip.size() - 22 + 1; at-- > floor;)
        if (zip.compare(at, 4, std::string("PK\x05\x06", 4)) == 0) {
            end = at;
            break;
        }
    if (end == std::string::npos)
        throw PackageRefused("This is not a readable zip file (no directory at its end).");
    const unsigned count = u16(end + 10);
    std::size_t at = u32(end + 16);
    std::vector<CentralEntry> entries;
    for (unsigned i = 0; i < count; ++i) {
        if (u32(at) != 0x02014b50)
            throw PackageRefused("The package's directory is damaged.");
        CentralEntry e;
        e.madeBy = u16(at + 4) >> 8;
        const unsigned nameLength = u16(at + 28), extra = u16(at + 30), comment = u16(at + 32);
        e.attributes = u32(at + 38);
        if (at + 46 + nameLength > zip.size())
            throw PackageRefused("The package's directory is cut short.");
        e.name = zip.substr(at + 46, nameLength);
        entries.push_back(std::move(e));
        at += 46 + nameLength + extra + comment;
    }
    return entries;
}

std::string base64(const std::vector<unsigned char>& bytes)
{
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    encoder.close();
    return out.str();
}

std::vector<unsigned char> unbase64(const std::string& text)
{
    std::istringstream in(text);
    Poco::Base64Decoder decoder(in);
    std::string bytes((std::istreambuf_iterator<char>(decoder)), std::istreambuf_iterator<char>());
    return {bytes.begin(), bytes.end()};
}

Poco::Crypto::ECKey publicKey(const std::string& pem)
{
    std::istringstream in(pem);
    return Poco::Crypto::ECKey(&in);
}

std::string stringField(const Poco::JSON::Object& o, const std::string& name)
{
    if (!o.has(name) || !o.get(name).isString())
        throw PackageRefused("manifest.json has no \"" + name + "\" text.");
    return o.getValue<std::string>(name);
}

/// Steps 4 and 5 of verifyPackage (also verifyInstalled): the signature by a trusted key over every other entry, then
/// the manifest and the files it names.
VerifiedPackage checkSigned(std::map<std::string, std::string> files, const std::vector<std::string>& trustedPublicPems)
{
    // 4. The signature, by a key this site trusts, over every other entry.
    const auto signatureEntry = files.find(kSignature);
    if (signatureEntry == files.end())
        throw PackageRefused("The package is not signed (no signature.json).");
    std::string signer, signatureText;
    try {
        const auto o = Poco::JSON::Parser().parse(signatureEntry->second).extract<Poco::JSON::Object::Ptr>();
        signer = o->getValue<std::string>("key");
        signatureText = o->getValue<std::string>("signature");
    } catch (const Poco::Exception&) {
        throw PackageRefused("signature.json is not a signature (\"key\" and \"signature\").");
    } catch (const std::exception&) {
        throw PackageRefused("signature.json is not a signature (\"key\" and \"signature\").");
    }
    const std::string* trusted = nullptr;
    for (const auto& pem : trustedPublicPems)
        if (keyId(pem) == signer)
            trusted = &pem;
    if (!trusted)
        throw PackageRefused("The package is signed with key " + signer +
                             ", which this site does not trust. Add the plugin builder's public key to the trusted "
                             "keys first.");
    bool good = false;
    try {
        Poco::Crypto::ECDSADigestEngine engine(publicKey(*trusted), "SHA256");
        engine.update(statement(files));
        good = engine.verify(unbase64(signatureText));
    } catch (const Poco::Exception&) {
        good = false;
    }
    if (!good)
        throw PackageRefused("The package's signature does not match its contents: it was changed after it was "
                             "signed, or the signature is not key " +
                             signer + "'s.");

    // 5. The manifest: its own rules, and the files it names.
    const auto manifestEntry = files.find(kManifest);
    if (manifestEntry == files.end())
        throw PackageRefused("The package has no manifest.json.");
    VerifiedPackage package;
    package.manifest = parseManifest(manifestEntry->second);
    const auto& m = package.manifest;
    if (!files.count(m.library))
        throw PackageRefused("The manifest names the library \"" + m.library + "\", which is not in the package.");
    for (const auto& [lang, file] : m.catalogs)
        if (!files.count(file))
            throw PackageRefused("The manifest names the " + lang + " catalog \"" + file +
                                 "\", which is not in the package.");
    for (const auto& [name, bytes] : files)
        if (name.size() > 3 && name.compare(name.size() - 3, 3, ".so") == 0 && name != m.library)
            throw PackageRefused("The package holds a second module (\"" + name + "\") its manifest does not name.");
    if (m.sdkMajor != PORTSIDE_SDK_VERSION_MAJOR || m.sdkMinor > PORTSIDE_SDK_VERSION_MINOR)
        throw PackageRefused(
            "The plugin was built for SDK " + std::to_string(m.sdkMajor) + "." + std::to_string(m.sdkMinor) +
            "; this kiosk runs SDK " PORTSIDE_SDK_VERSION " (the same major and at most its minor are needed).");
    package.signature = signatureEntry->second;
    files.erase(kSignature);
    package.signer = signer;
    package.files = std::move(files);
    return package;
}

} // namespace

SigningKey generateSigningKey()
{
    Poco::Crypto::ECKey key("prime256v1");
    std::ostringstream pub, priv;
    key.save(&pub, &priv);
    return {pub.str(), priv.str()};
}

std::string keyId(const std::string& publicPem)
{
    // The key itself (the DER bytes between the PEM markers), not its text: a key saved on Windows, or with a comment
    // line before it, is the same key.
    const std::string begin = "-----BEGIN PUBLIC KEY-----", end = "-----END PUBLIC KEY-----";
    const auto from = publicPem.find(begin);
    const auto to = from == std::string::npos ? std::string::npos : publicPem.find(end, from);
    if (to == std::string::npos) { // not a public key in PEM form: its text, so it matches nothing real
        std::string text = publicPem;
        text.erase(std::remove(text.begin(), text.end(), '\r'), text.end());
        return sha256Hex(trimmed(text)).substr(0, 16);
    }
    const auto der = unbase64(publicPem.substr(from + begin.size(), to - from - begin.size()));
    return sha256Hex(std::string(der.begin(), der.end())).substr(0, 16);
}

PackageManifest parseManifest(const std::string& json)
{
    Poco::JSON::Object::Ptr o;
    try {
        o = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception& e) {
        throw PackageRefused("manifest.json is not JSON (" + e.displayText() + ").");
    } catch (const std::exception&) {
        throw PackageRefused("manifest.json is not a JSON object.");
    }
    if (!o)
        throw PackageRefused("manifest.json is not a JSON object.");
    PackageManifest m;
    m.id = stringField(*o, "id");
    if (!safePluginId(m.id))
        throw PackageRefused(
            "The plugin id \"" + m.id +
            "\" is not allowed: 1 to 64 of a-z, 0-9, \".\", \"_\" and \"-\", starting with a letter or "
            "digit, without \"..\".");
    m.version = stringField(*o, "version");
    {
        int numbers = 0;
        bool ok = !m.version.empty() && m.version.size() <= 32 && m.version.front() != '.' && m.version.back() != '.';
        for (std::size_t i = 0; ok && i < m.version.size(); ++i) {
            if (m.version[i] == '.')
                ok = m.version[i - 1] != '.';
            else
                ok = m.version[i] >= '0' && m.version[i] <= '9';
            numbers += m.version[i] == '.';
        }
        for (std::size_t at = 0, run = 0; ok && at < m.version.size(); ++at) // each number at most 9 digits
            ok = (run = m.version[at] == '.' ? 0 : run + 1) <= 9;
        if (!ok || numbers > 3)
            throw PackageRefused("The version \"" + m.version + "\" is not 1 to 4 numbers with dots (such as 1.2.0).");
    }
    m.kind = stringField(*o, "kind");
    if (m.kind != "checklist" && m.kind != "scanner" && m.kind != "printer" && m.kind != "sync")
        throw PackageRefused("The kind \"" + m.kind +
                             "\" is not one this kiosk knows (checklist, scanner, printer, sync).");
    const std::string sdk = stringField(*o, "sdk");
    const auto dot = sdk.find('.');
    try {
        std::size_t used = 0;
        m.sdkMajor = std::stoi(sdk.substr(0, dot), &used);
        if (used != dot || dot == std::string::npos)
            throw std::invalid_argument("sdk");
        m.sdkMinor = std::stoi(sdk.substr(dot + 1), &used);
        if (used != sdk.size() - dot - 1)
            throw std::invalid_argument("sdk");
    } catch (const std::exception&) {
        throw PackageRefused("The SDK version \"" + sdk + "\" is not MAJOR.MINOR (such as 2.0).");
    }
    m.library = stringField(*o, "library");
    if (!expectedPlace(m.library) || m.library.find('/') != std::string::npos || m.library == kManifest)
        throw PackageRefused("The library \"" + m.library + "\" must be a .so file at the package's top level.");
    if (o->has("catalogs")) {
        const auto catalogs = o->getObject("catalogs");
        if (!catalogs)
            throw PackageRefused("manifest.json: \"catalogs\" must map languages to .mo files.");
        for (const auto& [lang, file] : *catalogs) {
            if (!language(lang) || !file.isString() || !expectedPlace(file.toString()) ||
                file.toString().rfind("locale/" + lang + "/", 0) != 0)
                throw PackageRefused("manifest.json: the catalog for \"" + lang +
                                     "\" must be locale/<language>/LC_MESSAGES/<name>.mo.");
            m.catalogs[lang] = file.toString();
        }
    }
    if (o->has("needs")) {
        const auto needs = o->getArray("needs");
        if (!needs)
            throw PackageRefused("manifest.json: \"needs\" must be a list.");
        for (std::size_t i = 0; i < needs->size(); ++i) {
            const std::string need = needs->getElement<std::string>(static_cast<unsigned>(i));
            if (need != "printer" && need != "scanner" && need != "network" && need != "camera")
                throw PackageRefused("manifest.json: \"" + need +
                                     "\" is not something a plugin can ask for (printer, scanner, network, camera).");
            m.needs.push_back(need);
        }
    }
    return m;
}

std::string statement(const std::map<std::string, std::string>& files)
{
    std::string text = "portside-plugin-package 1\n";
    for (const auto& [name, bytes] : files)
        if (name != kSignature)
            text += sha256Hex(bytes) + " " + std::to_string(bytes.size()) + " " + name + "\n";
    return text;
}

std::string packPackage(const std::map<std::string, std::string>& files, const SigningKey& key)
{
    if (!files.count(kManifest))
        throw PackageRefused("A package needs a manifest.json.");
    std::istringstream pub(key.publicPem), priv(key.privatePem);
    Poco::Crypto::ECKey signer(&pub, &priv);
    Poco::Crypto::ECDSADigestEngine engine(signer, "SHA256");
    engine.update(statement(files));
    Poco::JSON::Object signature;
    signature.set("key", keyId(key.publicPem));
    signature.set("signature", base64(engine.signature()));
    std::ostringstream signatureJson;
    signature.stringify(signatureJson);

    std::ostringstream out;
    Poco::Zip::Compress zip(out, true);
    const Poco::DateTime stamp(2000, 1, 1); // the same bytes for the same files
    for (const auto& [name, bytes] : files) {
        if (name == kSignature)
            continue;
        std::istringstream in(bytes);
        zip.addFile(in, stamp, Poco::Path(name, Poco::Path::PATH_UNIX));
    }
    std::istringstream in(signatureJson.str());
    zip.addFile(in, stamp, Poco::Path(kSignature, Poco::Path::PATH_UNIX));
    zip.close();
    return out.str();
}

VerifiedPackage verifyPackage(const std::string& zip, const std::vector<std::string>& trustedPublicPems,
                              const PackageLimits& limits)
{
    // 1. The directory as written, before anything else reads the zip: every entry once, in its place, no links.
    const auto directory = centralDirectory(zip);
    if (directory.size() > limits.maxEntries)
        throw PackageRefused("The package has more than " + std::to_string(limits.maxEntries) + " entries.");
    std::set<std::string> names;
    for (const auto& e : directory) {
        if (const auto why = unsafeName(e.name); !why.empty())
            throw PackageRefused("The package holds " + why + "; nothing was unpacked.");
        if (e.madeBy == 3 && ((e.attributes >> 16) & 0170000) == 0120000)
            throw PackageRefused("The package holds a link (" + quoted(e.name) + "); nothing was unpacked.");
        if (!names.insert(e.name).second)
            throw PackageRefused("The package holds " + quoted(e.name) + " twice; nothing was unpacked.");
        if (e.name.back() == '/') {
            if (!localeFolder(e.name))
                throw PackageRefused("The package holds a folder entry (" + quoted(e.name) +
                                     "); a package holds files, and the folders of its catalogs only.");
        } else if (!expectedPlace(e.name)) {
            throw PackageRefused("The package holds " + quoted(e.name) +
                                 ", which has no place in a plugin package (manifest.json, signature.json, the "
                                 "module at the top, catalogs under locale/).");
        }
    }

    // 2. Sizes and compression, from the same directory as Poco reads it.
    std::istringstream in(zip);
    std::unique_ptr<Poco::Zip::ZipArchive> archive;
    try {
        archive = std::make_unique<Poco::Zip::ZipArchive>(in);
    } catch (const Poco::Exception& e) {
        throw PackageRefused("This is not a readable zip file (" + e.displayText() + ").");
    }
    std::size_t entries = 0;
    std::uint64_t total = 0;
    for (auto it = archive->fileInfoBegin(); it != archive->fileInfoEnd(); ++it) {
        const auto& info = it->second;
        const std::string& name = info.getFileName();
        ++entries;
        if (!names.count(name))
            throw PackageRefused("The package's directory does not match its entries.");
        if (info.isEncrypted())
            throw PackageRefused("The package holds an encrypted entry (" + quoted(name) + ").");
        const auto size = info.getUncompressedSize(), packed = info.getCompressedSize();
        if (size > limits.maxEntryBytes)
            throw PackageRefused(quoted(name) + " would be " + sizeText(size) + " unpacked, over the limit of " +
                                 sizeText(limits.maxEntryBytes) + ".");
        total += size;
        if (total > limits.maxTotalBytes)
            throw PackageRefused("The package would be over " + sizeText(limits.maxTotalBytes) + " unpacked.");
        if (size > (1u << 20) && static_cast<double>(size) > limits.maxRatio * static_cast<double>(packed + 1))
            throw PackageRefused(quoted(name) + " inflates " + std::to_string(size / (packed + 1)) +
                                 " times: a compression bomb, not a plugin.");
    }
    if (entries != directory.size() ||
        static_cast<std::size_t>(std::distance(archive->headerBegin(), archive->headerEnd())) != entries)
        throw PackageRefused("The package's directory does not match its entries (hidden ones).");

    // 3. Each file inflated, never past what its header declared. A local header must say what the directory says
    //    (its name, sizes and method): the names and sizes checked above are the ones unpacked.
    std::map<std::string, std::string> files;
    std::uint64_t inflated = 0;
    for (auto it = archive->headerBegin(); it != archive->headerEnd(); ++it) {
        const auto& header = it->second;
        const auto info = std::find_if(archive->fileInfoBegin(), archive->fileInfoEnd(),
                                       [&](const auto& f) { return f.second.getFileName() == it->first; });
        if (!names.count(it->first) || info == archive->fileInfoEnd() ||
            info->second.getUncompressedSize() != header.getUncompressedSize() ||
            info->second.getCompressedSize() != header.getCompressedSize() ||
            info->second.getCompressionMethod() != header.getCompressionMethod())
            throw PackageRefused("The package's entries do not match its directory (an entry that says one name or "
                                 "size in one place and another elsewhere); nothing was unpacked.");
        if (it->first.back() == '/')
            continue; // a catalog's folder
        std::string bytes;
        try {
            std::istringstream raw(zip);
            Poco::Zip::ZipInputStream entry(raw, header);
            char buffer[16384];
            while (entry) {
                entry.read(buffer, sizeof buffer);
                bytes.append(buffer, static_cast<std::size_t>(entry.gcount()));
                if (bytes.size() > header.getUncompressedSize() || bytes.size() > limits.maxEntryBytes)
                    throw PackageRefused(quoted(it->first) + " inflates past its declared size.");
            }
        } catch (const Poco::Exception& e) {
            throw PackageRefused(quoted(it->first) + " cannot be unpacked (" + e.displayText() + ").");
        }
        if (bytes.size() != header.getUncompressedSize())
            throw PackageRefused(quoted(it->first) + " is not the size its header declares.");
        inflated += bytes.size();
        if (inflated > limits.maxTotalBytes)
            throw PackageRefused("The package would be over " + sizeText(limits.maxTotalBytes) + " unpacked.");
        files[it->first] = std::move(bytes);
    }

    return checkSigned(std::move(files), trustedPublicPems);
}

VerifiedPackage verifyInstalled(const std::string& folder, const std::vector<std::string>& trustedPublicPems,
                                const PackageLimits& limits)
{
    // Every file under the folder, as a package's entries: a file added, changed or taken away since the install
    // breaks the signature, and a link is never followed.
    std::map<std::string, std::string> files;
    std::uint64_t total = 0;
    std::vector<std::pair<std::string, std::string>> todo{{folder, ""}};
    while (!todo.empty()) {
        const auto [dir, prefix] = todo.back();
        todo.pop_back();
        try {
            for (Poco::DirectoryIterator it(dir), last; it != last; ++it) {
                const std::string name = prefix + it.name();
                if (it->isLink())
                    throw PackageRefused("Its folder holds a link (" + quoted(name) + ").");
                if (it->isDirectory()) {
                    if (todo.size() + files.size() > limits.maxEntries)
                        throw PackageRefused("Its folder holds more than a package can.");
                    todo.emplace_back(it->path(), name + "/");
                    continue;
                }
                if (!it->isFile()) // a pipe or a device would block the read (and the kiosk's start) for ever
                    throw PackageRefused("Its folder holds something that is not a file (" + quoted(name) + ").");
                if (files.size() >= limits.maxEntries || it->getSize() > limits.maxEntryBytes ||
                    (total += it->getSize()) > limits.maxTotalBytes)
                    throw PackageRefused("Its folder holds more than a package can.");
                std::ifstream in(it->path(), std::ios::binary);
                files[name] = std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            }
        } catch (const Poco::Exception& e) {
            throw PackageRefused("Its folder cannot be read (" + e.displayText() + ").");
        }
    }
    return checkSigned(std::move(files), trustedPublicPems);
}

} // namespace portside::core
