#pragma once

#include "portside/core/ChecklistRun.h"
#include "portside/core/EventStore.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace Poco::JSON {
class Object;
}

namespace portside::core {

/// A run that was started and neither finished nor cancelled (the kiosk crashed or lost power, the nurse signed out).
struct OpenRun {
    std::string runId;
    std::string checklistId;
    std::string checklistVersion;
    std::string patient;
    std::string staff;     ///< who owns it now: who started it, or who took it over last
    std::string startedAt; ///< device time of the start, ISO 8601
};

/// Records a checklist run in the event store: a run-started event, then one event per confirmed or skipped step
/// and one for the finish (with its effects) or the cancel. Every change is stored before the run moves on, so a
/// step the nurse saw confirmed is never lost; and a run can be rebuilt from its events after a crash.
class RunRecorder {
public:
    /// Adds what only the caller knows (the needle and dressing products from the catalog) to a run-finished
    /// payload; `records` are the run's steps including the last one.
    using FinishDetails =
        std::function<void(const ChecklistRun&, const std::vector<StepRecord>& records, Poco::JSON::Object& payload)>;

    explicit RunRecorder(EventStore& store, FinishDetails details = {})
        : _store(store), _finishDetails(std::move(details))
    {
    }

    /// Records the start of a new run for `staff` and attaches to it; returns the run id. `before` are events
    /// recorded in the same transaction after the start (such as a port-state discrepancy), given the run's id.
    std::string start(ChecklistRun& run, const std::string& staff, std::vector<NewEvent> before = {});
    /// Attaches to a run rebuilt by resume() so its further steps are recorded under the same id.
    void attach(ChecklistRun& run, const std::string& runId, const std::string& staff);

    /// The newest open run of this patient owned by this nurse (either may be empty to match any).
    std::optional<OpenRun> findOpen(const std::string& patient, const std::string& staff) const;
    /// Every open run of this patient (empty: of every patient), newest first, with its owner.
    std::vector<OpenRun> openRuns(const std::string& patient = {}) const;
    /// Records that `to` takes over an open run from its owner (a "run-handover" event); its next steps are `to`'s.
    void handOver(const OpenRun& run, const std::string& to);
    /// The steps recorded for a run, in order, for ChecklistRun::resume().
    std::vector<StepRecord> records(const std::string& runId) const;

    /// Records a correction of an earlier event: a new "correction" event naming the original by its uuid, with
    /// what should have been recorded and why. The original is never changed (21 CFR Part 11).
    Event correct(const Event& original, const std::string& staff, const std::string& correctedPayload,
                  const std::string& reason);

private:
    EventStore& _store;
    FinishDetails _finishDetails;
};

/// The effects a run has when it ends with this outcome: the definition's effects without one, else its
/// outcomeEffects entry (none when the outcome is not listed).
std::vector<sdk::Effect> effectsOf(const sdk::ChecklistDefinition& definition, const std::string& outcome);

/// JSON of a step answer (only the fields that are set) and back.
std::string answerToJson(const sdk::StepAnswer& answer, const sdk::Step& step);
sdk::StepAnswer answerFromJson(const std::string& json);

} // namespace portside::core
