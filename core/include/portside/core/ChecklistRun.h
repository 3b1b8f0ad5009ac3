#pragma once

#include "portside/core/Clock.h"
#include "portside/core/Text.h"
#include "portside/sdk/Checklist.h"

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace portside::core {

class ScanVerifier;

/// An answer or action the checklist does not accept. text() is a sentence for the nurse: what is wrong and what
/// to do. The step stays open.
class StepRejected : public Problem {
public:
    using Problem::Problem;
};

/// The open run was built again for a changed flag or lock order (a sync, a bedside answer) since the screen last
/// showed its step: nothing was recorded, and the step is to be shown and checked again.
class RunChanged : public StepRejected {
public:
    using StepRejected::StepRejected;
};

/// The answer is acceptable only with a reason: text() is the warning to show. Confirm again with
/// StepAnswer::overrideReason set.
class OverrideNeeded : public StepRejected {
public:
    using StepRejected::StepRejected;
};

/// One step that was dealt with: confirmed (with its answer) or skipped (with a reason).
struct StepRecord {
    enum class Kind { Confirmed, Skipped };
    Kind kind = Kind::Confirmed;
    std::size_t index = 0; ///< position in the definition
    std::string stepId;
    sdk::StepType type = sdk::StepType::Confirm;
    sdk::StepRole role = sdk::StepRole::Other;
    sdk::StepAnswer answer;
    std::string warning;    ///< the warning that was overridden, in English (answer.overrideReason says why)
    std::string skipReason; ///< Skipped: why
    Clock::TimePoint time;
};

/// What one action of the nurse changed, handed to the run's listener before the run moves on.
struct RunChange {
    enum class Kind { StepConfirmed, StepSkipped, Finished, Cancelled, Corrected };
    Kind kind;
    const StepRecord* record = nullptr; ///< StepConfirmed, StepSkipped; Corrected: the record taken back
    std::string text;                   ///< Finished: the outcome (may be empty); Cancelled, Corrected: the reason
};

/// One checklist being worked through for one patient, as a state machine over the plugin's definition: the open
/// step, branches taken by choices, skips where the definition allows them, overrides of warnings, cancel. Every
/// answer is checked against the step's rules, the site's advisory ranges and the plugin's own validation, and a
/// timed wait cannot be confirmed before its time is up.
///
/// Each action is handed to the listener (onChange) as one list of changes *before* the run moves on: the caller
/// makes them durable there, and if it throws, the run is left as it was.
class ChecklistRun {
public:
    enum class State { Open, Finished, Cancelled };
    using Listener = std::function<void(const ChecklistRun&, const std::vector<RunChange>&)>;

    /// Throws std::invalid_argument with a sentence when the definition is broken (no steps, duplicate ids,
    /// a branch to a step that does not exist).
    ChecklistRun(sdk::ChecklistDefinition definition, sdk::PatientContext patient, const Clock& clock,
                 const sdk::ChecklistPlugin* validator = nullptr);

    /// Rebuilds a run from its saved records (after a crash) without re-checking them; it reopens at the first
    /// step not dealt with, and a timed wait there starts again.
    static ChecklistRun resume(sdk::ChecklistDefinition definition, sdk::PatientContext patient, const Clock& clock,
                               const sdk::ChecklistPlugin* validator, const std::vector<StepRecord>& records);

    const sdk::ChecklistDefinition& definition() const { return _definition; }
    const sdk::PatientContext& patient() const { return _patient; }
    State state() const { return _state; }
    bool finished() const { return _state != State::Open; }
    /// Index of the open step. Throws std::logic_error when the run is over.
    std::size_t currentIndex() const;
    const sdk::Step& current() const;
    Clock::TimePoint currentOpenedAt() const { return _openedAt; }
    /// Milliseconds left before a timed wait may be confirmed; 0 for other steps or when the wait is over.
    long long remainingWaitMs() const;
    /// What the open Scan step expects, with what this run has already decided (the dressing type chosen).
    sdk::ScanExpectation expectation() const;
    /// The last confirmed record of a step with this role in this run, or nullptr.
    const StepRecord* lastOfRole(sdk::StepRole role) const;

    /// Checks the answer against the open step and records it. Throws StepRejected (the step stays open) or
    /// OverrideNeeded (confirm again with a reason).
    const StepRecord& confirm(const sdk::StepAnswer& answer);
    /// Skips the open step; only where the definition allows it, and only with a reason.
    const StepRecord& skip(const std::string& reason);
    /// Ends the run without finishing it; needs a reason.
    void cancel(const std::string& reason);
    /// Goes back to the step of the last record, to be done again: a correction with a reason, never an edit (the
    /// record taken back stays in the record, marked corrected). The run's branches and outcome follow the records
    /// that remain.
    void back(const std::string& reason);

    const std::vector<StepRecord>& records() const { return _records; }
    const std::string& outcome() const { return _outcome; }
    const std::string& cancelReason() const { return _cancelReason; }
    void onChange(Listener listener) { _listener = std::move(listener); }
    /// With a verifier, a Scan step takes only a scan that passes the safety rules: a stop refuses it, a warning
    /// needs a reason, and confirming without a scan needs a reason too. Without one (no scanner layer), scan steps
    /// are confirm-only.
    void setScanVerifier(const ScanVerifier* verifier) { _scanVerifier = verifier; }

private:
    struct Next {
        std::size_t index;
        bool end;
        std::string outcome;
    };
    Next nextAfter(std::size_t index, const sdk::StepAnswer* answer) const;
    Text check(const sdk::Step& step, const sdk::StepAnswer& answer) const; // returns the warning
    const StepRecord& advance(StepRecord record, RunChange::Kind kind);
    std::size_t indexOf(const std::string& stepId) const;

    sdk::ChecklistDefinition _definition;
    sdk::PatientContext _patient;
    const Clock& _clock;
    const sdk::ChecklistPlugin* _validator;
    std::vector<StepRecord> _records;
    std::size_t _current = 0;
    State _state = State::Open;
    std::string _outcome;
    std::string _cancelReason;
    Clock::TimePoint _openedAt;
    Listener _listener;
    const ScanVerifier* _scanVerifier = nullptr;
};

} // namespace portside::core
