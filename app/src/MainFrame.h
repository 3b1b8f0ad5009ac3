#pragma once

#include "portside/core/Clock.h"
#include "portside/core/EventStore.h"
#include "portside/core/PluginManager.h"
#include "portside/core/RunRecorder.h"
#include "portside/core/SafetyRules.h"
#include "portside/core/ScanInterpreter.h"
#include "portside/core/ScanVerifier.h"
#include "portside/core/SiteSettings.h"
#include "portside/core/StaffAuth.h"

#include "KeyboardWedge.h"

#include "portside/core/PrintQueue.h"
#include "portside/devices/LabelPrinters.h"
#include "portside/devices/UsbPrinter.h"
#include "portside/sdk/Sync.h"

#include <wx/frame.h>
#include <wx/timer.h>

#include <memory>
#include <optional>

class wxButton;
class wxListCtrl;
class wxStaticBitmap;
class wxPanel;
class wxSimplebook;
class wxStaticText;

namespace portside::app {

class ChecklistPanel;

/// The kiosk window. A nurse signs in (badge number and PIN), picks a patient on the ward, sees the port's due
/// dates and starts a checklist; an interrupted checklist reopens where it stopped when the same nurse signs in
/// again. Supervisors see the plugin list.
class MainFrame : public wxFrame {
public:
    enum Page { SignIn = 0, Ward, Patient, Checklist, Summary, Plugins, Labels };

    struct Options {
        bool fullScreen = true;
        bool demo = false;
    };
    /// What the frame works with; all outlive it.
    struct Services {
        core::PluginManager& plugins;
        const core::Clock& clock;
        core::EventStore& store;
        const core::SiteSettings& settings;
    };

    MainFrame(Services services, Options options);
    /// Stops the clock at once: the services may go away before wx deletes the window.
    bool Destroy() override;

    Page page() const;
    ChecklistPanel* checklistPanel() const { return _checklist; }
    const std::optional<core::StaffRecord>& staff() const { return _staff; }
    const std::string& patientId() const { return _patientId; }
    /// Starts the checklist with this plugin id for the open patient; false when no such checklist is loaded.
    bool startChecklist(const std::string& id);
    /// A scan from any scanner: routed to the open checklist. GUI thread only.
    void onScan(const std::string& bytes);
    /// What the status bar says about scanners.
    const wxString& scannerStatus() const { return _scannerStatus; }
    /// The print queue and where the file printer puts labels (for supervisors and tests).
    core::PrintQueue& printQueue() { return *_queue; }
    std::string labelFolder() const;

private:
    wxPanel* buildSignIn();
    wxPanel* buildWard();
    wxPanel* buildPatient();
    wxPanel* buildSummary();
    wxPanel* buildPlugins();
    /// The plugins page, with the sync state and the records the server refused (dead letters).
    void showPlugins();
    wxPanel* buildLabels();
    void showLabels();
    void signIn();
    void signOut();
    void showWard();
    void showPatient(const std::string& patientId);
    void showSummary(const core::ChecklistRun& run);
    void showPage(Page page);
    bool resumeOpenRun();
    sdk::PatientContext patientContext(const core::PatientRecord& record) const;
    sdk::ChecklistPlugin* checklist(const std::string& id) const;
    std::vector<std::pair<wxString, std::string>> demoScans(const core::PatientRecord& patient) const;
    void updateStatus();
    void setUpPrinter();
    void showLabel(const core::ChecklistRun& run);

    Services _s;
    Options _options;
    core::RunRecorder _recorder;
    core::StaffAuth _auth;
    core::Catalog _catalog;
    core::ScanInterpreter _interpreter;
    core::SafetyRules _rules{_catalog};
    core::ScanVerifier _verifier{_interpreter, _rules, _s.clock};
    KeyboardWedge _wedge;
    /// Receives scans and scanner states on the scanner plugins' threads and hands them to the GUI thread.
    class ScanSink;
    std::unique_ptr<ScanSink> _scanSink;
    wxString _scannerStatus;
    // label printing
    const devices::PrinterModel* _printerModel = nullptr;
    const devices::MediaSpec* _printerMedia = nullptr;
    std::unique_ptr<sdk::PrinterPlugin> _printer;
    std::unique_ptr<core::PrintQueue> _queue;
    sdk::Raster _label;
    std::string _labelRun, _labelJob;
    wxStaticBitmap* _labelPreview = nullptr;
    wxButton* _printButton = nullptr;
    wxStaticText* _printStatus = nullptr;
    wxString _printerStatus;
    wxListCtrl* _jobList = nullptr;
    wxListCtrl* _deadList = nullptr;
    wxStaticText* _syncLine = nullptr;
    sdk::SyncPlugin* _sync = nullptr; ///< the sync plugin, when one is loaded (owned by the plugin manager)
    // idle lock: any touch or key counts as activity
    class ActivityFilter;
    std::unique_ptr<ActivityFilter> _activity;
    core::Clock::TimePoint _lastActivity;
    std::vector<std::string> _jobIds; // rows of _jobList
    std::optional<core::StaffRecord> _staff;
    std::string _patientId;
    wxString _notice; ///< a message that stays in the status bar until the next page change

    wxSimplebook* _book = nullptr;
    ChecklistPanel* _checklist = nullptr;
    // sign-in
    wxString _badgeText, _pinText;
    bool _enteringPin = false;
    wxStaticText* _signInPrompt = nullptr;
    wxStaticText* _signInValue = nullptr;
    wxStaticText* _signInError = nullptr;
    // ward and patient
    wxPanel* _wardList = nullptr;
    wxStaticText* _patientTitle = nullptr;
    wxStaticText* _patientDetails = nullptr;
    wxPanel* _dueList = nullptr;
    // summary
    wxStaticText* _summaryTitle = nullptr;
    wxListCtrl* _summaryList = nullptr;
    wxTimer _clockTimer;
};

/// "Needle change", "Dressing change", "Maintenance flush".
wxString dueLabel(const std::string& what);

} // namespace portside::app
