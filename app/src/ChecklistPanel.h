#pragma once

#include "portside/core/ChecklistRun.h"
#include "portside/core/StepJournal.h"

#include <wx/panel.h>
#include <wx/timer.h>

#include <functional>
#include <map>
#include <memory>

class wxButton;
class wxStaticText;
class wxTextCtrl;
class wxToggleButton;
class wxBoxSizer;

namespace portside::app {

/// Runs one checklist, one step per screen, with touch-sized controls for each step type. Widgets carry names
/// ("confirm", "choice:<id>", "finding:<id>:yes", "key:7", "note", "countdown") so tests and accessibility tools
/// can find them.
class ChecklistPanel : public wxPanel {
public:
    using FinishedCallback = std::function<void(const core::ChecklistRun&)>;
    using CancelCallback = std::function<void()>;

    ChecklistPanel(wxWindow* parent, const core::Clock& clock, core::StepJournal& journal);

    /// Starts a new run of the checklist and shows its first step.
    void start(const sdk::ChecklistPlugin& checklist);
    const core::ChecklistRun* run() const { return _run.get(); }
    const std::string& runId() const { return _runId; }

    void onFinished(FinishedCallback callback) { _onFinished = std::move(callback); }
    void onCancelled(CancelCallback callback) { _onCancelled = std::move(callback); }

    /// The message shown under the step (a refusal or a save failure); empty when none.
    wxString errorText() const;

private:
    void showStep();
    void buildChoice(const sdk::Step& step);
    void buildAssessment(const sdk::Step& step);
    void buildNumber(const sdk::Step& step);
    void buildTimedWait(const sdk::Step& step);
    void buildScan(const sdk::Step& step);
    void buildNote(const sdk::Step& step);
    void onConfirm();
    void onKey(const wxString& key);
    void onTick();
    void showError(const wxString& text);
    void updateNumberDisplay();
    wxButton* bigButton(wxWindow* parent, const wxString& label, const wxString& name);
    wxToggleButton* bigToggle(wxWindow* parent, const wxString& label, const wxString& name);
    wxString tr(const std::string& msgid) const;

    const core::Clock& _clock;
    core::StepJournal& _journal;
    const sdk::ChecklistPlugin* _plugin = nullptr;
    std::unique_ptr<core::ChecklistRun> _run;
    std::string _runId;

    wxStaticText* _progress = nullptr;
    wxStaticText* _title = nullptr;
    wxStaticText* _instruction = nullptr;
    wxPanel* _content = nullptr;
    wxStaticText* _error = nullptr;
    wxButton* _confirm = nullptr;
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
    CancelCallback _onCancelled;
};

} // namespace portside::app
