#include "ChecklistPanel.h"

#include "BadgePinPad.h"

#include "PatientBanner.h"
#include "Translations.h"
#include "ViewfinderPanel.h"
#include "Widgets.h"

#include "portside/core/EventStore.h"

#include <wx/button.h>
#include <wx/sizer.h>
#include <wx/statbmp.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/tglbtn.h>
#include <wx/wrapsizer.h>

namespace portside::app {

namespace {
const wxColour kGreen(0, 122, 51), kAmber(178, 95, 0), kRed(176, 0, 32), kDisabled(214, 214, 210);
}

ChecklistPanel::ChecklistPanel(wxWindow* parent, Shell& shell)
    : ShellPage(parent, shell, "checklist-panel"), _timer(this)
{
    auto* outer = new wxBoxSizer(wxVERTICAL);
    _banner = new PatientBanner(this);
    _progress = text(this, "", 1.3, false, "progress");
    _title = text(this, "", 2.4, true, "step-title");
    _instruction = text(this, "", 1.5, false, "instruction");
    _content = new wxPanel(this, wxID_ANY);
    _content->SetSizer(new wxBoxSizer(wxVERTICAL));
    _reasons = new ReasonPicker(this);
    _reasons->Hide();

    // A second staff member's badge and PIN, for a step without a scan that needs a witness.
    _witness = new wxPanel(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, 0, "witness");
    _witness->SetBackgroundColour(wxColour(255, 244, 214));
    _witnessPad = new BadgePinPad(
        _witness, "witness", _("A second staff member checks this with you: their staff number"),
        _("The witness enters their PIN"),
        [this](const std::string& badge) { return _shell.session().pinChallenge(badge); },
        [this](const core::KioskSession::PinProof& proof) {
            if (!_witness->IsShown())
                return; // the overlay went meanwhile: the witness no longer confirms anything
            endOverlays();
            if (attempt([&] { _shell.session().confirmWithoutScan(_witnessReason, core::Witness{proof}); }))
                afterChange();
        },
        [this] { endOverlays(); });
    _witnessPad->SetBackgroundColour(_witness->GetBackgroundColour());
    auto* witnessSizer = new wxBoxSizer(wxVERTICAL);
    witnessSizer->Add(_witnessPad, 0, wxALL, 16);
    _witness->SetSizer(witnessSizer);
    _witness->Hide();

    // The lot read from the package, when the barcode has none and lots of the product are recalled.
    _lot = new wxPanel(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, 0, "lot");
    _lot->SetBackgroundColour(wxColour(255, 244, 214));
    auto* lotRow = new wxBoxSizer(wxHORIZONTAL);
    lotRow->Add(text(_lot, _("Lot on the package:"), 1.5, true), 0, wxALL | wxALIGN_CENTER_VERTICAL, 16);
    _lotEntry = new wxTextCtrl(_lot, wxID_ANY, "", wxDefaultPosition, wxSize(320, kTouch), wxTE_PROCESS_ENTER,
                               wxDefaultValidator, "lot-entry");
    _lotEntry->SetFont(scaledFont(this, 1.6));
    lotRow->Add(_lotEntry, 0, wxALL | wxALIGN_CENTER_VERTICAL, 16);
    auto* lotOk = bigButton(_lot, _("Check this lot"), "lot-ok");
    auto* lotBack = bigButton(_lot, _("Go back"), "lot-back");
    lotRow->Add(lotOk, 0, wxALL, 16);
    lotRow->Add(lotBack, 0, wxALL, 16);
    _lot->SetSizer(lotRow);
    _lot->Hide();
    auto checkLot = [this] {
        const std::string lot = _lotEntry->GetValue().Upper().Trim().Trim(false).ToStdString(wxConvUTF8);
        const std::string scan = _lotScan;
        if (lot.empty())
            return;
        endOverlays();
        submitScan(scan, {}, lot);
    };
    lotOk->Bind(wxEVT_BUTTON, [checkLot](wxCommandEvent&) { checkLot(); });
    _lotEntry->Bind(wxEVT_TEXT_ENTER, [checkLot](wxCommandEvent&) { checkLot(); });
    lotBack->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { endOverlays(); });

    // After a resume: the patient is confirmed again before the run goes on.
    _identity = new wxPanel(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, 0, "identity");
    _identity->SetBackgroundColour(wxColour(255, 244, 214));
    auto* identitySizer = new wxBoxSizer(wxVERTICAL);
    _identityText = text(_identity, "", 1.8, true, "identity-question");
    auto* byBirthDate = bigButton(_identity, _("Confirm by date of birth instead"), "identity-by-birth-date", 1.3);
    byBirthDate->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { _shell.show(Page::Ward); });
    identitySizer->Add(_identityText, 0, wxALL, 16);
    identitySizer->Add(byBirthDate, 0, wxLEFT | wxRIGHT | wxBOTTOM, 16);
    _identity->SetSizer(identitySizer);
    _identity->Hide();

    // The on-screen keyboard for the step's note: what is typed shows above the keys as it goes into the note.
    _keyboard = new wxPanel(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, 0, "keyboard");
    auto* keyboardSizer = new wxBoxSizer(wxVERTICAL);
    _keyboardNote = text(_keyboard, "", 1.5, false, "keyboard-note");
    keyboardSizer->Add(text(_keyboard, _("Note"), 1.3, true), 0, wxBOTTOM, 4);
    keyboardSizer->Add(_keyboardNote, 0, wxBOTTOM | wxEXPAND, 12);
    keyboardSizer->Add(new TouchKeyboard(
        _keyboard,
        [this](const wxString& typed) {
            if (_note)
                _note->AppendText(typed);
            showKeyboardNote();
        },
        [this] {
            if (_note && !_note->GetValue().empty())
                _note->Remove(_note->GetLastPosition() - 1, _note->GetLastPosition());
            showKeyboardNote();
        },
        [this] { endOverlays(); }));
    _keyboard->SetSizer(keyboardSizer);
    _keyboard->Hide();

    _error = text(this, "", 1.6, true, "error");
    _error->SetForegroundColour(kRed);

    _buttons = new wxPanel(this);
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    _cancel = bigButton(_buttons, _("Cancel checklist"), "cancel");
    _back = bigButton(_buttons, _("Step before"), "back-step");
    _skip = bigButton(_buttons, _("Skip step"), "skip");
    _noBarcode = bigButton(_buttons, _("Barcode will not scan"), "no-barcode");
    _noLabel = bigButton(_buttons, _("No printed label"), "no-label");
    _confirm = bigButton(_buttons, _("Confirm"), "confirm");
    _confirm->SetMinSize(wxSize(360, kTouch + 16));
    row->Add(_cancel, 0, wxALL, 8);
    row->Add(_back, 0, wxALL, 8);
    row->Add(_skip, 0, wxALL, 8);
    row->Add(_noBarcode, 0, wxALL, 8);
    row->Add(_noLabel, 0, wxALL, 8);
    row->AddStretchSpacer();
    _buttonRow = row;
    auto* buttonsSizer = new wxBoxSizer(wxVERTICAL);
    buttonsSizer->Add(row, 0, wxEXPAND);
    _buttons->SetSizer(buttonsSizer);
    arrangeButtons();

    outer->Add(_banner, 0, wxLEFT | wxRIGHT | wxTOP | wxEXPAND, 12);
    outer->Add(_progress, 0, wxLEFT | wxRIGHT | wxTOP, 24);
    outer->Add(_title, 0, wxLEFT | wxRIGHT | wxTOP, 24);
    outer->Add(_instruction, 0, wxLEFT | wxRIGHT | wxTOP | wxBOTTOM | wxEXPAND, 16);
    outer->Add(_content, 1, wxLEFT | wxRIGHT | wxEXPAND, 24);
    outer->Add(_reasons, 0, wxLEFT | wxRIGHT | wxEXPAND, 24);
    outer->Add(_witness, 0, wxLEFT | wxRIGHT | wxEXPAND, 24);
    outer->Add(_lot, 0, wxLEFT | wxRIGHT | wxEXPAND, 24);
    outer->Add(_identity, 0, wxLEFT | wxRIGHT | wxEXPAND, 24);
    outer->Add(_keyboard, 0, wxLEFT | wxRIGHT | wxEXPAND, 24);
    outer->Add(_error, 0, wxLEFT | wxRIGHT | wxTOP | wxEXPAND, 16);
    outer->Add(_buttons, 0, wxALL | wxEXPAND, 12);
    _error->Hide(); // shown with a message only: an empty line would take a step's room
    SetSizer(outer);

    _confirm->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        attempt([this] { // the run may be gone (the patient's record could not be read): said, never a crash
            bool ok = true;
            const auto answer = collectAnswer(ok);
            if (ok)
                submit(answer);
        });
    });
    _skip->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        askReason(_("Why is this step skipped?"),
                  {_("Not needed for this patient"), _("Done earlier and documented"), _("Patient declined")},
                  [this](const std::string& reason) {
                      if (attempt([&] { _shell.session().skip(reason); }))
                          afterChange();
                  });
    });
    _noBarcode->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { withoutScan(); });
    _back->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        askReason(_("Go back to the step before and do it again? What was recorded stays, marked corrected. Why?"),
                  {_("Answered by mistake"), _("Done again"), _("The patient's answer changed")},
                  [this](const std::string& reason) {
                      if (attempt([&] { _shell.session().back(reason); }))
                          afterChange();
                  });
    });
    _noLabel->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        askReason(_("Why is there no printed label? Write the label by hand."),
                  {_("No printer here"), _("Printer out of labels"), _("Printer fault")},
                  [this](const std::string& reason) {
                      if (attempt([&] { _shell.session().confirmWithoutLabel(reason); }))
                          afterChange();
                  });
    });
    _cancel->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        askReason(
            _("Cancel this checklist? The steps already confirmed stay recorded. Why is it cancelled?"),
            {_("Patient declined"), _("Patient unavailable"), _("Started in error"), _("Handed over to another nurse")},
            [this](const std::string& reason) {
                if (!attempt([&] { _shell.session().cancel(reason); }))
                    return;
                _timer.Stop();
                _shell.show(Page::Patient);
            });
    });
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { onTick(); });
}

wxString ChecklistPanel::tr(const std::string& msgid) const
{
    return translate(msgid, _domain);
}

bool ChecklistPanel::attempt(const std::function<void()>& action)
{
    try {
        action();
        return true;
    } catch (const core::RunChanged& e) {
        stepChanged(e);
    } catch (const core::Problem& e) {
        showError(_shell.say(e.text()));
    } catch (const std::exception& e) {
        // The store could not save the step: it is not confirmed, and the nurse must know.
        showError(wxString::FromUTF8(e.what()));
    }
    return false;
}

void ChecklistPanel::enter()
{
    auto& session = _shell.session();
    _domain = session.definition().textDomain;
    addCatalog(_domain);
    _banner->show(session.patient());
    showStep();
}

void ChecklistPanel::refresh(bool runChanged)
{
    // New reference data leaves the step as it was: what the nurse has entered (answers, note, the witness's PIN,
    // an open question) stays. Only a run that now follows a changed flag or lock order shows its step again.
    if (runChanged)
        return enter();
    _banner->show(_shell.session().patient());
    showLabelState(); // a label that printed meanwhile
    onTick();         // a wait that ran on meanwhile
    Layout();
}

void ChecklistPanel::stepChanged(const core::RunChanged& e)
{
    // The run follows a changed flag or lock order: nothing was recorded; the step as it is now, and why.
    showStep();
    showError(_shell.say(e.text()));
}

bool ChecklistPanel::waiting() const
{
    // While the wait runs, and never longer than it was when shown (a clock set back does not hold the lock off).
    return _countdown && _shell.session().running() && _shell.session().step().waitMs > 0 &&
           std::chrono::steady_clock::now() < _waitShownUntil;
}

wxString ChecklistPanel::errorText() const
{
    return _error->GetLabel();
}

void ChecklistPanel::showError(const wxString& message)
{
    _error->SetLabel(message);
    _error->Wrap(lineWidth(this));
    _error->Show(!message.empty());
    Layout();
}

void ChecklistPanel::showStep()
{
    auto& session = _shell.session();
    if (!session.running())
        return;
    _timer.Stop();
    endOverlays();
    _choiceButtons.clear();
    _findingButtons.clear();
    _note = nullptr;
    _numberDisplay = nullptr;
    _countdown = nullptr;
    _verdict = nullptr;
    _verdictWord = nullptr;
    _verdictMessage = nullptr;
    _labelPreview = nullptr;
    _print = nullptr;
    _labelThere = nullptr;
    _printStatus = nullptr;
    _content->DestroyChildren();
    _content->GetSizer()->Clear();
    _error->SetLabel("");
    _error->Hide();
    enableConfirm(true);
    arrangeButtons();

    const auto state = session.step();
    const auto& step = *state.step;
    updateActions(state);
    if (!session.staleReason().empty()) {
        // The run cannot follow its patient's record any more: say so at once, and only Cancel helps.
        showError(_shell.say(session.staleReason()));
        enableConfirm(false);
    }
    if (session.identityPending()) {
        // Reopened after sign-in: the banner shows who the run is for, and the wristband confirms it is them.
        _identityText->SetLabel(
            wxString::Format(_("This checklist was interrupted. Scan the wristband of %s to go on."),
                             wxString::FromUTF8(session.patient().record.displayName)));
        _identityText->Wrap(lineWidth(this, 100));
        showOverlay(_identity);
    }
    _progress->SetLabel(
        wxString::Format(_("%s - step %zu of %zu"), tr(session.definition().title), state.number, state.total));
    _title->SetLabel(tr(step.title));
    _instruction->SetLabel(tr(step.instruction));
    _instruction->Wrap(lineWidth(this, 48));

    switch (step.type) {
    case sdk::StepType::Confirm:
        if (step.role == sdk::StepRole::Label)
            buildLabel();
        break;
    case sdk::StepType::Choice: buildChoice(step); break;
    case sdk::StepType::Assessment: buildAssessment(step); break;
    case sdk::StepType::Number: buildNumber(step); break;
    case sdk::StepType::TimedWait: buildTimedWait(); break;
    case sdk::StepType::Scan: buildScan(state); break;
    case sdk::StepType::Note: buildNote(); break;
    }
    _content->Layout();
    _buttons->Layout();
    Layout();
}

void ChecklistPanel::updateActions(const core::StepState& state)
{
    // Only what the session allows at this step is offered: after a STOP, no "barcode will not scan" and no skip.
    const auto& step = *state.step;
    _skip->Show(state.canSkip);
    _back->Show(!_shell.session().records().empty());
    _confirm->Show(step.type != sdk::StepType::Scan);
    _noBarcode->Show(step.type == sdk::StepType::Scan && state.noScan != core::NoScanFallback::NotOffered);
    _noLabel->Show(step.role == sdk::StepRole::Label);
    _buttons->Layout();
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
    // Findings on the left, the note on the right, so everything fits one screen without scrolling; on a narrow
    // (portrait) screen the note goes under the findings.
    auto* row = new wxBoxSizer(narrow(this) ? wxVERTICAL : wxHORIZONTAL);
    auto* grid = new wxFlexGridSizer(3, 6, 16);
    for (const auto& finding : step.findings) {
        auto* no = bigToggle(_content, _("No"), "finding:" + wxString::FromUTF8(finding.id) + ":no");
        auto* yes = bigToggle(_content, _("Yes"), "finding:" + wxString::FromUTF8(finding.id) + ":yes");
        no->SetMinSize(wxSize(140, kTouch - 16)); // 56 px: five findings and their note fit a 768 px screen
        yes->SetMinSize(wxSize(140, kTouch - 16));
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
    // "None of these": every finding No in one tap (the nurse still confirms what she sees on screen).
    auto* none = bigToggle(_content, _("None of these"), "findings-none");
    none->SetMinSize(wxSize(-1, kTouch - 16));
    none->Bind(wxEVT_TOGGLEBUTTON, [this, none](wxCommandEvent&) {
        for (auto& [id, buttons] : _findingButtons) {
            setToggle(buttons.first, true);
            setToggle(buttons.second, false);
        }
        setToggle(none, false);
    });
    auto* findings = new wxBoxSizer(wxVERTICAL);
    findings->Add(grid);
    if (narrow(this)) // under the findings on a tall screen, at the head of the note's column on a wide one
        findings->Add(none, 0, wxTOP | wxEXPAND, 8);
    row->Add(findings, 0, narrow(this) ? wxBOTTOM : wxRIGHT, narrow(this) ? 16 : 32);
    auto* noteColumn = new wxBoxSizer(wxVERTICAL);
    _note = new wxTextCtrl(_content, wxID_ANY, "", wxDefaultPosition, wxSize(-1, 2 * kTouch), wxTE_MULTILINE,
                           wxDefaultValidator, "note");
    _note->SetFont(scaledFont(this, 1.4));
    auto* noteLabel = text(_content, _("Note (needed when any finding is yes)"), 1.3);
    noteLabel->Wrap(narrow(this) ? lineWidth(this) : std::max(200, lineWidth(this) - 620));
    auto* head = new wxBoxSizer(wxHORIZONTAL);
    if (!narrow(this))
        head->Add(none, 0, wxRIGHT, 8);
    head->Add(keyboardButton(), 0);
    noteColumn->Add(head, 0, wxBOTTOM, 16);
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
    _numberDisplay = text(_content, "", 3.0, true, "number");
    _numberDisplay->SetMinSize(wxSize(320, -1));
    auto* range = text(_content,
                       wxString::Format(_("From %s to %s %s"), screenNumber(core::formatNumber(step.minimum)),
                                        screenNumber(core::formatNumber(step.maximum)), wxString::FromUTF8(step.unit)),
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
        _numberDisplay->SetLabel((_numberText.empty() ? wxString("-") : screenNumber(_numberText.ToStdString())) + " " +
                                 wxString::FromUTF8(_shell.session().step().step->unit));
}

void ChecklistPanel::arrangeButtons()
{
    // Confirm at the right of the row on a wide screen; on a narrow one, under the other buttons, across the width.
    auto* sizer = _buttons->GetSizer();
    if (!sizer->Detach(_confirm))
        _buttonRow->Detach(_confirm);
    if (narrow(this)) {
        sizer->Add(_confirm, 0, wxALL | wxEXPAND, 8);
    } else {
        _confirm->SetMinSize(wxSize(360, kTouch + 16));
        _buttonRow->Add(_confirm, 0, wxALL, 8);
    }
}

void ChecklistPanel::enableConfirm(bool on)
{
    // A Confirm that cannot be pressed looks it: grey, not the green of a button waiting for a finger.
    if (_confirm->IsEnabled() == on && _confirm->GetBackgroundColour() == (on ? kGreen : kDisabled))
        return;
    _confirm->Enable(on);
    _confirm->SetBackgroundColour(on ? kGreen : kDisabled);
    _confirm->SetForegroundColour(on ? *wxWHITE : wxColour(90, 90, 90));
    _confirm->Refresh();
}

void ChecklistPanel::buildTimedWait()
{
    _countdown = text(_content, "", 5.0, true, "countdown");
    _content->GetSizer()->Add(_countdown, 0, wxALIGN_CENTER_HORIZONTAL | wxTOP, 24);
    _waitShownUntil = std::chrono::steady_clock::now() + std::chrono::milliseconds(_shell.session().step().waitMs) +
                      std::chrono::seconds(2);
    onTick();
    _timer.Start(200);
}

void ChecklistPanel::onTick()
{
    if (!_countdown || !_shell.session().running())
        return;
    const long long left = _shell.session().step().waitMs;
    const long long seconds = (left + 999) / 1000;
    if (left == 0) {
        _countdown->SetLabel(_("Done"));
        _countdown->SetForegroundColour(kGreen);
        _timer.Stop();
    } else {
        _countdown->SetLabel(wxString::Format(_("%lld:%02lld left"), seconds / 60, seconds % 60));
    }
    enableConfirm(left == 0);
    _content->Layout();
}

void ChecklistPanel::buildScan(const core::StepState& state)
{
    auto* sizer = _content->GetSizer();
    const auto& expect = state.expect;
    wxString detail = tr(expect.detail);
    if (expect.unitsPerMl > 0)
        detail += wxString::Format(_(": %s units/mL"), wxString::FromUTF8(core::unitsText(expect.unitsPerMl)));
    if (expect.volumeMl > 0)
        detail += wxString::Format(_(", %s mL"), screenNumber(core::formatNumber(expect.volumeMl)));
    if (expect.dressingType == "tsm")
        detail += _("Transparent membrane dressing");
    else if (expect.dressingType == "gauze")
        detail += _("Gauze dressing");
    if (!detail.empty())
        sizer->Add(text(_content, detail, 2.0, true, "expected"), 0, wxBOTTOM, 12);
    sizer->Add(text(_content, _("Scan the barcode now."), 1.6, false, "scan-prompt"), 0, wxBOTTOM, 12);
    if (const auto* viewfinder = _shell.viewfinder())
        sizer->Add(new ViewfinderPanel(_content, *viewfinder), 0, wxBOTTOM, 12);
    _verdict = new wxPanel(_content, wxID_ANY, wxDefaultPosition, wxDefaultSize, 0, "verdict");
    auto* verdictSizer = new wxBoxSizer(wxHORIZONTAL);
    _verdictWord = text(_verdict, "", 3.0, true, "verdict-word");
    _verdictMessage = text(_verdict, "", 1.5, true, "verdict-message");
    verdictSizer->Add(_verdictWord, 0, wxALL | wxALIGN_CENTER_VERTICAL, 16);
    verdictSizer->Add(_verdictMessage, 1, wxALL | wxALIGN_CENTER_VERTICAL, 16);
    _verdict->SetSizer(verdictSizer);
    _verdict->Hide();
    sizer->Add(_verdict, 0, wxEXPAND | wxBOTTOM, 12);
    if (state.stopped) {
        // Reopened after a STOP (a restart, a crash, another sign-in): it is still a stop.
        showVerdict({core::Verdict::Level::Stop, "", state.stopMessage, nullptr});
        _verdictMessage->SetLabel(_verdictMessage->GetLabel() + "\n" + _shell.say(state.noScanWhy));
        _verdictMessage->Wrap(lineWidth(this, 260));
    }
    if (_shell.demo()) {
        sizer->Add(text(_content, _("Demo scanner:"), 1.2, true), 0, wxBOTTOM, 4);
        auto* row = new wxWrapSizer(wxHORIZONTAL);
        const auto scans = _shell.session().demoScans();
        for (std::size_t i = 0; i < scans.size(); ++i) {
            auto* b = bigButton(_content, _shell.say(scans[i].label), wxString::Format("sim:%zu", i), 0.95);
            b->SetMinSize(wxSize(-1, 48));
            b->Bind(wxEVT_BUTTON, [this, bytes = scans[i].bytes](wxCommandEvent&) { onScan(bytes); });
            row->Add(b, 0, wxRIGHT | wxBOTTOM, 8);
        }
        sizer->Add(row, 0, wxEXPAND);
    }
}

void ChecklistPanel::buildLabel()
{
    auto* sizer = _content->GetSizer();
    _labelPreview = new wxStaticBitmap(_content, wxID_ANY, wxBitmap(1, 1), wxDefaultPosition, wxDefaultSize,
                                       wxBORDER_SIMPLE, "label-preview");
    _print = bigButton(_content, _("Print label"), "print-label");
    _print->SetBackgroundColour(kGreen);
    _print->SetForegroundColour(*wxWHITE);
    _printStatus = text(_content, "", 1.3, true, "print-status");
    _labelThere = bigButton(_content, _("The label is there"), "label-there");
    _labelThere->Hide();
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    row->Add(_labelPreview, 0, wxRIGHT, 24);
    auto* column = new wxBoxSizer(wxVERTICAL);
    column->Add(_print, 0, wxBOTTOM, 12);
    column->Add(_printStatus, 0, wxBOTTOM, 12);
    column->Add(_labelThere);
    row->Add(column, 1);
    sizer->Add(row, 0, wxEXPAND);
    try {
        _labelPreview->SetBitmap(rasterBitmap(_shell.session().labelPreview(), 0.5));
    } catch (const core::Problem& e) {
        _labelPreview->Hide();
        _print->Hide();
        _printStatus->SetLabel(_shell.say(e.text()));
    }
    _print->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (attempt([&] { _shell.session().printLabel(); }))
            showLabelState();
    });
    _labelThere->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (attempt([&] { _shell.session().labelIsThere(); }))
            showLabelState();
    });
    showLabelState();
}

void ChecklistPanel::showLabelState()
{
    if (!_printStatus)
        return;
    const auto st = _shell.session().labelState();
    // "Label printed" only when a printer took it; until then the step waits for it (or for a reason).
    enableConfirm(st.printed);
    if (st.printed)
        _printStatus->SetLabel(_("Label printed. Stick it on the dressing, then confirm."));
    else if (st.unconfirmed) // it may have printed: never "it waits and prints"
        _printStatus->SetLabel(_shell.say(st.reason));
    else if (st.state == "failed")
        _printStatus->SetLabel(_shell.say(st.reason) + " " +
                               _("The label waits and prints when the printer is ready."));
    else if (!st.job.empty())
        _printStatus->SetLabel(_("Sending the label to the printer..."));
    if (_print && !st.job.empty())
        _print->SetLabel(_("Print again"));
    if (_labelThere)
        _labelThere->Show(st.unconfirmed && !st.printed);
    _printStatus->Wrap(narrow(this) ? lineWidth(this, 64) : lineWidth(this, 700));
    _content->Layout();
    Layout();
}

void ChecklistPanel::onPrintJob(const core::PrintJob&)
{
    if (_shell.session().running() && _printStatus)
        showLabelState();
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
        background = kGreen;
        break;
    case core::Verdict::Level::Warn:
        _verdictWord->SetLabel(_("CHECK"));
        background = kAmber;
        break;
    case core::Verdict::Level::Stop:
        _verdictWord->SetLabel(_("STOP"));
        background = kRed;
        break;
    }
    _verdict->SetBackgroundColour(background);
    _verdictWord->SetForegroundColour(*wxWHITE);
    _verdictMessage->SetForegroundColour(*wxWHITE);
    _verdictMessage->SetLabel(_shell.say(verdict.message));
    _verdictMessage->Wrap(lineWidth(this, 260));
    _verdict->Show();
    _verdict->Refresh();
    _content->Layout();
    Layout();
}

void ChecklistPanel::onScan(const std::string& bytes)
{
    auto& session = _shell.session();
    if (!session.running())
        return;
    if (session.identityPending()) {
        try {
            session.openByWristband(bytes); // the same patient: the run goes on; another: refused, naming both
        } catch (const std::exception& e) {
            showError(_shell.say(e));
            return;
        }
        _banner->show(session.patient());
        showStep();
        return;
    }
    if (_lot->IsShown()) { // the lot asked for: a lot barcode scanned here is that lot, not another product
        const std::string product = _lotScan;
        endOverlays();
        submitScan(product, {}, bytes);
        return;
    }
    if (_witness->IsShown()) { // the witness's badge, scanned at the witness keypad: then their PIN
        try {
            _witnessPad->badgeScanned(session.badgeFromScan(bytes), _("The witness enters their PIN"));
        } catch (const std::exception& e) {
            _witnessPad->tell(_shell.say(e));
        }
        return;
    }
    if (session.step().step->type != sdk::StepType::Scan) {
        showError(_("A barcode was scanned, but this step does not take a scan. Nothing was recorded."));
        return;
    }
    endOverlays();
    submitScan(bytes, {}, {});
}

void ChecklistPanel::submitScan(const std::string& bytes, const std::string& reason, const std::string& lot)
{
    core::ScanResult result;
    try {
        result = _shell.session().scan(bytes, reason, lot);
    } catch (const core::OverrideNeeded& warning) {
        askOverride(warning.text(), [this, bytes, lot](const std::string& chosen) { submitScan(bytes, chosen, lot); });
        return;
    } catch (const core::RunChanged& e) {
        stepChanged(e);
        return;
    } catch (const core::Problem& e) {
        showError(_shell.say(e.text()));
        return;
    } catch (const std::exception& e) {
        showError(wxString::FromUTF8(e.what()));
        return;
    }
    showVerdict(result.verdict);
    if (result.confirmed) {
        // After this event, so the green verdict is painted before the next step replaces it.
        CallAfter([this] { afterChange(); });
        return;
    }
    if (result.needsLot) {
        askLot(bytes);
        return;
    }
    if (result.needsReason) {
        askOverride(result.verdict.message,
                    [this, bytes, lot](const std::string& chosen) { submitScan(bytes, chosen, lot); });
        return;
    }
    // A STOP: the step stays open, the stop is on screen and in the record, and the ways around it are gone.
    updateActions(_shell.session().step());
    Layout();
}

void ChecklistPanel::askLot(const std::string& bytes)
{
    _lotScan = bytes;
    _lotEntry->Clear();
    _lot->Show(); // under the CHECK that says which lots are recalled
    _buttons->Hide();
    _lotEntry->SetFocus();
    Layout();
}

void ChecklistPanel::withoutScan()
{
    core::StepState state;
    if (!attempt([&] { state = _shell.session().step(); }))
        return;
    if (state.noScan == core::NoScanFallback::NotOffered) {
        showError(_shell.say(state.noScanWhy));
        return;
    }
    askReason(_("Why can the barcode not be scanned? Check the product against the order by eye."),
              {_("Barcode damaged or unreadable"), _("Scanner not working"), _("No barcode on the product")},
              [this, witness = state.noScan == core::NoScanFallback::WithWitness](const std::string& reason) {
                  if (witness) {
                      askWitness(reason);
                      return;
                  }
                  if (attempt([&] { _shell.session().confirmWithoutScan(reason); }))
                      afterChange();
              });
}

void ChecklistPanel::askWitness(const std::string& reason)
{
    _witnessReason = reason;
    _witnessPad->reset();
    showOverlay(_witness);
}

void ChecklistPanel::buildNote()
{
    _note = new wxTextCtrl(_content, wxID_ANY, "", wxDefaultPosition, wxSize(-1, 3 * kTouch), wxTE_MULTILINE,
                           wxDefaultValidator, "note");
    _note->SetFont(scaledFont(this, 1.4));
    _content->GetSizer()->Add(keyboardButton(), 0, wxBOTTOM, 8);
    _content->GetSizer()->Add(_note, 0, wxEXPAND);
}

wxButton* ChecklistPanel::keyboardButton()
{
    auto* b = bigButton(_content, _("Keyboard"), "note-keyboard", 1.2);
    b->SetMinSize(wxSize(-1, kTouch - 16));
    b->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        showKeyboardNote();
        showOverlay(_keyboard);
    });
    return b;
}

void ChecklistPanel::showKeyboardNote()
{
    _keyboardNote->SetLabel(_note ? _note->GetValue() + "|" : wxString("|"));
    _keyboardNote->Wrap(lineWidth(this, 64));
    _keyboard->Layout();
    Layout();
}

sdk::StepAnswer ChecklistPanel::collectAnswer(bool& ok)
{
    const auto& step = *_shell.session().step().step;
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
    if (!_shell.session().running())
        return;
    try {
        _shell.session().confirm(answer);
    } catch (const core::OverrideNeeded& warning) {
        askOverride(warning.text(), [this, answer](const std::string& reason) {
            auto withReason = answer;
            withReason.overrideReason = reason;
            submit(withReason);
        });
        return;
    } catch (const core::RunChanged& e) {
        stepChanged(e);
        return;
    } catch (const core::Problem& e) {
        showError(_shell.say(e.text()));
        return;
    } catch (const std::exception& e) {
        showError(wxString::FromUTF8(e.what()));
        return;
    }
    afterChange();
}

void ChecklistPanel::afterChange()
{
    auto& session = _shell.session();
    if (!session.hasRun())
        return;
    if (session.finished()) {
        _timer.Stop();
        endOverlays();
        _shell.show(Page::Summary);
        return;
    }
    _banner->show(session.patient()); // an allergy answered at the bedside shows at once
    showStep();
}

void ChecklistPanel::askReason(const wxString& question, const std::vector<wxString>& reasons,
                               std::function<void(const std::string&)> then)
{
    _error->SetLabel("");
    _error->Hide();
    _reasons->ask(
        question, reasons,
        [this, then](const wxString& reason) {
            endOverlays();
            // After the button's own event: the next question may replace the buttons.
            CallAfter([then, chosen = reason.ToStdString(wxConvUTF8)] { then(chosen); });
        },
        [this] { endOverlays(); });
    showOverlay(_reasons);
}

void ChecklistPanel::showOverlay(wxWindow* overlay)
{
    // One question at a time: the step's controls and buttons wait underneath.
    _content->Hide();
    _buttons->Hide();
    overlay->Show();
    Layout();
}

void ChecklistPanel::askOverride(const core::Text& warning, std::function<void(const std::string&)> then)
{
    askReason(_shell.say(warning) + "\n" + _("Continue anyway? Choose why:"),
              {_("Prescriber's order"), _("Checked with the pharmacist"), _("Clinical judgement, see note")},
              std::move(then));
}

void ChecklistPanel::endOverlays()
{
    _reasons->Hide();
    if (_witnessPad->checking())
        _witnessPad->reset(); // a witness's PIN still being checked confirms nothing once the overlay goes
    _witness->Hide();
    _lot->Hide();
    _identity->Hide();
    _keyboard->Hide();
    _content->Show();
    _buttons->Show();
    Layout();
    CallAfter([this] { _shell.keepFocus(); });
}

} // namespace portside::app
