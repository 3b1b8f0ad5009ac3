#pragma once

#include <Poco/Data/Session.h>
#include <Poco/Data/SessionPool.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
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

    static constexpr int kSchemaVersion = 2;
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
    /// Stores a batch from one device in one transaction. Each event is stored once: the same UUID again with the
    /// same content is a duplicate (answered as the first time); with other content a conflict (refused, logged,
    /// the first stays). Each stored event's link to the device's previous event is checked, and the head the
    /// kiosk reports (its newest seq and hash; seq 0 when not sent) is recorded and checked against what is
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

private:
    struct Lease;
    Lease lease();
    /// The SQL for this back end: "?" placeholders become $1, $2, ... on PostgreSQL.
    std::string sql(const std::string& text) const;
    void migrate();

    bool _postgres = false;
    std::mutex _mutex; ///< SQLite: one connection, one user at a time
    std::unique_ptr<Poco::Data::Session> _session;
    std::unique_ptr<Poco::Data::SessionPool> _pool;
};

std::string sha256Hex(const std::string& text);

/// A libpq key=value connection string from a postgresql:// URI. Throws std::invalid_argument.
std::string postgresConnectionString(const std::string& uri);

} // namespace portside::server
