#include "ChecklistPanel.h"

#include "Translations.h"
#include "Widgets.h"

#include <wx/button.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/tglbtn.h>
#include <wx/wrapsizer.h>

namespace portside::app {

ChecklistPanel::ChecklistPanel(wxWindow* parent, const core::Clock& clock, core::RunRecorder& recorder,
                               const core::ScanVerifier* verifier)
    : wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "checklist-panel"), _clock(clock),
      _recorder(recorder), _verifier(verifier), _timer(this)
{
    auto* outer = new wxBoxSizer(wxVERTICAL);
    _progress = text(this, "", 1.3, false, "progress");
    _title = text(this, "", 2.4, true, "step-title");
    _instruction = text(this, "", 1.5, false, "instruction");
    _content = new wxPanel(this, wxID_ANY);
    _content->SetSizer(new wxBoxSizer(wxVERTICAL));
    _reasons = new ReasonPicker(this);
    _reasons->Hide();
    _error = text(this, "", 1.6, true, "error");
    _error->SetForegroundColour(wxColour(176, 0, 32));

    _buttons = new wxPanel(this);
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    _cancel = bigButton(_buttons, _("Cancel checklist"), "cancel");
    _skip = bigButton(_buttons, _("Skip step"), "skip");
    _confirm = bigButton(_buttons, _("Confirm"), "confirm");
    _confirm->SetBackgroundColour(wxColour(0, 122, 51));
    _confirm->SetForegroundColour(*wxWHITE);
    _confirm->SetMinSize(wxSize(360, kTouch + 16));
    row->Add(_cancel, 0, wxALL, 8);
    row->Add(_skip, 0, wxALL, 8);
    row->AddStretchSpacer();
    row->Add(_confirm, 0, wxALL, 8);
    _buttons->SetSizer(row);

    outer->Add(_progress, 0, wxLEFT | wxRIGHT | wxTOP, 24);
    outer->Add(_title, 0, wxLEFT | wxRIGHT | wxTOP, 24);
    outer->Add(_instruction, 0, wxALL | wxEXPAND, 24);
    outer->Add(_content, 1, wxLEFT | wxRIGHT | wxEXPAND, 24);
    outer->Add(_reasons, 0, wxLEFT | wxRIGHT | wxEXPAND, 24);
    outer->Add(_error, 0, wxALL | wxEXPAND, 24);
    outer->Add(_buttons, 0, wxALL | wxEXPAND, 16);
    SetSizer(outer);

    _confirm->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        bool ok = true;
        const auto answer = collectAnswer(ok);
        if (ok)
            submit(answer);
    });
    _skip->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        askReason(_("Why is this step skipped?"),
                  {_("Not needed for this patient"), _("Done earlier and documented"), _("Patient declined")},
                  [this](const std::string& reason) {
                      try {
                          _run->skip(reason);
                      } catch (const std::exception& e) {
                          showError(tr(e.what()));
                          return;
                      }
                      afterChange();
                  });
    });
    _cancel->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        askReason(
            _("Cancel this checklist? The steps already confirmed stay recorded. Why is it cancelled?"),
            {_("Patient declined"), _("Patient unavailable"), _("Started in error"), _("Handed over to another nurse")},
            [this](const std::string& reason) {
                try {
                    _run->cancel(reason);
                } catch (const std::exception& e) {
                    showError(tr(e.what()));
                    return;
                }
                _timer.Stop();
                if (_onCancelled)
                    _onCancelled();
            });
    });
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { onTick(); });
}

wxString ChecklistPanel::tr(const std::string& msgid) const
{
    return translate(msgid, _run ? _run->definition().textDomain : std::string());
}

void ChecklistPanel::begin(const sdk::ChecklistPlugin& checklist, std::unique_ptr<core::ChecklistRun> run)
{
    _plugin = &checklist;
    _run = std::move(run);
    _run->setScanVerifier(_verifier);
    addCatalog(_run->definition().textDomain);
    showStep();
}

void ChecklistPanel::start(const sdk::ChecklistPlugin& checklist, const sdk::PatientContext& patient,
                           const std::string& staff)
{
    auto run = std::make_unique<core::ChecklistRun>(checklist.definition(patient), patient, _clock, &checklist);
    _runId = _recorder.start(*run, staff);
    begin(checklist, std::move(run));
}

void ChecklistPanel::resume(const sdk::ChecklistPlugin& checklist, const sdk::PatientContext& patient,
                            const core::OpenRun& open)
{
    auto run = std::make_unique<core::ChecklistRun>(core::ChecklistRun::resume(
        checklist.definition(patient), patient, _clock, &checklist, _recorder.records(open.runId)));
    _recorder.attach(*run, open.runId, open.staff);
    _runId = open.runId;
    begin(checklist, std::move(run));
}

wxString ChecklistPanel::errorText() const
{
    return _error->GetLabel();
}

void ChecklistPanel::showError(const wxString& message)
{
    _error->SetLabel(message);
    _error->Wrap(GetClientSize().GetWidth() > 200 ? GetClientSize().GetWidth() - 64 : 1000);
    Layout();
}

void ChecklistPanel::showStep()
{
    _timer.Stop();
    endReasons();
    _choiceButtons.clear();
    _findingButtons.clear();
    _note = nullptr;
    _numberDisplay = nullptr;
    _countdown = nullptr;
    _verdict = nullptr;
    _verdictWord = nullptr;
    _verdictMessage = nullptr;
    _content->DestroyChildren();
    _content->GetSizer()->Clear();
    _error->SetLabel("");
    _confirm->Enable();
    _confirm->SetLabel(_("Confirm"));
    _confirm->SetBackgroundColour(wxColour(0, 122, 51));
    _confirm->SetForegroundColour(*wxWHITE);

    const auto& step = _run->current();
    _skip->Show(step.skippable);
    _progress->SetLabel(wxString::Format(_("%s - step %zu of %zu"), tr(_run->definition().title),
                                         _run->records().size() + 1, _run->definition().steps.size()));
    _title->SetLabel(tr(step.title));
    _instruction->SetLabel(tr(step.instruction));
    _instruction->Wrap(GetClientSize().GetWidth() > 200 ? GetClientSize().GetWidth() - 64 : 1000);

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
    _buttons->Layout();
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
    for (const auto& finding : step.findings) {
        auto* no = bigToggle(_content, _("No"), "finding:" + wxString::FromUTF8(finding.id) + ":no");
        auto* yes = bigToggle(_content, _("Yes"), "finding:" + wxString::FromUTF8(finding.id) + ":yes");
        no->SetMinSize(wxSize(140, kTouch - 8));
        yes->SetMinSize(wxSize(140, kTouch - 8));
        no->Bind(wxEVT_TOGGLEBUTTON, [no, yes](wxCommandEvent&) {
            setToggle(no, true);
            setToggle(yes, false);
        });
        yes->Bind(wxEVT_TOGGLEBUTTON, [no, yes](wxCommandEvent&) {
            setToggle(yes, true, true);
            setToggle(no, false);
        });
        _findingButtons[finding.id] = {no, yes};
        grid->Add(text(_content, tr(finding.label), 1.5), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 24);
        grid->Add(no);
        grid->Add(yes);
    }
    row->Add(grid, 0, wxRIGHT, 32);
    auto* noteColumn = new wxBoxSizer(wxVERTICAL);
    _note = new wxTextCtrl(_content, wxID_ANY, "", wxDefaultPosition, wxSize(-1, 3 * kTouch), wxTE_MULTILINE,
                           wxDefaultValidator, "note");
    _note->SetFont(scaledFont(this, 1.4));
    noteColumn->Add(text(_content, _("Note (needed when any finding is yes)"), 1.3), 0, wxBOTTOM, 4);
    noteColumn->Add(_note, 1, wxEXPAND);
    row->Add(noteColumn, 1, wxEXPAND);
    _content->GetSizer()->Add(row, 1, wxEXPAND);
}

void ChecklistPanel::buildNumber(const sdk::Step& step)
{
    _numberText = wxString::FromUTF8(core::formatNumber(step.defaultValue));
    _numberFresh = true;
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    _numberDisplay = text(_content, "", 3.0, true, "number");
    _numberDisplay->SetMinSize(wxSize(320, -1));
    auto* range =
        text(_content,
             wxString::Format(_("From %s to %s %s"), wxString::FromUTF8(core::formatNumber(step.minimum)),
                              wxString::FromUTF8(core::formatNumber(step.maximum)), wxString::FromUTF8(step.unit)),
             1.3);
    auto* left = new wxBoxSizer(wxVERTICAL);
    left->Add(_numberDisplay, 0, wxBOTTOM, 8);
    left->Add(range);
    row->Add(left, 0, wxRIGHT, 48);
    row->Add(new Keypad(_content, true, [this](const wxString& key) { onKey(key); }));
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
    } else if (key == ".") {
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
    _countdown = text(_content, "", 5.0, true, "countdown");
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
    auto* sizer = _content->GetSizer();
    wxString detail = tr(step.expect.detail);
    if (step.expect.unitsPerMl > 0)
        detail += wxString::Format(_(": %s units/mL"), wxString::FromUTF8(core::unitsText(step.expect.unitsPerMl)));
    if (step.expect.volumeMl > 0)
        detail += wxString::Format(_(", %s mL"), wxString::FromUTF8(core::formatNumber(step.expect.volumeMl)));
    if (!detail.empty())
        sizer->Add(text(_content, detail, 2.0, true, "expected"), 0, wxBOTTOM, 12);
    if (!_verifier) {
        auto* byEye = text(_content,
                           _("Barcode scanning is not available here: check the product against the order by "
                             "eye, then confirm."),
                           1.4);
        byEye->Wrap(1100);
        sizer->Add(byEye, 0, wxBOTTOM, 8);
        _confirm->SetLabel(_("Checked by eye - confirm"));
        return;
    }
    sizer->Add(text(_content, _("Scan the barcode now."), 1.6, false, "scan-prompt"), 0, wxBOTTOM, 12);
    _verdict = new wxPanel(_content, wxID_ANY, wxDefaultPosition, wxDefaultSize, 0, "verdict");
    auto* verdictSizer = new wxBoxSizer(wxHORIZONTAL);
    _verdictWord = text(_verdict, "", 3.0, true, "verdict-word");
    _verdictMessage = text(_verdict, "", 1.5, true, "verdict-message");
    verdictSizer->Add(_verdictWord, 0, wxALL | wxALIGN_CENTER_VERTICAL, 16);
    verdictSizer->Add(_verdictMessage, 1, wxALL | wxALIGN_CENTER_VERTICAL, 16);
    _verdict->SetSizer(verdictSizer);
    _verdict->Hide();
    sizer->Add(_verdict, 0, wxEXPAND | wxBOTTOM, 12);
    if (!_demoScans.empty()) {
        sizer->Add(text(_content, _("Demo scanner:"), 1.2, true), 0, wxBOTTOM, 4);
        auto* row = new wxWrapSizer(wxHORIZONTAL);
        for (std::size_t i = 0; i < _demoScans.size(); ++i) {
            auto* b = bigButton(_content, _demoScans[i].first, wxString::Format("sim:%zu", i), 0.95);
            b->SetMinSize(wxSize(-1, 48));
            b->Bind(wxEVT_BUTTON, [this, bytes = _demoScans[i].second](wxCommandEvent&) { onScan(bytes); });
            row->Add(b, 0, wxRIGHT | wxBOTTOM, 8);
        }
        sizer->Add(row, 0, wxEXPAND);
    }
    _confirm->SetLabel(_("No barcode - checked by eye"));
    _confirm->SetBackgroundColour(wxNullColour); // the scan is the way on; this is the exception
    _confirm->SetForegroundColour(wxNullColour);
}

wxString ChecklistPanel::verdictWord() const
{
    return _verdictWord && _verdict->IsShown() ? _verdictWord->GetLabel() : wxString();
}

void ChecklistPanel::showVerdict(const core::Verdict& verdict)
{
    if (!_verdict)
        return;
    wxColour background;
    switch (verdict.level) {
    case core::Verdict::Level::Pass:
        _verdictWord->SetLabel(_("PASS"));
        background = wxColour(0, 122, 51);
        break;
    case core::Verdict::Level::Warn:
        _verdictWord->SetLabel(_("CHECK"));
        background = wxColour(178, 95, 0);
        break;
    case core::Verdict::Level::Stop:
        _verdictWord->SetLabel(_("STOP"));
        background = wxColour(176, 0, 32);
        break;
    }
    _verdict->SetBackgroundColour(background);
    _verdictWord->SetForegroundColour(*wxWHITE);
    _verdictMessage->SetForegroundColour(*wxWHITE);
    _verdictMessage->SetLabel(wxString::FromUTF8(verdict.message));
    _verdictMessage->Wrap(900);
    _verdict->Show();
    _verdict->Refresh();
    _content->Layout();
    Layout();
}

void ChecklistPanel::onScan(const std::string& bytes)
{
    if (!_run || _run->finished() || !_verifier)
        return;
    const auto& step = _run->current();
    if (step.type != sdk::StepType::Scan) {
        showError(_("A barcode was scanned, but this step does not take a scan. Nothing was recorded."));
        return;
    }
    const auto result = _verifier->check(bytes, step.expect, _run->patient());
    showVerdict(result.verdict);
    if (result.verdict.level == core::Verdict::Level::Stop)
        return; // the step stays open; the stop is on screen
    sdk::StepAnswer answer;
    answer.scan = bytes;
    if (result.verdict.level == core::Verdict::Level::Pass) {
        // After this event, so the green verdict is painted before the next step replaces it.
        CallAfter([this, answer] { submit(answer); });
        return;
    }
    submit(answer); // a warning: submit asks for the reason
}

void ChecklistPanel::buildNote(const sdk::Step&)
{
    _note = new wxTextCtrl(_content, wxID_ANY, "", wxDefaultPosition, wxSize(-1, 3 * kTouch), wxTE_MULTILINE,
                           wxDefaultValidator, "note");
    _note->SetFont(scaledFont(this, 1.4));
    _content->GetSizer()->Add(_note, 0, wxEXPAND);
}

sdk::StepAnswer ChecklistPanel::collectAnswer(bool& ok)
{
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
    case sdk::StepType::Number:
        if (!_numberText.ToCDouble(&answer.number)) {
            showError(_("Enter a number with the keypad."));
            ok = false;
        }
        break;
    default: break;
    }
    if (_note)
        answer.note = _note->GetValue().ToStdString(wxConvUTF8);
    return answer;
}

void ChecklistPanel::submit(const sdk::StepAnswer& answer)
{
    if (!_run || _run->finished())
        return;
    try {
        _run->confirm(answer);
    } catch (const core::OverrideNeeded& warning) {
        askReason(tr(warning.what()) + "\n" + _("Continue anyway? Choose why:"),
                  {_("Prescriber's order"), _("Checked with the pharmacist"), _("Clinical judgement, see note")},
                  [this, answer](const std::string& reason) {
                      auto withReason = answer;
                      withReason.overrideReason = reason;
                      submit(withReason);
                  });
        return;
    } catch (const core::StepRejected& e) {
        showError(tr(e.what()));
        return;
    } catch (const std::exception& e) {
        // The store could not save the step: it is not confirmed, and the nurse must know.
        showError(wxString::FromUTF8(e.what()));
        return;
    }
    afterChange();
}

void ChecklistPanel::afterChange()
{
    if (_run->finished()) {
        _timer.Stop();
        endReasons();
        if (_onFinished)
            _onFinished(*_run);
        return;
    }
    showStep();
}

void ChecklistPanel::askReason(const wxString& question, const std::vector<wxString>& reasons,
                               std::function<void(const std::string&)> then)
{
    _content->Hide();
    _buttons->Hide();
    _error->SetLabel("");
    _reasons->ask(
        question, reasons,
        [this, then](const wxString& reason) {
            endReasons();
            // After the button's own event: the next question may replace the buttons.
            CallAfter([then, chosen = reason.ToStdString(wxConvUTF8)] { then(chosen); });
        },
        [this] { endReasons(); });
    _reasons->Show();
    Layout();
}

void ChecklistPanel::endReasons()
{
    _reasons->Hide();
    _content->Show();
    _buttons->Show();
    Layout();
}

} // namespace portside::app
