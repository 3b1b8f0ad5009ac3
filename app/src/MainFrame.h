#pragma once

#include "KeyboardWedge.h"
#include "KioskPrinter.h"
#include "Shell.h"
#include "Translations.h"

#include "portside/core/Clock.h"
#include "portside/core/EventStore.h"
#include "portside/core/KioskSession.h"
#include "portside/core/PluginManager.h"
#include "portside/core/SiteSettings.h"
#include "portside/sdk/Sync.h"

#include <wx/frame.h>
#include <wx/timer.h>

#include <map>
#include <memory>

class wxSimplebook;
class wxStaticText;

namespace portside::app {

class ChecklistPanel;
class SignInPanel;

/// The kiosk window: a frame that switches pages. Each screen is its own panel and asks the bedside session
/// (core::KioskSession) for everything it shows and does; the frame owns the session, the printer, the scanners'
/// delivery to the GUI thread, the keyboard wedge, the idle lock and the status bar, and decides nothing clinical.
class MainFrame : public wxFrame, public Shell {
public:
    struct Options {
        bool fullScreen = true;
        bool demo = false;
        /// The installed plugins' folder (`<data>/plugins`) and the program that probes a package's module
        /// (`portside-cli`): the supervisor installs plugins there. Empty: this kiosk offers no installs.
        std::string pluginRoot, probeProgram;
    };
    /// What the frame works with; all outlive it.
    struct Services {
        core::PluginManager& plugins;
        const core::Clock& clock;
        core::EventStore& store;
        const core::SiteSettings& settings;
    };

    MainFrame(Services services, Options options);
    ~MainFrame() override;
    /// Stops the clock at once: the services may go away before wx deletes the window.
    bool Destroy() override;

    // Shell
    core::KioskSession& session() override { return *_session; }
    void show(Page page) override;
    void back() override;
    void notice(const wxString& text) override;
    using Shell::say;
    wxString say(const core::Text& text) const override;
    bool demo() const override { return _options.demo; }
    void signOut(const wxString& why = {}) override;
    void leave() override;
    const sdk::Viewfinder* viewfinder() const override { return _viewfinder; }

    /// True while a second tap where the last one landed is ignored: just after a tap that moves on (Confirm, Print,
    /// Reprint, a reason, another page; not a keypad's key or an on/off answer), so the second tap of a double tap
    /// does nothing, on this page or the next.
    bool tapGuarded() const;
    /// The idle lock's countdown is on screen (the last seconds before signing out).
    bool idleCountdownShown() const;

    Page page() const;
    ChecklistPanel* checklistPanel() const { return _checklist; }
    /// A scan from any scanner: routed to the page on screen. GUI thread only.
    void onScan(const std::string& bytes);
    /// What the scanners last reported (for the supervisor's devices page; may name folders or ports).
    const wxString& scannerStatus() const { return _scannerStatus; }
    bool scannerConnected() const { return _scannerConnected; }
    /// The status strip's fields: 0 who is signed in or a notice, 1 sync, 2 printer, 3 scanner, 4 the time.
    wxString statusText(int field) const;
    static constexpr int kStatusFields = 5;
    const wxString& printerStatus() const { return _printerStatus; }
    /// The print queue and where the file printer puts labels (for supervisors and tests).
    core::PrintQueue& printQueue() { return _printer->queue(); }

private:
    void updateStatus();
    void buildPages();
    void rebuildPages();
    void onIdleTick();
    /// A typed character, from anywhere in the window; false when the wedge keeps it (a scan, or held for now).
    bool onChar(wxKeyEvent& e);
    void typeHeld(const std::string& typed);
    void keepFocus() override;
    void onStatusTap(int field);
    /// New reference data arrived: the page on show takes it in place.
    void refreshPage(bool runChanged);
    /// Shows a page: filled from the session, or as it was left when `returning` to it (its run changed meanwhile
    /// when `runChanged`).
    void showPage(Page page, bool returning, bool runChanged);
    ShellPage* pageWindow(Page page) const;

    Services _s;
    Options _options;
    ShellTranslator _translator;
    std::unique_ptr<KioskPrinter> _printer;
    std::unique_ptr<core::KioskSession> _session;
    KeyboardWedge _wedge;
    /// Receives scans and scanner states on the scanner plugins' threads and hands them to the GUI thread.
    class ScanSink;
    std::unique_ptr<ScanSink> _scanSink;
    wxString _scannerStatus;                        ///< the last sentence any scanner said
    bool _scannerConnected = false;                 ///< some scanner is connected
    std::map<std::string, bool> _scannersConnected; ///< each scanner (by source) as it last reported
    const sdk::Viewfinder* _viewfinder = nullptr;   ///< the first scanner plugin that shows a live picture
    wxString _printerStatus;
    bool _leaving = false; ///< a supervisor chose to leave the kiosk (or the demo's Ctrl+Shift+Q)
    long long _tapGuardUntilMs = 0;
    wxPoint _tapGuardAt; ///< where the tap that started the guard landed
    wxPanel* _idleBar = nullptr;
    wxPanel* _statusStrip = nullptr;
    wxStaticText* _status[kStatusFields] = {};
    wxString _statusShown[kStatusFields]; ///< what each field says, before wrapping
    wxStaticText* _idleText = nullptr;
    sdk::SyncPlugin* _sync = nullptr; ///< the sync plugin, when one is loaded (owned by the plugin manager)
    // idle lock: any touch or key counts as activity
    class ActivityFilter;
    std::unique_ptr<ActivityFilter> _activity;
    core::Clock::TimePoint _lastActivity;
    Page _cameFrom = Page::Ward;  ///< where a details page's Back goes
    bool _runChangedAway = false; ///< the open run changed while another page was on show
    wxString _notice;             ///< a message that stays in the status bar until the next page change

    wxSimplebook* _book = nullptr;
    SignInPanel* _signIn = nullptr;
    ChecklistPanel* _checklist = nullptr;
    wxTimer _clockTimer;
    wxTimer _wedgeTimer;
};

} // namespace portside::app
