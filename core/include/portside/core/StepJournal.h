#pragma once

#include "portside/core/ChecklistRun.h"

#include <string>
#include <vector>

namespace portside::core {

/// One line of the journal, as read back.
struct JournalEntry {
    std::string runId;
    std::string checklistId;
    std::string checklistVersion;
    std::size_t index = 0;
    std::string stepId;
    std::string type;
    std::string time; ///< ISO 8601, UTC
    std::string answerJson;
};

/// An append-only file of confirmed steps, one JSON object per line, each flushed to disk (fsync) before
/// append() returns, so a step the nurse saw confirmed survives a crash or power loss. This is the foundation's
/// record; the SQLite event store with outbox and audit chain replaces it as the system of record.
class StepJournal {
public:
    /// Opens (creating if needed) the journal file; creates missing parent folders.
    explicit StepJournal(std::string path);
    ~StepJournal();
    StepJournal(const StepJournal&) = delete;
    StepJournal& operator=(const StepJournal&) = delete;

    const std::string& path() const { return _path; }

    /// Writes one confirmed step durably. Throws std::runtime_error with a sentence when the disk refuses.
    void append(const std::string& runId, const ChecklistRun& run, const StepRecord& record);

    /// Reads every complete line of a journal; a torn last line (crash mid-write) is ignored.
    static std::vector<JournalEntry> read(const std::string& path);

    /// A fresh run identifier (UUID).
    static std::string newRunId();

private:
    std::string _path;
    int _fd = -1;
};

/// ISO 8601 UTC text of a time point, to the millisecond ("2026-11-27T14:30:00.000Z").
std::string isoTime(Clock::TimePoint time);

} // namespace portside::core
