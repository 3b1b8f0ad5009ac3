#pragma once

#include <Poco/Data/Session.h>

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
};

/// The server's database (SQLite file; the server keeps no state outside it): enrollment codes, devices, and every
/// event once, unique on its UUID, with the server's receipt time beside the device's.
class ServerStore {
public:
    explicit ServerStore(const std::string& sqlitePath);

    /// The key that signs device tokens; made on first use.
    std::string signingKey();
    /// A new one-time enrollment code (only its hash is kept).
    std::string newEnrollmentCode();
    /// Uses an enrollment code: the new device's id, or nothing when the code is unknown or used.
    std::optional<std::string> enroll(const std::string& code, const std::string& name);
    bool deviceExists(const std::string& deviceId);

    enum class Outcome { Stored, Duplicate, Conflict };
    /// Stores an event once. The same UUID again with the same content is a duplicate (answered as the first time);
    /// with different content a conflict (refused, the first stays).
    Outcome store(const IncomingEvent& event, const std::string& receivedAt);
    Poco::Int64 eventCount();

    /// Reference data (staff, patients, products, recalls) as JSON objects, each change numbered; kiosks pull what
    /// changed since their cursor.
    struct Change {
        std::string kind, key, body;
        Poco::Int64 version = 0;
    };
    void putReference(const std::string& kind, const std::string& key, const std::string& body);
    std::vector<Change> changesSince(Poco::Int64 version);
    Poco::Int64 referenceVersion();

private:
    std::mutex _mutex;
    std::unique_ptr<Poco::Data::Session> _session;
};

std::string sha256Hex(const std::string& text);

} // namespace portside::server
