#pragma once

#include <Poco/Data/Session.h>
#include <Poco/Data/SessionPool.h>

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace portside::server {

/// An event as a kiosk sends it.
struct IncomingEvent {
    std::string uuid, deviceId, deviceTime, type, runId, patient, staff, payload, corrects, prevHash, hash;
    Poco::Int64 seq = 0;
    std::string localDevice; ///< the kiosk's own id, which its hash covers (core::EventStore::linkHash)
};

/// A stored event, as the FHIR export reads it.
struct StoredEvent : IncomingEvent {
    std::string received;
};

/// An enrolled kiosk and what the server knows of its audit chain.
struct Device {
    std::string id, name, ward, enrolled;
    Poco::Int64 headSeq = 0; ///< the head the kiosk last reported
    std::string headHash;
    std::string chainProblem; ///< empty while the chain is continuous; otherwise the first problem seen
    Poco::Int64 revoked = 0;
    Poco::Int64 contiguousSeq = 0; ///< every event up to this one is here
    std::string missing;           ///< the events the server lacks below the head, "15-20, 25"; empty when none
};

/// The server's database; the server keeps no state outside it, so several instances on one PostgreSQL serve the
/// same kiosks. Two back ends behind one class, both through Poco::Data: a SQLite file (the default, nothing to set
/// up; one connection) and PostgreSQL (a pool of connections). Their SQL differs only in placeholders and locks.
///
/// Holds: the token signing key, one-time enrollment codes (hashes only), devices with their audit-chain heads,
/// every event once (unique on its UUID) with the server's receipt time, refused replays, and reference data
/// (staff, patients, products, recalls, plugins) numbered by a version cursor.
class ServerStore {
public:
    /// `db` is "sqlite:PATH" or "postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?host=SOCKETDIR]". Creates or migrates
    /// the schema. Throws std::runtime_error with a sentence when the database cannot be opened.
    explicit ServerStore(const std::string& db);
    ~ServerStore();

    static constexpr int kSchemaVersion = 3;
    static constexpr int kPoolSize = 32; ///< PostgreSQL connections per server process (plus one for group writes)
    bool postgres() const { return _postgres; }

    /// The key that signs device tokens; made on first use (by whichever instance comes first).
    std::string signingKey();
    /// A new one-time enrollment code (only its hash is kept); the device enrolled with it belongs to `ward`.
    std::string newEnrollmentCode(const std::string& ward = {});
    /// Uses an enrollment code: the new device's id, or nothing when the code is unknown or used.
    std::optional<std::string> enroll(const std::string& code, const std::string& name);
    std::optional<Device> device(const std::string& deviceId);
    std::vector<Device> devices();
    void revoke(const std::string& deviceId);

    enum class Outcome { Stored, Duplicate, Conflict };
    struct BatchResult {
        std::vector<Outcome> outcomes; ///< one per event, in order
        std::string chainProblem;      ///< a sentence when this batch broke the device's chain (empty when fine)
        /// The device's events the server lacks below the newest it knows of (inclusive ranges, at most 100).
        std::vector<std::pair<Poco::Int64, Poco::Int64>> missing;
    };
    /// Stores a batch from one device in one transaction (shared with the batches other kiosks sent meanwhile: group
    /// commit, see GroupCommit.cpp; the outcome of each is as if it were alone). Each event is stored once: the same
    /// UUID again with the same content is a duplicate (answered as the first time); with other content a conflict
    /// (refused, logged, the first stays). Each stored event's link to the device's previous event is checked, and the
    /// head the kiosk reports (its newest seq and hash; seq 0 when not sent) is recorded and checked against what is
    /// stored: a break is recorded on the device, never a reason to lose an event. Then the device's sequence is
    /// checked for gaps up to its head: what is missing is recorded on the device and returned, for the kiosk to send
    /// again.
    /// `since`: the first event this enrollment of the kiosk owns (a kiosk enrolled again keeps its sequence);
    /// `kioskReport`: a problem the kiosk found in its own record, recorded like one found here.
    BatchResult storeBatch(const std::string& deviceId, const std::vector<IncomingEvent>& events, Poco::Int64 headSeq,
                           const std::string& headHash, const std::string& receivedAt, Poco::Int64 since = 1,
                           const std::string& kioskReport = {});
    Poco::Int64 eventCount();
    Poco::Int64 conflictCount();
    /// Events in each device's order; filters may be empty.
    std::vector<StoredEvent> events(const std::string& deviceId = {}, const std::string& runId = {},
                                    const std::string& patient = {});

    /// Reference data as JSON objects, each change numbered; kiosks pull what changed since their cursor. Patients
    /// carry a "ward"; a kiosk enrolled for a ward gets only that ward's patients. Staff carry "wards" ("4B;7"; none:
    /// house-wide, as supervisors and the float pool): a kiosk enrolled for a ward gets the staff of its ward and the
    /// house-wide, and for any other staff change after its cursor only {badge, removed: true}, so a PIN verifier
    /// moved elsewhere leaves it. A kiosk enrolled without a ward gets everything.
    struct Change {
        std::string kind, key, body;
        Poco::Int64 version = 0;
    };
    void putReference(const std::string& kind, const std::string& key, const std::string& body);
    std::vector<Change> changesSince(Poco::Int64 version, const std::string& ward = {});
    std::vector<Change> reference(const std::string& kind);
    Poco::Int64 referenceVersion();

    /// Plugin packages kept for kiosks to download (GET /v1/plugins/{id}/{version}).
    void putPluginPackage(const std::string& id, const std::string& version, const std::string& bytes);
    std::optional<std::string> pluginPackage(const std::string& id, const std::string& version);

    class Writer;
    struct Pending;

private:
    struct Lease {
        std::unique_lock<std::mutex> lock;
        Poco::Data::Session session;
        ServerStore* pooled; ///< gives its slot back when done
        Lease(std::unique_lock<std::mutex> l, Poco::Data::Session s, ServerStore* p)
            : lock(std::move(l)), session(std::move(s)), pooled(p)
        {
        }
        Lease(Lease&& other) noexcept
            : lock(std::move(other.lock)), session(std::move(other.session)),
              pooled(std::exchange(other.pooled, nullptr))
        {
        }
        ~Lease()
        {
            if (pooled)
                pooled->release(session);
        }
    };
    /// A connection for one call: `write` for changes (SQLite: the one writing connection; reads go to a second one,
    /// which WAL lets read while a group is written); PostgreSQL: one of the pool's, waiting for one when all are busy.
    Lease lease(bool write = true);
    void release(Poco::Data::Session& session);
    void groupWriter();
    void stopGroupWriter();
    void writeGroup(const std::vector<Pending*>& group);
    void writeTransaction(const std::vector<Pending*>& group);
    void writeGroupStatements(const std::vector<Pending*>& group);
    /// The SQL for this back end: "?" placeholders become $1, $2, ... on PostgreSQL.
    std::string sql(const std::string& text) const;
    void migrate();

    bool _postgres = false;
    std::mutex _mutex; ///< SQLite: one connection, one user at a time
    std::unique_ptr<Poco::Data::Session> _session;
    std::mutex _readMutex; ///< SQLite: the reading connection
    std::unique_ptr<Poco::Data::Session> _reader;
    std::unique_ptr<Poco::Data::SessionPool> _pool;
    std::mutex _slotMutex; ///< PostgreSQL: connections in use, at most the pool's size
    std::condition_variable _slotFree;
    int _slotsUsed = 0;
    std::string _conninfo;

    // Group commit (GroupCommit.cpp): batches waiting, and whether one request is writing a group now.
    std::mutex _groupMutex;
    std::condition_variable _queued;
    std::deque<Pending*> _queue;
    bool _stopping = false;
    std::thread _groupThread;
    std::shared_ptr<Writer> _writer; ///< after _session: closed before it

public:
    /// A reference record to store (putReferences).
    struct Reference {
        std::string kind, key, body;
    };
    /// Stores several reference records in one transaction, all or none, numbered in the order given (an import:
    /// a failure half-way leaves nothing of it, and kiosks never see part of it).
    void putReferences(const std::vector<Reference>& records);

    /// A token for the FHIR export, as recorded when issued; the token itself carries `id` as its jti.
    struct IntegrationToken {
        std::string id, name, issued;
        std::string revoked; ///< when it was revoked; empty while it is active
    };
    /// Records a new integration token for `name` and returns it (a random id; `name` may have several).
    IntegrationToken newIntegrationToken(const std::string& name);
    std::vector<IntegrationToken> integrationTokens();
    /// Revokes the token with this id, or every token of this name. Returns the tokens matched (already revoked ones
    /// included); throws std::invalid_argument with a sentence when none has that id or name.
    std::vector<IntegrationToken> revokeIntegrationToken(const std::string& idOrName);
    /// True when a token with this id was issued here and is not revoked.
    bool integrationTokenActive(const std::string& id);
};

std::string sha256Hex(const std::string& text);

/// A libpq key=value connection string from a postgresql:// URI. Throws std::invalid_argument.
std::string postgresConnectionString(const std::string& uri);

/// Whether the server could open the database `db` without changing it: a SQLite file's folder there (or makeable)
/// and the file readable and writable by this user; a PostgreSQL server that accepts a connection. Empty when so,
/// else a sentence saying what is wrong.
std::string databaseProblem(const std::string& db);

/// True when a database address carries a password (postgresql://USER:PASSWORD@... or ?password=...).
bool hasPassword(const std::string& db);
/// The database address with any password replaced by "*****", for messages and logs.
std::string withoutPassword(const std::string& db);

} // namespace portside::server
