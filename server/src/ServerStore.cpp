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
        throw std::invalid_argument("A PostgreSQL address starts with postgresql:// (got \"" + text + "\").");
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

std::string contentHash(const IncomingEvent& e)
{
    return sha256Hex(e.deviceId + '\x1f' + std::to_string(e.seq) + '\x1f' + e.deviceTime + '\x1f' + e.type + '\x1f' +
                     e.runId + '\x1f' + e.patient + '\x1f' + e.staff + '\x1f' + e.payload + '\x1f' + e.corrects +
                     '\x1f' + e.prevHash + '\x1f' + e.hash);
}

const std::string kFirstLink(64, '0');

} // namespace

/// A connection to use for one call: SQLite's one connection under the mutex, or one from PostgreSQL's pool.
struct ServerStore::Lease {
    std::unique_lock<std::mutex> lock;
    Poco::Data::Session session;
};

ServerStore::Lease ServerStore::lease()
{
    if (_pool) {
        // Every connection busy: wait a moment for one rather than fail the request (up to 10 s).
        for (int attempt = 0;; ++attempt) {
            try {
                return {std::unique_lock<std::mutex>(), _pool->get()};
            } catch (const Poco::Data::SessionPoolExhaustedException&) {
                if (attempt == 1000)
                    throw;
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            }
        }
    }
    return {std::unique_lock<std::mutex>(_mutex), *_session};
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
            _session = std::make_unique<Poco::Data::Session>("SQLite", path);
            *_session << "PRAGMA journal_mode=WAL", now;
            *_session << "PRAGMA synchronous=FULL", now;
            _session->setConnectionTimeout(5); // an admin command may hold the file for a moment
        } else if (db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0) {
            Poco::Data::PostgreSQL::Connector::registerConnector();
            _postgres = true;
            _pool = std::make_unique<Poco::Data::SessionPool>("PostgreSQL", postgresConnectionString(db), 1, 32, 60);
        } else {
            throw std::invalid_argument("--db takes sqlite:PATH or postgresql://USER@HOST:PORT/DATABASE (got \"" + db +
                                        "\").");
        }
        migrate();
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("The server database " + db + " cannot be opened: " + e.displayText());
    }
}

ServerStore::~ServerStore() = default;

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
    auto l = lease();
    l.session << sql(std::string(kDeviceColumns) + " WHERE id = ?"), use(id), into(rows), now;
    if (rows.empty())
        return std::nullopt;
    return toDevice(rows.front());
}

std::vector<Device> ServerStore::devices()
{
    std::vector<DeviceRow> rows;
    auto l = lease();
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

ServerStore::BatchResult ServerStore::storeBatch(const std::string& deviceId, const std::vector<IncomingEvent>& events,
                                                 Poco::Int64 headSeq, const std::string& headHash,
                                                 const std::string& receivedAt, Poco::Int64 since,
                                                 const std::string& kioskReport)
{
    BatchResult result;
    auto l = lease();
    auto& s = l.session;
    std::string device = deviceId, received = receivedAt;
    s.begin();
    try {
        std::string problem;
        for (const auto& e : events) {
            IncomingEvent v = e;
            std::string content = contentHash(e);
            std::vector<std::string> inserted;
            s << sql("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                     " ON CONFLICT (uuid) DO NOTHING RETURNING uuid"),
                use(v.uuid), use(v.deviceId), use(v.seq), use(v.deviceTime), use(received), use(v.type), use(v.runId),
                use(v.patient), use(v.staff), use(v.payload), use(v.corrects), use(v.prevHash), use(v.hash),
                use(content), into(inserted), now;
            if (inserted.empty()) {
                std::vector<std::string> existing;
                s << sql("SELECT content_hash FROM events WHERE uuid = ?"), use(v.uuid), into(existing), now;
                if (!existing.empty() && existing.front() == content) {
                    result.outcomes.push_back(Outcome::Duplicate);
                } else {
                    s << sql("INSERT INTO conflicts VALUES (?, ?, ?, ?, ?)"), use(v.uuid), use(device), use(received),
                        use(content), use(v.payload), now;
                    result.outcomes.push_back(Outcome::Conflict);
                }
                continue;
            }
            result.outcomes.push_back(Outcome::Stored);
            // The link to this device's previous event, when that one is here.
            // One look at this device's events numbered seq - 1 and seq.
            std::vector<Poco::Int64> seqs;
            std::vector<std::string> hashes;
            Poco::Int64 prevSeq = v.seq - 1;
            s << sql("SELECT seq, hash FROM events WHERE device_id = ? AND seq BETWEEN ? AND ?"), use(device),
                use(prevSeq), use(v.seq), into(seqs), into(hashes), now;
            std::vector<std::string> previous;
            long sameSeq = 0;
            for (std::size_t k = 0; k < seqs.size(); ++k) {
                if (seqs[k] == prevSeq)
                    previous.push_back(hashes[k]);
                else
                    ++sameSeq;
            }
            if (problem.empty() && sameSeq > 1)
                problem = "Event " + std::to_string(v.seq) +
                          " arrived twice with different UUIDs: the kiosk's record was reset or replaced.";
            else if (problem.empty() && v.seq == 1 && v.prevHash != kFirstLink)
                problem = "The kiosk's first event does not start a chain.";
            else if (problem.empty() && previous.size() == 1 && previous.front() != v.prevHash)
                problem = "Event " + std::to_string(v.seq) + " does not link to event " + std::to_string(prevSeq) +
                          ": the kiosk's history was changed.";
        }
        if (headSeq > 0) {
            std::vector<Poco::Int64> known;
            s << sql("SELECT head_seq FROM devices WHERE id = ?"), use(device), into(known), now;
            std::vector<std::string> atHead;
            s << sql("SELECT hash FROM events WHERE device_id = ? AND seq = ?"), use(device), use(headSeq),
                into(atHead), now;
            if (problem.empty() && !known.empty() && headSeq < known.front())
                problem = "The kiosk reported its newest event as " + std::to_string(headSeq) + " after " +
                          std::to_string(known.front()) + ": its record went back (restored or replaced).";
            else if (problem.empty() && !atHead.empty() && atHead.front() != headHash)
                problem = "The kiosk's newest event " + std::to_string(headSeq) +
                          " differs from the one stored: its history was rewritten.";
            std::string hash = headHash;
            s << sql("UPDATE devices SET head_seq = ?, head_hash = ? WHERE id = ? AND head_seq <= ?"), use(headSeq),
                use(hash), use(device), use(headSeq), now;
        }
        if (problem.empty())
            problem = kioskReport;
        if (!problem.empty())
            s << sql("UPDATE devices SET chain_problem = ? WHERE id = ? AND chain_problem = ''"), use(problem),
                use(device), now;
        if (since > 1) { // what came before went under the kiosk's earlier enrollment
            Poco::Int64 before = since - 1;
            s << sql("UPDATE devices SET contiguous_seq = ? WHERE id = ? AND contiguous_seq < ?"), use(before),
                use(device), use(before), now;
        }
        // Gaps: walk this device's events above the last point up to which all are here, to its newest known.
        std::vector<Poco::Int64> contiguousNow, headNow;
        s << sql("SELECT contiguous_seq, head_seq FROM devices WHERE id = ?"), use(device), into(contiguousNow),
            into(headNow), now;
        if (!contiguousNow.empty()) {
            Poco::Int64 expected = contiguousNow.front() + 1, contiguous = contiguousNow.front();
            std::vector<Poco::Int64> seqs;
            s << sql("SELECT seq FROM events WHERE device_id = ? AND seq >= ? ORDER BY seq"), use(device),
                use(expected), into(seqs), now;
            bool gap = false;
            for (const auto q : seqs) {
                if (q < expected)
                    continue; // the same seq twice is a chain problem, said above
                if (q > expected) {
                    gap = true;
                    result.missing.emplace_back(expected, q - 1);
                }
                if (!gap)
                    contiguous = q;
                expected = q + 1;
            }
            if (expected <= headNow.front())
                result.missing.emplace_back(expected, headNow.front());
            if (result.missing.size() > 100)
                result.missing.resize(100);
            std::string text;
            for (const auto& [from, to] : result.missing)
                text += (text.empty() ? "" : ", ") + std::to_string(from) +
                        (to == from ? std::string() : "-" + std::to_string(to));
            s << sql("UPDATE devices SET contiguous_seq = ?, missing = ? WHERE id = ?"), use(contiguous), use(text),
                use(device), now;
        }
        s.commit();
        result.chainProblem = problem;
    } catch (...) {
        s.rollback();
        throw;
    }
    return result;
}

Poco::Int64 ServerStore::eventCount()
{
    Poco::Int64 n = 0;
    auto l = lease();
    l.session << "SELECT count(*) FROM events", into(n), now;
    return n;
}

Poco::Int64 ServerStore::conflictCount()
{
    Poco::Int64 n = 0;
    auto l = lease();
    l.session << "SELECT count(*) FROM conflicts", into(n), now;
    return n;
}

std::vector<StoredEvent> ServerStore::events(const std::string& deviceId, const std::string& runId,
                                             const std::string& patient)
{
    using Row = Poco::Tuple<std::string, std::string, Poco::Int64, std::string, std::string, std::string, std::string,
                            std::string, std::string, std::string, std::string, std::string, std::string>;
    std::vector<Row> rows;
    std::string d = deviceId, r = runId, p = patient;
    auto l = lease();
    l.session << sql("SELECT uuid, device_id, seq, device_time, received, type, run_id, patient, staff, payload,"
                     " corrects, prev_hash, hash FROM events WHERE (? = '' OR device_id = ?) AND (? = '' OR run_id = ?)"
                     " AND (? = '' OR patient = ?) ORDER BY device_id, seq"),
        use(d), use(d), use(r), use(r), use(p), use(p), into(rows), now;
    std::vector<StoredEvent> out;
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

void ServerStore::putReference(const std::string& kind, const std::string& key, const std::string& body)
{
    std::string ward;
    if (kind == "patient") {
        Poco::JSON::Parser parser;
        ward = parser.parse(body).extract<Poco::JSON::Object::Ptr>()->optValue<std::string>("ward", "");
    } else if (kind == "staff") { // "4B;7" kept as ";4B;7;", so one ward is found as ";4B;"; none: house-wide
        Poco::JSON::Parser parser;
        const auto wards = parser.parse(body).extract<Poco::JSON::Object::Ptr>()->optValue<std::string>("wards", "");
        ward = wards.empty() ? std::string() : ";" + wards + ";";
    }
    auto l = lease();
    auto& s = l.session;
    s.begin();
    try {
        // Versions must become visible in order, or a kiosk could step its cursor over one still being written.
        if (_postgres)
            s << "LOCK TABLE reference IN SHARE ROW EXCLUSIVE MODE", now;
        Poco::Int64 version = 0;
        s << "SELECT coalesce(max(version), 0) + 1 FROM reference", into(version), now;
        std::string k = kind, id = key, b = body;
        s << sql("INSERT INTO reference VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, key) DO UPDATE SET"
                 " version = excluded.version, ward = excluded.ward, body = excluded.body"),
            use(k), use(id), use(version), use(ward), use(b), now;
        s.commit();
    } catch (...) {
        s.rollback();
        throw;
    }
}

std::vector<ServerStore::Change> ServerStore::changesSince(Poco::Int64 version, const std::string& ward)
{
    // A staff record goes to kiosks of its wards (or to all when it names none). A kiosk outside them that may hold it
    // from before (its cursor is past 0) gets the change as {badge, removed: true}: the body, with the PIN verifier,
    // stays in the database.
    const std::string staffFor = std::string("(kind <> 'staff' OR ? = '' OR ward = '' OR ") +
                                 (_postgres ? "strpos(ward, ?) > 0)" : "instr(ward, ?) > 0)");
    const std::string query = "SELECT kind, key, version, CASE WHEN " + staffFor +
                              " THEN body ELSE '' END FROM reference WHERE version > ?"
                              " AND (kind <> 'patient' OR ? = '' OR ward = ?) AND (? > 0 OR " +
                              staffFor + ") ORDER BY version";
    std::vector<Poco::Tuple<std::string, std::string, Poco::Int64, std::string>> rows;
    Poco::Int64 since = version;
    // ";4B;" is found in ";7;4B;"; a ward name with ';' in it matches no staff's (";;" is in none).
    std::string w = ward, needle = ward.find(';') == std::string::npos ? ";" + ward + ";" : ";;";
    auto l = lease();
    l.session << sql(query), use(w), use(needle), use(since), use(w), use(w), use(since), use(w), use(needle),
        into(rows), now;
    std::vector<Change> changes;
    for (const auto& r : rows) {
        std::string body = r.get<3>();
        if (body.empty()) {
            Poco::JSON::Object removed;
            removed.set("badge", r.get<1>());
            removed.set("removed", true);
            std::ostringstream text;
            removed.stringify(text);
            body = text.str();
        }
        changes.push_back({r.get<0>(), r.get<1>(), body, r.get<2>()});
    }
    return changes;
}

std::vector<ServerStore::Change> ServerStore::reference(const std::string& kind)
{
    std::vector<Poco::Tuple<std::string, std::string, Poco::Int64, std::string>> rows;
    std::string k = kind;
    auto l = lease();
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
    auto l = lease();
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
    auto l = lease();
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

} // namespace portside::server
