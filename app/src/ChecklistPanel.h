#pragma once

#include "portside/core/ChecklistRun.h"
#include "portside/core/RunRecorder.h"
#include "portside/core/ScanVerifier.h"

#include <wx/panel.h>
#include <wx/timer.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>

class wxButton;
class wxStaticText;
class wxTextCtrl;
class wxToggleButton;

namespace portside::app {

class ReasonPicker;

/// Runs one checklist for one patient, one step per screen, with touch-sized controls for each step type; skip,
/// override and cancel ask for a reason. Every change is recorded before the screen moves on. Widgets carry names
/// ("confirm", "skip", "cancel", "choice:<id>", "finding:<id>:yes", "key:7", "note", "countdown", "reason:0") so
/// tests and accessibility tools can find them.
class ChecklistPanel : public wxPanel {
public:
    using FinishedCallback = std::function<void(const core::ChecklistRun&)>;
    using CancelledCallback = std::function<void()>;

    /// With a verifier, scan steps take scans and judge them; without one they are confirm-only.
    ChecklistPanel(wxWindow* parent, const core::Clock& clock, core::RunRecorder& recorder,
                   const core::ScanVerifier* verifier = nullptr);

    /// A scan from any source (USB scanner, keyboard wedge, camera, the demo scanner). A scan that passes completes
    /// the open scan step; a stop is shown and the step stays open; a warning asks for a reason.
    void onScan(const std::string& bytes);
    /// Buttons that send these scans, shown on scan steps (the demo's simulated scanner). Names: "sim:<n>".
    void setDemoScans(std::vector<std::pair<wxString, std::string>> scans) { _demoScans = std::move(scans); }
    /// The verdict shown for the last scan: "PASS", "STOP", "CHECK", or empty.
    wxString verdictWord() const;

    /// Starts and records a new run. Throws core::StoreError when the start cannot be recorded.
    void start(const sdk::ChecklistPlugin& checklist, const sdk::PatientContext& patient, const std::string& staff);
    /// Reopens an interrupted run at its first step not yet dealt with. Throws std::invalid_argument when the saved
    /// steps no longer fit the plugin's definition.
    void resume(const sdk::ChecklistPlugin& checklist, const sdk::PatientContext& patient, const core::OpenRun& open);

    const core::ChecklistRun* run() const { return _run.get(); }
    const std::string& runId() const { return _runId; }
    void onFinished(FinishedCallback callback) { _onFinished = std::move(callback); }
    void onCancelled(CancelledCallback callback) { _onCancelled = std::move(callback); }

    /// The message shown under the step (a refusal or a save failure); empty when none.
    wxString errorText() const;

private:
    void begin(const sdk::ChecklistPlugin& checklist, std::unique_ptr<core::ChecklistRun> run);
    void showStep();
    void buildChoice(const sdk::Step& step);
    void buildAssessment(const sdk::Step& step);
    void buildNumber(const sdk::Step& step);
    void buildTimedWait(const sdk::Step& step);
    void buildScan(const sdk::Step& step);
    void buildNote(const sdk::Step& step);
    sdk::StepAnswer collectAnswer(bool& ok);
    void submit(const sdk::StepAnswer& answer);
    void askReason(const wxString& question, const std::vector<wxString>& reasons,
                   std::function<void(const std::string&)> then);
    void endReasons();
    void onKey(const wxString& key);
    void onTick();
    void showError(const wxString& text);
    void showVerdict(const core::Verdict& verdict);
    void updateNumberDisplay();
    void afterChange();
    wxString tr(const std::string& msgid) const;

    const core::Clock& _clock;
    core::RunRecorder& _recorder;
    const sdk::ChecklistPlugin* _plugin = nullptr;
    const core::ScanVerifier* _verifier = nullptr;
    std::vector<std::pair<wxString, std::string>> _demoScans;
    wxPanel* _verdict = nullptr;
    wxStaticText* _verdictWord = nullptr;
    wxStaticText* _verdictMessage = nullptr;
    std::unique_ptr<core::ChecklistRun> _run;
    std::string _runId;

    wxStaticText* _progress = nullptr;
    wxStaticText* _title = nullptr;
    wxStaticText* _instruction = nullptr;
    wxPanel* _content = nullptr;
    ReasonPicker* _reasons = nullptr;
    wxStaticText* _error = nullptr;
    wxPanel* _buttons = nullptr;
    wxButton* _confirm = nullptr;
    wxButton* _skip = nullptr;
    wxButton* _cancel = nullptr;
    wxTimer _timer;

    // per-step state
    std::map<std::string, wxToggleButton*> _choiceButtons;
    std::map<std::string, std::pair<wxToggleButton*, wxToggleButton*>> _findingButtons; // id -> (no, yes)
    wxTextCtrl* _note = nullptr;
    wxStaticText* _numberDisplay = nullptr;
    wxString _numberText;
    bool _numberFresh = true;
    wxStaticText* _countdown = nullptr;

    FinishedCallback _onFinished;
    CancelledCallback _onCancelled;
};

} // namespace portside::app
