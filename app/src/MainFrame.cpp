#include "MainFrame.h"

#include "ChecklistPanel.h"
#include "Translations.h"

#include <wx/button.h>
#include <wx/display.h>
#include <wx/listctrl.h>
#include <wx/simplebook.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/statusbr.h>

#include <Poco/DateTimeFormatter.h>
#include <Poco/LocalDateTime.h>
#include <Poco/Timestamp.h>

namespace portside::app {

namespace {

wxFont scaled(const wxWindow* w, double factor, bool bold = false)
{
    wxFont font = w->GetFont();
    font.SetFractionalPointSize(font.GetFractionalPointSize() * factor);
    if (bold)
        font.MakeBold();
    return font;
}

/// "27 Nov 2026 14:30": never ambiguous between day and month.
wxString displayTime(core::Clock::TimePoint time)
{
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(time.time_since_epoch()).count();
    const Poco::LocalDateTime local(Poco::Timestamp{micros});
    return wxString::FromUTF8(Poco::DateTimeFormatter::format(local, "%e %b %Y %H:%M:%S"));
}

wxString describeAnswer(const sdk::Step& step, const sdk::StepAnswer& answer, const std::string& domain)
{
    switch (step.type) {
    case sdk::StepType::Choice:
        for (const auto& o : step.choices)
            if (o.id == answer.choice)
                return translate(o.label, domain);
        return wxString::FromUTF8(answer.choice);
    case sdk::StepType::Number:
        return wxString::FromUTF8(core::formatNumber(answer.number) + " " + step.unit);
    case sdk::StepType::Assessment: {
        wxString yes;
        for (const auto& f : step.findings) {
            auto it = answer.findings.find(f.id);
            if (it != answer.findings.end() && it->second)
                yes += (yes.empty() ? "" : ", ") + translate(f.label, domain);
        }
        return yes.empty() ? wxString(_("No findings")) : yes + ": " + wxString::FromUTF8(answer.note);
    }
    case sdk::StepType::TimedWait:
        return wxString::Format(_("Waited %d s"), step.waitSeconds);
    case sdk::StepType::Scan:
        return _("Checked by eye");
    default:
        return answer.note.empty() ? wxString(_("Done")) : wxString::FromUTF8(answer.note);
    }
}

} // namespace

MainFrame::MainFrame(core::PluginManager& plugins, const core::Clock& clock, core::StepJournal& journal, Options options)
    : wxFrame(nullptr, wxID_ANY, "Portside", wxDefaultPosition, wxDefaultSize,
              options.fullScreen ? (wxBORDER_NONE | wxSTAY_ON_TOP) : wxDEFAULT_FRAME_STYLE, "portside"),
      _plugins(plugins), _clock(clock), _journal(journal), _options(options), _clockTimer(this)
{
    SetBackgroundColour(wxColour(250, 250, 248));
    CreateStatusBar(2);
    const int widths[] = {-3, -1};
    GetStatusBar()->SetStatusWidths(2, widths);
    GetStatusBar()->SetFont(scaled(this, 1.2));

    _book = new wxSimplebook(this, wxID_ANY);
    _book->AddPage(buildHome(), "home");
    _checklist = new ChecklistPanel(_book, _clock, _journal);
    _book->AddPage(_checklist, "checklist");
    _book->AddPage(buildSummary(), "summary");
    _book->AddPage(buildPlugins(), "plugins");

    _checklist->onFinished([this](const core::ChecklistRun& run) { showSummary(run); });
    _checklist->onCancelled([this] { showPage(Home); });

    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(_book, 1, wxEXPAND);
    SetSizer(sizer);

    // Kiosks run full screen; without a window manager (a bare X server) fullscreen requests are ignored, so the
    // window is also sized to the display.
    const wxRect area = wxDisplay(0u).GetGeometry();
    if (_options.fullScreen) {
        SetSize(area);
        ShowFullScreen(true, wxFULLSCREEN_ALL & ~wxFULLSCREEN_NOSTATUSBAR);
    } else {
        SetSize(wxSize(std::min(1280, area.GetWidth()), std::min(800, area.GetHeight())));
    }

    if (_options.demo) {
        // A kiosk has no way out for a nurse; the demo on a developer's desktop does.
        Bind(wxEVT_CHAR_HOOK, [this](wxKeyEvent& e) {
            if (e.GetKeyCode() == 'Q' && e.ControlDown() && e.ShiftDown())
                Close(true);
            else
                e.Skip();
        });
    }
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { updateStatus(); });
    _clockTimer.Start(1000);
    updateStatus();
}

wxPanel* MainFrame::buildHome()
{
    auto* home = new wxPanel(_book, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "home");
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* title = new wxStaticText(home, wxID_ANY, "Portside");
    title->SetFont(scaled(home, 3.0, true));
    auto* subtitle = new wxStaticText(home, wxID_ANY, _("Choose a checklist"));
    subtitle->SetFont(scaled(home, 1.6));
    sizer->Add(title, 0, wxLEFT | wxTOP, 32);
    sizer->Add(subtitle, 0, wxLEFT | wxBOTTOM, 32);

    const auto checklists = _plugins.checklists();
    if (checklists.empty()) {
        auto* none = new wxStaticText(home, wxID_ANY,
            _("No checklists are installed. Ask a supervisor to install the port-care checklists."));
        none->SetFont(scaled(home, 1.6, true));
        sizer->Add(none, 0, wxALL, 32);
    }
    for (auto* checklist : checklists) {
        const auto def = checklist->definition();
        addCatalog(def.textDomain);
        auto* b = new wxButton(home, wxID_ANY, translate(def.title, def.textDomain), wxDefaultPosition,
                               wxSize(520, 96), 0, wxDefaultValidator, "checklist:" + wxString::FromUTF8(def.id));
        b->SetFont(scaled(home, 2.0, true));
        b->Bind(wxEVT_BUTTON, [this, id = def.id](wxCommandEvent&) { startChecklist(id); });
        sizer->Add(b, 0, wxLEFT | wxBOTTOM, 32);
    }
    sizer->AddStretchSpacer();
    auto* pluginsButton = new wxButton(home, wxID_ANY, _("Installed plugins"), wxDefaultPosition, wxSize(-1, 72), 0,
                                       wxDefaultValidator, "show-plugins");
    pluginsButton->SetFont(scaled(home, 1.3));
    pluginsButton->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { showPage(Plugins); });
    sizer->Add(pluginsButton, 0, wxALL, 32);
    home->SetSizer(sizer);
    return home;
}

wxPanel* MainFrame::buildSummary()
{
    auto* panel = new wxPanel(_book, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "summary");
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    _summaryTitle = new wxStaticText(panel, wxID_ANY, "");
    _summaryTitle->SetFont(scaled(panel, 2.4, true));
    _summaryList = new wxListCtrl(panel, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_SINGLE_SEL,
                                  wxDefaultValidator, "summary-list");
    _summaryList->SetFont(scaled(panel, 1.3));
    _summaryList->AppendColumn(_("Step"), wxLIST_FORMAT_LEFT, 420);
    _summaryList->AppendColumn(_("Recorded"), wxLIST_FORMAT_LEFT, 520);
    _summaryList->AppendColumn(_("Time"), wxLIST_FORMAT_LEFT, 300);
    auto* done = new wxButton(panel, wxID_ANY, _("Done"), wxDefaultPosition, wxSize(360, 88), 0, wxDefaultValidator, "done");
    done->SetFont(scaled(panel, 1.6, true));
    done->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { showPage(Home); });
    sizer->Add(_summaryTitle, 0, wxALL, 24);
    sizer->Add(_summaryList, 1, wxLEFT | wxRIGHT | wxEXPAND, 24);
    sizer->Add(done, 0, wxALL | wxALIGN_RIGHT, 24);
    panel->SetSizer(sizer);
    return panel;
}

wxPanel* MainFrame::buildPlugins()
{
    auto* panel = new wxPanel(_book, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "plugins");
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* title = new wxStaticText(panel, wxID_ANY, _("Installed plugins"));
    title->SetFont(scaled(panel, 2.4, true));
    auto* list = new wxListCtrl(panel, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT, wxDefaultValidator,
                                "plugin-list");
    list->SetFont(scaled(panel, 1.2));
    list->AppendColumn(_("Plugin"), wxLIST_FORMAT_LEFT, 240);
    list->AppendColumn(_("Version"), wxLIST_FORMAT_LEFT, 120);
    list->AppendColumn(_("Kind"), wxLIST_FORMAT_LEFT, 140);
    list->AppendColumn(_("Status"), wxLIST_FORMAT_LEFT, 900);
    for (const auto& p : _plugins.plugins()) {
        const long row = list->GetItemCount();
        list->InsertItem(row, wxString::FromUTF8(p.id.empty() ? p.file : p.id));
        list->SetItem(row, 1, wxString::FromUTF8(p.version));
        list->SetItem(row, 2, p.id.empty() ? wxString() : wxString(sdk::toString(p.kind)));
        list->SetItem(row, 3, p.status == core::PluginInfo::Status::Failed ? wxString::FromUTF8(p.error)
                                                                           : wxString(_("Running")));
    }
    auto* back = new wxButton(panel, wxID_ANY, _("Back"), wxDefaultPosition, wxSize(240, 80), 0, wxDefaultValidator, "back");
    back->SetFont(scaled(panel, 1.5, true));
    back->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { showPage(Home); });
    sizer->Add(title, 0, wxALL, 24);
    sizer->Add(list, 1, wxLEFT | wxRIGHT | wxEXPAND, 24);
    sizer->Add(back, 0, wxALL, 24);
    panel->SetSizer(sizer);
    return panel;
}

MainFrame::Page MainFrame::page() const
{
    return static_cast<Page>(_book->GetSelection());
}

void MainFrame::showPage(Page page)
{
    _book->ChangeSelection(page);
    _book->GetPage(page)->Layout();
}

bool MainFrame::startChecklist(const std::string& id)
{
    for (auto* checklist : _plugins.checklists()) {
        if (checklist->id() != id)
            continue;
        showPage(Checklist);
        _checklist->start(*checklist);
        return true;
    }
    return false;
}

void MainFrame::showSummary(const core::ChecklistRun& run)
{
    const auto& def = run.definition();
    _summaryTitle->SetLabel(wxString::Format(_("%s complete"), translate(def.title, def.textDomain)));
    _summaryList->DeleteAllItems();
    for (const auto& record : run.records()) {
        const auto& step = def.steps.at(record.index);
        const long row = _summaryList->GetItemCount();
        _summaryList->InsertItem(row, translate(step.title, def.textDomain));
        _summaryList->SetItem(row, 1, describeAnswer(step, record.answer, def.textDomain));
        _summaryList->SetItem(row, 2, displayTime(record.confirmedAt));
    }
    showPage(Summary);
}

void MainFrame::updateStatus()
{
    std::size_t loaded = 0, failed = 0;
    for (const auto& p : _plugins.plugins())
        (p.status == core::PluginInfo::Status::Failed ? failed : loaded)++;
    wxString text = wxString::Format(wxPLURAL("%zu plugin running", "%zu plugins running", loaded), loaded);
    if (failed)
        text += wxString::Format(_(", %zu could not be loaded (see Installed plugins)"), failed);
    if (_options.demo)
        text += _(" - demo mode: simulated devices, no server yet");
    SetStatusText(text, 0);
    SetStatusText(displayTime(_clock.now()), 1);
}

} // namespace portside::app
