#pragma once

#include "portside/core/Catalog.h"
#include "portside/core/Clock.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace Poco::Data {
class Session;
}
struct sqlite3_stmt;

namespace portside::core {

/// The store could not do what was asked; what() is a sentence naming the file and what to do.
class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// An event to record. Events are never changed or deleted; a correction is a new event naming the old one.
struct NewEvent {
    std::string
        type; ///< "run-started", "step-confirmed", "step-skipped", "run-finished", "run-cancelled", "correction"
    std::string runId;
    std::string patient;
    std::string staff;
    std::string payload = "{}"; ///< JSON object
    std::string corrects;       ///< uuid of the event this one corrects
};

/// A recorded event, with its place in this device's sequence and its audit-chain link.
struct Event : NewEvent {
    std::int64_t seq = 0; ///< per-device sequence, 1, 2, 3, ...
    std::string uuid;
    std::string deviceId;
    std::string deviceTime; ///< ISO 8601 UTC with milliseconds
    std::string prevHash;   ///< hash of the previous event (64 zeros for the first)
    std::string hash;       ///< SHA-256 of prevHash and this event's fields
};

/// Result of walking the audit chain.
struct AuditReport {
    bool ok = true;
    std::int64_t checked = 0;  ///< events walked
    std::int64_t brokenAt = 0; ///< seq of the first broken link, 0 when ok
    std::string problem;       ///< sentence naming the first broken link
};

/// A patient on the ward, as reference data (from the server; seeded for the demo).
struct PatientRecord {
    std::string id;          ///< wristband identifier (GSRN or MRN)
    std::string displayName; ///< shown on screen; never logged
    std::string birthDate;   ///< YYYY-MM-DD
    std::string bed;
    std::string portType; ///< such as "chest port, single lumen"
    bool powerInjectable = false;
    bool heparinAllergyOrHit = false;
    bool chlorhexidineAllergy = false;
    std::string lockSolution = "heparin"; ///< "heparin" or "saline"; empty = no order of their own: the site's default
    double lockUnitsPerMl = 100;
    double lockVolumeMl = 5;
    double maintenanceWeeks = 0; ///< 0 = site default
};

/// Staff who may sign in. The PIN is kept only as a PBKDF2-SHA256 hash.
struct StaffRecord {
    std::string badge;
    std::string name;
    std::string role; ///< "nurse", "supervisor", "admin"
    std::string pinHash;
    std::string salt;
    int iterations = 0;
    std::string language; ///< such as "es"; empty: the kiosk's language
};

/// A label print job as the queue keeps it.
struct PrintJob {
    std::string id;
    std::string printer; ///< printer name in the queue
    std::string state;   ///< "queued", "sending", "printed", "failed", "cancelled" (a copy not wanted any more)
    std::string reason;  ///< why it failed, a sentence for the nurse
    int attempts = 0;    ///< sends so far; -1: may have printed (kiosk stopped mid-send, or unconfirmed), no retry
    std::string runId;   ///< the checklist run it labels
    std::string patient;
    std::string created, updated; ///< ISO times
    int widthDots = 0, heightDots = 0, dpi = 0;
    std::vector<std::uint8_t> bits;
};

/// The kiosk's record: a SQLite file (Poco::Data) in WAL mode with synchronous=FULL. Each append writes its
/// events, their outbox rows and their audit-chain links in one transaction, on the store's one writer thread,
/// and returns only once SQLite reports it durable. Schema versions are migrated on open.
class EventStore {
public:
    static constexpr int kSchemaVersion = 6;

    /// Opens or creates the store. Throws StoreError naming the file when it cannot.
    EventStore(const std::string& path, const Clock& clock);
    struct ReadOnly {};
    /// Opens an existing store only to read it (the tools that look at a record: audit, records, sync status):
    /// nothing is created, migrated or written. A missing, empty or non-Portside file is refused (StoreError); a
    /// store on a read-only disk, or of an older schema, is read from a private copy. Writing throws StoreError.
    EventStore(const std::string& path, const Clock& clock, ReadOnly);
    ~EventStore();
    EventStore(const EventStore&) = delete;
    EventStore& operator=(const EventStore&) = delete;

    const std::string& path() const { return _path; }
    const std::string& deviceId() const { return _deviceId; }

    /// Records the events in one transaction and returns them as stored. Throws StoreError; then none is recorded.
    std::vector<Event> append(const std::vector<NewEvent>& events);

    std::int64_t count() const;
    /// Events in sequence order; filters may be empty.
    std::vector<Event> events(const std::string& runId = {}, const std::string& patient = {}, std::int64_t afterSeq = 0,
                              std::size_t limit = 0) const;
    /// The chain's head: the newest event's seq and hash (0 and the genesis hash when there is none), read together.
    std::pair<std::int64_t, std::string> head() const;
    /// Walks the audit chain from the first event and names the first broken link.
    AuditReport verify() const;
    /// The same check for a run of consecutive events about to leave the kiosk: each event's hash over its fields,
    /// and its link to the one before (the first one's to the event stored before it). Empty when intact, else a
    /// sentence naming the first event that was changed.
    std::string checkLinks(const std::vector<Event>& events) const;

    /// Runs started but neither finished nor cancelled, newest first, optionally for one patient and nurse:
    /// the run-started events.
    std::vector<Event> openRuns(const std::string& patient = {}, const std::string& staff = {}) const;

    /// Outbox rows not yet acknowledged, in sequence order.
    /// The clock this store records its events' times with.
    const Clock& clock() const { return _clock; }
    std::vector<Event> pendingOutbox(std::size_t limit) const;
    std::int64_t pendingCount() const;
    /// Queues this kiosk's events numbered `from` to `to` for sending again (the server lacks them), whatever their
    /// outbox rows say (a row marked sent, or gone); not those the server refused for good. Returns how many.
    std::int64_t requeue(std::int64_t from, std::int64_t to);
    /// Marks outbox rows acknowledged by the server ("acked") or refused for good ("dead", with the reason shown to
    /// the supervisor; the event itself stays).
    void markOutbox(const std::vector<std::int64_t>& seqs, const std::string& state, const std::string& reason = {});
    std::int64_t deadLetterCount() const;
    /// Events the server refused for good, with its reason, oldest first: what the supervisor sees.
    std::vector<std::pair<Event, std::string>> deadLetters() const;
    /// Device settings kept with the record (server address, device token).
    std::string meta(const std::string& key) const;
    /// The keys of the kiosk's own settings that start with `prefix`, in order.
    std::vector<std::string> metaKeys(const std::string& prefix) const;
    void setMeta(const std::string& key, const std::string& value);

    void putPatient(const PatientRecord& patient);
    std::optional<PatientRecord> patient(const std::string& id) const;
    std::vector<PatientRecord> patients() const;
    void putStaff(const StaffRecord& staff);
    std::optional<StaffRecord> staff(const std::string& badge) const;
    /// Forgets a staff member (moved to another ward): their PIN verifier leaves this kiosk. Nothing when unknown.
    void removeStaff(const std::string& badge);
    /// Events other kiosks of the ward recorded (pulled from the server, SyncClient::pullWard): kept apart from this
    /// kiosk's own record, never sent, never in its audit chain. The same event twice is kept once. Returns how many
    /// were new.
    std::size_t putWardEvents(const std::vector<Event>& events);
    /// A patient's events, this kiosk's and the ward's other kiosks', in the order they were recorded (device time):
    /// what port state, due dates and open stops are computed from, so every kiosk of the ward shows the same.
    std::vector<Event> patientEvents(const std::string& patient) const;
    /// The patient leaves this kiosk (moved to another ward, or discharged); the events recorded for them stay.
    void removePatient(const std::string& id);
    void putProduct(const Product& product);
    void putRecall(const Recall& recall);
    /// Fills a catalog with every product and recall.
    void loadCatalog(Catalog& catalog) const;
    void putPrintJob(const PrintJob& job);
    /// Jobs, oldest first; filters may be empty.
    std::vector<PrintJob> printJobs(const std::string& printer = {}, const std::string& state = {}) const;
    std::optional<PrintJob> printJob(const std::string& id) const;
    /// The jobs that print a run's label, oldest first.
    std::vector<PrintJob> printJobsOfRun(const std::string& runId) const;

    /// Computes the chain hash of an event's fields after prevHash.
    static std::string linkHash(const Event& event);

private:
    using Task = std::function<void(Poco::Data::Session&)>;
    void run(Task task); // on the writer thread; waits; rethrows
    void writerLoop();
    void removeCopy();
    void migrate(Poco::Data::Session& session);
    std::vector<Event> query(const std::string& where, const std::vector<std::string>& args, const std::string& tail,
                             const char* table = "events") const;
    std::vector<PrintJob> queryPrintJobs(const std::string& printer, const std::string& state,
                                         const std::string& runId) const;

    std::string _path;
    const Clock& _clock;
    std::string _deviceId;
    std::unique_ptr<Poco::Data::Session> _writer;
    mutable std::mutex _readMutex;
    std::unique_ptr<Poco::Data::Session> _reader;
    bool _readOnly = false;
    std::string _copy; ///< the private copy a read-only store is read from, when one was needed (removed at the end)

    std::mutex _queueMutex;
    std::condition_variable _queueSignal;
    std::deque<std::pair<Task, std::promise<void>>> _queue;
    bool _stopping = false;
    std::thread _thread;

    // writer-thread state: the head of the chain, and the append statements, prepared once (Poco 1.11's Statement
    // prepares its SQL again on every execute(); the append is the kiosk's hot path)
    std::int64_t _headSeq = 0;
    std::string _headHash;
    struct Prepared;
    std::unique_ptr<Prepared> _prepared;
};

} // namespace portside::core
