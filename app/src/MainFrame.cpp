#include "MainFrame.h"

#include <Poco/Logger.h>

#include "ChecklistPanel.h"
#include "LabelsPanel.h"
#include "PatientPanel.h"
#include "SignInPanel.h"
#include "SummaryPanel.h"
#include "SupervisorPanel.h"
#include "WardPanel.h"
#include "Widgets.h"

#include "portside/core/Label.h"
#include "portside/core/TimeText.h"
#include "portside/sdk/Scanner.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <utility>

#include <wx/app.h>
#include <wx/display.h>
#include <wx/eventfilter.h>
#include <wx/simplebook.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textentry.h>
#include <wx/tglbtn.h>
#include <wx/wrapsizer.h>

namespace portside::app {

class MainFrame::ScanSink : public sdk::ScanSink {
public:
    explicit ScanSink(MainFrame& frame) : _frame(frame) {}
    void onScan(const sdk::RawScan& scan) override
    {
        // What was scanned stays out of the log (a wristband is a patient's identity): where from and how long.
        Poco::Logger::get("portside.scanner")
            .debug("Scan from " + scan.source + " (" + (scan.aim.empty() ? std::string("no AIM id") : scan.aim) + ", " +
                   std::to_string(scan.bytes.size()) + " bytes)");
        _frame.CallAfter([this, bytes = scan.aim + scan.bytes] { _frame.onScan(bytes); });
    }
    void onScannerState(const std::string& source, bool connected, const std::string& message) override
    {
        auto& log = Poco::Logger::get("portside.scanner");
        if (connected)
            log.information(source + ": " + message);
        else
            log.warning(source + ": " + message);
        _frame.CallAfter([this, source, connected, text = wxString::FromUTF8(message)] {
            // Several scanners (a USB scanner and a camera): the kiosk has a scanner while any one is connected, and
            // one that was connected and is gone is said at once.
            auto& was = _frame._scannersConnected[source];
            const bool lost = was && !connected;
            was = connected;
            _frame._scannerStatus = text; // the detail (it may name a device or a folder) is for the supervisor
            _frame._scannerConnected = std::any_of(_frame._scannersConnected.begin(), _frame._scannersConnected.end(),
                                                   [](const auto& s) { return s.second; });
            if (lost)
                _frame._notice = _("The scanner was disconnected. Plug it in again, or type the product's lot.");
            _frame.updateStatus();
        });
    }

private:
    MainFrame& _frame;
};

namespace {
wxString roleName(core::StaffRole role)
{
    switch (role) {
    case core::StaffRole::Supervisor: return _("supervisor");
    case core::StaffRole::Admin: return _("admin");
    default: return _("nurse");
    }
}

/// How long taps are ignored after a tap that moves on (Confirm, Print, a reason, a page): a double tap is two taps
/// well inside this, a nurse's next deliberate tap comes after reading the next screen.
constexpr long long kTapGuardMs = 400;
/// How far apart the two taps of a double tap land at most (a finger's width), in the layout's pixels: GTK draws
/// them larger on a denser display.
constexpr int kDoubleTapPx = 40;
/// The idle lock shows its countdown for this many seconds before it signs out.
constexpr int kIdleWarningSeconds = 20;

long long nowMs()
{
    return wxGetUTCTimeMillis().GetValue();
}
} // namespace

/// Notes every touch and key press anywhere in the application, for the idle lock; and ignores the second tap of a
/// double tap on Confirm or Print, wherever it lands (the page may have changed under the finger).
class MainFrame::ActivityFilter : public wxEventFilter {
public:
    explicit ActivityFilter(MainFrame& frame) : _frame(frame) { wxEvtHandler::AddFilter(this); }
    ~ActivityFilter() override { wxEvtHandler::RemoveFilter(this); }
    int FilterEvent(wxEvent& event) override
    {
        const auto type = event.GetEventType();
        if (type == wxEVT_LEFT_DOWN || type == wxEVT_LEFT_UP || type == wxEVT_KEY_DOWN || type == wxEVT_CHAR_HOOK) {
            _frame._lastActivity = _frame._s.clock.now();
            if (_frame._idleBar && _frame._idleBar->IsShown())
                _frame.CallAfter([this] { _frame.onIdleTick(); }); // a touch cancels the countdown at once
        }
        if (type == wxEVT_LEFT_DOWN) {
            // When and where the finger came down (the display server's time): a tap queued behind a slow page is
            // judged by when it was made, not by when the kiosk got round to it.
            const auto& mouse = static_cast<wxMouseEvent&>(event);
            const auto* window = dynamic_cast<wxWindow*>(event.GetEventObject());
            _lastDown = {static_cast<long long>(mouse.GetTimestamp()),
                         window ? window->ClientToScreen(mouse.GetPosition()) : wxGetMousePosition()};
        }
        if (type == wxEVT_CHAR)
            return _frame.onChar(static_cast<wxKeyEvent&>(event)) ? Event_Skip : Event_Processed;
        if (type == wxEVT_BUTTON || type == wxEVT_TOGGLEBUTTON) {
            // The second tap of a double tap, where the first was: nothing happens. A quick tap elsewhere (the
            // first digit of a PIN right after Next) is meant and taken. A button worked from the keyboard has no
            // touch of its own: the kiosk's own clock then says how soon it came.
            const Touch touch = std::exchange(_lastDown, Touch{});
            const wxPoint at = touch.time >= 0 ? touch.at : wxGetMousePosition();
            const bool soon = touch.time >= 0 && _guardTouch.time >= 0
                                  ? touch.time - _guardTouch.time >= 0 && touch.time - _guardTouch.time < kTapGuardMs
                                  : _frame.tapGuarded();
            const bool near = std::abs(at.x - _frame._tapGuardAt.x) <= kDoubleTapPx &&
                              std::abs(at.y - _frame._tapGuardAt.y) <= kDoubleTapPx;
            if (soon && near)
                return Event_Processed;
            // A tap that moves on (a record, a print, a reprint, a question asked or answered, another page) guards
            // the next: a double tap's second tap would land on whatever came up under the finger. Keys of a keypad
            // or keyboard and on/off answers are tapped in quick succession on purpose and move nothing on.
            const auto* source = dynamic_cast<wxWindow*>(event.GetEventObject());
            const auto* parent = source ? source->GetParent() : nullptr;
            const bool key = type == wxEVT_TOGGLEBUTTON || dynamic_cast<const Keypad*>(parent) ||
                             (dynamic_cast<const TouchKeyboard*>(parent) && source->GetName() != "kb:done");
            if (!key) {
                _frame._tapGuardUntilMs = nowMs() + kTapGuardMs;
                _frame._tapGuardAt = at;
                _guardTouch = touch;
            }
        }
        return Event_Skip;
    }

private:
    struct Touch {
        long long time = -1; ///< the display server's milliseconds; -1: none
        wxPoint at;          ///< on the screen
    };
    MainFrame& _frame;
    Touch _lastDown;   ///< the last finger down, until a button takes it
    Touch _guardTouch; ///< the touch of the tap that started the guard
};

MainFrame::MainFrame(Services services, Options options)
    : wxFrame(nullptr, wxID_ANY, "Portside", wxDefaultPosition, wxDefaultSize,
              options.fullScreen ? (wxBORDER_NONE | wxSTAY_ON_TOP) : wxDEFAULT_FRAME_STYLE, "portside"),
      _s(services), _options(options), _clockTimer(this)
{
    _printer = std::make_unique<KioskPrinter>(_s.store, _s.clock, _s.settings);
    _session = std::make_unique<core::KioskSession>(
        core::KioskSession::Services{_s.store, _s.clock, _s.settings, _s.plugins, _printer.get(), &_translator});
    for (const auto& problem : _session->setupProblems())
        _notice = say(problem);
    if (!_printer->problem().empty())
        _notice = wxString::FromUTF8(_printer->problem());

    // Records go to the central server in the background: the sync plugin, once this kiosk is enrolled.
    for (const auto& p : _s.plugins.plugins())
        if (p.status != core::PluginInfo::Status::Failed && p.kind == sdk::PluginKind::Sync && !_sync)
            _sync = dynamic_cast<sdk::SyncPlugin*>(p.plugin);

    SetBackgroundColour(wxColour(250, 250, 248));
    // The status strip: five fields that wrap to a second line on a narrow screen rather than hide behind an
    // ellipsis; a tap on sync, printer or scanner shows its details.
    _statusStrip = new wxPanel(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, 0, "status-strip");
    _statusStrip->SetBackgroundColour(wxColour(232, 232, 228));
    auto* strip = new wxWrapSizer(wxHORIZONTAL);
    for (int i = 0; i < kStatusFields; ++i) {
        _status[i] = text(_statusStrip, "", 1.1, i == 1, wxString::Format("status:%d", i));
        _status[i]->Bind(wxEVT_LEFT_UP, [this, i](wxMouseEvent& e) {
            onStatusTap(i);
            e.Skip();
        });
        strip->Add(_status[i], 0, wxLEFT | wxRIGHT | wxTOP | wxBOTTOM, 6);
        if (i + 1 < kStatusFields)
            strip->AddSpacer(18);
    }
    _statusStrip->SetSizer(strip);

    _book = new wxSimplebook(this, wxID_ANY);
    buildPages();

    // The idle lock's warning: on top of every page, in the last seconds before it signs out.
    _idleBar = new wxPanel(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, 0, "idle-countdown");
    _idleBar->SetBackgroundColour(wxColour(178, 95, 0));
    _idleText = text(_idleBar, "", 1.6, true, "idle-countdown-text");
    _idleText->SetForegroundColour(*wxWHITE);
    auto* idleSizer = new wxBoxSizer(wxHORIZONTAL);
    idleSizer->Add(_idleText, 1, wxALL | wxALIGN_CENTER_VERTICAL, 16);
    _idleBar->SetSizer(idleSizer);
    _idleBar->SetMinSize(wxSize(-1, kTouch));
    _idleBar->Hide();
    _idleText->Bind(wxEVT_LEFT_DOWN, [this](wxMouseEvent& e) {
        _lastActivity = _s.clock.now();
        onIdleTick();
        e.Skip();
    });

    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(_idleBar, 0, wxEXPAND);
    sizer->Add(_book, 1, wxEXPAND);
    sizer->Add(_statusStrip, 0, wxEXPAND);
    SetSizer(sizer);

    // A new size (a rotated display, a window set to a size): the page on show lays itself out again.
    Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
        e.Skip();
        CallAfter([this] {
            auto* current = pageWindow(page());
            current->SetSize(_book->GetClientSize());
            current->fit();
            _statusShown[0].clear(); // the notice wraps to the new width
            updateStatus();
        });
    });

    // A kiosk: the window manager's close (Alt+F4, a close button) does not end it for a nurse.
    Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent& e) {
        if (e.CanVeto() && !_leaving && !_session->isSupervisor()) {
            e.Veto();
            notice(_("This kiosk stays open. A supervisor can close it from the supervisor's page."));
            return;
        }
        e.Skip();
    });

    // Kiosks run full screen; without a window manager fullscreen requests are ignored, so the window is also
    // sized to the display.
    const wxRect area = wxDisplay(0u).GetGeometry();
    if (_options.fullScreen) {
        SetSize(area);
        ShowFullScreen(true, wxFULLSCREEN_ALL & ~wxFULLSCREEN_NOSTATUSBAR);
    } else {
        SetSize(wxSize(std::min(1280, area.GetWidth()), std::min(800, area.GetHeight())));
    }
    Bind(wxEVT_CHAR_HOOK, [this](wxKeyEvent& e) {
        // A kiosk has no way out for a nurse; the demo on a developer's desktop does.
        if (_options.demo && e.GetKeyCode() == 'Q' && e.ControlDown() && e.ShiftDown()) {
            _leaving = true;
            Close(true);
            return;
        }
        e.Skip(); // characters go to the wedge as they are typed (the activity filter)
    });
    _wedgeTimer.Bind(wxEVT_TIMER, [this](wxTimerEvent&) { typeHeld(_wedge.flush(nowMs())); });
    _lastActivity = _s.clock.now();
    _activity = std::make_unique<ActivityFilter>(*this);
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) {
        onIdleTick();
        keepFocus();
        // A sync brought new reference data (a recall, a changed order or flag): the page shows it at once.
        // Whatever arrived since the last tick, also what the session read itself before a scan or a confirm.
        try {
            _session->refresh();
        } catch (const std::exception& e) {
            notice(say(e)); // the open patient's record could not be read: the page on show goes (news says so)
        }
        const auto news = _session->takeNews();
        if (news != core::KioskSession::Refreshed::Nothing && page() != Page::SignIn)
            refreshPage(news == core::KioskSession::Refreshed::OpenRun);
        updateStatus();
    });
    _clockTimer.Start(1000);

    _printerStatus = wxString::Format(_("Printer: %s"), wxString::FromUTF8(_printer->title()));
    _printer->queue().onChange([this](const core::PrintJob& job) {
        // On the queue's thread: hand the news to the GUI thread and the page on screen.
        CallAfter([this, job] { pageWindow(page())->onPrintJob(job); });
    });
    _printer->queue().onStatus(
        [this, title = wxString::FromUTF8(_printer->title())](const std::string&, const sdk::PrinterStatus& st) {
            CallAfter([this, title, st] {
                _printerStatus = title + ": " + say(core::printerStatusText(st));
                if (st.state != sdk::PrinterState::Ready && st.state != sdk::PrinterState::Busy)
                    _notice = _printerStatus; // out of labels, cover open, unplugged: the nurse must see it
                updateStatus();
            });
        });

    // Scanner plugins deliver on their own threads; the sink hands everything to this (the GUI) thread.
    _scanSink = std::make_unique<ScanSink>(*this);
    for (const auto& p : _s.plugins.plugins())
        if (p.status != core::PluginInfo::Status::Failed && p.kind == sdk::PluginKind::Scanner)
            if (auto* scanner = dynamic_cast<sdk::ScannerPlugin*>(p.plugin)) {
                scanner->attach(_scanSink.get());
                if (!_viewfinder)
                    _viewfinder = dynamic_cast<const sdk::Viewfinder*>(scanner);
            }
    show(Page::SignIn);
}

MainFrame::~MainFrame() = default;

bool MainFrame::Destroy()
{
    _activity.reset();
    _sync = nullptr;
    // Scanner threads stop before the frame they deliver to goes.
    for (const auto& p : _s.plugins.plugins())
        if (p.status != core::PluginInfo::Status::Failed && p.kind == sdk::PluginKind::Scanner)
            if (auto* scanner = dynamic_cast<sdk::ScannerPlugin*>(p.plugin))
                scanner->attach(nullptr);
    _printer.reset(); // its queue's worker stops before the frame it reports to
    _clockTimer.Stop();
    _wedgeTimer.Stop();
    return wxFrame::Destroy();
}

void MainFrame::buildPages()
{
    _signIn = new SignInPanel(_book, *this);
    _checklist = new ChecklistPanel(_book, *this);
    _book->AddPage(_signIn, "sign-in");
    _book->AddPage(new WardPanel(_book, *this), "ward");
    _book->AddPage(new PatientPanel(_book, *this), "patient");
    _book->AddPage(_checklist, "checklist");
    _book->AddPage(new SummaryPanel(_book, *this), "summary");
    _book->AddPage(new LabelsPanel(_book, *this, _printer->queue()), "labels");
    _book->AddPage(new SupervisorPanel(
                       _book, *this, _s.plugins, _s.store, _s.settings, _sync,
                       [this] {
                           return DeviceReport{_printerStatus, _scannerStatus, _scannerConnected};
                       },
                       SupervisorPanel::PluginPlaces{_options.pluginRoot, _options.probeProgram}),
                   "supervisor");
}

void MainFrame::rebuildPages()
{
    // The pages carry their words from when they were built: in another language they are built again. The old
    // ones go at the next idle time (this may run inside one of their own handlers, such as sign-in's keypad).
    while (_book->GetPageCount() > 0) {
        auto* old = _book->GetPage(0);
        _book->RemovePage(0);
        old->Hide();
        wxTheApp->ScheduleForDestruction(old);
    }
    buildPages();
    _idleText->SetLabel("");
    Layout();
}

bool MainFrame::onChar(wxKeyEvent& e)
{
    // Keyboard-wedge scanners type their codes: a fast burst ending in Enter is a scan, not typing. The characters
    // are those the keyboard made (Caps Lock, layout); the wedge reads a scan's letter case from Shift.
    auto* window = dynamic_cast<wxWindow*>(e.GetEventObject());
    if (!window || wxGetTopLevelParent(window) != this)
        return true;
    int key = static_cast<int>(e.GetUnicodeKey());
    if (e.GetKeyCode() == WXK_RETURN || e.GetKeyCode() == WXK_NUMPAD_ENTER)
        key = '\r';
    else if (e.ControlDown() && (key == ']' || key == 29))
        key = 29;
    else if (e.ControlDown() || e.AltDown() || key == WXK_NONE)
        key = -1;
    const auto result = _wedge.feed(key, e.ShiftDown(), nowMs());
    typeHeld(result.release);
    if (result.scan) {
        onScan(*result.scan);
        return false;
    }
    if (!result.pass)
        _wedgeTimer.StartOnce(60); // a person's typing is handed on when no scanner-fast key follows
    return result.pass;
}

void MainFrame::typeHeld(const std::string& typed)
{
    if (typed.empty())
        return;
    // Where the person was typing: every character, in order.
    if (auto* entry = dynamic_cast<wxTextEntry*>(wxWindow::FindFocus()))
        entry->WriteText(wxString::FromUTF8(typed));
}

void MainFrame::keepFocus()
{
    // Keys (and a wedge's scans) reach the kiosk only through a focused window: after a page change, a closed
    // question or a resume, the focus stays on the page on screen.
    auto* focus = wxWindow::FindFocus();
    if (focus && focus->IsShownOnScreen() && wxGetTopLevelParent(focus) == this)
        return;
    if (auto* page = _book->GetCurrentPage())
        page->SetFocus();
}

void MainFrame::onIdleTick()
{
    // Idle sessions lock (DESIGN.md section 6): an open checklist is saved step by step and reopens at sign-in. The
    // last seconds count down on screen; any touch or key starts the wait again.
    const double idleSeconds = std::strtod(_s.settings.get("session.idle_lock_s", "120").c_str(), nullptr);
    if (pageWindow(page())->waiting())
        _lastActivity = _s.clock.now(); // a timed wait on screen: the nurse is at the bedside, watching it
    bool warn = false;
    if (_session->signedIn() && idleSeconds > 0) {
        const double idle = std::chrono::duration<double>(_s.clock.now() - _lastActivity).count();
        const double left = idleSeconds - idle;
        if (left < 0) {
            _idleBar->Hide();
            Layout();
            signOut(_("Signed out after a while without use. Sign in to carry on where you were."));
            return;
        }
        if (left <= kIdleWarningSeconds) {
            warn = true;
            const int seconds = std::max(1, static_cast<int>(std::ceil(left)));
            _idleText->SetLabel(
                wxString::Format(wxPLURAL("Signing out in %d second. Touch the screen to stay signed in.",
                                          "Signing out in %d seconds. Touch the screen to stay signed in.", seconds),
                                 seconds));
        }
    }
    if (warn != _idleBar->IsShown()) {
        _idleBar->Show(warn);
        Layout();
    }
}

bool MainFrame::idleCountdownShown() const
{
    return _idleBar->IsShown();
}

bool MainFrame::tapGuarded() const
{
    return nowMs() < _tapGuardUntilMs;
}

void MainFrame::leave()
{
    _session->requireSupervisor();
    _leaving = true;
    Close(true);
}

Page MainFrame::page() const
{
    return static_cast<Page>(_book->GetSelection());
}

ShellPage* MainFrame::pageWindow(Page page) const
{
    return static_cast<ShellPage*>(_book->GetPage(static_cast<std::size_t>(page)));
}

void MainFrame::show(Page page)
{
    // A details page (labels, supervisor) remembers where the nurse came from, for its Back.
    const Page now = this->page();
    if ((page == Page::Labels || page == Page::Supervisor) && now != Page::Labels && now != Page::Supervisor)
        _cameFrom = now == Page::SignIn ? Page::Ward : now;
    showPage(page, false, false);
}

void MainFrame::back()
{
    // Back to where the nurse was, as she left it: a half-answered step keeps its answers, unless the run changed
    // meanwhile (a changed flag or lock order): then its step is shown again, and says why.
    const Page to = _cameFrom;
    _cameFrom = Page::Ward;
    const bool runChanged = std::exchange(_runChangedAway, false);
    showPage(to, true, runChanged);
    if (runChanged && page() == Page::Checklist)
        notice(_("The patient's record changed during this checklist (allergies or the lock order). Check this "
                 "step again."));
}

void MainFrame::showPage(Page page, bool returning, bool runChanged)
{
    if (page == Page::Checklist && (!returning || runChanged))
        _runChangedAway = false; // the step is shown as the run is now
    // Core's sentences in the signed-in nurse's language (the shell's own when she has none set).
    // The nurse's language for everything on screen: the shell's words and core's sentences.
    const std::string language = _session->signedIn() ? _session->staff().language : std::string();
    _translator.setLanguage(language);
    if (setShellLanguage(language))
        rebuildPages();
    setScreenMonths(core::translatedMonths(&_translator));
    _notice.clear();
    // A page not on show keeps the size it had when it last was: it takes the book's before it fills itself, so
    // what it wraps and stacks fits the window as it is now.
    pageWindow(page)->SetSize(_book->GetClientSize());
    try {
        if (returning)
            pageWindow(page)->refresh(runChanged);
        else
            pageWindow(page)->enter();
    } catch (const std::exception& e) {
        // The session refused what the page would show (no patient open, not a supervisor): go where it makes sense.
        const Page fallback = _session->signedIn() ? Page::Ward : Page::SignIn;
        if (page != fallback) {
            show(fallback);
            notice(say(e));
            return;
        }
    }
    _book->ChangeSelection(static_cast<std::size_t>(page));
    _book->GetPage(static_cast<std::size_t>(page))->Layout();
    CallAfter([this] { keepFocus(); });
    if (page == Page::Summary && _sync)
        _sync->syncNow();
    updateStatus();
}

void MainFrame::refreshPage(bool runChanged)
{
    // In place: the page keeps what the nurse is entering; only a run that changed shows its step again.
    const wxString said = _notice;
    try {
        pageWindow(page())->refresh(runChanged);
    } catch (const std::exception& e) {
        show(_session->signedIn() ? Page::Ward : Page::SignIn); // what was on show is gone (the patient left)
        notice(say(e));
        return;
    }
    if (runChanged && page() != Page::Checklist)
        _runChangedAway = true; // the step is shown again when the nurse goes back to it
    if (runChanged)
        notice(_("The patient's record changed during this checklist (allergies or the lock order). Check this "
                 "step again."));
    else
        notice(said.empty() ? _("New ward data arrived from the server and is shown.") : said);
}

void MainFrame::notice(const wxString& text)
{
    _notice = text;
    updateStatus();
}

wxString MainFrame::say(const core::Text& text) const
{
    return app::say(text, _translator);
}

void MainFrame::signOut(const wxString& why)
{
    _session->signOut();
    _cameFrom = Page::Ward;
    show(Page::SignIn);
    _signIn->tell(why);
    if (!why.empty())
        notice(why);
}

void MainFrame::onScan(const std::string& bytes)
{
    _lastActivity = _s.clock.now();
    pageWindow(page())->onScan(bytes);
}

void MainFrame::updateStatus()
{
    // Five fields, each sized to what it says so nothing hides behind an ellipsis: who and what is going on; sync;
    // printer; scanner; the time. A tap on sync, printer or scanner shows its details.
    std::size_t loaded = 0, failed = 0;
    for (const auto& p : _s.plugins.plugins())
        (p.status == core::PluginInfo::Status::Failed ? failed : loaded)++;
    wxString status;
    if (_session->signedIn())
        status = wxString::Format(_("Signed in: %s (%s)"), wxString::FromUTF8(_session->staff().name),
                                  roleName(_session->role()));
    if (failed)
        status += (status.empty() ? "" : "   ") +
                  wxString::Format(wxPLURAL("%zu plugin could not be loaded (supervisor)",
                                            "%zu plugins could not be loaded (supervisor)", failed),
                                   failed);
    if (_options.demo)
        status += (status.empty() ? "" : "   ") + _("Demo: simulated devices, local server");
    if (!_notice.empty())
        status = _notice;

    wxString sync;
    if (_sync && !_s.store.meta("server_url").empty()) {
        const auto st = _sync->state();
        sync = st.online ? wxString::Format(_("Sync: %zu waiting"), st.queued) : wxString(_("Sync: OFFLINE"));
        if (st.deadLetters)
            sync += wxString::Format(_(", %zu refused"), st.deadLetters);
    } else {
        sync = _("Sync: not set up");
    }
    const wxString scanner = _scannerConnected ? _("Scanner: ready") : _("Scanner: none");
    const wxString fields[kStatusFields] = {status, sync, _printerStatus, scanner, when(_s.clock.now())};
    bool changed = false;
    for (int i = 0; i < kStatusFields; ++i)
        if (_statusShown[i] != fields[i]) {
            _statusShown[i] = fields[i];
            _status[i]->SetLabel(fields[i]);
            if (i == 0) // the notice wraps within the window; the strip grows a line when the fields need it
                _status[0]->Wrap(std::max(200, GetClientSize().GetWidth() - 24));
            changed = true;
        }
    if (changed)
        Layout();
}

wxString MainFrame::statusText(int field) const
{
    return field >= 0 && field < kStatusFields ? _statusShown[field] : wxString();
}

void MainFrame::onStatusTap(int field)
{
    const bool signedIn = _session->signedIn();
    switch (field) {
    case 1: // sync: the queue and refused records are the supervisor's
        if (_session->isSupervisor())
            show(Page::Supervisor);
        else
            notice(_("Records are saved on this kiosk first and sent to the server when it can be reached; nothing "
                     "waits on it. A supervisor sees the queue."));
        break;
    case 2: // the printer: the labels and their states
        if (signedIn)
            show(Page::Labels);
        else
            notice(_printerStatus);
        break;
    case 3:
        if (_session->isSupervisor())
            show(Page::Supervisor);
        else
            notice(_scannerConnected ? _("The scanner is ready: scan wristbands, badges and products.")
                                     : _("No scanner is connected. Ask a supervisor, or type lots and numbers."));
        break;
    default: break;
    }
}

} // namespace portside::app
