#include "MainFrame.h"

#include "ChecklistPanel.h"
#include "LabelsPanel.h"
#include "PatientPanel.h"
#include "SignInPanel.h"
#include "SummaryPanel.h"
#include "SupervisorPanel.h"
#include "WardPanel.h"
#include "Widgets.h"

#include "portside/core/TimeText.h"
#include "portside/sdk/Scanner.h"

#include <cstdlib>

#include <wx/display.h>
#include <wx/eventfilter.h>
#include <wx/simplebook.h>
#include <wx/sizer.h>
#include <wx/statusbr.h>

namespace portside::app {

class MainFrame::ScanSink : public sdk::ScanSink {
public:
    explicit ScanSink(MainFrame& frame) : _frame(frame) {}
    void onScan(const sdk::RawScan& scan) override
    {
        _frame.CallAfter([this, bytes = scan.aim + scan.bytes] { _frame.onScan(bytes); });
    }
    void onScannerState(const std::string&, bool connected, const std::string& message) override
    {
        _frame.CallAfter([this, connected, text = wxString::FromUTF8(message)] {
            _frame._scannerStatus = text;
            if (!connected)
                _frame._notice = text; // an unplugged scanner must be seen
            _frame.updateStatus();
        });
    }

private:
    MainFrame& _frame;
};

/// Notes every touch and key press anywhere in the application, for the idle lock.
class MainFrame::ActivityFilter : public wxEventFilter {
public:
    explicit ActivityFilter(MainFrame& frame) : _frame(frame) { wxEvtHandler::AddFilter(this); }
    ~ActivityFilter() override { wxEvtHandler::RemoveFilter(this); }
    int FilterEvent(wxEvent& event) override
    {
        const auto type = event.GetEventType();
        if (type == wxEVT_LEFT_DOWN || type == wxEVT_LEFT_UP || type == wxEVT_KEY_DOWN || type == wxEVT_CHAR_HOOK)
            _frame._lastActivity = _frame._s.clock.now();
        return Event_Skip;
    }

private:
    MainFrame& _frame;
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
    CreateStatusBar(3);
    const int widths[] = {-3, -2, -1};
    GetStatusBar()->SetStatusWidths(3, widths);
    GetStatusBar()->SetFont(scaledFont(this, 1.2));

    _book = new wxSimplebook(this, wxID_ANY);
    _signIn = new SignInPanel(_book, *this);
    _checklist = new ChecklistPanel(_book, *this);
    _book->AddPage(_signIn, "sign-in");
    _book->AddPage(new WardPanel(_book, *this), "ward");
    _book->AddPage(new PatientPanel(_book, *this), "patient");
    _book->AddPage(_checklist, "checklist");
    _book->AddPage(new SummaryPanel(_book, *this), "summary");
    _book->AddPage(new LabelsPanel(_book, *this, _printer->queue()), "labels");
    _book->AddPage(new SupervisorPanel(_book, *this, _s.plugins, _s.store, _sync), "supervisor");

    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(_book, 1, wxEXPAND);
    SetSizer(sizer);

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
            Close(true);
            return;
        }
        // Keyboard-wedge scanners type their codes: a fast burst ending in Enter is a scan, not typing.
        int key = e.GetUnicodeKey() != WXK_NONE ? static_cast<int>(e.GetUnicodeKey()) : e.GetKeyCode();
        if (e.ControlDown() && key == ']')
            key = 29;
        if (e.GetKeyCode() == WXK_RETURN || e.GetKeyCode() == WXK_NUMPAD_ENTER)
            key = '\r';
        if (auto scan = _wedge.feed(key, wxGetUTCTimeMillis().GetValue())) {
            onScan(*scan);
            return;
        }
        if (!_wedge.collecting())
            e.Skip();
    });
    _lastActivity = _s.clock.now();
    _activity = std::make_unique<ActivityFilter>(*this);
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) {
        // Idle sessions lock (DESIGN.md section 6): an open checklist is saved step by step and reopens at sign-in.
        const double idleSeconds = std::strtod(_s.settings.get("session.idle_lock_s", "120").c_str(), nullptr);
        if (_session->signedIn() && idleSeconds > 0 &&
            _s.clock.now() - _lastActivity > std::chrono::duration<double>(idleSeconds))
            signOut(_("Signed out after a while without use. Sign in to carry on where you were."));
        // A sync brought new reference data (a recall, a changed order or flag): the page shows it at once.
        if (_session->refresh() && page() != Page::SignIn) {
            const wxString said = _notice;
            show(page());
            notice(said.empty() ? _("New ward data arrived from the server and is shown.") : said);
        }
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
            if (auto* scanner = dynamic_cast<sdk::ScannerPlugin*>(p.plugin))
                scanner->attach(_scanSink.get());
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
    return wxFrame::Destroy();
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
    // Core's sentences in the signed-in nurse's language (the shell's own when she has none set).
    _translator.setLanguage(_session->signedIn() ? _session->staff().language : std::string());
    _notice.clear();
    try {
        pageWindow(page)->enter();
    } catch (const core::Problem& e) {
        // The session refused what the page would show (no patient open, not a supervisor): go where it makes sense.
        const Page fallback = _session->signedIn() ? Page::Ward : Page::SignIn;
        if (page != fallback) {
            show(fallback);
            notice(say(e.text()));
            return;
        }
    }
    _book->ChangeSelection(static_cast<std::size_t>(page));
    _book->GetPage(static_cast<std::size_t>(page))->Layout();
    if (page == Page::Summary && _sync)
        _sync->syncNow();
    updateStatus();
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
    std::size_t loaded = 0, failed = 0;
    for (const auto& p : _s.plugins.plugins())
        (p.status == core::PluginInfo::Status::Failed ? failed : loaded)++;
    wxString status;
    if (_session->signedIn())
        status = wxString::Format(_("Signed in: %s (%s)   "), wxString::FromUTF8(_session->staff().name),
                                  wxString::FromUTF8(_session->staff().role));
    status += wxString::Format(wxPLURAL("%zu plugin running", "%zu plugins running", loaded), loaded);
    if (failed)
        status += wxString::Format(_(", %zu could not be loaded (see the supervisor's page)"), failed);
    if (_options.demo)
        status += _(" - demo mode: simulated devices, local server");
    if (_sync && !_s.store.meta("server_url").empty()) {
        const auto st = _sync->state();
        status += st.online ? wxString::Format(_("   Sync: %zu waiting"), st.queued)
                            : "   " + _("Sync: offline, records are kept and sent later");
        if (st.deadLetters)
            status += wxString::Format(_(", %zu refused (supervisor)"), st.deadLetters);
    }
    if (!_notice.empty())
        status = _notice;
    SetStatusText(status, 0);
    SetStatusText((_scannerStatus.empty() ? wxString(_("No scanner connected")) : _scannerStatus) +
                      (_printerStatus.empty() ? wxString() : "   " + _printerStatus),
                  1);
    SetStatusText(wxString::FromUTF8(core::displayTime(_s.clock.now())), 2);
}

} // namespace portside::app
