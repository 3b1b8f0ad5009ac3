#pragma once

#include "portside/core/PluginInstaller.h"

#include <set>
#include <string>
#include <vector>

namespace portside::core {

class EventStore;
class SiteSettings;

/// A public key the site trusts to sign plugin packages.
struct TrustedKey {
    std::string id;   ///< keyId()
    std::string name; ///< who it is: the file name without ".pub.pem"/".pem", or the name the server gave it
    std::string pem;
    std::string from; ///< the file it was read from, or "server"
};

/// The site's trusted keys: every `*.pem` in the folders (or files) that the setting `plugins.trusted_keys` lists,
/// separated by ':' (default /etc/portside/trusted-keys, which only root can write), and, unless
/// `plugins.server_keys` is "no", the keys the server distributes in the reference pull (meta `plugin-key/<id>`).
/// A file that is not a readable public key is skipped and said in `problems`.
std::vector<TrustedKey> trustedKeys(const SiteSettings& settings, const EventStore* store,
                                    std::vector<std::string>* problems = nullptr);

/// The plugin packages under `<data>/plugins`, changed by someone whose identity goes into the record: every
/// install, refusal, removal, rollback, disable and enable is an event in the kiosk's store ("plugin-installed",
/// "plugin-refused", "plugin-removed", "plugin-rolled-back", "plugin-disabled", "plugin-enabled") with the staff
/// badge (or, from the CLI, the system user) and what was done. Safe to call off the GUI thread (the store is).
/// Who may do it is the caller's check (KioskSession::requireSupervisor on the kiosk).
class PluginAdmin {
public:
    PluginAdmin(EventStore& store, std::string root, std::vector<TrustedKey> trusted, std::string probeProgram);

    /// Verifies, probes and stages the package (PluginInstaller::install); `source` says where it came from (a file
    /// path, "server"). Throws PackageRefused with the sentence, recorded as "plugin-refused" too.
    VerifiedPackage install(const std::string& zip, const std::string& source, const std::string& staff,
                            bool allowDowngrade = false);
    void remove(const std::string& id, const std::string& staff);
    void rollback(const std::string& id, const std::string& staff);
    void setDisabled(const std::string& id, bool disabled, const std::string& staff);

    /// A package that never reached the installer (a download refused): recorded as "plugin-refused" all the same.
    void recordRefusal(const std::string& source, const std::string& reason, const std::string& staff);
    /// A module the crash guard had stopped, let load again (PluginManager::enable): recorded as "plugin-enabled".
    void recordModuleEnabled(const std::string& module, const std::string& staff);

    std::vector<PluginInstaller::Entry> installed() const { return _installer.list(); }
    const PluginInstaller& installer() const { return _installer; }
    /// Ids that came with the kiosk: a package cannot take one.
    void setReserved(std::set<std::string> ids) { _installer.setReserved(std::move(ids)); }
    const std::vector<TrustedKey>& trusted() const { return _trusted; }
    /// "name (key id)" for a trusted key, else the key id.
    std::string signerName(const std::string& keyId) const;

private:
    void record(const std::string& type, const std::string& staff, const std::string& payload);

    EventStore& _store;
    std::vector<TrustedKey> _trusted;
    PluginInstaller _installer;
};

/// The package files (`*.zip`) in a folder and up to three folders below it (a USB stick mounted at
/// /media/<user>/<label>, and a folder on it), by path; links and hidden folders are skipped, an unreadable folder
/// gives none, at most 200.
std::vector<std::string> packagesIn(const std::string& folder);

} // namespace portside::core
