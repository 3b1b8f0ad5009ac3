#pragma once

#include "Shell.h"

#include "portside/core/PluginManager.h"
#include "portside/core/SiteSettings.h"
#include "portside/sdk/Sync.h"

#include <functional>

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
/// "Leave kiosk" closes the kiosk. Widgets: "section:review|sync|plugins|devices|settings", "review", "sync-state",
/// "dead-letters", "plugin-list", "device-printer", "device-scanner", "test-print", "scanner-test",
/// "scanner-test-result", "locked-badges", "unlock-badge", "settings-list", "back", "leave-kiosk".
class SupervisorPanel : public ShellPage {
public:
    SupervisorPanel(wxWindow* parent, Shell& shell, const core::PluginManager& plugins, core::EventStore& store,
                    const core::SiteSettings& settings, sdk::SyncPlugin* sync, std::function<DeviceReport()> devices);
    void enter() override;
    void refresh(bool runChanged) override;
    /// During the scanner test, a scan is read and described; otherwise the default.
    void onScan(const std::string& bytes) override;

private:
    void showSection(int section);
    void fillDevices();
    void fillBadges();

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
};

} // namespace portside::app
