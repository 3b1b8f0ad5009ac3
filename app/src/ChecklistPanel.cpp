#include "ChecklistPanel.h"

#include "Translations.h"

#include <wx/button.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/tglbtn.h>

namespace portside::app {

namespace {

constexpr int kTouch = 72; // minimum height of anything a gloved finger presses, in pixels

wxFont scaled(const wxWindow* w, double factor, bool bold = false)
{
    wxFont font = w->GetFont();
    font.SetFractionalPointSize(font.GetFractionalPointSize() * factor);
    if (bold)
        font.MakeBold();
    return font;
}

/// Makes a toggle's state plain to see at arm's length: selected is filled (blue, or amber for a finding that is
/// present), unselected is the ordinary button.
void setToggle(wxToggleButton* button, bool on, bool warning = false)
{
    button->SetValue(on);
    if (on) {
        button->SetBackgroundColour(warning ? wxColour(178, 95, 0) : wxColour(0, 84, 166));
        button->SetForegroundColour(*wxWHITE);
    } else {
        button->SetBackgroundColour(wxNullColour);
        button->SetForegroundColour(wxNullColour);
    }
    button->Refresh();
}

} // namespace

ChecklistPanel::ChecklistPanel(wxWindow* parent, const core::Clock& clock, core::StepJournal& journal)
    : wxPanel(parent, wxID_ANY), _clock(clock), _journal(journal), _timer(this)
{
    SetName("checklist-panel");
    auto* outer = new wxBoxSizer(wxVERTICAL);

    _progress = new wxStaticText(this, wxID_ANY, "");
    _progress->SetFont(scaled(this, 1.3));
    _title = new wxStaticText(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, 0, "step-title");
    _title->SetFont(scaled(this, 2.4, true));
    _instruction = new wxStaticText(this, wxID_ANY, "");
    _instruction->SetFont(scaled(this, 1.5));
    _content = new wxPanel(this, wxID_ANY);
    _content->SetSizer(new wxBoxSizer(wxVERTICAL));
    _error = new wxStaticText(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, 0, "error");
    _error->SetFont(scaled(this, 1.6, true));
    _error->SetForegroundColour(wxColour(176, 0, 32));

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    _cancel = bigButton(this, _("Cancel checklist"), "cancel");
    _confirm = bigButton(this, _("Confirm"), "confirm");
    _confirm->SetBackgroundColour(wxColour(0, 122, 51));
    _confirm->SetForegroundColour(*wxWHITE);
    _confirm->SetMinSize(wxSize(360, kTouch + 16));
    buttons->Add(_cancel, 0, wxALL, 8);
    buttons->AddStretchSpacer();
    buttons->Add(_confirm, 0, wxALL, 8);

    outer->Add(_progress, 0, wxLEFT | wxRIGHT | wxTOP, 24);
    outer->Add(_title, 0, wxLEFT | wxRIGHT | wxTOP, 24);
    outer->Add(_instruction, 0, wxALL | wxEXPAND, 24);
    outer->Add(_content, 1, wxLEFT | wxRIGHT | wxEXPAND, 24);
    outer->Add(_error, 0, wxALL | wxEXPAND, 24);
    outer->Add(buttons, 0, wxALL | wxEXPAND, 16);
    SetSizer(outer);

    _confirm->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { onConfirm(); });
    _cancel->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        wxMessageDialog ask(this, _("Cancel this checklist? The steps already confirmed stay recorded."),
                            _("Cancel checklist"), wxYES_NO | wxNO_DEFAULT | wxICON_QUESTION);
        if (ask.ShowModal() == wxID_YES && _onCancelled)
            _onCancelled();
    });
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { onTick(); });
}

wxString ChecklistPanel::tr(const std::string& msgid) const
{
    return translate(msgid, _run ? _run->definition().textDomain : std::string());
}

wxButton* ChecklistPanel::bigButton(wxWindow* parent, const wxString& label, const wxString& name)
{
    auto* b = new wxButton(parent, wxID_ANY, label, wxDefaultPosition, wxDefaultSize, 0, wxDefaultValidator, name);
    b->SetFont(scaled(this, 1.6, true));
    b->SetMinSize(wxSize(-1, kTouch));
    return b;
}

wxToggleButton* ChecklistPanel::bigToggle(wxWindow* parent, const wxString& label, const wxString& name)
{
    auto* b = new wxToggleButton(parent, wxID_ANY, label, wxDefaultPosition, wxDefaultSize, 0, wxDefaultValidator, name);
    b->SetFont(scaled(this, 1.5));
    b->SetMinSize(wxSize(-1, kTouch));
    return b;
}

void ChecklistPanel::start(const sdk::ChecklistPlugin& checklist)
{
    _plugin = &checklist;
    auto definition = checklist.definition();
    addCatalog(definition.textDomain);
    _run = std::make_unique<core::ChecklistRun>(std::move(definition), _clock, _plugin);
    _runId = core::StepJournal::newRunId();
    // A step counts as confirmed only once it is on disk: if the journal throws, the run keeps the step open.
    _run->onConfirmed([this](const core::ChecklistRun& run, const core::StepRecord& record) {
        _journal.append(_runId, run, record);
    });
    showStep();
}

wxString ChecklistPanel::errorText() const
{
    return _error->GetLabel();
}

void ChecklistPanel::showError(const wxString& text)
{
    _error->SetLabel(text);
    _error->Wrap(GetClientSize().GetWidth() - 64);
    Layout();
}

void ChecklistPanel::showStep()
{
    _timer.Stop();
    _choiceButtons.clear();
    _findingButtons.clear();
    _note = nullptr;
    _numberDisplay = nullptr;
    _countdown = nullptr;
    _content->DestroyChildren();
    _content->GetSizer()->Clear();
    _error->SetLabel("");
    _confirm->Enable();
    _confirm->SetLabel(_("Confirm"));

    const auto& step = _run->current();
    const auto total = _run->definition().steps.size();
    _progress->SetLabel(wxString::Format(_("%s - step %zu of %zu"), tr(_run->definition().title),
                                         _run->currentIndex() + 1, total));
    _title->SetLabel(tr(step.title));
    _instruction->SetLabel(tr(step.instruction));
    _instruction->Wrap(GetClientSize().GetWidth() > 200 ? GetClientSize().GetWidth() - 64 : 800);

    switch (step.type) {
    case sdk::StepType::Confirm: break;
    case sdk::StepType::Choice: buildChoice(step); break;
    case sdk::StepType::Assessment: buildAssessment(step); break;
    case sdk::StepType::Number: buildNumber(step); break;
    case sdk::StepType::TimedWait: buildTimedWait(step); break;
    case sdk::StepType::Scan: buildScan(step); break;
    case sdk::StepType::Note: buildNote(step); break;
    }
    _content->Layout();
    Layout();
}

void ChecklistPanel::buildChoice(const sdk::Step& step)
{
    auto* sizer = _content->GetSizer();
    for (const auto& option : step.choices) {
        auto* b = bigToggle(_content, tr(option.label), "choice:" + wxString::FromUTF8(option.id));
        _choiceButtons[option.id] = b;
        b->Bind(wxEVT_TOGGLEBUTTON, [this, id = option.id](wxCommandEvent&) {
            for (auto& [other, button] : _choiceButtons)
                setToggle(button, other == id);
        });
        sizer->Add(b, 0, wxEXPAND | wxBOTTOM, 8);
    }
}

void ChecklistPanel::buildAssessment(const sdk::Step& step)
{
    // Findings on the left, the note on the right, so everything fits one screen without scrolling.
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    auto* grid = new wxFlexGridSizer(3, 8, 16);
    grid->AddGrowableCol(0, 1);
    for (const auto& finding : step.findings) {
        auto* label = new wxStaticText(_content, wxID_ANY, tr(finding.label));
        label->SetFont(scaled(this, 1.5));
        auto* no = bigToggle(_content, _("No"), "finding:" + wxString::FromUTF8(finding.id) + ":no");
        auto* yes = bigToggle(_content, _("Yes"), "finding:" + wxString::FromUTF8(finding.id) + ":yes");
        no->SetMinSize(wxSize(140, kTouch - 8));
        yes->SetMinSize(wxSize(140, kTouch - 8));
        no->Bind(wxEVT_TOGGLEBUTTON, [no, yes](wxCommandEvent&) { setToggle(no, true); setToggle(yes, false); });
        yes->Bind(wxEVT_TOGGLEBUTTON, [no, yes](wxCommandEvent&) { setToggle(yes, true, true); setToggle(no, false); });
        _findingButtons[finding.id] = {no, yes};
        grid->Add(label, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 24);
        grid->Add(no);
        grid->Add(yes);
    }
    row->Add(grid, 0, wxRIGHT, 32);
    auto* noteColumn = new wxBoxSizer(wxVERTICAL);
    auto* noteLabel = new wxStaticText(_content, wxID_ANY, _("Note (needed when any finding is yes)"));
    noteLabel->SetFont(scaled(this, 1.3));
    _note = new wxTextCtrl(_content, wxID_ANY, "", wxDefaultPosition, wxSize(-1, 3 * kTouch), wxTE_MULTILINE,
                           wxDefaultValidator, "note");
    _note->SetFont(scaled(this, 1.4));
    noteColumn->Add(noteLabel, 0, wxBOTTOM, 4);
    noteColumn->Add(_note, 1, wxEXPAND);
    row->Add(noteColumn, 1, wxEXPAND);
    _content->GetSizer()->Add(row, 1, wxEXPAND);
}

void ChecklistPanel::buildNumber(const sdk::Step& step)
{
    _numberText = wxString::FromUTF8(core::formatNumber(step.defaultValue));
    _numberFresh = true;
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    _numberDisplay = new wxStaticText(_content, wxID_ANY, "", wxDefaultPosition, wxSize(320, -1), 0, "number");
    _numberDisplay->SetFont(scaled(this, 3.0, true));
    auto* range = new wxStaticText(_content, wxID_ANY,
        wxString::Format(_("From %s to %s %s"), wxString::FromUTF8(core::formatNumber(step.minimum)),
                         wxString::FromUTF8(core::formatNumber(step.maximum)), wxString::FromUTF8(step.unit)));
    range->SetFont(scaled(this, 1.3));
    auto* left = new wxBoxSizer(wxVERTICAL);
    left->Add(_numberDisplay, 0, wxBOTTOM, 8);
    left->Add(range);
    row->Add(left, 0, wxRIGHT, 48);

    auto* keypad = new wxGridSizer(4, 3, 8, 8);
    for (const wxString key : {"1", "2", "3", "4", "5", "6", "7", "8", "9", ".", "0", "del"}) {
        auto* b = bigButton(_content, key == "del" ? wxString(_("Delete")) : key, "key:" + key);
        b->SetMinSize(wxSize(120, kTouch));
        b->Bind(wxEVT_BUTTON, [this, key](wxCommandEvent&) { onKey(key); });
        keypad->Add(b, 0, wxEXPAND);
    }
    row->Add(keypad);
    _content->GetSizer()->Add(row);
    updateNumberDisplay();
}

void ChecklistPanel::onKey(const wxString& key)
{
    if (_numberFresh) {
        _numberText.clear();
        _numberFresh = false;
    }
    if (key == "del") {
        if (!_numberText.empty())
            _numberText.RemoveLast();
    } else if (key == "." ) {
        if (!_numberText.Contains("."))
            _numberText += _numberText.empty() ? "0." : ".";
    } else if (_numberText.length() < 8) {
        _numberText += key;
    }
    updateNumberDisplay();
}

void ChecklistPanel::updateNumberDisplay()
{
    if (_numberDisplay)
        _numberDisplay->SetLabel((_numberText.empty() ? wxString("-") : _numberText) + " " +
                                 wxString::FromUTF8(_run->current().unit));
}

void ChecklistPanel::buildTimedWait(const sdk::Step&)
{
    _countdown = new wxStaticText(_content, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, 0, "countdown");
    _countdown->SetFont(scaled(this, 5.0, true));
    _content->GetSizer()->Add(_countdown, 0, wxALIGN_CENTER_HORIZONTAL | wxTOP, 24);
    onTick();
    _timer.Start(200);
}

void ChecklistPanel::onTick()
{
    if (!_countdown || !_run || _run->finished())
        return;
    const long long left = _run->remainingWaitMs();
    const long long seconds = (left + 999) / 1000;
    _countdown->SetLabel(wxString::Format("%lld:%02lld", seconds / 60, seconds % 60));
    _confirm->Enable(left == 0);
    if (left == 0) {
        _countdown->SetForegroundColour(wxColour(0, 122, 51));
        _timer.Stop();
    }
    _content->Layout();
}

void ChecklistPanel::buildScan(const sdk::Step& step)
{
    auto* waiting = new wxStaticText(_content, wxID_ANY,
        _("Barcode scanning is not available in this version: check the product against the order by eye, then "
          "confirm."));
    waiting->SetFont(scaled(this, 1.4));
    waiting->Wrap(900);
    _content->GetSizer()->Add(waiting, 0, wxBOTTOM, 8);
    if (!step.expect.detail.empty()) {
        auto* detail = new wxStaticText(_content, wxID_ANY, tr(step.expect.detail));
        detail->SetFont(scaled(this, 1.6, true));
        _content->GetSizer()->Add(detail);
    }
    _confirm->SetLabel(_("Checked by eye - confirm"));
}

void ChecklistPanel::buildNote(const sdk::Step&)
{
    _note = new wxTextCtrl(_content, wxID_ANY, "", wxDefaultPosition, wxSize(-1, 3 * kTouch), wxTE_MULTILINE,
                           wxDefaultValidator, "note");
    _note->SetFont(scaled(this, 1.4));
    _content->GetSizer()->Add(_note, 0, wxEXPAND);
}

void ChecklistPanel::onConfirm()
{
    if (!_run || _run->finished())
        return;
    const auto& step = _run->current();
    sdk::StepAnswer answer;
    switch (step.type) {
    case sdk::StepType::Choice:
        for (const auto& [id, button] : _choiceButtons)
            if (button->GetValue())
                answer.choice = id;
        break;
    case sdk::StepType::Assessment:
        for (const auto& [id, buttons] : _findingButtons) {
            if (buttons.second->GetValue())
                answer.findings[id] = true;
            else if (buttons.first->GetValue())
                answer.findings[id] = false;
        }
        break;
    case sdk::StepType::Number: {
        double value = 0;
        if (!_numberText.ToCDouble(&value)) {
            showError(_("Enter a number with the keypad."));
            return;
        }
        answer.number = value;
        break;
    }
    default: break;
    }
    if (_note)
        answer.note = _note->GetValue().ToStdString(wxConvUTF8);

    try {
        _run->confirm(answer);
    } catch (const core::StepRejected& e) {
        showError(tr(e.what()));
        return;
    } catch (const std::exception& e) {
        // The journal could not save the step: it is not confirmed, and the nurse must know.
        showError(wxString::FromUTF8(e.what()));
        return;
    }
    if (_run->finished()) {
        _timer.Stop();
        if (_onFinished)
            _onFinished(*_run);
        return;
    }
    showStep();
}

} // namespace portside::app
