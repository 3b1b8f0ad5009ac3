#pragma once

#include "portside/sdk/Checklist.h"
#include "portside/sdk/Plugin.h"

#include <memory>
#include <string>
#include <vector>

namespace portside::sdk {
class Host;
}

namespace portside::core {

/// One plugin module the manager found, loaded or refused.
struct PluginInfo {
    enum class Status { Loaded, Started, Failed };

    std::string file; ///< path of the module
    std::string id;   ///< empty when the module failed before an id was known
    std::string version;
    std::string className; ///< class named in the module's manifest
    sdk::PluginKind kind = sdk::PluginKind::Checklist;
    int sdkVersion = 0; ///< major * 1000 + minor the module was built against, 0 when unknown
    Status status = Status::Failed;
    std::string error;             ///< why it failed: a sentence naming the file and the reason
    sdk::Plugin* plugin = nullptr; ///< owned by the manager; null when failed
};

/// "loaded", "started" or "failed".
const char* toString(PluginInfo::Status status);

/// Finds plugin modules (`*.so`) in the configured folders and loads each with its own
/// Poco::ClassLoader<sdk::Plugin>, so two plugins exporting the same class name do not shadow each other.
/// Before creating anything it checks that the file is a loadable library, that it carries a Poco manifest of
/// sdk::Plugin and that it was built for a compatible SDK version. Every failure is kept as a PluginInfo with a
/// sentence naming the file and the reason; loading never throws because one plugin is bad.
///
/// Modules are never unloaded while the manager lives (unloading code that may still run is how kiosks crash);
/// upgrades and removals take effect at restart.
class PluginManager {
public:
    explicit PluginManager(std::vector<std::string> folders);
    ~PluginManager();
    PluginManager(const PluginManager&) = delete;
    PluginManager& operator=(const PluginManager&) = delete;

    /// The default search path: $PORTSIDE_PLUGIN_PATH (colon-separated) if set, else `../lib/portside/plugins` or
    /// the multiarch `../lib/<triplet>/portside/plugins` beside the executable's real location (links resolved), those
    /// that exist (the first when none does). A bare program name (argv[0] found on PATH) or one that does not exist
    /// is replaced by /proc/self/exe, so the folder is found whatever the working directory.
    static std::vector<std::string> defaultFolders(const std::string& executablePath);

    /// The crash guard (DESIGN.md section 2, step 4): before the manager calls into a module (loading, creating or
    /// starting it) it writes that module's path to `file`, and removes it after. A file left behind means that module
    /// brought the process down: at the next start it is disabled (kept in `file` + ".disabled") and listed as failed
    /// with why, until enable() is called for it. Set before loadAll().
    void setCrashGuard(const std::string& file);
    /// Lets a module the crash guard disabled load again at the next start (a supervisor's decision).
    void enable(const std::string& module);
    /// The modules the crash guard keeps disabled.
    std::vector<std::string> disabled() const;

    /// Scans the folders (and their sub-folders, two levels down) and loads every module found, in file-name order.
    void loadAll();
    /// Loads one module file; the result is also appended to plugins().
    const PluginInfo& load(const std::string& file);

    /// Calls start() on every loaded plugin; a plugin whose start() throws is marked failed with that reason.
    void startAll(sdk::Host& host);
    /// Calls stop() on every started plugin.
    void stopAll();

    const std::vector<PluginInfo>& plugins() const { return _plugins; }
    const std::vector<std::string>& folders() const { return _folders; }
    /// The started (or loaded) checklist plugins, in load order.
    std::vector<sdk::ChecklistPlugin*> checklists() const;
    /// The plugin with this id that loaded, or nullptr.
    sdk::Plugin* find(const std::string& id) const;

    /// True when a module built against SDK `moduleVersion` (major * 1000 + minor) can run in this host.
    static bool compatible(int moduleVersion);

private:
    struct Module;
    /// Marks `module` as being called into (the crash guard), or clears the mark when empty.
    void guard(const std::string& module);
    std::string _guardFile;
    std::vector<std::string> _folders;
    std::vector<PluginInfo> _plugins;
    std::vector<std::unique_ptr<Module>> _modules;
};

} // namespace portside::core
