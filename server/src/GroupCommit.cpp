// ServerStore::storeBatch: batches from many kiosks stored together (group commit), set-based.
//
// A request hands its batch to the store and waits. One thread, the group writer, takes every batch queued by then,
// stores them in one transaction with a fixed number of statements whatever the number of events or kiosks (one INSERT
// for all events, one look at the devices, one at the neighbouring events, one gap walk, one UPDATE of the devices),
// commits once, and wakes their requests. Under load one disk sync (SQLite) or one commit round trip (PostgreSQL)
// serves many kiosks; alone, a batch is written at once. Each statement takes its rows as one JSON document (SQLite's
// json_each, PostgreSQL's json_to_recordset) and is prepared once per connection. A group that fails is written again
// batch by batch, so one batch that cannot be stored never fails another kiosk's.

#include "ServerStore.h"
#include "portside/core/JsonText.h"

#include <Poco/Data/SQLite/Utility.h>

#include <libpq-fe.h>
#include <openssl/sha.h>
#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

namespace portside::server {

namespace {

const std::string kFirstLink(64, '0');
constexpr std::size_t kMaxGroupEvents = 20000; // one group's events: bounds a transaction's memory and time

/// What identifies an event's content, kept with it: the same UUID with other content is a conflict.
std::string contentHash(const IncomingEvent& e)
{
    const std::string text = e.deviceId + '\x1f' + std::to_string(e.seq) + '\x1f' + e.deviceTime + '\x1f' + e.type +
                             '\x1f' + e.runId + '\x1f' + e.patient + '\x1f' + e.staff + '\x1f' + e.payload + '\x1f' +
                             e.corrects + '\x1f' + e.prevHash + '\x1f' + e.hash;
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
    static const char hex[] = "0123456789abcdef";
    std::string out(2 * SHA256_DIGEST_LENGTH, '0');
    for (std::size_t i = 0; i < SHA256_DIGEST_LENGTH; ++i) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 0xf];
    }
    return out;
}

long long number(const std::string& text)
{
    return text.empty() ? 0 : std::stoll(text);
}

/// The statements of a group write, each on both back ends. Every one takes a JSON document as its one parameter.
enum Statement { InsertEvents, Existing, InsertConflicts, Devices, Neighbours, GapWalk, UpdateDevices, kStatements };

const char* const kSQLite[kStatements] = {
    "INSERT INTO events (uuid, device_id, seq, device_time, received, type, run_id, patient, staff, payload, corrects,"
    " prev_hash, hash, content_hash) SELECT value->>'u', value->>'d', value->>'s', value->>'t', value->>'rc',"
    " value->>'ty', value->>'ru', value->>'p', value->>'st', value->>'pl', value->>'c', value->>'ph', value->>'h',"
    " value->>'ch' FROM json_each(?1) WHERE true ON CONFLICT (uuid) DO NOTHING RETURNING uuid",
    "SELECT uuid, content_hash FROM events WHERE uuid IN (SELECT value FROM json_each(?1))",
    "INSERT INTO conflicts (uuid, device_id, received, content_hash, payload) SELECT value->>'u', value->>'d',"
    " value->>'rc', value->>'ch', value->>'pl' FROM json_each(?1)",
    "SELECT id, head_seq, head_hash, contiguous_seq FROM devices WHERE id IN (SELECT value FROM json_each(?1))",
    "SELECT e.device_id, e.seq, e.hash, e.uuid FROM json_each(?1) AS r CROSS JOIN events AS e"
    " ON e.device_id = r.value->>'d' AND e.seq BETWEEN r.value->>'lo' AND r.value->>'hi'",
    "SELECT e.device_id, e.seq FROM devices AS d CROSS JOIN events AS e ON e.device_id = d.id AND e.seq >"
    " d.contiguous_seq WHERE d.id IN (SELECT value FROM json_each(?1)) ORDER BY 1, 2",
    "UPDATE devices SET head_seq = r.hs, head_hash = r.hh, contiguous_seq = r.c, missing = r.m,"
    " chain_problem = CASE WHEN devices.chain_problem = '' THEN r.p ELSE devices.chain_problem END"
    " FROM (SELECT value->>'id' AS id, value->>'hs' AS hs, value->>'hh' AS hh, value->>'c' AS c, value->>'m' AS m,"
    " value->>'p' AS p FROM json_each(?1)) AS r WHERE devices.id = r.id",
};

const char* const kPostgres[kStatements] = {
    "INSERT INTO events (uuid, device_id, seq, device_time, received, type, run_id, patient, staff, payload, corrects,"
    " prev_hash, hash, content_hash) SELECT r.u, r.d, r.s, r.t, r.rc, r.ty, r.ru, r.p, r.st, r.pl, r.c, r.ph, r.h,"
    " r.ch FROM json_to_recordset($1::json) AS r(u text, d text, s bigint, t text, rc text, ty text, ru text, p text,"
    " st text, pl text, c text, ph text, h text, ch text) ON CONFLICT (uuid) DO NOTHING RETURNING uuid",
    "SELECT uuid, content_hash FROM events WHERE uuid = ANY (ARRAY(SELECT json_array_elements_text($1::json)))",
    "INSERT INTO conflicts (uuid, device_id, received, content_hash, payload) SELECT r.u, r.d, r.rc, r.ch, r.pl"
    " FROM json_to_recordset($1::json) AS r(u text, d text, rc text, ch text, pl text)",
    // Locked, in one order, so two server instances writing the same kiosk take turns and never deadlock.
    "SELECT id, head_seq, head_hash, contiguous_seq FROM devices"
    " WHERE id = ANY (ARRAY(SELECT json_array_elements_text($1::json))) ORDER BY id FOR UPDATE",
    // Each kiosk's own rows through the (device_id, seq) index: LATERAL with OFFSET 0 keeps PostgreSQL from joining
    // the whole events table by hash, a scan of every event ever stored for each group.
    "SELECT r.d, e.seq, e.hash, e.uuid FROM json_to_recordset($1::json) AS r(d text, lo bigint, hi bigint)"
    " CROSS JOIN LATERAL (SELECT seq, hash, uuid FROM events WHERE device_id = r.d AND seq BETWEEN r.lo AND r.hi"
    " OFFSET 0) AS e",
    "SELECT d.id, e.seq FROM devices AS d CROSS JOIN LATERAL (SELECT seq FROM events WHERE device_id = d.id AND seq >"
    " d.contiguous_seq OFFSET 0) AS e WHERE d.id = ANY (ARRAY(SELECT json_array_elements_text($1::json)))"
    " ORDER BY 1, 2",
    "UPDATE devices AS d SET head_seq = r.hs, head_hash = r.hh, contiguous_seq = r.c, missing = r.m,"
    " chain_problem = CASE WHEN d.chain_problem = '' THEN r.p ELSE d.chain_problem END"
    " FROM json_to_recordset($1::json) AS r(id text, hs bigint, hh text, c bigint, m text, p text) WHERE d.id = r.id",
};

using Row = std::vector<std::string>;
using Rows = std::vector<Row>;

} // namespace

/// The connection group writes go through, with its statements prepared once.
class ServerStore::Writer {
public:
    virtual ~Writer() = default;
    virtual void exec(const char* sql) = 0;
    virtual Rows query(Statement statement, const std::string& parameter) = 0;
    /// One row to insert into events; returns the UUIDs that were not there before.
    struct NewEvent {
        const IncomingEvent* event;
        const std::string* received;
        const std::string* content;
    };
    virtual std::set<std::string> insertEvents(const std::vector<NewEvent>& rows)
    {
        std::set<std::string> inserted;
        for (const auto& row : query(InsertEvents, eventsJson(rows)))
            inserted.insert(row[0]);
        return inserted;
    }
    /// What a group reads as it begins: its devices (locked), the UUIDs its INSERT added, the events around its
    /// batches and their heads (after the INSERT), each device's seqs above the point up to which all are here.
    struct Opening {
        Rows devices;
        std::set<std::string> inserted;
        Rows neighbours, above;
    };
    /// Begins the transaction and runs the group's first statements, in this order.
    virtual Opening open(const std::string& deviceIds, const std::vector<NewEvent>& rows, const std::string& ranges)
    {
        exec(begin());
        Opening o;
        o.devices = query(Devices, deviceIds);
        if (!rows.empty())
            o.inserted = insertEvents(rows);
        if (ranges != "[]")
            o.neighbours = query(Neighbours, ranges);
        o.above = query(GapWalk, deviceIds);
        return o;
    }
    /// The group's last statements (conflicts kept when there are any, the devices updated) and its commit.
    virtual void close(const std::string& conflicts, const std::string& updates)
    {
        if (conflicts != "[]")
            query(InsertConflicts, conflicts);
        if (updates != "[]")
            query(UpdateDevices, updates);
        exec("COMMIT");
    }
    virtual const char* begin() const = 0;

protected:
    static std::string eventsJson(const std::vector<NewEvent>& rows)
    {
        core::JsonRows json;
        for (const auto& r : rows) {
            const auto& e = *r.event;
            json.row()
                .add("u", e.uuid)
                .add("d", e.deviceId)
                .add("s", e.seq)
                .add("t", e.deviceTime)
                .add("rc", *r.received)
                .add("ty", e.type)
                .add("ru", e.runId)
                .add("p", e.patient)
                .add("st", e.staff)
                .add("pl", e.payload)
                .add("c", e.corrects)
                .add("ph", e.prevHash)
                .add("h", e.hash)
                .add("ch", *r.content);
        }
        return json.text();
    }
};

namespace {

/// SQLite: the store's one connection (the caller holds its lease), through the C API for statements kept prepared.
class SQLiteWriter : public ServerStore::Writer {
public:
    explicit SQLiteWriter(sqlite3* db) : _db(db) {}
    ~SQLiteWriter() override
    {
        for (auto* s : _statements)
            sqlite3_finalize(s);
        sqlite3_finalize(_insert);
    }
    void exec(const char* sql) override { check(sqlite3_exec(_db, sql, nullptr, nullptr, nullptr)); }
    const char* begin() const override { return "BEGIN IMMEDIATE"; }
    Rows query(Statement statement, const std::string& parameter) override
    {
        auto*& s = _statements[statement];
        if (!s)
            check(sqlite3_prepare_v3(_db, kSQLite[statement], -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr));
        sqlite3_reset(s);
        check(sqlite3_bind_text(s, 1, parameter.data(), static_cast<int>(parameter.size()), SQLITE_STATIC));
        Rows rows;
        int rc;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            Row row(static_cast<std::size_t>(sqlite3_column_count(s)));
            for (int i = 0; i < sqlite3_column_count(s); ++i) {
                const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
                if (text)
                    row[static_cast<std::size_t>(i)].assign(text, static_cast<std::size_t>(sqlite3_column_bytes(s, i)));
            }
            rows.push_back(std::move(row));
        }
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
        if (rc != SQLITE_DONE)
            check(rc);
        return rows;
    }

    /// In process, row by row through one prepared statement: no round trips to save, and no JSON to read back.
    std::set<std::string> insertEvents(const std::vector<NewEvent>& rows) override
    {
        auto*& s = _insert;
        if (!s)
            check(
                sqlite3_prepare_v3(_db,
                                   "INSERT INTO events (uuid, device_id, seq, device_time, received, type, run_id,"
                                   " patient, staff, payload, corrects, prev_hash, hash, content_hash) VALUES (?, ?, ?,"
                                   " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uuid) DO NOTHING",
                                   -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr));
        std::set<std::string> inserted;
        for (const auto& r : rows) {
            const auto& e = *r.event;
            int i = 0;
            const auto text = [&](const std::string& v) {
                check(sqlite3_bind_text(s, ++i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC));
            };
            text(e.uuid);
            text(e.deviceId);
            check(sqlite3_bind_int64(s, ++i, e.seq));
            for (const auto* v : {&e.deviceTime, r.received, &e.type, &e.runId, &e.patient, &e.staff, &e.payload,
                                  &e.corrects, &e.prevHash, &e.hash, r.content})
                text(*v);
            const int rc = sqlite3_step(s);
            sqlite3_reset(s);
            if (rc != SQLITE_DONE)
                check(rc);
            if (sqlite3_changes(_db) == 1)
                inserted.insert(e.uuid);
        }
        sqlite3_clear_bindings(s);
        return inserted;
    }

private:
    void check(int rc)
    {
        if (rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
            throw std::runtime_error(std::string("SQLite: ") + sqlite3_errmsg(_db));
    }
    sqlite3* _db;
    sqlite3_stmt* _statements[kStatements] = {};
    sqlite3_stmt* _insert = nullptr;
};

/// PostgreSQL: a connection of its own (libpq), its statements prepared on first use and kept.
class PostgresWriter : public ServerStore::Writer {
public:
    explicit PostgresWriter(const std::string& conninfo) : _conninfo(conninfo) { connect(); }
    ~PostgresWriter() override
    {
        if (_conn)
            PQfinish(_conn);
    }
    void exec(const char* sql) override
    {
        ensure();
        PGresult* r = PQexec(_conn, sql);
        const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        const std::string message = ok ? std::string() : PQresultErrorMessage(r);
        PQclear(r);
        if (!ok)
            fail(message);
    }
    const char* begin() const override { return "BEGIN"; }
    /// The group's first statements in one round trip (libpq pipeline mode): BEGIN, the devices, the INSERT, the
    /// rows around it, the gap walk; each runs after the one before it, in the same transaction.
    Opening open(const std::string& deviceIds, const std::vector<NewEvent>& rows, const std::string& ranges) override
    {
        const std::string events = rows.empty() ? std::string() : eventsJson(rows);
        std::vector<std::pair<Statement, const std::string*>> calls{{Devices, &deviceIds}};
        if (!rows.empty())
            calls.emplace_back(InsertEvents, &events);
        if (ranges != "[]")
            calls.emplace_back(Neighbours, &ranges);
        calls.emplace_back(GapWalk, &deviceIds);
        auto results = pipeline("BEGIN", calls, nullptr);
        Opening o;
        std::size_t i = 0;
        o.devices = std::move(results[i++]);
        if (!rows.empty())
            for (const auto& row : results[i++])
                o.inserted.insert(row[0]);
        if (ranges != "[]")
            o.neighbours = std::move(results[i++]);
        o.above = std::move(results[i++]);
        return o;
    }
    /// The group's last statements and its COMMIT in one round trip.
    void close(const std::string& conflicts, const std::string& updates) override
    {
        std::vector<std::pair<Statement, const std::string*>> calls;
        if (conflicts != "[]")
            calls.emplace_back(InsertConflicts, &conflicts);
        if (updates != "[]")
            calls.emplace_back(UpdateDevices, &updates);
        pipeline(nullptr, calls, "COMMIT");
    }
    Rows query(Statement statement, const std::string& parameter) override
    {
        ensure();
        prepare(statement);
        const std::string name = "portside_group_" + std::to_string(statement);
        const char* values[1] = {parameter.c_str()};
        PGresult* r = PQexecPrepared(_conn, name.c_str(), 1, values, nullptr, nullptr, 0);
        const auto status = PQresultStatus(r);
        if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
            const std::string message = PQresultErrorMessage(r);
            PQclear(r);
            fail(message);
        }
        Rows rows(static_cast<std::size_t>(PQntuples(r)));
        for (int i = 0; i < PQntuples(r); ++i)
            for (int c = 0; c < PQnfields(r); ++c)
                rows[static_cast<std::size_t>(i)].emplace_back(PQgetvalue(r, i, c),
                                                               static_cast<std::size_t>(PQgetlength(r, i, c)));
        PQclear(r);
        return rows;
    }

private:
    void prepare(Statement statement)
    {
        if (_prepared[statement])
            return;
        const std::string name = "portside_group_" + std::to_string(statement);
        PGresult* p = PQprepare(_conn, name.c_str(), kPostgres[statement], 1, nullptr);
        const bool ok = PQresultStatus(p) == PGRES_COMMAND_OK;
        const std::string message = ok ? std::string() : PQresultErrorMessage(p);
        PQclear(p);
        if (!ok)
            fail(message);
        _prepared[statement] = true;
    }
    /// `first`, the prepared calls and `last`, sent at once and read back in order (libpq's pipeline mode): one round
    /// trip. The rows of each call; the first error is thrown once every result is read and the pipeline is left.
    std::vector<Rows> pipeline(const char* first, const std::vector<std::pair<Statement, const std::string*>>& calls,
                               const char* last)
    {
        ensure();
        for (const auto& c : calls)
            prepare(c.first);
        if (PQenterPipelineMode(_conn) != 1)
            fail(PQerrorMessage(_conn));
        bool sent = true;
        if (first)
            sent = PQsendQueryParams(_conn, first, 0, nullptr, nullptr, nullptr, nullptr, 0) == 1;
        for (const auto& [statement, parameter] : calls) {
            const std::string name = "portside_group_" + std::to_string(statement);
            const char* values[1] = {parameter->c_str()};
            sent = sent && PQsendQueryPrepared(_conn, name.c_str(), 1, values, nullptr, nullptr, 0) == 1;
        }
        if (last)
            sent = sent && PQsendQueryParams(_conn, last, 0, nullptr, nullptr, nullptr, nullptr, 0) == 1;
        sent = sent && PQpipelineSync(_conn) == 1;
        std::string error = sent ? std::string() : PQerrorMessage(_conn);
        std::vector<Rows> out;
        const std::size_t expected = calls.size() + (first ? 1 : 0) + (last ? 1 : 0);
        for (std::size_t q = 0; sent && q < expected; ++q) {
            const bool isCall = q >= (first ? 1u : 0u) && out.size() < calls.size();
            Rows rows;
            bool any = false;
            while (PGresult* r = PQgetResult(_conn)) {
                any = true;
                const auto status = PQresultStatus(r);
                if (status == PGRES_TUPLES_OK) {
                    for (int i = 0; i < PQntuples(r); ++i) {
                        Row row;
                        for (int c = 0; c < PQnfields(r); ++c)
                            row.emplace_back(PQgetvalue(r, i, c), static_cast<std::size_t>(PQgetlength(r, i, c)));
                        rows.push_back(std::move(row));
                    }
                } else if (status != PGRES_COMMAND_OK && error.empty()) {
                    error = status == PGRES_PIPELINE_ABORTED ? "a statement before this one failed"
                                                             : PQresultErrorMessage(r);
                }
                PQclear(r);
            }
            if (!any) { // the connection is gone: nothing more will come
                if (error.empty())
                    error = PQerrorMessage(_conn);
                sent = false;
            }
            if (isCall)
                out.push_back(std::move(rows));
        }
        if (sent) {
            PGresult* r = PQgetResult(_conn); // the sync point
            if (!r || PQresultStatus(r) != PGRES_PIPELINE_SYNC)
                sent = false;
            PQclear(r);
        }
        if (!sent || PQexitPipelineMode(_conn) != 1) { // cannot tell where the connection stands: a new one next time
            if (error.empty())
                error = PQerrorMessage(_conn);
            if (error.empty())
                error = "the connection to the database was lost";
            PQfinish(_conn);
            _conn = nullptr;
        }
        if (!error.empty())
            throw std::runtime_error("PostgreSQL: " + error);
        return out;
    }
    void connect()
    {
        _conn = PQconnectdb(_conninfo.c_str());
        std::fill(std::begin(_prepared), std::end(_prepared), false);
        if (PQstatus(_conn) != CONNECTION_OK) {
            const std::string message = PQerrorMessage(_conn);
            PQfinish(_conn);
            _conn = nullptr;
            throw std::runtime_error("PostgreSQL: " + message);
        }
        PGresult* r = PQexec(_conn, "SET client_min_messages = warning");
        PQclear(r);
    }
    void ensure()
    {
        if (_conn && PQstatus(_conn) == CONNECTION_OK)
            return;
        if (_conn)
            PQfinish(_conn);
        _conn = nullptr;
        connect(); // the database restarted: a new connection, its statements prepared again
    }
    [[noreturn]] void fail(const std::string& message)
    {
        if (PQstatus(_conn) != CONNECTION_OK) { // dropped: the next group connects again
            PQfinish(_conn);
            _conn = nullptr;
        }
        throw std::runtime_error("PostgreSQL: " + message);
    }
    std::string _conninfo;
    PGconn* _conn = nullptr;
    bool _prepared[kStatements] = {};
};

} // namespace

/// A batch waiting for its group to be written.
struct ServerStore::Pending {
    const std::string& deviceId;
    const std::vector<IncomingEvent>& events;
    Poco::Int64 headSeq;
    const std::string& headHash;
    const std::string& received;
    Poco::Int64 since;
    const std::string& kioskReport;
    BatchResult result = {};
    std::exception_ptr error = nullptr;
    bool done = false;
    std::condition_variable wake = {};
};

ServerStore::~ServerStore()
{
    stopGroupWriter();
}

ServerStore::BatchResult ServerStore::storeBatch(const std::string& deviceId, const std::vector<IncomingEvent>& events,
                                                 Poco::Int64 headSeq, const std::string& headHash,
                                                 const std::string& receivedAt, Poco::Int64 since,
                                                 const std::string& kioskReport)
{
    Pending mine{deviceId, events, headSeq, headHash, receivedAt, since, kioskReport};
    std::unique_lock<std::mutex> lock(_groupMutex);
    _queue.push_back(&mine);
    _queued.notify_one();
    mine.wake.wait(lock, [&] { return mine.done; });
    if (mine.error)
        std::rethrow_exception(mine.error);
    return std::move(mine.result);
}

void ServerStore::groupWriter()
{
    std::unique_lock<std::mutex> lock(_groupMutex);
    for (;;) {
        _queued.wait(lock, [this] { return _stopping || !_queue.empty(); });
        if (_queue.empty())
            return; // stopping, nothing left
        // Every batch queued by now, in the order they came.
        std::vector<Pending*> group;
        std::size_t count = 0;
        while (!_queue.empty() && (group.empty() || count + _queue.front()->events.size() <= kMaxGroupEvents)) {
            count += _queue.front()->events.size();
            group.push_back(_queue.front());
            _queue.pop_front();
        }
        lock.unlock();
        writeGroup(group);
        lock.lock();
        for (auto* p : group) { // each request waits on its own: no herd of threads woken for each group
            p->done = true;
            p->wake.notify_one();
        }
    }
}

void ServerStore::stopGroupWriter()
{
    {
        std::lock_guard<std::mutex> lock(_groupMutex);
        _stopping = true;
        _queued.notify_one();
    }
    if (_groupThread.joinable())
        _groupThread.join();
}

void ServerStore::writeGroup(const std::vector<Pending*>& group)
{
    std::unique_lock<std::mutex> sqlite; // SQLite: its one writing connection; PostgreSQL: the writer's own
    if (!_postgres)
        sqlite = std::unique_lock<std::mutex>(_mutex);
    if (!_writer) {
        if (_postgres)
            _writer = std::make_shared<PostgresWriter>(_conninfo);
        else
            _writer = std::make_shared<SQLiteWriter>(Poco::Data::SQLite::Utility::dbHandle(*_session));
    }
    try {
        writeTransaction(group);
        return;
    } catch (...) {
        if (group.size() == 1) {
            group.front()->error = std::current_exception();
            return;
        }
    }
    for (auto* p : group) { // one of them cannot be stored: each alone, so only that one fails
        try {
            writeTransaction({p});
        } catch (...) {
            p->error = std::current_exception();
        }
    }
}

void ServerStore::writeTransaction(const std::vector<Pending*>& group)
{
    try {
        writeGroupStatements(group); // begins and commits
    } catch (...) {
        try {
            _writer->exec("ROLLBACK");
        } catch (...) {
        }
        throw;
    }
}

namespace {
/// What the group knows of one device while it writes: read once, changed by each of its batches, written once.
struct DeviceState {
    Poco::Int64 headSeq = 0, contiguous = 0;
    std::string headHash, problem;
    bool known = false;
    std::vector<std::pair<Poco::Int64, Poco::Int64>> missing;
};
struct Neighbour {
    Poco::Int64 seq;
    std::string hash, uuid;
};
} // namespace

void ServerStore::writeGroupStatements(const std::vector<Pending*>& group)
{
    auto& w = *_writer;
    // What the group's first statements take: its devices, its events (each UUID once: a UUID seen earlier in this
    // group is judged against that one) and the seqs around its batches and their heads.
    std::map<std::string, DeviceState> devices;
    core::JsonList ids;
    for (const auto* p : group)
        if (!devices.count(p->deviceId)) {
            devices[p->deviceId];
            ids.add(p->deviceId);
        }
    std::map<std::string, std::string> firstContent; // uuid -> content hash of its first appearance here
    std::vector<std::vector<std::string>> contents(group.size());
    std::vector<Writer::NewEvent> rows;
    for (std::size_t g = 0; g < group.size(); ++g) {
        const auto* p = group[g];
        for (const auto& e : p->events)
            contents[g].push_back(contentHash(e));
    }
    for (std::size_t g = 0; g < group.size(); ++g)
        for (std::size_t k = 0; k < group[g]->events.size(); ++k)
            if (firstContent.emplace(group[g]->events[k].uuid, contents[g][k]).second)
                rows.push_back({&group[g]->events[k], &group[g]->received, &contents[g][k]});
    core::JsonRows ranges; // every event's seq and the one before it (a superset of what the stored ones need)
    for (const auto* p : group) {
        Poco::Int64 lo = 0, hi = 0;
        for (const auto& e : p->events) {
            lo = lo == 0 ? e.seq - 1 : std::min(lo, e.seq - 1);
            hi = std::max(hi, e.seq);
        }
        if (hi > 0)
            ranges.row().add("d", p->deviceId).add("lo", lo).add("hi", hi);
        if (p->headSeq > 0)
            ranges.row().add("d", p->deviceId).add("lo", p->headSeq).add("hi", p->headSeq);
    }
    // 1-4 in one go (one round trip to PostgreSQL): the devices locked (PostgreSQL) before anything of theirs changes,
    // the events inserted, the events around them read back, and each device's seqs above its contiguous point.
    auto opening = w.open(ids.text(), rows, ranges.text());
    for (const auto& row : opening.devices) {
        auto& d = devices[row[0]];
        d.known = true;
        d.headSeq = number(row[1]);
        d.headHash = row[2];
        d.contiguous = number(row[3]);
    }
    const auto& inserted = opening.inserted;
    // Those already here before this group: the same content is a duplicate, other content a conflict.
    std::map<std::string, std::string> stored; // uuid -> content hash the database holds
    {
        core::JsonList lookup;
        for (const auto& [uuid, content] : firstContent) {
            if (inserted.count(uuid))
                stored[uuid] = content;
            else
                lookup.add(uuid);
        }
        if (lookup.size() > 0)
            for (const auto& row : w.query(Existing, lookup.text()))
                stored[row[0]] = row[1];
    }
    std::set<std::string> claimed; // a UUID inserted by this group counts as stored once, its repeats as duplicates
    core::JsonRows conflicts;
    for (std::size_t g = 0; g < group.size(); ++g) {
        auto* p = group[g];
        for (std::size_t k = 0; k < p->events.size(); ++k) {
            const auto& e = p->events[k];
            if (inserted.count(e.uuid) && claimed.insert(e.uuid).second && contents[g][k] == stored[e.uuid]) {
                p->result.outcomes.push_back(Outcome::Stored);
            } else if (stored[e.uuid] == contents[g][k]) {
                p->result.outcomes.push_back(Outcome::Duplicate);
            } else {
                p->result.outcomes.push_back(Outcome::Conflict);
                conflicts.row()
                    .add("u", e.uuid)
                    .add("d", p->deviceId)
                    .add("rc", p->received)
                    .add("ch", contents[g][k])
                    .add("pl", e.payload);
            }
        }
    }
    std::map<std::string, std::vector<Neighbour>> around;
    {
        std::set<std::string> seen;
        for (const auto& row : opening.neighbours)
            if (seen.insert(row[3]).second)
                around[row[0]].push_back({number(row[1]), row[2], row[3]});
    }
    // 5. Each batch in its order, as if alone: its chain checked, its head recorded.
    for (std::size_t g = 0; g < group.size(); ++g) {
        auto* p = group[g];
        auto& d = devices[p->deviceId];
        const auto& near = around[p->deviceId];
        std::string problem;
        for (std::size_t k = 0; k < p->events.size() && problem.empty(); ++k) {
            if (p->result.outcomes[k] != Outcome::Stored)
                continue;
            const auto& v = p->events[k];
            std::vector<std::string> previous;
            long sameSeq = 0;
            for (const auto& n : near) {
                if (n.seq == v.seq - 1)
                    previous.push_back(n.hash);
                else if (n.seq == v.seq)
                    ++sameSeq;
            }
            if (sameSeq > 1)
                problem = "Event " + std::to_string(v.seq) +
                          " arrived twice with different UUIDs: the kiosk's record was reset or replaced.";
            else if (v.seq == 1 && v.prevHash != kFirstLink)
                problem = "The kiosk's first event does not start a chain.";
            else if (previous.size() == 1 && previous.front() != v.prevHash)
                problem = "Event " + std::to_string(v.seq) + " does not link to event " + std::to_string(v.seq - 1) +
                          ": the kiosk's history was changed.";
        }
        if (p->headSeq > 0) {
            const std::string* atHead = nullptr;
            for (const auto& n : near)
                if (n.seq == p->headSeq && !atHead)
                    atHead = &n.hash;
            if (problem.empty() && p->headSeq < d.headSeq)
                problem = "The kiosk reported its newest event as " + std::to_string(p->headSeq) + " after " +
                          std::to_string(d.headSeq) + ": its record went back (restored or replaced).";
            else if (problem.empty() && atHead && *atHead != p->headHash)
                problem = "The kiosk's newest event " + std::to_string(p->headSeq) +
                          " differs from the one stored: its history was rewritten.";
            if (d.headSeq <= p->headSeq) {
                d.headSeq = p->headSeq;
                d.headHash = p->headHash;
            }
        }
        if (problem.empty())
            problem = p->kioskReport;
        if (d.problem.empty())
            d.problem = problem;
        p->result.chainProblem = problem;
        if (p->since > 1) // what came before went under the kiosk's earlier enrollment
            d.contiguous = std::max(d.contiguous, p->since - 1);
    }
    // 6. Gaps: each device's events above the point up to which all are here, to its newest known.
    {
        std::map<std::string, std::vector<Poco::Int64>> above;
        for (const auto& row : opening.above)
            above[row[0]].push_back(number(row[1]));
        core::JsonRows updates;
        for (auto& [id, d] : devices) {
            if (!d.known)
                continue;
            Poco::Int64 expected = d.contiguous + 1;
            bool gap = false;
            for (const auto q : above[id]) {
                if (q < expected)
                    continue; // the same seq twice is a chain problem, said above
                if (q > expected) {
                    gap = true;
                    d.missing.emplace_back(expected, q - 1);
                }
                if (!gap)
                    d.contiguous = q;
                expected = q + 1;
            }
            if (expected <= d.headSeq)
                d.missing.emplace_back(expected, d.headSeq);
            if (d.missing.size() > 100)
                d.missing.resize(100);
            std::string text;
            for (const auto& [a, b] : d.missing)
                text +=
                    (text.empty() ? "" : ", ") + std::to_string(a) + (a == b ? std::string() : "-" + std::to_string(b));
            updates.row()
                .add("id", id)
                .add("hs", d.headSeq)
                .add("hh", d.headHash)
                .add("c", d.contiguous)
                .add("m", text)
                .add("p", d.problem);
        }
        w.close(conflicts.text(), updates.text()); // and commits
    }
    for (auto* p : group)
        p->result.missing = devices[p->deviceId].missing;
}

} // namespace portside::server
