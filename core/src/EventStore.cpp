#include "portside/core/EventStore.h"
#include "portside/core/SiteSettings.h"
#include "portside/core/Text.h"

#include "portside/core/TimeText.h"

#include <Poco/Data/LOB.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/SHA2Engine.h>
#include <Poco/Tuple.h>
#include <Poco/UUIDGenerator.h>

#include <sqlite3.h>

#include <algorithm>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace portside::core {

using namespace Poco::Data::Keywords;
using Poco::Data::Session;
using Poco::Data::Statement;

namespace {

const std::string kGenesis(64, '0');

const char* kSchemaV1[] = {
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE events ("
    " seq INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, device_id TEXT NOT NULL, device_time TEXT NOT NULL,"
    " type TEXT NOT NULL, run_id TEXT NOT NULL, patient TEXT NOT NULL, staff TEXT NOT NULL, payload TEXT NOT NULL,"
    " corrects TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)",
    "CREATE INDEX events_run ON events (run_id, seq)",
    "CREATE INDEX events_patient ON events (patient, seq)",
    // only run boundaries: a step's append does not touch it
    "CREATE INDEX events_run_bounds ON events (run_id, type) WHERE type IN ('run-started', 'run-finished', "
    "'run-cancelled')",
    "CREATE TABLE outbox (seq INTEGER PRIMARY KEY REFERENCES events (seq), state TEXT NOT NULL DEFAULT 'pending',"
    " attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '')",
    "CREATE TABLE patients (id TEXT PRIMARY KEY, display_name TEXT NOT NULL, birth_date TEXT NOT NULL, bed TEXT NOT "
    "NULL,"
    " port_type TEXT NOT NULL, power_injectable INTEGER NOT NULL, heparin_allergy_or_hit INTEGER NOT NULL,"
    " chg_allergy INTEGER NOT NULL, lock_solution TEXT NOT NULL, lock_units REAL NOT NULL, lock_volume REAL NOT NULL,"
    " maintenance_weeks REAL NOT NULL)",
    "CREATE TABLE staff (badge TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, pin_hash TEXT NOT NULL,"
    " salt TEXT NOT NULL, iterations INTEGER NOT NULL)",
};

// Version 2: the catalog and the recall list, as reference data.
const char* kSchemaV2[] = {
    "CREATE TABLE products (key TEXT PRIMARY KEY, gtin TEXT NOT NULL, hibc TEXT NOT NULL, category TEXT NOT NULL,"
    " name TEXT NOT NULL, heparin_units REAL NOT NULL, volume_ml REAL NOT NULL, syringe_ml REAL NOT NULL,"
    " gauge INTEGER NOT NULL, length_mm REAL NOT NULL)",
    "CREATE TABLE recalls (product TEXT NOT NULL, lot TEXT NOT NULL, reason TEXT NOT NULL, PRIMARY KEY (product, lot))",
};

// Version 3: the label print queue.
const char* kSchemaV3[] = {
    "CREATE TABLE print_jobs (id TEXT PRIMARY KEY, printer TEXT NOT NULL, state TEXT NOT NULL, reason TEXT NOT NULL,"
    " attempts INTEGER NOT NULL, run_id TEXT NOT NULL, patient TEXT NOT NULL, created TEXT NOT NULL,"
    " updated TEXT NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL, dpi INTEGER NOT NULL, bits BLOB NOT "
    "NULL)",
    "CREATE INDEX print_jobs_printer ON print_jobs (printer, state, created)",
};

// Version 4: a dressing's type in the catalog (its due date follows it), a staff member's language.
const char* kSchemaV4[] = {
    "ALTER TABLE products ADD COLUMN dressing_type TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE staff ADD COLUMN language TEXT NOT NULL DEFAULT ''",
};

// Version 5: the outbox found by its state (a sync cycle read every event ever stored).
const char* kSchemaV5[] = {
    "CREATE INDEX outbox_state ON outbox (state, seq)",
};

// Version 6: the ward's other kiosks' events, apart from this kiosk's own record (no chain, no outbox).
const char* kSchemaV6[] = {
    "CREATE TABLE IF NOT EXISTS ward_events (seq INTEGER NOT NULL, uuid TEXT PRIMARY KEY, device_id TEXT NOT NULL,"
    " device_time TEXT NOT NULL, type TEXT NOT NULL, run_id TEXT NOT NULL, patient TEXT NOT NULL, staff TEXT NOT NULL,"
    " payload TEXT NOT NULL, corrects TEXT NOT NULL, prev_hash TEXT NOT NULL DEFAULT '', hash TEXT NOT NULL DEFAULT "
    "'')",
    "CREATE INDEX IF NOT EXISTS ward_events_patient ON ward_events (patient, device_time)",
};

std::string fail(const std::string& path, const std::string& what, const Poco::Exception& e)
{
    return "The record store " + path + " " + what + " (" + e.displayText() +
           "). Nothing was lost that had been confirmed; tell the supervisor the kiosk's storage needs attention.";
}

using EventRow = Poco::Tuple<std::int64_t, std::string, std::string, std::string, std::string, std::string, std::string,
                             std::string, std::string, std::string, std::string, std::string>;

Event fromRow(const EventRow& r)
{
    Event e;
    e.seq = r.get<0>();
    e.uuid = r.get<1>();
    e.deviceId = r.get<2>();
    e.deviceTime = r.get<3>();
    e.type = r.get<4>();
    e.runId = r.get<5>();
    e.patient = r.get<6>();
    e.staff = r.get<7>();
    e.payload = r.get<8>();
    e.corrects = r.get<9>();
    e.prevHash = r.get<10>();
    e.hash = r.get<11>();
    return e;
}

const char* kEventColumns = "seq, uuid, device_id, device_time, type, run_id, patient, staff, payload, corrects, "
                            "prev_hash, hash";

void configure(Session& session)
{
    session << "PRAGMA journal_mode=WAL", now;
    session << "PRAGMA synchronous=FULL", now;
    session << "PRAGMA foreign_keys=ON", now;
    session.setConnectionTimeout(1); // wait at most a second for a lock, not Poco's default minute
}

} // namespace

/// The append path's statements on the writer's connection, prepared once.
struct EventStore::Prepared {
    sqlite3* db = nullptr;
    sqlite3_stmt* begin = nullptr;
    sqlite3_stmt* commit = nullptr;
    sqlite3_stmt* rollback = nullptr;
    sqlite3_stmt* insertEvent = nullptr;
    sqlite3_stmt* insertOutbox = nullptr;
    sqlite3_stmt* setHead = nullptr;

    explicit Prepared(sqlite3* handle) : db(handle)
    {
        prepare("BEGIN IMMEDIATE", begin);
        prepare("COMMIT", commit);
        prepare("ROLLBACK", rollback);
        prepare(
            "INSERT INTO events (seq, uuid, device_id, device_time, type, run_id, patient, staff, payload, corrects,"
            " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            insertEvent);
        prepare("INSERT INTO outbox (seq) VALUES (?)", insertOutbox);
        prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('head_seq', ?), ('head_hash', ?)", setHead);
    }
    ~Prepared()
    {
        for (auto* s : {begin, commit, rollback, insertEvent, insertOutbox, setHead})
            sqlite3_finalize(s);
    }
    void prepare(const char* sql, sqlite3_stmt*& statement)
    {
        if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr) != SQLITE_OK)
            throw std::runtime_error(sqlite3_errmsg(db));
    }
    /// Runs a bound statement to its end and resets it; throws with SQLite's message.
    void step(sqlite3_stmt* statement)
    {
        const int rc = sqlite3_step(statement);
        sqlite3_reset(statement);
        sqlite3_clear_bindings(statement);
        if (rc != SQLITE_DONE)
            throw std::runtime_error(sqlite3_errmsg(db));
    }
};

std::string EventStore::linkHash(const Event& e)
{
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    const char sep = '\x1f';
    for (const std::string* field : {&e.prevHash, &e.uuid, &e.deviceId, &e.deviceTime, &e.type, &e.runId, &e.patient,
                                     &e.staff, &e.payload, &e.corrects}) {
        sha.update(*field);
        sha.update(sep);
    }
    sha.update(std::to_string(e.seq));
    return Poco::DigestEngine::digestToHex(sha.digest());
}

EventStore::EventStore(const std::string& path, const Clock& clock) : _path(path), _clock(clock)
{
    static std::once_flag registered;
    std::call_once(registered, [] { Poco::Data::SQLite::Connector::registerConnector(); });
    try {
        try {
            preparePrivateFile(path); // the record is the kiosk's alone
        } catch (const std::runtime_error& e) {
            throw StoreError("The record store " + path + " was not opened: " + e.what());
        }
        _writer = std::make_unique<Session>("SQLite", path);
        configure(*_writer);
        // A damaged file is found before anything is recorded on it (a step recorded into a broken store could be
        // lost with it): the kiosk does not start on it, and says what to do.
        std::vector<std::string> check;
        *_writer << "PRAGMA quick_check(5)", into(check), now;
        if (check.empty() || check.front() != "ok")
            throw StoreError("The record store " + path + " is damaged (" +
                             (check.empty() ? std::string("no answer") : check.front()) +
                             "). Nothing more is recorded on it. Keep the file for IT: the events in it may still be "
                             "read with portside-cli records list; restore the kiosk's record from the server.");
        migrate(*_writer);
        std::string head;
        *_writer << "SELECT value FROM meta WHERE key = 'device_id'", into(_deviceId), now;
        std::vector<std::string> seq, hash;
        *_writer << "SELECT value FROM meta WHERE key = 'head_seq'", into(seq), now;
        *_writer << "SELECT value FROM meta WHERE key = 'head_hash'", into(hash), now;
        _headSeq = seq.empty() ? 0 : std::stoll(seq.front());
        _headHash = hash.empty() ? kGenesis : hash.front();
        _reader = std::make_unique<Session>("SQLite", path);
        configure(*_reader);
    } catch (const Poco::Exception& e) {
        const std::string text = e.displayText();
        if (text.find("malformed") != std::string::npos || text.find("not a database") != std::string::npos)
            throw StoreError("The record store " + path + " is damaged (" + text +
                             "). Nothing more is recorded on it. Keep the file for IT, and restore the kiosk's "
                             "record from the server.");
        throw StoreError(fail(path, "cannot be opened", e));
    }
    _thread = std::thread([this] { writerLoop(); });
}

EventStore::EventStore(const std::string& path, const Clock& clock, ReadOnly) : _path(path), _clock(clock)
{
    static std::once_flag registered;
    std::call_once(registered, [] { Poco::Data::SQLite::Connector::registerConnector(); });
    _readOnly = true;
    const Poco::File file(path);
    if (!file.exists() || !file.isFile())
        throw StoreError("There is no record store at " + path + "; nothing was created there.");
    if (file.getSize() == 0)
        throw StoreError(path + " is empty: it is not a Portside record store. Nothing was changed.");
    auto open = [&](const std::string& at) {
        auto session = std::make_unique<Session>("SQLite", "file:" + Poco::Path(at).absolute().toString() + "?mode=ro");
        session->setConnectionTimeout(1);
        int version = 0;
        *session << "PRAGMA user_version", into(version), now;
        std::vector<std::string> device;
        if (version >= 1)
            *session << "SELECT value FROM meta WHERE key = 'device_id'", into(device), now;
        if (version < 1 || device.empty())
            throw StoreError(path + " is not a Portside record store. Nothing was changed.");
        if (version > kSchemaVersion)
            throw StoreError("The record store " + path + " was written by a newer Portside (schema " +
                             std::to_string(version) + "); read it with that version or newer.");
        return std::make_pair(std::move(session), version);
    };
    try {
        std::pair<std::unique_ptr<Session>, int> opened;
        try {
            opened = open(path);
        } catch (const Poco::Exception&) {
            opened.second = -1; // a read-only disk (no shared-memory file can be made beside it): read a copy
        }
        if (opened.second != kSchemaVersion) {
            // An older schema (read through a migrated copy) or a disk that cannot be opened in place.
            _copy = Poco::Path::temp() + "portside-read-" +
                    Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
            Poco::File(_copy).createDirectories();
            ::chmod(_copy.c_str(), 0700);
            for (const char* suffix : {"", "-wal", "-shm"})
                if (Poco::File(path + suffix).exists())
                    Poco::File(path + suffix).copyTo(_copy + "/kiosk.db" + suffix);
            opened.first.reset();
            {
                Session migrate("SQLite", _copy + "/kiosk.db");
                configure(migrate);
                this->migrate(migrate);
            }
            opened = open(_copy + "/kiosk.db");
        }
        _reader = std::move(opened.first);
        *_reader << "SELECT value FROM meta WHERE key = 'device_id'", into(_deviceId), now;
    } catch (const StoreError&) {
        removeCopy();
        throw;
    } catch (const Poco::Exception& e) {
        removeCopy();
        throw StoreError("The record store " + path + " cannot be read (" + e.displayText() +
                         "). Nothing was changed.");
    }
}

void EventStore::removeCopy()
{
    if (_copy.empty())
        return;
    try {
        Poco::File(_copy).remove(true);
    } catch (...) {
    }
}

EventStore::~EventStore()
{
    {
        std::lock_guard<std::mutex> lock(_queueMutex);
        _stopping = true;
    }
    _queueSignal.notify_all();
    if (_thread.joinable())
        _thread.join();
    _prepared.reset(); // finalized before the connection closes
    _reader.reset();
    removeCopy();
}

void EventStore::migrate(Session& session)
{
    int version = 0;
    session << "PRAGMA user_version", into(version), now;
    if (version > kSchemaVersion)
        throw StoreError("The record store " + _path + " was written by a newer Portside (schema " +
                         std::to_string(version) + "); install that version or newer.");
    if (version < 1) {
        session.begin();
        for (const char* sql : kSchemaV1)
            session << sql, now;
        std::string device = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
        session << "INSERT INTO meta (key, value) VALUES ('device_id', ?)", use(device), now;
        session << "PRAGMA user_version = 1", now;
        session.commit();
    }
    if (version < 2) {
        session.begin();
        for (const char* sql : kSchemaV2)
            session << sql, now;
        session << "PRAGMA user_version = 2", now;
        session.commit();
    }
    if (version < 3) {
        session.begin();
        for (const char* sql : kSchemaV3)
            session << sql, now;
        session << "PRAGMA user_version = 3", now;
        session.commit();
    }
    if (version < 4) {
        session.begin();
        for (const char* sql : kSchemaV4)
            session << sql, now;
        session << "PRAGMA user_version = 4", now;
        session.commit();
    }
    if (version < 5) {
        session.begin();
        for (const char* sql : kSchemaV5)
            session << sql, now;
        session << "PRAGMA user_version = 5", now;
        session.commit();
    }
    if (version < 6) {
        session.begin();
        for (const char* sql : kSchemaV6)
            session << sql, now;
        session << "PRAGMA user_version = 6", now;
        session.commit();
    }
}

void EventStore::writerLoop()
{
    while (true) {
        std::pair<Task, std::promise<void>> job;
        {
            std::unique_lock<std::mutex> lock(_queueMutex);
            _queueSignal.wait(lock, [this] { return _stopping || !_queue.empty(); });
            if (_queue.empty())
                return;
            job = std::move(_queue.front());
            _queue.pop_front();
        }
        try {
            job.first(*_writer);
            job.second.set_value();
        } catch (...) {
            // A task that failed half-way (a lock held too long by another program, a full disk) leaves no transaction
            // open behind it: the next write would fail too, and every one after it.
            try {
                if (_writer->isTransaction())
                    _writer->rollback();
            } catch (...) {
            }
            job.second.set_exception(std::current_exception());
        }
    }
}

void EventStore::run(Task task)
{
    if (_readOnly)
        throw StoreError("The record store " + _path + " is open only to be read; nothing was written.");
    std::future<void> done;
    {
        std::lock_guard<std::mutex> lock(_queueMutex);
        std::promise<void> promise;
        done = promise.get_future();
        _queue.emplace_back(std::move(task), std::move(promise));
    }
    _queueSignal.notify_one();
    done.get();
}

std::vector<Event> EventStore::append(const std::vector<NewEvent>& events)
{
    std::vector<Event> stored;
    run([&](Session& session) {
        std::int64_t seq = _headSeq;
        std::string prev = _headHash;
        const std::string time = isoTime(_clock.now());
        for (const auto& n : events) {
            Event e;
            static_cast<NewEvent&>(e) = n;
            // Whatever a scanner sent, the record stays readable text: a stray byte becomes the character of its
            // number instead of making the payload (and every later reading of it) invalid.
            e.payload = validUtf8(e.payload);
            for (auto* field : {&e.type, &e.runId, &e.patient, &e.staff, &e.corrects}) // every field is text to send
                *field = validUtf8(*field);
            e.seq = ++seq;
            e.uuid = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
            e.deviceId = _deviceId;
            e.deviceTime = time;
            e.prevHash = prev;
            e.hash = linkHash(e);
            prev = e.hash;
            stored.push_back(std::move(e));
        }
        if (!_prepared)
            _prepared = std::make_unique<Prepared>(Poco::Data::SQLite::Utility::dbHandle(session));
        auto& p = *_prepared;
        auto text = [](sqlite3_stmt* st, int column, const std::string& value) {
            sqlite3_bind_text(st, column, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
        };
        const std::string seqText = std::to_string(seq);
        try {
            p.step(p.begin);
            for (const auto& e : stored) {
                sqlite3_bind_int64(p.insertEvent, 1, e.seq);
                int column = 2;
                for (const std::string* field : {&e.uuid, &e.deviceId, &e.deviceTime, &e.type, &e.runId, &e.patient,
                                                 &e.staff, &e.payload, &e.corrects, &e.prevHash, &e.hash})
                    text(p.insertEvent, column++, *field);
                p.step(p.insertEvent);
                sqlite3_bind_int64(p.insertOutbox, 1, e.seq);
                p.step(p.insertOutbox);
            }
            text(p.setHead, 1, seqText);
            text(p.setHead, 2, prev);
            p.step(p.setHead);
            p.step(p.commit); // returns once SQLite has the WAL on disk (synchronous=FULL)
        } catch (const std::exception& e) {
            try {
                if (!sqlite3_get_autocommit(p.db))
                    p.step(p.rollback);
            } catch (...) {
            }
            stored.clear();
            throw StoreError("The record store " + _path + " could not save the step (" + e.what() +
                             "). Nothing was lost that had been confirmed; tell the supervisor the kiosk's storage "
                             "needs attention.");
        }
        _headSeq = seq;
        _headHash = prev;
    });
    return stored;
}

std::vector<Event> EventStore::query(const std::string& where, const std::vector<std::string>& args,
                                     const std::string& tail, const char* table) const
{
    std::lock_guard<std::mutex> lock(_readMutex);
    std::vector<EventRow> rows;
    try {
        Statement select(*_reader);
        select << "SELECT " << kEventColumns << " FROM " << table << (where.empty() ? "" : " WHERE " + where) << tail;
        std::vector<std::string> bound = args;
        for (auto& a : bound)
            select, use(a);
        select, into(rows);
        select.execute();
    } catch (const Poco::Exception& e) {
        throw StoreError(fail(_path, "could not be read", e));
    }
    std::vector<Event> result;
    result.reserve(rows.size());
    for (const auto& r : rows)
        result.push_back(fromRow(r));
    return result;
}

std::vector<Event> EventStore::events(const std::string& runId, const std::string& patient, std::int64_t afterSeq,
                                      std::size_t limit) const
{
    std::string where = "seq > " + std::to_string(afterSeq);
    std::vector<std::string> args;
    if (!runId.empty()) {
        where += " AND run_id = ?";
        args.push_back(runId);
    }
    if (!patient.empty()) {
        where += " AND patient = ?";
        args.push_back(patient);
    }
    return query(where, args, " ORDER BY seq" + (limit ? " LIMIT " + std::to_string(limit) : std::string()));
}

std::int64_t EventStore::count() const
{
    std::lock_guard<std::mutex> lock(_readMutex);
    std::int64_t n = 0;
    *_reader << "SELECT count(*) FROM events", into(n), now;
    return n;
}

AuditReport EventStore::verify() const
{
    AuditReport report;
    std::string prev = kGenesis;
    std::int64_t expected = 1;
    const std::size_t page = 10000;
    std::int64_t after = 0;
    while (true) {
        const auto batch = query("seq > ?", {std::to_string(after)}, " ORDER BY seq LIMIT " + std::to_string(page));
        for (const auto& e : batch) {
            auto broken = [&](const std::string& why) {
                report.ok = false;
                report.brokenAt = e.seq;
                report.problem = "Event " + std::to_string(e.seq) + " (" + e.uuid + "): " + why;
                return report;
            };
            if (e.seq != expected)
                return broken("events " + std::to_string(expected) + " to " + std::to_string(e.seq - 1) +
                              " are missing; the record was cut.");
            if (e.prevHash != prev)
                return broken(
                    "its link to the previous event does not match; an earlier event was changed or removed.");
            if (linkHash(e) != e.hash)
                return broken("its content does not match its hash; it was changed after it was recorded.");
            prev = e.hash;
            ++expected;
            ++report.checked;
        }
        if (batch.size() < page)
            break;
        after = batch.back().seq;
    }
    // The head kept beside the chain catches events removed from the end.
    std::vector<std::string> headSeq, headHash;
    {
        std::lock_guard<std::mutex> lock(_readMutex);
        *_reader << "SELECT value FROM meta WHERE key = 'head_seq'", into(headSeq), now;
        *_reader << "SELECT value FROM meta WHERE key = 'head_hash'", into(headHash), now;
    }
    const std::int64_t head = headSeq.empty() ? 0 : std::stoll(headSeq.front());
    if (head != report.checked || (head > 0 && (headHash.empty() || headHash.front() != prev))) {
        report.ok = false;
        report.brokenAt = report.checked + 1;
        report.problem = "The record ends at event " + std::to_string(report.checked) + " but its head says " +
                         std::to_string(head) + "; events were removed from the end or the head was changed.";
    }
    return report;
}

std::vector<Event> EventStore::openRuns(const std::string& patient, const std::string& staff) const
{
    // Both halves name the partial index's condition so SQLite reads run boundaries only.
    std::string where = "type IN ('run-started', 'run-finished', 'run-cancelled') AND type = 'run-started' AND "
                        "NOT EXISTS (SELECT 1 FROM events AS b WHERE b.type IN ('run-started', 'run-finished', "
                        "'run-cancelled') AND b.run_id = events.run_id AND b.type <> 'run-started')";
    std::vector<std::string> args;
    if (!patient.empty()) {
        where += " AND patient = ?";
        args.push_back(patient);
    }
    if (!staff.empty()) {
        where += " AND staff = ?";
        args.push_back(staff);
    }
    return query(where, args, " ORDER BY seq DESC");
}

std::vector<Event> EventStore::pendingOutbox(std::size_t limit) const
{
    return query("seq IN (SELECT seq FROM outbox WHERE state = 'pending')", {},
                 " ORDER BY seq LIMIT " + std::to_string(limit));
}

std::int64_t EventStore::pendingCount() const
{
    std::lock_guard<std::mutex> lock(_readMutex);
    std::int64_t n = 0;
    *_reader << "SELECT count(*) FROM outbox WHERE state = 'pending'", into(n), now;
    return n;
}

void EventStore::markOutbox(const std::vector<std::int64_t>& seqs, const std::string& state, const std::string& reason)
{
    if (seqs.empty())
        return;
    // One statement for the whole batch (the seqs as a JSON array), not one per event.
    std::string list = "[";
    for (const auto seq : seqs)
        list += (list.size() > 1 ? "," : "") + std::to_string(seq);
    list += "]";
    run([&](Session& session) {
        std::string st = state, why = reason;
        // That the server holds these is the server's to keep: the mark is not waited onto the disk (a power cut
        // may lose it, and then they are sent again and answered "duplicate"). The next step saved syncs the log
        // with this mark in it; every other write here waits for the disk.
        const bool relaxed = state == "acked";
        if (relaxed)
            session << "PRAGMA synchronous=NORMAL", now;
        try {
            session << "UPDATE outbox SET state = ?, last_error = ?, attempts = attempts + 1"
                       " WHERE seq IN (SELECT value FROM json_each(?))",
                use(st), use(why), use(list), now;
        } catch (...) {
            if (relaxed)
                session << "PRAGMA synchronous=FULL", now;
            throw;
        }
        if (relaxed)
            session << "PRAGMA synchronous=FULL", now;
    });
}

std::int64_t EventStore::requeue(std::int64_t from, std::int64_t to)
{
    std::int64_t changed = 0;
    run([&](Session& session) {
        std::int64_t a = from, b = to;
        session << "INSERT INTO outbox (seq) SELECT seq FROM events WHERE seq BETWEEN ? AND ?"
                   " AND seq NOT IN (SELECT seq FROM outbox WHERE state = 'dead')"
                   " ON CONFLICT (seq) DO UPDATE SET state = 'pending', last_error = ''"
                   " WHERE outbox.state <> 'pending'", // still waiting to go: nothing to write (nor wait for)
            use(a), use(b), now;
        session << "SELECT changes()", into(changed), now;
    });
    return changed;
}

std::string EventStore::checkLinks(const std::vector<Event>& events) const
{
    if (events.empty())
        return {};
    std::string previous = kGenesis;
    const auto first = events.front().seq;
    if (first > 1) {
        const auto before = this->events({}, {}, first - 2, 1);
        if (before.empty() || before.front().seq != first - 1)
            return "event " + std::to_string(first - 1) + " is missing from the record";
        previous = before.front().hash;
    }
    for (const auto& e : events) {
        if (e.prevHash != previous)
            return "event " + std::to_string(e.seq) + " does not link to the one before it";
        if (linkHash(e) != e.hash)
            return "event " + std::to_string(e.seq) + " is not as it was recorded";
        previous = e.hash;
    }
    return {};
}

std::int64_t EventStore::deadLetterCount() const
{
    std::lock_guard<std::mutex> lock(_readMutex);
    std::int64_t n = 0;
    *_reader << "SELECT count(*) FROM outbox WHERE state = 'dead'", into(n), now;
    return n;
}

std::vector<std::pair<Event, std::string>> EventStore::deadLetters() const
{
    std::vector<std::pair<std::int64_t, std::string>> reasons;
    {
        std::lock_guard<std::mutex> lock(_readMutex);
        std::vector<Poco::Tuple<std::int64_t, std::string>> rows;
        *_reader << "SELECT seq, coalesce(last_error, '') FROM outbox WHERE state = 'dead' ORDER BY seq", into(rows),
            now;
        for (const auto& r : rows)
            reasons.emplace_back(r.get<0>(), r.get<1>());
    }
    const auto events = query("seq IN (SELECT seq FROM outbox WHERE state = 'dead')", {}, " ORDER BY seq");
    std::vector<std::pair<Event, std::string>> out;
    for (std::size_t i = 0; i < events.size() && i < reasons.size(); ++i)
        out.emplace_back(events[i], reasons[i].second);
    return out;
}

std::pair<std::int64_t, std::string> EventStore::head() const
{
    // One statement, one snapshot: never a number from one append and a hash from the next.
    std::lock_guard<std::mutex> lock(_readMutex);
    std::vector<std::string> keys, values;
    *_reader << "SELECT key, value FROM meta WHERE key IN ('head_seq', 'head_hash')", into(keys), into(values), now;
    std::pair<std::int64_t, std::string> h{0, kGenesis};
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (keys[i] == "head_seq")
            h.first = std::stoll(values[i]);
        else
            h.second = values[i];
    }
    return h;
}

std::string EventStore::meta(const std::string& key) const
{
    std::lock_guard<std::mutex> lock(_readMutex);
    std::vector<std::string> value;
    std::string k = key;
    *_reader << "SELECT value FROM meta WHERE key = ?", use(k), into(value), now;
    return value.empty() ? std::string() : value.front();
}

std::vector<std::string> EventStore::metaKeys(const std::string& prefix) const
{
    std::lock_guard<std::mutex> lock(_readMutex);
    std::vector<std::string> keys;
    std::string from = prefix, to = prefix + '\x7f';
    *_reader << "SELECT key FROM meta WHERE key >= ? AND key < ? ORDER BY key", use(from), use(to), into(keys), now;
    return keys;
}

void EventStore::setMeta(const std::string& key, const std::string& value)
{
    run([&](Session& session) {
        std::string k = key, v = value;
        session << "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", use(k), use(v), now;
    });
}

void EventStore::putPatient(const PatientRecord& p)
{
    run([&](Session& s) {
        PatientRecord v = p;
        int power = v.powerInjectable, hit = v.heparinAllergyOrHit, chg = v.chlorhexidineAllergy;
        s << "INSERT OR REPLACE INTO patients VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", use(v.id),
            use(v.displayName), use(v.birthDate), use(v.bed), use(v.portType), use(power), use(hit), use(chg),
            use(v.lockSolution), use(v.lockUnitsPerMl), use(v.lockVolumeMl), use(v.maintenanceWeeks), now;
    });
}

namespace {
using PatientRow = Poco::Tuple<std::string, std::string, std::string, std::string, std::string, int, int, int,
                               std::string, double, double, double>;
PatientRecord fromRow(const PatientRow& r)
{
    PatientRecord p;
    p.id = r.get<0>();
    p.displayName = r.get<1>();
    p.birthDate = r.get<2>();
    p.bed = r.get<3>();
    p.portType = r.get<4>();
    p.powerInjectable = r.get<5>() != 0;
    p.heparinAllergyOrHit = r.get<6>() != 0;
    p.chlorhexidineAllergy = r.get<7>() != 0;
    p.lockSolution = r.get<8>();
    p.lockUnitsPerMl = r.get<9>();
    p.lockVolumeMl = r.get<10>();
    p.maintenanceWeeks = r.get<11>();
    return p;
}
} // namespace

std::optional<PatientRecord> EventStore::patient(const std::string& id) const
{
    std::lock_guard<std::mutex> lock(_readMutex);
    std::vector<PatientRow> rows;
    std::string key = id;
    *_reader << "SELECT * FROM patients WHERE id = ?", use(key), into(rows), now;
    if (rows.empty())
        return std::nullopt;
    return fromRow(rows.front());
}

std::vector<PatientRecord> EventStore::patients() const
{
    std::lock_guard<std::mutex> lock(_readMutex);
    std::vector<PatientRow> rows;
    *_reader << "SELECT * FROM patients ORDER BY bed, id", into(rows), now;
    std::vector<PatientRecord> result;
    for (const auto& r : rows)
        result.push_back(fromRow(r));
    return result;
}

void EventStore::putStaff(const StaffRecord& staff)
{
    run([&](Session& s) {
        StaffRecord v = staff;
        s << "INSERT OR REPLACE INTO staff (badge, name, role, pin_hash, salt, iterations, language) VALUES (?, ?, ?, "
             "?, ?, ?, ?)",
            use(v.badge), use(v.name), use(v.role), use(v.pinHash), use(v.salt), use(v.iterations), use(v.language),
            now;
    });
}

std::size_t EventStore::putWardEvents(const std::vector<Event>& events)
{
    std::size_t added = 0;
    if (events.empty())
        return added;
    run([&](Session& s) {
        s.begin();
        try {
            for (const auto& given : events) {
                Event e = given;
                for (auto* field : {&e.uuid, &e.deviceId, &e.deviceTime, &e.type, &e.runId, &e.patient, &e.staff,
                                    &e.payload, &e.corrects})
                    *field = validUtf8(*field);
                s << "INSERT OR IGNORE INTO ward_events (seq, uuid, device_id, device_time, type, run_id, patient,"
                     " staff, payload, corrects) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    use(e.seq), use(e.uuid), use(e.deviceId), use(e.deviceTime), use(e.type), use(e.runId),
                    use(e.patient), use(e.staff), use(e.payload), use(e.corrects), now;
                std::int64_t changed = 0;
                s << "SELECT changes()", into(changed), now;
                added += static_cast<std::size_t>(changed);
            }
            s.commit();
        } catch (...) {
            s.rollback();
            throw;
        }
    });
    return added;
}

std::vector<Event> EventStore::patientEvents(const std::string& patient) const
{
    auto mine = events({}, patient);
    const auto others =
        query("patient = ? AND device_id <> ?", {patient, _deviceId}, " ORDER BY device_time, seq", "ward_events");
    if (others.empty())
        return mine;
    mine.insert(mine.end(), others.begin(), others.end());
    std::stable_sort(mine.begin(), mine.end(),
                     [](const Event& a, const Event& b) { return a.deviceTime < b.deviceTime; });
    return mine;
}

void EventStore::removePatient(const std::string& id)
{
    run([&](Session& s) {
        std::string key = id;
        s << "DELETE FROM patients WHERE id = ?", use(key), now;
    });
}

void EventStore::removeStaff(const std::string& badge)
{
    run([&](Session& s) {
        std::string key = badge;
        s << "DELETE FROM staff WHERE badge = ?", use(key), now;
    });
}

std::optional<StaffRecord> EventStore::staff(const std::string& badge) const
{
    std::lock_guard<std::mutex> lock(_readMutex);
    std::vector<Poco::Tuple<std::string, std::string, std::string, std::string, std::string, int, std::string>> rows;
    std::string key = badge;
    *_reader << "SELECT badge, name, role, pin_hash, salt, iterations, language FROM staff WHERE badge = ?", use(key),
        into(rows), now;
    if (rows.empty())
        return std::nullopt;
    const auto& r = rows.front();
    return StaffRecord{r.get<0>(), r.get<1>(), r.get<2>(), r.get<3>(), r.get<4>(), r.get<5>(), r.get<6>()};
}

void EventStore::putProduct(const Product& product)
{
    run([&](Session& s) {
        Product v = product;
        std::string key = v.gtin.empty() ? v.hibc : v.gtin;
        s << "INSERT OR REPLACE INTO products VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", use(key), use(v.gtin),
            use(v.hibc), use(v.category), use(v.name), use(v.heparinUnitsPerMl), use(v.volumeMl), use(v.syringeMl),
            use(v.gauge), use(v.lengthMm), use(v.dressingType), now;
    });
}

void EventStore::putRecall(const Recall& recall)
{
    run([&](Session& s) {
        Recall v = recall;
        s << "INSERT OR REPLACE INTO recalls VALUES (?, ?, ?)", use(v.product), use(v.lot), use(v.reason), now;
    });
}

void EventStore::putPrintJob(const PrintJob& job)
{
    run([&](Session& s) {
        PrintJob v = job;
        Poco::Data::BLOB bits(v.bits.data(), v.bits.size());
        s << "INSERT OR REPLACE INTO print_jobs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", use(v.id),
            use(v.printer), use(v.state), use(v.reason), use(v.attempts), use(v.runId), use(v.patient), use(v.created),
            use(v.updated), use(v.widthDots), use(v.heightDots), use(v.dpi), use(bits), now;
    });
}

std::vector<PrintJob> EventStore::printJobs(const std::string& printer, const std::string& state) const
{
    return queryPrintJobs(printer, state, {});
}

std::vector<PrintJob> EventStore::printJobsOfRun(const std::string& runId) const
{
    if (runId.empty())
        return {};
    return queryPrintJobs({}, {}, runId);
}

std::vector<PrintJob> EventStore::queryPrintJobs(const std::string& printer, const std::string& state,
                                                 const std::string& runId) const
{
    std::lock_guard<std::mutex> lock(_readMutex);
    std::vector<Poco::Tuple<std::string, std::string, std::string, std::string, int, std::string, std::string,
                            std::string, std::string, int, int, int, Poco::Data::BLOB>>
        rows;
    std::string p = printer, st = state, run = runId;
    *_reader << "SELECT * FROM print_jobs WHERE (? = '' OR printer = ?) AND (? = '' OR state = ?) AND (? = '' OR "
                "run_id = ?) ORDER BY created, id",
        use(p), use(p), use(st), use(st), use(run), use(run), into(rows), now;
    std::vector<PrintJob> jobs;
    for (const auto& r : rows) {
        PrintJob j;
        j.id = r.get<0>();
        j.printer = r.get<1>();
        j.state = r.get<2>();
        j.reason = r.get<3>();
        j.attempts = r.get<4>();
        j.runId = r.get<5>();
        j.patient = r.get<6>();
        j.created = r.get<7>();
        j.updated = r.get<8>();
        j.widthDots = r.get<9>();
        j.heightDots = r.get<10>();
        j.dpi = r.get<11>();
        const auto& blob = r.get<12>();
        j.bits.assign(blob.begin(), blob.end());
        jobs.push_back(std::move(j));
    }
    return jobs;
}

std::optional<PrintJob> EventStore::printJob(const std::string& id) const
{
    for (auto& j : printJobs())
        if (j.id == id)
            return j;
    return std::nullopt;
}

void EventStore::loadCatalog(Catalog& catalog) const
{
    std::lock_guard<std::mutex> lock(_readMutex);
    std::vector<Poco::Tuple<std::string, std::string, std::string, std::string, double, double, double, int, double,
                            std::string>>
        rows;
    *_reader << "SELECT gtin, hibc, category, name, heparin_units, volume_ml, syringe_ml, gauge, length_mm, "
                "dressing_type FROM products",
        into(rows), now;
    for (const auto& r : rows)
        catalog.add(Product{r.get<0>(), r.get<1>(), r.get<2>(), r.get<3>(), r.get<4>(), r.get<5>(), r.get<6>(),
                            r.get<7>(), r.get<8>(), r.get<9>()});
    std::vector<Poco::Tuple<std::string, std::string, std::string>> recalls;
    *_reader << "SELECT product, lot, reason FROM recalls", into(recalls), now;
    for (const auto& r : recalls)
        catalog.addRecall(Recall{r.get<0>(), r.get<1>(), r.get<2>()});
}

} // namespace portside::core
