#pragma once

#include "Shell.h"

#include <wx/timer.h>

#include <chrono>
#include <functional>
#include <map>
#include <optional>

class wxBoxSizer;
class wxButton;
class wxStaticBitmap;
class wxStaticText;
class wxTextCtrl;
class wxToggleButton;

namespace portside::app {

class BadgePinPad;
class PatientBanner;
class ReasonPicker;

/// The open checklist, one step per screen, with touch-sized controls for each step type. It asks the session for
/// everything: what the step is, whether a scan passes, whether a step may be skipped or done without a scan; it
/// decides nothing itself. Skip, override, cancel and a step without a scan ask for a reason; patient identity and
/// heparin without a scan also ask a second staff member's badge and PIN. Widgets carry names ("confirm", "skip",
/// "cancel", "no-barcode", "choice:<id>", "finding:<id>:yes", "key:7", "note", "countdown", "reason:0",
/// "witness:<key>", "witness-ok", "lot-entry", "lot-ok", "print-label", "no-label", "label-preview") so tests and
/// accessibility tools can find them.
class ChecklistPanel : public ShellPage {
public:
    ChecklistPanel(wxWindow* parent, Shell& shell);
    void enter() override;
    void refresh(bool runChanged) override;
    bool waiting() const override;
    /// A scan from any source (USB scanner, keyboard wedge, camera, the demo scanner), judged by the session: a pass
    /// completes the step, a STOP is shown and the step stays open, a warning asks for a reason.
    void onScan(const std::string& bytes) override;
    void onPrintJob(const core::PrintJob& job) override;

    /// The verdict shown for the last scan: "PASS", "STOP", "CHECK", or empty.
    wxString verdictWord() const;
    /// The message shown under the step (a refusal or a save failure); empty when none.
    wxString errorText() const;

private:
    void showStep();
    void updateActions(const core::StepState& state);
    void buildChoice(const sdk::Step& step);
    void buildAssessment(const sdk::Step& step);
    void buildNumber(const sdk::Step& step);
    void buildTimedWait();
    void enableConfirm(bool on);
    void arrangeButtons();
    void buildScan(const core::StepState& state);
    void buildNote();
    /// "Keyboard": the on-screen keyboard for the note, over the step.
    wxButton* keyboardButton();
    void showKeyboardNote();
    void buildLabel();
    void showLabelState();
    sdk::StepAnswer collectAnswer(bool& ok);
    void submit(const sdk::StepAnswer& answer);
    void submitScan(const std::string& bytes, const std::string& reason, const std::string& lot);
    void withoutScan();
    void askWitness(const std::string& reason);
    void askLot(const std::string& bytes);
    void askReason(const wxString& question, const std::vector<wxString>& reasons,
                   std::function<void(const std::string&)> then);
    /// A warning that needs a reason to go on (an override).
    void askOverride(const core::Text& warning, std::function<void(const std::string&)> then);
    void showOverlay(wxWindow* overlay);
    void endOverlays();
    void onKey(const wxString& key);
    void onTick();
    void showError(const wxString& text);
    void showVerdict(const core::Verdict& verdict);
    void updateNumberDisplay();
    void afterChange();
    /// Runs an action of the session; a refusal is shown under the step. Returns false when refused.
    bool attempt(const std::function<void()>& action);
    /// The session refused an action because the run changed under it: shows the step again with why.
    void stepChanged(const core::RunChanged& e);
    wxString tr(const std::string& msgid) const;

    PatientBanner* _banner = nullptr;
    wxStaticText* _progress = nullptr;
    wxStaticText* _title = nullptr;
    wxStaticText* _instruction = nullptr;
    wxPanel* _content = nullptr;
    ReasonPicker* _reasons = nullptr;
    wxPanel* _witness = nullptr;
    BadgePinPad* _witnessPad = nullptr;
    wxPanel* _lot = nullptr;
    wxTextCtrl* _lotEntry = nullptr;
    wxPanel* _keyboard = nullptr;
    wxStaticText* _keyboardNote = nullptr;
    wxPanel* _identity = nullptr;
    wxStaticText* _identityText = nullptr;
    wxStaticText* _error = nullptr;
    wxPanel* _buttons = nullptr;
    wxBoxSizer* _buttonRow = nullptr;
    wxButton* _confirm = nullptr;
    wxButton* _skip = nullptr;
    wxButton* _back = nullptr;
    wxButton* _cancel = nullptr;
    wxButton* _noBarcode = nullptr;
    wxButton* _noLabel = nullptr;
    wxTimer _timer;
    std::chrono::steady_clock::time_point _waitShownUntil; ///< when the timed wait on screen must be over

    // per-step state
    std::string _domain;
    std::map<std::string, wxToggleButton*> _choiceButtons;
    std::map<std::string, std::pair<wxToggleButton*, wxToggleButton*>> _findingButtons; // id -> (no, yes)
    wxTextCtrl* _note = nullptr;
    wxStaticText* _numberDisplay = nullptr;
    wxString _numberText;
    bool _numberFresh = true;
    wxStaticText* _countdown = nullptr;
    wxPanel* _verdict = nullptr;
    wxStaticText* _verdictWord = nullptr;
    wxStaticText* _verdictMessage = nullptr;
    wxStaticBitmap* _labelPreview = nullptr;
    wxButton* _print = nullptr;
    wxButton* _labelThere = nullptr; ///< "The label is there": a label the printer never confirmed was found
    wxStaticText* _printStatus = nullptr;
    std::string _witnessReason; ///< why the step is done without a scan, while the witness is asked
    std::string _lotScan;       // the scan waiting for its lot
};

} // namespace portside::app
