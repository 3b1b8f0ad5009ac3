#include "ServerStore.h"

#include "portside/core/SiteSettings.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SessionPoolContainer.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DigestEngine.h>
#include <Poco/File.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Path.h>
#include <Poco/RandomStream.h>
#include <Poco/SHA2Engine.h>
#include <Poco/StreamCopier.h>
#include <Poco/Timestamp.h>
#include <Poco/Tuple.h>
#include <Poco/URI.h>
#include <Poco/UUIDGenerator.h>

#include <sstream>
#include <stdexcept>
#include <thread>

#include <unistd.h>

namespace portside::server {

using namespace Poco::Data::Keywords;

std::string sha256Hex(const std::string& text)
{
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update(text);
    return Poco::DigestEngine::digestToHex(sha.digest());
}

std::string postgresConnectionString(const std::string& text)
{
    const Poco::URI uri(text);
    if (uri.getScheme() != "postgresql" && uri.getScheme() != "postgres")
        throw std::invalid_argument("A PostgreSQL address starts with postgresql:// (got \"" + withoutPassword(text) +
                                    "\").");
    std::string out;
    const auto add = [&out](const std::string& key, const std::string& value) {
        if (value.empty())
            return;
        std::string quoted;
        for (char c : value) {
            if (c == '\\' || c == '\'')
                quoted += '\\';
            quoted += c;
        }
        out += (out.empty() ? "" : " ") + key + "='" + quoted + "'";
    };
    const std::string& info = uri.getUserInfo();
    const auto colon = info.find(':');
    add("user", info.substr(0, colon));
    if (colon != std::string::npos)
        add("password", info.substr(colon + 1));
    add("host", uri.getHost());
    if (uri.getSpecifiedPort() != 0)
        add("port", std::to_string(uri.getSpecifiedPort()));
    add("dbname", uri.getPath().empty() ? std::string() : uri.getPath().substr(1));
    for (const auto& [key, value] : uri.getQueryParameters())
        add(key, value);
    return out;
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

ServerStore::Lease ServerStore::lease(bool write)
{
    if (_pool) {
        // Every connection busy: wait for one rather than fail the request.
        std::unique_lock<std::mutex> slots(_slotMutex);
        _slotFree.wait(slots, [this] { return _slotsUsed < kPoolSize; });
        ++_slotsUsed;
        slots.unlock();
        try {
            return {std::unique_lock<std::mutex>(), _pool->get(), this};
        } catch (...) {
            std::lock_guard<std::mutex> slots(_slotMutex);
            --_slotsUsed;
            _slotFree.notify_one();
            throw;
        }
    }
    if (!write && _reader)
        return {std::unique_lock<std::mutex>(_readMutex), *_reader, nullptr};
    return {std::unique_lock<std::mutex>(_mutex), *_session, nullptr};
}

void ServerStore::release(Poco::Data::Session& session)
{
    try {
        session.close(); // back to the pool
    } catch (const Poco::Exception&) {
    }
    std::lock_guard<std::mutex> slots(_slotMutex);
    --_slotsUsed;
    _slotFree.notify_one();
}

std::string ServerStore::sql(const std::string& text) const
{
    if (!_postgres)
        return text;
    std::string out;
    int n = 0;
    bool quoted = false;
    for (char c : text) {
        if (c == '\'')
            quoted = !quoted;
        if (c == '?' && !quoted)
            out += "$" + std::to_string(++n);
        else
            out += c;
    }
    return out;
}

ServerStore::ServerStore(const std::string& db)
{
    try {
        if (db.rfind("sqlite:", 0) == 0) {
            Poco::Data::SQLite::Connector::registerConnector();
            // Staff PIN verifiers and patients' records: the file is the server's alone.
            const std::string path = db.substr(7);
            core::preparePrivateFile(path);
            // A file that cannot be opened (another user's, a folder without rights) fails at once: Poco would try
            // again for its default 60 s login timeout, a minute of silence under systemd.
            _session = std::make_unique<Poco::Data::Session>("SQLite", path, 2);
            *_session << "PRAGMA journal_mode=WAL", now;
            *_session << "PRAGMA synchronous=FULL", now;
            _session->setConnectionTimeout(5); // an admin command may hold the file for a moment
        } else if (db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0) {
            Poco::Data::PostgreSQL::Connector::registerConnector();
            _postgres = true;
            _conninfo = postgresConnectionString(db);
            _pool = std::make_unique<Poco::Data::SessionPool>("PostgreSQL", _conninfo, 1, kPoolSize, 60);
        } else {
            throw std::invalid_argument("--db takes sqlite:PATH or postgresql://USER@HOST:PORT/DATABASE (got \"" +
                                        withoutPassword(db) + "\").");
        }
        migrate();
        if (_session) { // reads beside the writer (WAL)
            _reader = std::make_unique<Poco::Data::Session>("SQLite", db.substr(7), 2);
            _reader->setConnectionTimeout(5);
        }
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("The server database " + withoutPassword(db) +
                                 " cannot be opened: " + e.displayText());
    }
    // The group writer, started last (a constructor that throws must not leave it running) and by the thread that
    // opens the store, at the normal priority the request threads give up.
    _groupThread = std::thread([this] { groupWriter(); });
}

void ServerStore::migrate()
{
    auto l = lease();
    auto& s = l.session;
    // Instances starting together on one PostgreSQL take turns.
    if (_postgres) {
        s << "SET client_min_messages = warning", now; // no notices on stderr for tables that already exist
        s << "SELECT pg_advisory_lock(72601)", now;
    }
    s.begin();
    try {
        s << "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)", now;
        std::vector<Poco::Int64> rows;
        s << "SELECT version FROM schema_version", into(rows), now;
        const Poco::Int64 version = rows.empty() ? 0 : rows.front();
        if (version > kSchemaVersion)
            throw std::runtime_error("The server database has schema version " + std::to_string(version) +
                                     ", newer than this server (" + std::to_string(kSchemaVersion) +
                                     "); run the newer server.");
        if (version < 1) {
            s << "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)", now;
            s << "CREATE TABLE enrollment_codes (code_hash TEXT PRIMARY KEY, ward TEXT NOT NULL,"
                 " used BIGINT NOT NULL DEFAULT 0)",
                now;
            s << "CREATE TABLE devices (id TEXT PRIMARY KEY, name TEXT NOT NULL, ward TEXT NOT NULL,"
                 " enrolled TEXT NOT NULL, head_seq BIGINT NOT NULL DEFAULT 0, head_hash TEXT NOT NULL DEFAULT '',"
                 " chain_problem TEXT NOT NULL DEFAULT '', revoked BIGINT NOT NULL DEFAULT 0)",
                now;
            s << "CREATE TABLE events (uuid TEXT PRIMARY KEY, device_id TEXT NOT NULL, seq BIGINT NOT NULL,"
                 " device_time TEXT NOT NULL, received TEXT NOT NULL, type TEXT NOT NULL, run_id TEXT NOT NULL,"
                 " patient TEXT NOT NULL, staff TEXT NOT NULL, payload TEXT NOT NULL, corrects TEXT NOT NULL,"
                 " prev_hash TEXT NOT NULL, hash TEXT NOT NULL, content_hash TEXT NOT NULL)",
                now;
            s << "CREATE INDEX events_device ON events (device_id, seq)", now;
            s << "CREATE INDEX events_run ON events (run_id)", now;
            s << "CREATE TABLE conflicts (uuid TEXT NOT NULL, device_id TEXT NOT NULL, received TEXT NOT NULL,"
                 " content_hash TEXT NOT NULL, payload TEXT NOT NULL)",
                now;
            s << "CREATE TABLE reference (kind TEXT NOT NULL, key TEXT NOT NULL, version BIGINT NOT NULL,"
                 " ward TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (kind, key))",
                now;
            s << "CREATE INDEX reference_version ON reference (version)", now;
            s << "CREATE TABLE plugin_packages (id TEXT NOT NULL, version TEXT NOT NULL, bytes TEXT NOT NULL,"
                 " PRIMARY KEY (id, version))",
                now;
            s << "DELETE FROM schema_version", now;
            s << "INSERT INTO schema_version VALUES (1)", now;
        }
        if (version < 2) { // gaps in each device's sequence (the next batch computes them for existing devices)
            s << "ALTER TABLE devices ADD COLUMN contiguous_seq BIGINT NOT NULL DEFAULT 0", now;
            s << "ALTER TABLE devices ADD COLUMN missing TEXT NOT NULL DEFAULT ''", now;
            s << "DELETE FROM schema_version", now;
            s << "INSERT INTO schema_version VALUES (2)", now;
        }
        if (version < 3) { // integration tokens, each recorded so that it can be revoked
            s << "CREATE TABLE integration_tokens (id TEXT PRIMARY KEY, name TEXT NOT NULL, issued TEXT NOT NULL,"
                 " revoked TEXT NOT NULL DEFAULT '')",
                now;
            s << "DELETE FROM schema_version", now;
            s << "INSERT INTO schema_version VALUES (3)", now;
        }
        if (version < 4) { // the ward's events in the order the server received them (GET /v1/ward-events)
            s << "CREATE INDEX IF NOT EXISTS events_received ON events (received, uuid)", now;
            s << "DELETE FROM schema_version", now;
            s << "INSERT INTO schema_version VALUES (4)", now;
        }
        s.commit();
    } catch (...) {
        s.rollback();
        if (_postgres)
            s << "SELECT pg_advisory_unlock(72601)", now;
        throw;
    }
    if (_postgres)
        s << "SELECT pg_advisory_unlock(72601)", now;
}

std::string ServerStore::signingKey()
{
    auto l = lease();
    std::vector<std::string> key;
    l.session << "SELECT value FROM meta WHERE key = 'signing_key'", into(key), now;
    if (!key.empty())
        return key.front();
    std::string fresh = randomHex(32);
    // Two instances starting at once: the first key stored wins, both read it back.
    l.session << sql("INSERT INTO meta VALUES ('signing_key', ?) ON CONFLICT (key) DO NOTHING"), use(fresh), now;
    key.clear();
    l.session << "SELECT value FROM meta WHERE key = 'signing_key'", into(key), now;
    return key.front();
}

std::string ServerStore::newEnrollmentCode(const std::string& ward)
{
    std::string code = randomHex(6); // 12 hex characters, shown once to the administrator
    std::string hash = sha256Hex(code), w = ward;
    auto l = lease();
    l.session << sql("INSERT INTO enrollment_codes (code_hash, ward) VALUES (?, ?)"), use(hash), use(w), now;
    return code;
}

std::optional<std::string> ServerStore::enroll(const std::string& code, const std::string& name)
{
    std::string hash = sha256Hex(code);
    auto l = lease();
    auto& s = l.session;
    s.begin();
    try {
        // Marking the code used and reading its ward is one statement, so two instances cannot both use it.
        std::vector<std::string> ward;
        s << sql("UPDATE enrollment_codes SET used = 1 WHERE code_hash = ? AND used = 0 RETURNING ward"), use(hash),
            into(ward), now;
        if (ward.empty()) {
            s.rollback();
            return std::nullopt;
        }
        std::string id = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
        std::string deviceName = name, when = Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%SZ");
        s << sql("INSERT INTO devices (id, name, ward, enrolled) VALUES (?, ?, ?, ?)"), use(id), use(deviceName),
            use(ward.front()), use(when), now;
        s.commit();
        return id;
    } catch (...) {
        s.rollback();
        throw;
    }
}

namespace {
using DeviceRow = Poco::Tuple<std::string, std::string, std::string, std::string, Poco::Int64, std::string, std::string,
                              Poco::Int64, Poco::Int64, std::string>;
Device toDevice(const DeviceRow& r)
{
    return {r.get<0>(), r.get<1>(), r.get<2>(), r.get<3>(), r.get<4>(),
            r.get<5>(), r.get<6>(), r.get<7>(), r.get<8>(), r.get<9>()};
}
const char* kDeviceColumns = "SELECT id, name, ward, enrolled, head_seq, head_hash, chain_problem, revoked,"
                             " contiguous_seq, missing FROM devices";
} // namespace

std::optional<Device> ServerStore::device(const std::string& deviceId)
{
    std::vector<DeviceRow> rows;
    std::string id = deviceId;
    auto l = lease(false);
    l.session << sql(std::string(kDeviceColumns) + " WHERE id = ?"), use(id), into(rows), now;
    if (rows.empty())
        return std::nullopt;
    return toDevice(rows.front());
}

std::vector<Device> ServerStore::devices()
{
    std::vector<DeviceRow> rows;
    auto l = lease(false);
    l.session << std::string(kDeviceColumns) + " ORDER BY enrolled, id", into(rows), now;
    std::vector<Device> out;
    for (const auto& r : rows)
        out.push_back(toDevice(r));
    return out;
}

void ServerStore::revoke(const std::string& deviceId)
{
    std::string id = deviceId;
    if (!device(deviceId))
        throw std::invalid_argument("No device " + deviceId + " is enrolled.");
    auto l = lease();
    l.session << sql("UPDATE devices SET revoked = 1 WHERE id = ?"), use(id), now;
}

Poco::Int64 ServerStore::eventCount()
{
    Poco::Int64 n = 0;
    auto l = lease(false);
    l.session << "SELECT count(*) FROM events", into(n), now;
    return n;
}

Poco::Int64 ServerStore::conflictCount()
{
    Poco::Int64 n = 0;
    auto l = lease(false);
    l.session << "SELECT count(*) FROM conflicts", into(n), now;
    return n;
}

namespace {

/// An event as the server holds it, in the columns kEventColumns names.
using EventRow = Poco::Tuple<std::string, std::string, Poco::Int64, std::string, std::string, std::string, std::string,
                             std::string, std::string, std::string, std::string, std::string, std::string>;
const char* const kEventColumns = "uuid, device_id, seq, device_time, received, type, run_id, patient, staff, payload,"
                                  " corrects, prev_hash, hash";

std::vector<StoredEvent> storedEvents(const std::vector<EventRow>& rows)
{
    std::vector<StoredEvent> out;
    out.reserve(rows.size());
    for (const auto& row : rows) {
        StoredEvent e;
        e.uuid = row.get<0>();
        e.deviceId = row.get<1>();
        e.seq = row.get<2>();
        e.deviceTime = row.get<3>();
        e.received = row.get<4>();
        e.type = row.get<5>();
        e.runId = row.get<6>();
        e.patient = row.get<7>();
        e.staff = row.get<8>();
        e.payload = row.get<9>();
        e.corrects = row.get<10>();
        e.prevHash = row.get<11>();
        e.hash = row.get<12>();
        out.push_back(std::move(e));
    }
    return out;
}

} // namespace

std::vector<StoredEvent> ServerStore::wardEvents(const std::string& ward, const std::string& exceptDevice,
                                                 const std::string& received, const std::string& afterUuid,
                                                 std::size_t limit)
{
    std::vector<EventRow> rows;
    std::string w = ward, d = exceptDevice, r = received, u = afterUuid;
    Poco::Int64 n = static_cast<Poco::Int64>(limit);
    auto l = lease(false);
    l.session << sql(std::string("SELECT ") + kEventColumns +
                     " FROM events WHERE (received > ? OR (received = ? AND uuid > ?)) AND device_id <> ?"
                     " AND (? = '' OR patient IN (SELECT key FROM reference WHERE kind = 'patient' AND ward = ?))"
                     " ORDER BY received, uuid LIMIT ?"),
        use(r), use(r), use(u), use(d), use(w), use(w), use(n), into(rows), now;
    return storedEvents(rows);
}

std::vector<StoredEvent> ServerStore::events(const std::string& deviceId, const std::string& runId,
                                             const std::string& patient)
{
    std::vector<EventRow> rows;
    std::string d = deviceId, r = runId, p = patient;
    auto l = lease(false);
    l.session << sql(std::string("SELECT ") + kEventColumns +
                     " FROM events WHERE (? = '' OR device_id = ?) AND (? = '' OR run_id = ?)"
                     " AND (? = '' OR patient = ?) ORDER BY device_id, seq"),
        use(d), use(d), use(r), use(r), use(p), use(p), into(rows), now;
    return storedEvents(rows);
}

void ServerStore::putReference(const std::string& kind, const std::string& key, const std::string& body)
{
    putReferences({{kind, key, body}});
}

bool patientDischarged(const std::string& body)
{
    // Written by Admin (patientChange) as "discharged":"<ISO time>"; a quote inside a JSON string is always escaped,
    // so this is the key and nothing a name could hold.
    const auto at = body.find("\"discharged\":\"");
    return at != std::string::npos && body.compare(at + 14, 1, "\"") != 0;
}

std::vector<ServerStore::Change> ServerStore::changesSince(Poco::Int64 version, const std::string& ward)
{
    // A staff record goes to kiosks of its wards (or to all when it names none). A kiosk outside them that may hold it
    // from before (its cursor is past 0) gets the change as {badge, removed: true}: the body, with the PIN verifier,
    // stays in the database.
    const std::string staffFor = std::string("(kind <> 'staff' OR ? = '' OR ward = '' OR ") +
                                 (_postgres ? "strpos(ward, ?) > 0)" : "instr(ward, ?) > 0)");
    // A patient goes to kiosks of their ward; one moved elsewhere or discharged goes to kiosks that may hold them
    // from before as {id, removed: true}, and their records stay on the server.
    const std::string query = "SELECT kind, key, version, CASE WHEN " + staffFor +
                              " THEN body ELSE '' END, ward FROM reference WHERE version > ?"
                              " AND (kind <> 'patient' OR ? = '' OR ward = ? OR ? > 0) AND (? > 0 OR " +
                              staffFor + ") ORDER BY version";
    std::vector<Poco::Tuple<std::string, std::string, Poco::Int64, std::string, std::string>> rows;
    Poco::Int64 since = version;
    // ";4B;" is found in ";7;4B;"; a ward name with ';' in it matches no staff's (";;" is in none).
    std::string w = ward, needle = ward.find(';') == std::string::npos ? ";" + ward + ";" : ";;";
    auto l = lease(false);
    l.session << sql(query), use(w), use(needle), use(since), use(w), use(w), use(since), use(since), use(w),
        use(needle), into(rows), now;
    std::vector<Change> changes;
    const auto removed = [](const char* field, const std::string& key) {
        Poco::JSON::Object o;
        o.set(field, key);
        o.set("removed", true);
        std::ostringstream text;
        o.stringify(text);
        return text.str();
    };
    for (const auto& r : rows) {
        std::string body = r.get<3>();
        if (r.get<0>() == "patient" && (patientDischarged(body) || (!ward.empty() && r.get<4>() != ward))) {
            if (since == 0)
                continue; // never here: nothing to take away
            body = removed("id", r.get<1>());
        } else if (body.empty()) {
            body = removed("badge", r.get<1>());
        }
        changes.push_back({r.get<0>(), r.get<1>(), body, r.get<2>()});
    }
    return changes;
}

std::vector<ServerStore::Change> ServerStore::reference(const std::string& kind)
{
    std::vector<Poco::Tuple<std::string, std::string, Poco::Int64, std::string>> rows;
    std::string k = kind;
    auto l = lease(false);
    l.session << sql("SELECT kind, key, version, body FROM reference WHERE kind = ? ORDER BY key"), use(k), into(rows),
        now;
    std::vector<Change> out;
    for (const auto& r : rows)
        out.push_back({r.get<0>(), r.get<1>(), r.get<3>(), r.get<2>()});
    return out;
}

Poco::Int64 ServerStore::referenceVersion()
{
    Poco::Int64 v = 0;
    auto l = lease(false);
    l.session << "SELECT coalesce(max(version), 0) FROM reference", into(v), now;
    return v;
}

void ServerStore::putPluginPackage(const std::string& id, const std::string& version, const std::string& bytes)
{
    // Kept as base64 text: one column type on both back ends, and PostgreSQL's TEXT takes no NUL bytes.
    std::ostringstream encoded;
    Poco::Base64Encoder encoder(encoded);
    encoder.rdbuf()->setLineLength(0);
    encoder << bytes;
    encoder.close();
    std::string i = id, v = version, b = encoded.str();
    auto l = lease();
    l.session << sql("INSERT INTO plugin_packages VALUES (?, ?, ?) ON CONFLICT (id, version) DO UPDATE SET"
                     " bytes = excluded.bytes"),
        use(i), use(v), use(b), now;
}

std::optional<std::string> ServerStore::pluginPackage(const std::string& id, const std::string& version)
{
    std::vector<std::string> bytes;
    std::string i = id, v = version;
    auto l = lease(false);
    l.session << sql("SELECT bytes FROM plugin_packages WHERE id = ? AND version = ?"), use(i), use(v), into(bytes),
        now;
    if (bytes.empty())
        return std::nullopt;
    std::istringstream encoded(bytes.front());
    Poco::Base64Decoder decoder(encoded);
    std::string raw;
    Poco::StreamCopier::copyToString(decoder, raw);
    return raw;
}

void ServerStore::putReferences(const std::vector<Reference>& records)
{
    std::vector<std::string> wards;
    for (const auto& r : records) {
        wards.emplace_back();
        if (r.kind == "patient") {
            Poco::JSON::Parser parser;
            wards.back() = parser.parse(r.body).extract<Poco::JSON::Object::Ptr>()->optValue<std::string>("ward", "");
        } else if (r.kind == "staff") { // "4B;7" kept as ";4B;7;", so one ward is found as ";4B;"; none: house-wide
            Poco::JSON::Parser parser;
            const auto w = parser.parse(r.body).extract<Poco::JSON::Object::Ptr>()->optValue<std::string>("wards", "");
            wards.back() = w.empty() ? std::string() : ";" + w + ";";
        }
    }
    auto l = lease();
    auto& s = l.session;
    s.begin();
    try {
        // Versions must become visible in order, or a kiosk could step its cursor over one still being written.
        if (_postgres)
            s << "LOCK TABLE reference IN SHARE ROW EXCLUSIVE MODE", now;
        Poco::Int64 version = 0;
        s << "SELECT coalesce(max(version), 0) FROM reference", into(version), now;
        for (std::size_t i = 0; i < records.size(); ++i) {
            std::string k = records[i].kind, id = records[i].key, b = records[i].body, ward = wards[i];
            ++version;
            // The same record again (an import run twice) keeps its version: kiosks have nothing new to pull.
            s << sql("INSERT INTO reference VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, key) DO UPDATE SET"
                     " version = excluded.version, ward = excluded.ward, body = excluded.body"
                     " WHERE reference.body <> excluded.body OR reference.ward <> excluded.ward"),
                use(k), use(id), use(version), use(ward), use(b), now;
        }
        s.commit();
    } catch (...) {
        s.rollback();
        throw;
    }
}

ServerStore::IntegrationToken ServerStore::newIntegrationToken(const std::string& name)
{
    IntegrationToken t{Poco::UUIDGenerator::defaultGenerator().createRandom().toString(), name,
                       Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%SZ"), ""};
    auto l = lease();
    l.session << sql("INSERT INTO integration_tokens (id, name, issued) VALUES (?, ?, ?)"), use(t.id), use(t.name),
        use(t.issued), now;
    return t;
}

std::vector<ServerStore::IntegrationToken> ServerStore::integrationTokens()
{
    std::vector<Poco::Tuple<std::string, std::string, std::string, std::string>> rows;
    auto l = lease(false);
    l.session << "SELECT id, name, issued, revoked FROM integration_tokens ORDER BY issued, id", into(rows), now;
    std::vector<IntegrationToken> out;
    for (const auto& r : rows)
        out.push_back({r.get<0>(), r.get<1>(), r.get<2>(), r.get<3>()});
    return out;
}

std::vector<ServerStore::IntegrationToken> ServerStore::revokeIntegrationToken(const std::string& idOrName)
{
    std::string which = idOrName, when = Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%SZ");
    std::vector<Poco::Tuple<std::string, std::string, std::string, std::string>> rows;
    auto l = lease();
    auto& s = l.session;
    s.begin();
    try {
        s << sql("UPDATE integration_tokens SET revoked = ? WHERE (id = ? OR name = ?) AND revoked = ''"), use(when),
            use(which), use(which), now;
        s << sql("SELECT id, name, issued, revoked FROM integration_tokens WHERE id = ? OR name = ?"
                 " ORDER BY issued, id"),
            use(which), use(which), into(rows), now;
        s.commit();
    } catch (...) {
        s.rollback();
        throw;
    }
    if (rows.empty())
        throw std::invalid_argument("No integration token has the id or name \"" + idOrName +
                                    "\"; portside-server admin integration-tokens lists them.");
    std::vector<IntegrationToken> out;
    for (const auto& r : rows)
        out.push_back({r.get<0>(), r.get<1>(), r.get<2>(), r.get<3>()});
    return out;
}

bool ServerStore::integrationTokenActive(const std::string& id)
{
    if (id.empty())
        return false; // issued before tokens were recorded: it cannot be revoked, so it is not taken
    std::string i = id;
    Poco::Int64 n = 0;
    auto l = lease(false);
    l.session << sql("SELECT count(*) FROM integration_tokens WHERE id = ? AND revoked = ''"), use(i), into(n), now;
    return n > 0;
}

namespace {

/// Where the secret parts of a database address are: the password of USER:PASSWORD@ and the values of query
/// parameters named *password, as [begin, end) ranges.
std::vector<std::pair<std::size_t, std::size_t>> secrets(const std::string& db)
{
    std::vector<std::pair<std::size_t, std::size_t>> out;
    const auto scheme = db.find("://");
    if (scheme == std::string::npos) {
        // libpq's keyword form, "host=db user=alice password=secret" or password = 'a secret', as someone may give
        // it to --db by mistake: every password value, quoted or not.
        std::string lower = db;
        for (auto& c : lower)
            if (c >= 'A' && c <= 'Z')
                c = static_cast<char>(c - 'A' + 'a');
        for (auto p = lower.find("password"); p != std::string::npos; p = lower.find("password", p + 8)) {
            auto q = p + 8;
            while (q < db.size() && db[q] == ' ')
                ++q;
            if (q >= db.size() || db[q] != '=')
                continue;
            ++q;
            while (q < db.size() && db[q] == ' ')
                ++q;
            auto end = q;
            if (end < db.size() && db[end] == '\'') {
                for (++end; end < db.size() && db[end] != '\''; ++end)
                    if (db[end] == '\\')
                        ++end;
                end = std::min(end + 1, db.size());
            } else {
                while (end < db.size() && db[end] != ' ')
                    ++end;
            }
            if (end > q)
                out.emplace_back(q, end);
        }
        return out; // sqlite:PATH, or keywords
    }
    const std::size_t start = scheme + 3;
    // USER:PASSWORD@HOST: the password may hold an '@' of its own, so the host starts after the last '@' before the
    // path or query that follows the first one.
    std::size_t hostStart = start;
    const auto firstAt = db.find('@', start);
    if (firstAt != std::string::npos) {
        const auto at = db.rfind('@', db.find_first_of("/?", firstAt));
        const auto colon = db.find(':', start);
        if (colon < firstAt && colon + 1 < at)
            out.emplace_back(colon + 1, at);
        hostStart = at + 1;
    }
    auto p = db.find('?', hostStart);
    while (p != std::string::npos) {
        auto end = db.find('&', p + 1);
        if (end == std::string::npos)
            end = db.size();
        const auto eq = db.find('=', p + 1);
        if (eq < end) {
            std::string key = db.substr(p + 1, eq - p - 1);
            for (auto& c : key)
                if (c >= 'A' && c <= 'Z')
                    c = static_cast<char>(c - 'A' + 'a');
            if (key.size() >= 8 && key.compare(key.size() - 8, 8, "password") == 0 && eq + 1 < end)
                out.emplace_back(eq + 1, end);
        }
        p = end < db.size() ? end : std::string::npos;
    }
    return out;
}

} // namespace

std::string databaseProblem(const std::string& db)
{
    if (db.rfind("sqlite:", 0) == 0) {
        Poco::Path path(db.substr(7));
        path.makeAbsolute();
        const std::string file = path.toString();
        if (Poco::File(file).exists())
            return ::access(file.c_str(), R_OK | W_OK) == 0
                       ? std::string()
                       : "The database file " + file + " cannot be read and written by this user.";
        // The folders the server would make (0700) need a parent it may write to.
        Poco::Path folder = path.parent();
        while (!Poco::File(folder).exists() && folder.depth() > 0)
            folder.popDirectory();
        if (!Poco::File(folder).isDirectory() || ::access(folder.toString().c_str(), W_OK | X_OK) != 0)
            return "The database " + file + " cannot be made: this user cannot write to " + folder.toString() + ".";
        return {};
    }
    if (db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0) {
        try {
            Poco::Data::PostgreSQL::Connector::registerConnector();
            Poco::Data::Session session("PostgreSQL", postgresConnectionString(db));
            session.close();
            return {};
        } catch (const Poco::Exception& e) {
            return "The database " + withoutPassword(db) + " cannot be reached: " + e.displayText();
        } catch (const std::invalid_argument& e) {
            return e.what();
        }
    }
    return "The database address " + withoutPassword(db) +
           " is neither sqlite:PATH nor postgresql://USER@HOST:PORT/DATABASE.";
}

bool hasPassword(const std::string& db)
{
    return !secrets(db).empty();
}

std::string withoutPassword(const std::string& db)
{
    std::string out = db;
    const auto found = secrets(db);
    for (auto it = found.rbegin(); it != found.rend(); ++it)
        out.replace(it->first, it->second - it->first, "*****");
    return out;
}

} // namespace portside::server
