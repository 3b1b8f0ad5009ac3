#pragma once

#include "portside/core/Clock.h"
#include "portside/sdk/Checklist.h"

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace portside::core {

/// An answer the step does not accept. what() is a sentence for the nurse: what is wrong and what to do.
class StepRejected : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// One confirmed step.
struct StepRecord {
    std::size_t index = 0; ///< position in the definition
    std::string stepId;
    sdk::StepType type = sdk::StepType::Confirm;
    sdk::StepAnswer answer;
    Clock::TimePoint confirmedAt;
};

/// One checklist being worked through, step by step, in order. It checks each answer against the step's
/// declarative rules and the plugin's own validation, and refuses a timed wait before its time is up. Each
/// confirmed step is handed to the `onConfirmed` callback before the run moves on, so the caller can make it
/// durable first; if that callback throws, the step stays open.
class ChecklistRun {
public:
    using ConfirmedCallback = std::function<void(const ChecklistRun&, const StepRecord&)>;

    ChecklistRun(sdk::ChecklistDefinition definition, const Clock& clock, const sdk::ChecklistPlugin* validator = nullptr);

    const sdk::ChecklistDefinition& definition() const { return _definition; }
    bool finished() const { return _records.size() == _definition.steps.size(); }
    /// Index of the open step; equals the step count when finished.
    std::size_t currentIndex() const { return _records.size(); }
    /// The open step. Throws std::logic_error when finished.
    const sdk::Step& current() const;
    /// When the open step was opened (the start of a timed wait).
    Clock::TimePoint currentOpenedAt() const { return _openedAt; }
    /// Milliseconds left before a timed wait may be confirmed; 0 for other steps or when the wait is over.
    long long remainingWaitMs() const;

    /// Checks the answer against the open step and records it. Throws StepRejected with a sentence when the answer
    /// is not acceptable; the step then stays open.
    const StepRecord& confirm(const sdk::StepAnswer& answer);

    const std::vector<StepRecord>& records() const { return _records; }
    void onConfirmed(ConfirmedCallback callback) { _onConfirmed = std::move(callback); }

private:
    void check(const sdk::Step& step, const sdk::StepAnswer& answer) const;

    sdk::ChecklistDefinition _definition;
    const Clock& _clock;
    const sdk::ChecklistPlugin* _validator;
    std::vector<StepRecord> _records;
    Clock::TimePoint _openedAt;
    ConfirmedCallback _onConfirmed;
};

/// Formats a number for people: no trailing zeros ("10", "2.5").
std::string formatNumber(double value);

} // namespace portside::core
