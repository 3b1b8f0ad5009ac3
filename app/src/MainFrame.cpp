#include "MainFrame.h"

#include "ChecklistPanel.h"
#include "Translations.h"
#include "Widgets.h"

#include "portside/core/DemoData.h"
#include "portside/core/Label.h"
#include "portside/core/PortState.h"
#include "portside/core/TimeText.h"
#include "portside/devices/LabelRenderer.h"
#include "portside/sdk/Scanner.h"

#include <algorithm>
#include <cstdlib>

#include <wx/button.h>
#include <wx/datetime.h>
#include <wx/display.h>
#include <wx/eventfilter.h>
#include <wx/listctrl.h>
#include <wx/simplebook.h>
#include <wx/sizer.h>
#include <wx/statbmp.h>
#include <wx/stattext.h>
#include <wx/statusbr.h>
#include <wx/wrapsizer.h>

namespace portside::app {

namespace {

wxString when(core::Clock::TimePoint time)
{
    return wxString::FromUTF8(core::displayTime(time));
}

wxString describeAnswer(const core::StepRecord& record, const sdk::Step& step, const std::string& domain)
{
    if (record.kind == core::StepRecord::Kind::Skipped)
        return wxString::Format(_("Skipped: %s"), wxString::FromUTF8(record.skipReason));
    const auto& answer = record.answer;
    wxString result;
    switch (step.type) {
    case sdk::StepType::Choice:
        for (const auto& o : step.choices)
            if (o.id == answer.choice)
                result = translate(o.label, domain);
        break;
    case sdk::StepType::Number: result = wxString::FromUTF8(core::formatNumber(answer.number) + " " + step.unit); break;
    case sdk::StepType::Assessment:
        for (const auto& f : step.findings) {
            auto it = answer.findings.find(f.id);
            if (it != answer.findings.end() && it->second)
                result += (result.empty() ? "" : ", ") + translate(f.label, domain);
        }
        result = result.empty() ? wxString(_("No findings")) : result + ": " + wxString::FromUTF8(answer.note);
        break;
    case sdk::StepType::TimedWait: result = wxString::Format(_("Waited %d s"), step.waitSeconds); break;
    case sdk::StepType::Scan: result = _("Checked by eye"); break;
    default: result = answer.note.empty() ? wxString(_("Done")) : wxString::FromUTF8(answer.note);
    }
    if (!record.warning.empty())
        result += wxString::Format(_(" (override: %s)"), wxString::FromUTF8(answer.overrideReason));
    return result;
}

} // namespace

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

wxString dueLabel(const std::string& what)
{
    if (what == "needle-change")
        return _("Needle change");
    if (what == "dressing-change")
        return _("Dressing change");
    if (what == "maintenance-flush")
        return _("Maintenance flush");
    return wxString::FromUTF8(what);
}

MainFrame::MainFrame(Services services, Options options)
    : wxFrame(nullptr, wxID_ANY, "Portside", wxDefaultPosition, wxDefaultSize,
              options.fullScreen ? (wxBORDER_NONE | wxSTAY_ON_TOP) : wxDEFAULT_FRAME_STYLE, "portside"),
      _s(services), _options(options), _recorder(services.store), _auth(services.store, services.clock),
      _interpreter(std::stoi(core::localDate(services.clock.now()).substr(0, 4))), _clockTimer(this)
{
    _s.store.loadCatalog(_catalog);
    for (const char* kind : {"patient", "staff"}) {
        const std::string pattern = _s.settings.get(std::string("scan.") + kind + "_pattern", "");
        if (!pattern.empty()) {
            try {
                _interpreter.addSitePattern(kind, pattern);
            } catch (const std::exception& e) {
                _notice = wxString::FromUTF8(e.what());
            }
        }
    }
    SetBackgroundColour(wxColour(250, 250, 248));
    CreateStatusBar(3);
    const int widths[] = {-3, -2, -1};
    GetStatusBar()->SetStatusWidths(3, widths);
    GetStatusBar()->SetFont(scaledFont(this, 1.2));

    _book = new wxSimplebook(this, wxID_ANY);
    _book->AddPage(buildSignIn(), "sign-in");
    _book->AddPage(buildWard(), "ward");
    _book->AddPage(buildPatient(), "patient");
    _checklist = new ChecklistPanel(_book, _s.clock, _recorder, &_verifier);
    _book->AddPage(_checklist, "checklist");
    _book->AddPage(buildSummary(), "summary");
    _book->AddPage(buildPlugins(), "plugins");
    _book->AddPage(buildLabels(), "labels");
    _checklist->onFinished([this](const core::ChecklistRun& run) { showSummary(run); });
    _checklist->onCancelled([this] { showPatient(_patientId); });

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
        if (_staff && idleSeconds > 0 && _s.clock.now() - _lastActivity > std::chrono::duration<double>(idleSeconds)) {
            signOut();
            _notice = _("Signed out after a while without use. Sign in to carry on where you were.");
        }
        updateStatus();
    });
    _clockTimer.Start(1000);
    updateStatus();

    setUpPrinter();

    // Records go to the central server in the background: the sync plugin, once this kiosk is enrolled.
    for (const auto& p : _s.plugins.plugins())
        if (p.status != core::PluginInfo::Status::Failed && p.kind == sdk::PluginKind::Sync && !_sync)
            _sync = dynamic_cast<sdk::SyncPlugin*>(p.plugin);

    // Scanner plugins deliver on their own threads; the sink hands everything to this (the GUI) thread.
    _scanSink = std::make_unique<ScanSink>(*this);
    for (const auto& p : _s.plugins.plugins())
        if (p.status != core::PluginInfo::Status::Failed && p.kind == sdk::PluginKind::Scanner)
            if (auto* scanner = dynamic_cast<sdk::ScannerPlugin*>(p.plugin))
                scanner->attach(_scanSink.get());
}

bool MainFrame::Destroy()
{
    _activity.reset();
    _sync = nullptr;
    _queue.reset(); // its workers stop before the printer and the frame they report to
    // Scanner threads stop before the frame they deliver to goes.
    for (const auto& p : _s.plugins.plugins())
        if (p.status != core::PluginInfo::Status::Failed && p.kind == sdk::PluginKind::Scanner)
            if (auto* scanner = dynamic_cast<sdk::ScannerPlugin*>(p.plugin))
                scanner->attach(nullptr);
    _clockTimer.Stop();
    return wxFrame::Destroy();
}

wxPanel* MainFrame::buildSignIn()
{
    auto* panel = new wxPanel(_book, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "sign-in");
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(text(panel, "Portside", 3.0, true), 0, wxLEFT | wxTOP, 32);
    _signInPrompt = text(panel, _("Type your staff number"), 1.8, false, "signin-prompt");
    sizer->Add(_signInPrompt, 0, wxLEFT | wxTOP, 32);
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    auto* left = new wxBoxSizer(wxVERTICAL);
    _signInValue = text(panel, "", 3.0, true, "signin-value");
    _signInValue->SetMinSize(wxSize(420, -1));
    _signInError = text(panel, "", 1.4, true, "signin-error");
    _signInError->SetForegroundColour(wxColour(176, 0, 32));
    auto* next = bigButton(panel, _("Next"), "signin-ok");
    next->SetBackgroundColour(wxColour(0, 122, 51));
    next->SetForegroundColour(*wxWHITE);
    auto* back = bigButton(panel, _("Back"), "signin-back");
    left->Add(_signInValue, 0, wxBOTTOM, 16);
    left->Add(next, 0, wxEXPAND | wxBOTTOM, 8);
    left->Add(back, 0, wxEXPAND | wxBOTTOM, 16);
    left->Add(_signInError, 0, wxEXPAND);
    row->Add(left, 0, wxRIGHT, 48);
    row->Add(new Keypad(
        panel, false,
        [this](const wxString& key) {
            wxString& value = _enteringPin ? _pinText : _badgeText;
            if (key == "del") {
                if (!value.empty())
                    value.RemoveLast();
            } else if (value.length() < 20) {
                value += key;
            }
            _signInValue->SetLabel(_enteringPin ? wxString(value.length(), wxUniChar(0x25CF)) : value);
        },
        "signin:"));
    sizer->Add(row, 0, wxALL, 32);
    panel->SetSizer(sizer);

    next->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (!_enteringPin) {
            if (_badgeText.empty())
                return;
            _enteringPin = true;
            _signInPrompt->SetLabel(_("Enter your PIN"));
            _signInValue->SetLabel("");
            _signInError->SetLabel("");
            return;
        }
        signIn();
    });
    back->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        _enteringPin = false;
        _pinText.clear();
        _signInPrompt->SetLabel(_("Type your staff number"));
        _signInValue->SetLabel(_badgeText);
    });
    return panel;
}

void MainFrame::signIn()
{
    _lastActivity = _s.clock.now();
    const auto result = _auth.signIn(_badgeText.ToStdString(wxConvUTF8), _pinText.ToStdString(wxConvUTF8));
    _pinText.clear();
    if (!result.staff) {
        _signInError->SetLabel(wxString::FromUTF8(result.message));
        _signInError->Wrap(460);
        _signInValue->SetLabel("");
        _book->GetPage(SignIn)->Layout();
        return;
    }
    _staff = result.staff;
    _badgeText.clear();
    _enteringPin = false;
    _signInPrompt->SetLabel(_("Type your staff number"));
    _signInValue->SetLabel("");
    _signInError->SetLabel("");
    if (!resumeOpenRun())
        showWard();
    updateStatus();
}

void MainFrame::signOut()
{
    _staff.reset();
    _patientId.clear();
    showPage(SignIn);
    updateStatus();
}

bool MainFrame::resumeOpenRun()
{
    const auto open = _recorder.findOpen({}, _staff->badge);
    if (!open)
        return false;
    const auto record = _s.store.patient(open->patient);
    auto* plugin = checklist(open->checklistId);
    if (!record || !plugin) {
        _notice = _("An interrupted checklist could not be reopened: its patient or plugin is no longer here.");
        return false;
    }
    _patientId = open->patient;
    try {
        if (_options.demo)
            _checklist->setDemoScans(demoScans(*record));
        _checklist->resume(*plugin, patientContext(*record), *open);
    } catch (const std::exception& e) {
        showPatient(_patientId);
        _notice = wxString::FromUTF8(e.what());
        updateStatus();
        return true;
    }
    showPage(Checklist);
    return true;
}

wxPanel* MainFrame::buildWard()
{
    auto* panel = new wxPanel(_book, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "ward");
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* header = new wxBoxSizer(wxHORIZONTAL);
    header->Add(text(panel, _("Patients"), 2.4, true), 1, wxALIGN_CENTER_VERTICAL);
    auto* labels = bigButton(panel, _("Labels"), "show-labels", 1.2);
    labels->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { showLabels(); });
    header->Add(labels, 0, wxRIGHT, 12);
    auto* plugins = bigButton(panel, _("Installed plugins"), "show-plugins", 1.2);
    plugins->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { showPlugins(); });
    auto* out = bigButton(panel, _("Sign out"), "sign-out", 1.2);
    out->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { signOut(); });
    header->Add(plugins, 0, wxRIGHT, 12);
    header->Add(out);
    sizer->Add(header, 0, wxALL | wxEXPAND, 24);
    _wardList = new wxPanel(panel, wxID_ANY);
    _wardList->SetSizer(new wxBoxSizer(wxVERTICAL));
    sizer->Add(_wardList, 1, wxLEFT | wxRIGHT | wxEXPAND, 24);
    panel->SetSizer(sizer);
    return panel;
}

void MainFrame::showWard()
{
    _patientId.clear();
    _wardList->DestroyChildren();
    auto* list = _wardList->GetSizer();
    list->Clear();
    const auto now = _s.clock.now();
    const auto patients = _s.store.patients();
    if (patients.empty())
        list->Add(
            text(_wardList, _("No patients on this ward yet. They arrive with the next sync from the server."), 1.5));
    for (const auto& p : patients) {
        const auto state = core::PortState::compute(_s.store, p, _s.settings, now);
        wxString label =
            wxString::Format(_("Bed %s   %s"), wxString::FromUTF8(p.bed), wxString::FromUTF8(p.displayName));
        if (!state.dues.empty()) {
            const auto& first = state.dues.front();
            label += "   -   " + wxString::Format(first.overdue ? _("OVERDUE: %s since %s") : _("%s due %s"),
                                                  dueLabel(first.what), when(first.at));
        }
        auto* b = bigButton(_wardList, label, "patient:" + wxString::FromUTF8(p.id), 1.4);
        if (!state.dues.empty() && state.dues.front().overdue)
            b->SetForegroundColour(wxColour(176, 0, 32));
        b->Bind(wxEVT_BUTTON, [this, id = p.id](wxCommandEvent&) { showPatient(id); });
        list->Add(b, 0, wxEXPAND | wxBOTTOM, 10);
    }
    showPage(Ward);
}

wxPanel* MainFrame::buildPatient()
{
    auto* panel = new wxPanel(_book, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "patient");
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* header = new wxBoxSizer(wxHORIZONTAL);
    _patientTitle = text(panel, "", 2.4, true, "patient-title");
    header->Add(_patientTitle, 1, wxALIGN_CENTER_VERTICAL);
    auto* back = bigButton(panel, _("All patients"), "all-patients", 1.2);
    back->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { showWard(); });
    header->Add(back);
    sizer->Add(header, 0, wxLEFT | wxRIGHT | wxTOP | wxEXPAND, 24);
    _patientDetails = text(panel, "", 1.3, false, "patient-details");
    sizer->Add(_patientDetails, 0, wxLEFT | wxRIGHT | wxTOP, 24);
    _dueList = new wxPanel(panel, wxID_ANY);
    _dueList->SetSizer(new wxBoxSizer(wxVERTICAL));
    sizer->Add(_dueList, 0, wxALL | wxEXPAND, 24);

    auto* buttons = new wxWrapSizer(wxHORIZONTAL);
    const auto checklists = _s.plugins.checklists();
    if (checklists.empty())
        sizer->Add(text(panel, _("No checklists are installed. Ask a supervisor to install the port-care checklists."),
                        1.6, true),
                   0, wxALL, 24);
    for (auto* c : checklists) {
        const auto def = c->definition({});
        addCatalog(def.textDomain);
        auto* b = new wxButton(panel, wxID_ANY, translate(def.title, def.textDomain), wxDefaultPosition,
                               wxSize(360, 96), 0, wxDefaultValidator, "checklist:" + wxString::FromUTF8(def.id));
        b->SetFont(scaledFont(panel, 1.6, true));
        b->Bind(wxEVT_BUTTON, [this, id = def.id](wxCommandEvent&) { startChecklist(id); });
        buttons->Add(b, 0, wxRIGHT | wxBOTTOM, 16);
    }
    sizer->AddStretchSpacer();
    sizer->Add(buttons, 0, wxALL | wxEXPAND, 24);
    panel->SetSizer(sizer);
    return panel;
}

void MainFrame::showPatient(const std::string& patientId)
{
    const auto record = _s.store.patient(patientId);
    if (!record) {
        showWard();
        return;
    }
    _patientId = patientId;
    const auto state = core::PortState::compute(_s.store, *record, _s.settings, _s.clock.now());
    _patientTitle->SetLabel(
        wxString::Format(_("%s, bed %s"), wxString::FromUTF8(record->displayName), wxString::FromUTF8(record->bed)));
    wxString details = wxString::Format(_("Born %s   %s"), wxString::FromUTF8(record->birthDate),
                                        wxString::FromUTF8(record->portType));
    if (record->powerInjectable)
        details += "   " + _("power-injectable");
    if (record->heparinAllergyOrHit)
        details += "   " + _("HEPARIN ALLERGY / HIT");
    if (record->chlorhexidineAllergy)
        details += "   " + _("CHLORHEXIDINE ALLERGY");
    const auto ctx = patientContext(*record);
    details += "\n" + (ctx.lock.solution == "heparin"
                           ? wxString::Format(_("Lock: heparin %s units/mL, %s mL"),
                                              wxString::FromUTF8(core::formatNumber(ctx.lock.unitsPerMl)),
                                              wxString::FromUTF8(core::formatNumber(ctx.lock.volumeMl)))
                           : wxString::Format(_("Lock: saline only, %s mL"),
                                              wxString::FromUTF8(core::formatNumber(ctx.lock.volumeMl))));
    details += "\n" + (state.accessed ? wxString::Format(_("Accessed since %s"), when(*state.needleSince))
                                      : wxString(_("Not accessed")));
    if (state.notReadyForUse)
        details += "   " + _("NOT READY FOR USE: no blood return at access");
    _patientDetails->SetLabel(details);

    _dueList->DestroyChildren();
    auto* list = _dueList->GetSizer();
    list->Clear();
    if (state.dues.empty())
        list->Add(text(_dueList, _("Nothing due yet."), 1.5, false, "due:none"));
    for (const auto& due : state.dues) {
        const wxString line = due.overdue
                                  ? wxString::Format(_("OVERDUE  %s  since %s"), dueLabel(due.what), when(due.at))
                                  : wxString::Format(_("%s  due %s"), dueLabel(due.what), when(due.at));
        auto* t = text(_dueList, line, 1.7, due.overdue, "due:" + wxString::FromUTF8(due.what));
        if (due.overdue)
            t->SetForegroundColour(wxColour(176, 0, 32));
        list->Add(t, 0, wxBOTTOM, 6);
    }
    showPage(Patient);
}

sdk::PatientContext MainFrame::patientContext(const core::PatientRecord& record) const
{
    sdk::PatientContext ctx;
    ctx.id = record.id;
    ctx.heparinAllergyOrHit = record.heparinAllergyOrHit;
    ctx.chlorhexidineAllergy = record.chlorhexidineAllergy;
    ctx.powerInjectable = record.powerInjectable;
    ctx.portType = record.portType;
    ctx.accessed = core::PortState::compute(_s.store, record, _s.settings, _s.clock.now()).accessed;
    // The patient's order, else the site's default lock (PORT-CARE.md: heparin 100 units/mL, 5 mL).
    ctx.lock.solution = record.lockSolution.empty() ? _s.settings.get("lock.solution", "heparin") : record.lockSolution;
    ctx.lock.unitsPerMl = ctx.lock.solution == "heparin" ? record.lockUnitsPerMl : 0;
    ctx.lock.volumeMl = record.lockVolumeMl;
    return ctx;
}

sdk::ChecklistPlugin* MainFrame::checklist(const std::string& id) const
{
    for (auto* c : _s.plugins.checklists())
        if (c->id() == id)
            return c;
    return nullptr;
}

bool MainFrame::startChecklist(const std::string& id)
{
    auto* plugin = checklist(id);
    const auto record = _s.store.patient(_patientId);
    if (!plugin || !record || !_staff)
        return false;
    try {
        if (_options.demo)
            _checklist->setDemoScans(demoScans(*record));
        _checklist->start(*plugin, patientContext(*record), _staff->badge);
    } catch (const std::exception& e) {
        _notice = wxString::FromUTF8(e.what());
        updateStatus();
        return false;
    }
    showPage(Checklist);
    return true;
}

std::string MainFrame::labelFolder() const
{
    return _s.settings.get("printer.folder", core::dataDirectory() + "/labels");
}

void MainFrame::setUpPrinter()
{
    // The site's printer, else the first USB label printer found, else labels as PNG files in the data folder.
    std::string model = _s.settings.get("printer.model", "");
    if (model.empty())
        for (const auto& found : devices::discoverUsbPrinters())
            if (!found.model.empty()) {
                model = found.model;
                break;
            }
    if (model.empty())
        model = "png-300";
    try {
        _printerModel = &devices::findPrinterModel(model);
        _printerMedia =
            &devices::findMedia(*_printerModel, _s.settings.get("printer.media", _printerModel->media.front().name));
    } catch (const std::exception& e) {
        _notice = wxString::FromUTF8(e.what());
        _printerModel = &devices::findPrinterModel("png-300");
        _printerMedia = &_printerModel->media.front();
    }
    if (_printerModel->language == devices::PrinterModel::Language::Png)
        _printer = std::make_unique<devices::FileLabelPrinter>(labelFolder());
    else
        _printer = std::make_unique<devices::UsbLabelPrinter>(*_printerModel, *_printerMedia);
    _printerStatus = wxString::Format(_("Printer: %s"), wxString::FromUTF8(_printerModel->title));
    _queue = std::make_unique<core::PrintQueue>(_s.store, _s.clock);
    _queue->onChange([this](const core::PrintJob& job) {
        // On the queue's thread: hand the news to the GUI thread.
        CallAfter([this, job] {
            if (job.id != _labelJob)
                return;
            if (job.state == "printed")
                _printStatus->SetLabel(_("Label printed."));
            else if (job.state == "failed")
                _printStatus->SetLabel(wxString::FromUTF8(job.reason) + " " +
                                       _("The label waits and prints when the printer is ready."));
            _printStatus->Wrap(700);
            _book->GetPage(Summary)->Layout();
        });
    });
    _queue->onStatus(
        [this, title = wxString::FromUTF8(_printerModel->title)](const std::string&, const sdk::PrinterStatus& st) {
            CallAfter([this, title, st] {
                _printerStatus = title + ": " + wxString::FromUTF8(st.message);
                if (st.state != sdk::PrinterState::Ready && st.state != sdk::PrinterState::Busy)
                    _notice = _printerStatus; // out of labels, cover open, unplugged: the nurse must see it
                updateStatus();
            });
        });
    _queue->addPrinter("kiosk", *_printer);
}

void MainFrame::showLabel(const core::ChecklistRun& run)
{
    _label = {};
    _labelJob.clear();
    _labelRun = _checklist->runId();
    _printStatus->SetLabel("");
    const bool wanted = !run.definition().label.empty() && run.outcome().empty();
    _labelPreview->Show(wanted);
    _printButton->Show(wanted);
    if (!wanted)
        return;
    core::MonthNames months;
    for (int m = 0; m < 12; ++m)
        months[static_cast<std::size_t>(m)] =
            wxDateTime::GetMonthName(static_cast<wxDateTime::Month>(m), wxDateTime::Name_Abbr).ToStdString(wxConvUTF8);
    const auto record = _s.store.patient(run.patient().id);
    const auto state = core::PortState::compute(_s.store, *record, _s.settings, _s.clock.now());
    core::LabelData data;
    data["title"] = _("PORT DRESSING").ToStdString(wxConvUTF8);
    std::string dressing, needleSize;
    core::Clock::TimePoint dressedAt = _s.clock.now();
    for (const auto& r : run.records()) {
        if (r.stepId == run.definition().dressingStep)
            dressing = r.answer.choice == "gauze" ? "gauze" : "TSM";
        if (r.stepId == "needle" && !r.answer.scan.empty())
            if (const auto* product = _catalog.find(_interpreter.interpret(r.answer.scan)))
                needleSize = std::to_string(product->gauge) + "G x " + core::formatNumber(product->lengthMm) + " mm";
        if (r.stepId == "dressing")
            dressedAt = r.time;
    }
    data["dressing"] = core::labelDate(dressedAt, months) + (dressing.empty() ? "" : " (" + dressing + ")");
    data["needle"] = (state.needleSince ? core::labelDate(*state.needleSince, months) : std::string("-")) +
                     (needleSize.empty() ? "" : ", " + needleSize);
    data["due"] = "-";
    for (const auto& due : state.dues)
        if (due.what == "dressing-change")
            data["due"] = core::labelDate(due.at, months);
    std::string initials;
    for (std::size_t i = 0; _staff && i < _staff->name.size(); ++i)
        if (i == 0 || _staff->name[i - 1] == ' ')
            initials += _staff->name[i];
    data["nurse"] = initials.empty() ? "-" : initials;
    data["record"] = _labelRun;
    try {
        const double lengthMm =
            _printerMedia->lengthDots > 0 ? _printerMedia->lengthDots * 25.4 / _printerModel->dpi : 29;
        auto* plugin = checklist(run.definition().id);
        const auto layout =
            plugin ? plugin->labelTemplate(_printerMedia->printableDots * 25.4 / _printerModel->dpi, lengthMm)
                   : core::LabelTemplate{};
        if (layout.elements.empty()) {
            _labelPreview->Hide();
            _printButton->Hide();
            return;
        }
        _label = devices::LabelRenderer().render(layout, data, _printerModel->dpi, _printerMedia->printableDots,
                                                 _printerMedia->lengthDots);
    } catch (const std::exception& e) {
        _printStatus->SetLabel(wxString::FromUTF8(e.what()));
        _printButton->Hide();
        return;
    }
    // Preview: the raster itself, scaled to half size for the screen.
    wxImage image(_label.widthDots, _label.heightDots);
    const int rowBytes = (_label.widthDots + 7) / 8;
    for (int y = 0; y < _label.heightDots; ++y)
        for (int x = 0; x < _label.widthDots; ++x) {
            const bool black = _label.bits[static_cast<std::size_t>(y) * rowBytes + x / 8] & (0x80 >> (x % 8));
            const unsigned char v = black ? 0 : 255;
            image.SetRGB(x, y, v, v, v);
        }
    _labelPreview->SetBitmap(wxBitmap(image.Scale(_label.widthDots / 2, _label.heightDots / 2, wxIMAGE_QUALITY_HIGH)));
}

void MainFrame::onScan(const std::string& bytes)
{
    if (page() == Checklist)
        _checklist->onScan(bytes);
    else {
        _notice = _("A barcode was scanned; open a checklist first.");
        updateStatus();
    }
}

std::vector<std::pair<wxString, std::string>> MainFrame::demoScans(const core::PatientRecord& patient) const
{
    // The demo's simulated scanner: every catalog product as a GS1 DataMatrix would send it (expiring in a year),
    // the patient's wristband, another patient's, an expired saline and the recalled heparin lot.
    const std::string today = core::localDate(_s.clock.now());
    const std::string nextYear =
        std::to_string(std::stoi(today.substr(0, 4)) + 1).substr(2) + today.substr(5, 2) + "00";
    std::vector<std::pair<wxString, std::string>> scans;
    scans.push_back({_("Wristband"), "]C18018" + patient.id});
    for (const auto& p : _s.store.patients())
        if (p.id != patient.id) {
            scans.push_back({_("Another patient's wristband"), "]C18018" + p.id});
            break;
        }
    for (const auto& product : core::demoProducts()) {
        if (product.gtin.empty())
            continue;
        wxString label = wxString::FromUTF8(product.name);
        if (product.category == "heparin-lock")
            label = wxString::Format(_("Heparin %s"), wxString::FromUTF8(core::unitsText(product.heparinUnitsPerMl)));
        else if (product.category == "saline-flush")
            label = wxString::Format(_("Saline %s mL"), wxString::FromUTF8(core::formatNumber(product.syringeMl)));
        else if (product.category == "huber-needle")
            label = wxString::Format(_("Needle %dG"), product.gauge);
        scans.push_back({label, "]d201" + product.gtin + "17" + nextYear + "10" + "D" + product.gtin.substr(8, 5)});
    }
    scans.push_back({_("Expired saline"), "]d20109506002000105"
                                          "17240100"
                                          "10OLD1"});
    scans.push_back({_("Recalled heparin 100"), "]d20109506003001002"
                                                "17" +
                                                    nextYear + "10RC2407"});
    return scans;
}

wxPanel* MainFrame::buildSummary()
{
    auto* panel = new wxPanel(_book, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "summary");
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    _summaryTitle = text(panel, "", 2.4, true, "summary-title");
    _summaryList = table(panel, "summary-list", {{_("Step"), 420}, {_("Recorded"), 560}, {_("Time"), 260}});
    auto* done = bigButton(panel, _("Done"), "done");
    done->SetMinSize(wxSize(300, 88));
    done->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { showPatient(_patientId); });
    // The label preview is the very raster the printer prints.
    _labelPreview = new wxStaticBitmap(panel, wxID_ANY, wxBitmap(1, 1), wxDefaultPosition, wxDefaultSize,
                                       wxBORDER_SIMPLE, "label-preview");
    _printButton = bigButton(panel, _("Print label"), "print-label");
    _printButton->SetBackgroundColour(wxColour(0, 122, 51));
    _printButton->SetForegroundColour(*wxWHITE);
    _printButton->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (!_queue || _label.bits.empty())
            return;
        try {
            _labelJob = _queue->submit("kiosk", _label, _labelRun, _patientId);
            _printStatus->SetLabel(_("Sending the label to the printer..."));
        } catch (const std::exception& e) {
            _printStatus->SetLabel(wxString::FromUTF8(e.what()));
        }
    });
    _printStatus = text(panel, "", 1.3, true, "print-status");
    auto* bottom = new wxBoxSizer(wxHORIZONTAL);
    auto* labelColumn = new wxBoxSizer(wxVERTICAL);
    labelColumn->Add(_labelPreview, 0, wxBOTTOM, 8);
    labelColumn->Add(_printStatus, 0);
    bottom->Add(labelColumn, 1, wxEXPAND);
    bottom->Add(_printButton, 0, wxALIGN_BOTTOM | wxRIGHT, 16);
    bottom->Add(done, 0, wxALIGN_BOTTOM);
    sizer->Add(_summaryTitle, 0, wxALL, 24);
    sizer->Add(_summaryList, 1, wxLEFT | wxRIGHT | wxEXPAND, 24);
    sizer->Add(bottom, 0, wxALL | wxEXPAND, 24);
    panel->SetSizer(sizer);
    return panel;
}

void MainFrame::showSummary(const core::ChecklistRun& run)
{
    const auto& def = run.definition();
    wxString title = wxString::Format(_("%s complete"), translate(def.title, def.textDomain));
    if (run.outcome() == "not-ready-for-use")
        title += " - " + _("port NOT READY FOR USE");
    _summaryTitle->SetLabel(title);
    _summaryList->DeleteAllItems();
    for (const auto& record : run.records()) {
        const auto& step = def.steps.at(record.index);
        const long row = _summaryList->GetItemCount();
        _summaryList->InsertItem(row, translate(step.title, def.textDomain));
        wxString answer = describeAnswer(record, step, def.textDomain);
        if (step.type == sdk::StepType::Scan && !record.answer.scan.empty()) {
            const auto scan = _interpreter.interpret(record.answer.scan);
            const auto* product = _catalog.find(scan);
            answer = product ? wxString::FromUTF8(product->name)
                             : (scan.patient.empty() ? wxString(_("Scanned")) : wxString(_("Wristband scanned")));
            if (!scan.lot.empty())
                answer += wxString::Format(_(", lot %s"), wxString::FromUTF8(scan.lot));
        }
        _summaryList->SetItem(row, 1, answer);
        _summaryList->SetItem(row, 2, when(record.time));
    }
    showLabel(run);
    showPage(Summary);
    if (_sync)
        _sync->syncNow();
}

wxPanel* MainFrame::buildPlugins()
{
    auto* panel = new wxPanel(_book, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "plugins");
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* list =
        table(panel, "plugin-list", {{_("Plugin"), 240}, {_("Version"), 120}, {_("Kind"), 140}, {_("Status"), 900}});
    for (const auto& p : _s.plugins.plugins()) {
        const long row = list->GetItemCount();
        list->InsertItem(row, wxString::FromUTF8(p.id.empty() ? p.file : p.id));
        list->SetItem(row, 1, wxString::FromUTF8(p.version));
        list->SetItem(row, 2, p.id.empty() ? wxString() : wxString(sdk::toString(p.kind)));
        list->SetItem(row, 3,
                      p.status == core::PluginInfo::Status::Failed ? wxString::FromUTF8(p.error)
                                                                   : wxString(_("Running")));
    }
    auto* back = bigButton(panel, _("Back"), "back", 1.5);
    back->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { showWard(); });
    sizer->Add(text(panel, _("Installed plugins"), 2.4, true), 0, wxALL, 24);
    sizer->Add(list, 1, wxLEFT | wxRIGHT | wxEXPAND, 24);
    // What the server refused for good: kept in the record, listed here for the supervisor to follow up.
    _syncLine = text(panel, wxString(), 1.2, false);
    _syncLine->SetName("sync-state");
    sizer->Add(_syncLine, 0, wxLEFT | wxRIGHT | wxTOP, 24);
    _deadList =
        table(panel, "dead-letters", {{_("Record refused by the server"), 420}, {_("When"), 260}, {_("Why"), 700}});
    sizer->Add(_deadList, 1, wxLEFT | wxRIGHT | wxEXPAND, 24);
    sizer->Add(back, 0, wxALL, 24);
    panel->SetSizer(sizer);
    return panel;
}

wxPanel* MainFrame::buildLabels()
{
    auto* panel = new wxPanel(_book, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "labels");
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    _jobList =
        table(panel, "label-jobs", {{_("Printed for"), 300}, {_("When"), 260}, {_("State"), 160}, {_("Reason"), 500}});
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    auto* back = bigButton(panel, _("Back"), "labels-back", 1.5);
    back->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { showWard(); });
    auto* reprint = bigButton(panel, _("Reprint selected label"), "reprint", 1.5);
    reprint->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        const long row = _jobList->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
        if (row < 0 || static_cast<std::size_t>(row) >= _jobIds.size())
            return;
        try {
            _queue->reprint(_jobIds[static_cast<std::size_t>(row)]);
        } catch (const std::exception& e) {
            _notice = wxString::FromUTF8(e.what());
        }
        CallAfter([this] { showLabels(); });
    });
    buttons->Add(back, 0, wxRIGHT, 16);
    buttons->AddStretchSpacer();
    buttons->Add(reprint);
    sizer->Add(text(panel, _("Labels"), 2.4, true), 0, wxALL, 24);
    sizer->Add(_jobList, 1, wxLEFT | wxRIGHT | wxEXPAND, 24);
    sizer->Add(buttons, 0, wxALL | wxEXPAND, 24);
    panel->SetSizer(sizer);
    return panel;
}

void MainFrame::showPlugins()
{
    _deadList->DeleteAllItems();
    for (const auto& [event, reason] : _s.store.deadLetters()) {
        const long row = _deadList->GetItemCount();
        _deadList->InsertItem(row, wxString::Format(_("Event %lld (%s)"), static_cast<long long>(event.seq),
                                                    wxString::FromUTF8(event.type)));
        _deadList->SetItem(row, 1, when(core::parseIsoTime(event.deviceTime)));
        _deadList->SetItem(row, 2, wxString::FromUTF8(reason));
    }
    wxString line;
    if (_s.store.meta("server_url").empty()) {
        line = _("Sync: this kiosk is not enrolled with a server.");
    } else {
        const auto st = _sync ? _sync->state() : sdk::SyncState{};
        line = wxString::Format(
            _("Sync with %s: %lld waiting, %zu refused."), wxString::FromUTF8(_s.store.meta("server_url")),
            static_cast<long long>(_s.store.pendingCount()), static_cast<std::size_t>(_deadList->GetItemCount()));
        if (!st.message.empty())
            line += " " + wxString::FromUTF8(st.message);
    }
    _syncLine->SetLabel(line);
    showPage(Plugins);
}

void MainFrame::showLabels()
{
    _jobList->DeleteAllItems();
    _jobIds.clear();
    auto jobs = _queue->jobs();
    std::reverse(jobs.begin(), jobs.end()); // newest first
    for (const auto& job : jobs) {
        const auto patient = _s.store.patient(job.patient);
        const long row = _jobList->GetItemCount();
        _jobList->InsertItem(row, patient ? wxString::Format(_("Bed %s   %s"), wxString::FromUTF8(patient->bed),
                                                             wxString::FromUTF8(patient->displayName))
                                          : wxString::FromUTF8(job.patient));
        _jobList->SetItem(row, 1, when(core::parseIsoTime(job.created)));
        const wxString state = job.state == "printed"   ? _("printed")
                               : job.state == "failed"  ? _("waiting")
                               : job.state == "sending" ? _("sending")
                                                        : _("queued");
        _jobList->SetItem(row, 2, state);
        _jobList->SetItem(row, 3, wxString::FromUTF8(job.reason));
        _jobIds.push_back(job.id);
    }
    showPage(Labels);
}

MainFrame::Page MainFrame::page() const
{
    return static_cast<Page>(_book->GetSelection());
}

void MainFrame::showPage(Page page)
{
    if (page != Patient)
        _notice.clear();
    _book->ChangeSelection(page);
    _book->GetPage(page)->Layout();
}

void MainFrame::updateStatus()
{
    std::size_t loaded = 0, failed = 0;
    for (const auto& p : _s.plugins.plugins())
        (p.status == core::PluginInfo::Status::Failed ? failed : loaded)++;
    wxString status;
    if (_staff)
        status = wxString::Format(_("Signed in: %s (%s)   "), wxString::FromUTF8(_staff->name),
                                  wxString::FromUTF8(_staff->role));
    status += wxString::Format(wxPLURAL("%zu plugin running", "%zu plugins running", loaded), loaded);
    if (failed)
        status += wxString::Format(_(", %zu could not be loaded (see Installed plugins)"), failed);
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
    SetStatusText(when(_s.clock.now()), 2);
}

} // namespace portside::app
