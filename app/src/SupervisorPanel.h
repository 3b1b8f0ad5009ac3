#pragma once

#include "Shell.h"

#include "portside/core/PluginAdmin.h"
#include "portside/core/PluginManager.h"
#include "portside/core/SiteSettings.h"
#include "portside/sdk/Sync.h"

#include <functional>
#include <thread>

class wxButton;
class wxGauge;
class wxTimer;
class wxListCtrl;
class wxSimplebook;
class wxStaticText;

namespace portside::app {

/// What the devices section shows: the printer's and the scanners' last reports (the frame keeps them).
struct DeviceReport {
    wxString printer;
    wxString scanner;
    bool scannerConnected = false;
};

/// The supervisor's pages (supervisors and admins only; the session refuses anyone else), one section at a time so
/// each fits the smallest screen: what to follow up (STOPs, steps without a scan, overrides, port states that
/// differed), the sync queue and every record the server refused, the installed plugins with each failure's
/// reason, the devices (printer and scanner state, a test label, a scanner test), badges locked by wrong PINs (to
/// unlock) and the site settings in force.
/// The plugins section installs signed packages from a USB stick (the folders in `plugins.import_folders`) or from
/// the server's list, off the GUI thread with progress, and enables, disables, removes and rolls back the installed
/// ones; each change is recorded with the supervisor's badge (core::PluginAdmin) and takes effect at the next start.
/// "Leave kiosk" closes the kiosk. Widgets: "section:review|sync|plugins|devices|settings", "review", "sync-state",
/// "dead-letters", "plugin-list", "plugin-from-folder", "plugin-from-server", "plugin-candidates", "plugin-install",
/// "plugin-progress", "plugin-busy", "plugin-enable", "plugin-disable", "plugin-rollback", "plugin-remove",
/// "device-printer", "device-scanner", "test-print", "scanner-test",
/// "scanner-test-result", "locked-badges", "unlock-badge", "settings-list", "back", "leave-kiosk".
class SupervisorPanel : public ShellPage {
public:
    /// Where installed plugins live and the program that probes them (PluginAdmin); an empty root offers no installs.
    struct PluginPlaces {
        std::string root, probeProgram;
    };
    SupervisorPanel(wxWindow* parent, Shell& shell, core::PluginManager& plugins, core::EventStore& store,
                    const core::SiteSettings& settings, sdk::SyncPlugin* sync, std::function<DeviceReport()> devices,
                    PluginPlaces places);
    ~SupervisorPanel() override;
    void enter() override;
    void refresh(bool runChanged) override;
    /// During the scanner test, a scan is read and described; otherwise the default.
    void onScan(const std::string& bytes) override;

private:
    void showSection(int section);
    void fillDevices();
    void fillBadges();
    void fillPlugins();
    /// The row selected in the plugin list: its plugin id (installed ones) or module file; empty when none.
    struct PluginRow {
        std::string id, file;
        bool installed = false, guardDisabled = false;
    };
    PluginRow selectedPlugin() const;
    void showCandidates(bool fromServer);
    void installSelected();
    void pluginAction(const std::string& what);
    void pluginBusy(bool busy, const wxString& message);
    core::PluginAdmin pluginAdmin() const;

    core::EventStore& _store;
    const core::SiteSettings& _settings;
    sdk::SyncPlugin* _sync;
    std::function<DeviceReport()> _devices;
    wxSimplebook* _sections = nullptr;
    wxStaticText* _syncLine = nullptr;
    wxListCtrl* _dead = nullptr;
    wxListCtrl* _review = nullptr;
    wxListCtrl* _settingsList = nullptr;
    wxListCtrl* _locked = nullptr;
    wxStaticText* _printer = nullptr;
    wxStaticText* _scanner = nullptr;
    wxStaticText* _scanResult = nullptr;
    bool _scannerTest = false;

    core::PluginManager& _plugins;
    PluginPlaces _places;
    wxListCtrl* _pluginList = nullptr;
    std::vector<PluginRow> _pluginRows;
    wxListCtrl* _candidates = nullptr;
    std::vector<std::string> _candidateSources; ///< a file path, or "server:<id>", per candidate row
    wxButton* _install = nullptr;
    std::vector<wxButton*> _pluginButtons;
    wxStaticText* _pluginProgress = nullptr;
    wxGauge* _pluginGauge = nullptr;
    wxTimer* _pulse = nullptr;
    std::thread _worker; ///< the install under way (verify, probe, stage); joined before the page goes
};

} // namespace portside::app
