#pragma once

#include "portside/core/PluginPackage.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace portside::core {

/// The plugin packages installed on this kiosk (DESIGN.md section 3, "Plugin install"): verify, stage, probe, keep;
/// the change takes effect at the next start, and the version before stays for a rollback. Under `root` (the kiosk's
/// `<data>/plugins`):
///   <id>/<version>/      the module and its catalogs (locale/<lang>/LC_MESSAGES/*.mo), as the package had them
///   <id>/state           "active", "previous" and "pending" versions, and "removed", one "key value" per line
///   .staging/            packages being unpacked and probed; nothing here is ever loaded
/// Modules are never unloaded while the kiosk runs: an upgrade, a rollback or a removal is pending until activate()
/// at the next start.
class PluginInstaller {
public:
    struct Entry {
        std::string id, active, previous, pending;
        std::string signer; ///< the key id that signed its first install: later versions must carry the same
        bool removed = false;
        bool disabled = false; ///< kept, not loaded (a supervisor's decision)
    };

    /// `trustedPublicPems`: the site's trusted keys; `probeProgram`: the program that probes a module in a child
    /// process (`portside-cli`).
    PluginInstaller(std::string root, std::vector<std::string> trustedPublicPems, std::string probeProgram);

    /// Verifies the package (verifyPackage), refuses a downgrade unless `allowDowngrade`, a version already there,
    /// a version signed by another key than the plugin's first (one vendor cannot replace another's plugin), and a
    /// module whose own id, version or kind differ from its manifest's; unpacks it to staging, probes the
    /// module there, and keeps it as the pending version of its plugin. Throws PackageRefused with a sentence;
    /// nothing is left behind then.
    VerifiedPackage install(const std::string& zip, bool allowDowngrade = false);
    /// The version before becomes the pending one again. Throws PackageRefused when there is none.
    void rollback(const std::string& id);
    /// The plugin goes at the next start (its files stay, for a rollback). A plugin removed may come back signed by
    /// another key.
    void remove(const std::string& id);
    /// Kept but not loaded from the next start (or loaded again).
    void setDisabled(const std::string& id, bool disabled);
    /// At start, before plugins load: pending changes take effect. Returns the folders to load, one per plugin: each
    /// checked again as installed (verifyInstalled: the files as signed, by a key still trusted); one that fails is
    /// not loaded and said in problems().
    std::vector<std::string> activate();
    /// The folders of the versions running now, pending changes left as they are (tools that run beside the kiosk),
    /// checked the same way.
    std::vector<std::string> activeFolders() const;
    /// Why an installed plugin was not loaded by the last activate() or activeFolders(), by id: a sentence.
    const std::map<std::string, std::string>& problems() const { return _problems; }
    /// Empty when `id`'s installed `version` may load, else the sentence saying why not.
    std::string check(const std::string& id, const std::string& version) const;
    /// Ids that came with the kiosk: a package cannot take one.
    void setReserved(std::set<std::string> ids) { _reserved = std::move(ids); }
    /// Every installed plugin with its versions.
    std::vector<Entry> list() const;

private:
    Entry read(const std::string& id) const;
    void requireId(const std::string& id) const;
    void write(const Entry& entry) const;

    std::string _root;
    std::vector<std::string> _trusted;
    std::string _probe;
    std::set<std::string> _reserved;
    mutable std::map<std::string, std::string> _problems;
};

/// -1, 0 or 1 as `a` is lower than, equal to or higher than `b`, number by number ("1.10" is above "1.9").
int compareVersions(const std::string& a, const std::string& b);

} // namespace portside::core
