#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace portside::core {

/// A plugin package (DESIGN.md section 2): one zip holding
///   manifest.json                          id, version, kind, sdk, library, catalogs, needs
///   <library>.so                           the module, at the top level
///   locale/<lang>/LC_MESSAGES/<domain>.mo  its catalogs
///   signature.json                         {"key": key id, "signature": base64 DER ECDSA P-256 / SHA-256}
/// The signature covers a statement that names every other entry with its SHA-256 and size (see statement()), so
/// one byte changed anywhere, an entry added or one taken away breaks it.
///
/// The manifest:
///   {"id": "wound-check", "version": "1.2.0", "kind": "checklist", "sdk": "2.0", "library": "wound-check.so",
///    "catalogs": {"es": "locale/es/LC_MESSAGES/wound-check.mo"}, "needs": ["printer"]}
/// `sdk` is the SDK the module was built against: it runs on SDK hosts of the same major and at least that minor.
struct PackageManifest {
    std::string id;      ///< safePluginId()
    std::string version; ///< 1 to 4 dot-separated numbers
    std::string kind;    ///< checklist, scanner, printer or sync
    int sdkMajor = 0, sdkMinor = 0;
    std::string library;                         ///< the module's entry name
    std::map<std::string, std::string> catalogs; ///< language -> entry name
    std::vector<std::string> needs;              ///< what it needs of the kiosk ("printer", "scanner", "network")
};

/// Why a package was refused, as a sentence for the supervisor (and the CLI).
class PackageRefused : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Bounds checked on the zip's directory before anything is inflated, and again while inflating (a header may lie).
struct PackageLimits {
    std::size_t maxEntries = 64;
    std::uint64_t maxEntryBytes = 64ull << 20;  ///< one entry, inflated
    std::uint64_t maxTotalBytes = 128ull << 20; ///< all entries, inflated
    double maxRatio = 100;                      ///< inflated / compressed, for entries over 1 MiB
};

/// A package whose signature a trusted key made, with its files in memory.
struct VerifiedPackage {
    PackageManifest manifest;
    std::string signer;                       ///< the key id that signed it
    std::string signature;                    ///< signature.json as it came (kept with the files when installed)
    std::map<std::string, std::string> files; ///< entry name -> bytes (all but signature.json)
};

/// An ECDSA P-256 key pair as PEM text.
struct SigningKey {
    std::string publicPem, privatePem;
};

/// A new P-256 key pair for a plugin builder.
SigningKey generateSigningKey();
/// The id of a public key: the first 16 hex digits of the SHA-256 of the key (its DER bytes; line ends and text around
/// the PEM block do not change it).
std::string keyId(const std::string& publicPem);

/// The manifest read from JSON text and checked (fields, id, version, kind, sdk, entry names); throws
/// PackageRefused with a sentence.
PackageManifest parseManifest(const std::string& json);

/// The text a signature covers: a header line, then "<sha256 hex> <size> <name>" for every entry but
/// signature.json, by name.
std::string statement(const std::map<std::string, std::string>& files);

/// A package zip of `files` (entry name -> bytes; must include manifest.json), signed with `privatePem`.
std::string packPackage(const std::map<std::string, std::string>& files, const SigningKey& key);

/// Checks a package zip and returns its contents; throws PackageRefused naming the first thing wrong. In this order,
/// and nothing written anywhere: the zip's directory (entry count, names: no absolute path, "..", backslash or
/// unexpected place; no links, directories, encryption or duplicate names; sizes and compression ratios within
/// `limits`), then each entry inflated within its declared size, then the signature against `trustedPublicPems`
/// (an unknown key or a changed byte is refused), then the manifest (its library and catalogs present, an SDK this
/// host runs).
VerifiedPackage verifyPackage(const std::string& zip, const std::vector<std::string>& trustedPublicPems,
                              const PackageLimits& limits = {});

/// The same checks on a package as installed: every file under `folder` (signature.json among them) is an entry.
/// A file changed, added or taken away since, a link, or a signer no longer trusted is refused (PackageRefused).
VerifiedPackage verifyInstalled(const std::string& folder, const std::vector<std::string>& trustedPublicPems,
                                const PackageLimits& limits = {});

} // namespace portside::core
