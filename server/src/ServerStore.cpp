#include "ServerStore.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/DigestEngine.h>
#include <Poco/RandomStream.h>
#include <Poco/SHA2Engine.h>
#include <Poco/UUIDGenerator.h>

namespace portside::server {

using namespace Poco::Data::Keywords;

std::string sha256Hex(const std::string& text)
{
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update(text);
    return Poco::DigestEngine::digestToHex(sha.digest());
}

namespace {
std::string randomHex(std::size_t bytes)
{
    Poco::RandomInputStream random;
    std::string raw(bytes, '\0');
    random.read(raw.data(), static_cast<std::streamsize>(bytes));
    return Poco::DigestEngine::digestToHex(Poco::DigestEngine::Digest(raw.begin(), raw.end()));
}
} // namespace

ServerStore::ServerStore(const std::string& path)
{
    Poco::Data::SQLite::Connector::registerConnector();
    _session = std::make_unique<Poco::Data::Session>("SQLite", path);
    auto& s = *_session;
    s << "PRAGMA journal_mode=WAL", now;
    s << "PRAGMA synchronous=FULL", now;
    s.setConnectionTimeout(1);
    int version = 0;
    s << "PRAGMA user_version", into(version), now;
    if (version < 1) {
        s.begin();
        s << "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)", now;
        s << "CREATE TABLE enrollment_codes (code_hash TEXT PRIMARY KEY, used INTEGER NOT NULL DEFAULT 0)", now;
        s << "CREATE TABLE devices (id TEXT PRIMARY KEY, name TEXT NOT NULL, enrolled TEXT NOT NULL)", now;
        s << "CREATE TABLE events (uuid TEXT PRIMARY KEY, device_id TEXT NOT NULL, seq INTEGER NOT NULL,"
             " device_time TEXT NOT NULL, received TEXT NOT NULL, type TEXT NOT NULL, run_id TEXT NOT NULL,"
             " patient TEXT NOT NULL, staff TEXT NOT NULL, payload TEXT NOT NULL, corrects TEXT NOT NULL,"
             " prev_hash TEXT NOT NULL, hash TEXT NOT NULL, content_hash TEXT NOT NULL)",
            now;
        s << "CREATE INDEX events_device ON events (device_id, seq)", now;
        s << "PRAGMA user_version = 1", now;
        s.commit();
    }
    if (version < 2) {
        s.begin();
        s << "CREATE TABLE reference (kind TEXT NOT NULL, key TEXT NOT NULL, version INTEGER NOT NULL, body TEXT NOT "
             "NULL,"
             " PRIMARY KEY (kind, key))",
            now;
        s << "CREATE INDEX reference_version ON reference (version)", now;
        s << "PRAGMA user_version = 2", now;
        s.commit();
    }
}

std::string ServerStore::signingKey()
{
    std::lock_guard<std::mutex> lock(_mutex);
    std::vector<std::string> key;
    *_session << "SELECT value FROM meta WHERE key = 'signing_key'", into(key), now;
    if (!key.empty())
        return key.front();
    std::string fresh = randomHex(32);
    *_session << "INSERT INTO meta VALUES ('signing_key', ?)", use(fresh), now;
    return fresh;
}

std::string ServerStore::newEnrollmentCode()
{
    std::string code = randomHex(6); // 12 hex characters, shown once to the administrator
    std::string hash = sha256Hex(code);
    std::lock_guard<std::mutex> lock(_mutex);
    *_session << "INSERT INTO enrollment_codes (code_hash) VALUES (?)", use(hash), now;
    return code;
}

std::optional<std::string> ServerStore::enroll(const std::string& code, const std::string& name)
{
    std::lock_guard<std::mutex> lock(_mutex);
    std::string hash = sha256Hex(code);
    auto& s = *_session;
    s.begin();
    int used = -1;
    std::vector<int> rows;
    s << "SELECT used FROM enrollment_codes WHERE code_hash = ?", use(hash), into(rows), now;
    if (rows.empty() || rows.front() != 0) {
        s.rollback();
        return std::nullopt;
    }
    (void)used;
    s << "UPDATE enrollment_codes SET used = 1 WHERE code_hash = ?", use(hash), now;
    std::string id = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
    std::string deviceName = name;
    std::string when = "";
    s << "INSERT INTO devices VALUES (?, ?, datetime('now'))", use(id), use(deviceName), now;
    s.commit();
    return id;
}

bool ServerStore::deviceExists(const std::string& deviceId)
{
    std::lock_guard<std::mutex> lock(_mutex);
    int n = 0;
    std::string id = deviceId;
    *_session << "SELECT count(*) FROM devices WHERE id = ?", use(id), into(n), now;
    return n == 1;
}

ServerStore::Outcome ServerStore::store(const IncomingEvent& e, const std::string& receivedAt)
{
    const std::string content = sha256Hex(e.deviceId + '\x1f' + std::to_string(e.seq) + '\x1f' + e.deviceTime + '\x1f' +
                                          e.type + '\x1f' + e.runId + '\x1f' + e.patient + '\x1f' + e.staff + '\x1f' +
                                          e.payload + '\x1f' + e.corrects + '\x1f' + e.prevHash + '\x1f' + e.hash);
    std::lock_guard<std::mutex> lock(_mutex);
    std::vector<std::string> existing;
    IncomingEvent v = e;
    std::string received = receivedAt, contentHash = content;
    *_session << "SELECT content_hash FROM events WHERE uuid = ?", use(v.uuid), into(existing), now;
    if (!existing.empty())
        return existing.front() == content ? Outcome::Duplicate : Outcome::Conflict;
    *_session << "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", use(v.uuid), use(v.deviceId),
        use(v.seq), use(v.deviceTime), use(received), use(v.type), use(v.runId), use(v.patient), use(v.staff),
        use(v.payload), use(v.corrects), use(v.prevHash), use(v.hash), use(contentHash), now;
    return Outcome::Stored;
}

Poco::Int64 ServerStore::eventCount()
{
    std::lock_guard<std::mutex> lock(_mutex);
    Poco::Int64 n = 0;
    *_session << "SELECT count(*) FROM events", into(n), now;
    return n;
}

void ServerStore::putReference(const std::string& kind, const std::string& key, const std::string& body)
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto& s = *_session;
    s.begin();
    Poco::Int64 version = 0;
    s << "SELECT coalesce(max(version), 0) + 1 FROM reference", into(version), now;
    std::string k = kind, id = key, b = body;
    s << "INSERT OR REPLACE INTO reference VALUES (?, ?, ?, ?)", use(k), use(id), use(version), use(b), now;
    s.commit();
}

std::vector<ServerStore::Change> ServerStore::changesSince(Poco::Int64 version)
{
    std::lock_guard<std::mutex> lock(_mutex);
    std::vector<Poco::Tuple<std::string, std::string, Poco::Int64, std::string>> rows;
    Poco::Int64 since = version;
    *_session << "SELECT kind, key, version, body FROM reference WHERE version > ? ORDER BY version", use(since),
        into(rows), now;
    std::vector<Change> changes;
    for (const auto& r : rows)
        changes.push_back({r.get<0>(), r.get<1>(), r.get<3>(), r.get<2>()});
    return changes;
}

Poco::Int64 ServerStore::referenceVersion()
{
    std::lock_guard<std::mutex> lock(_mutex);
    Poco::Int64 v = 0;
    *_session << "SELECT coalesce(max(version), 0) FROM reference", into(v), now;
    return v;
}

} // namespace portside::server
