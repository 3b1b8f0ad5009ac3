// Sync throughput and server latency, on SQLite and on PostgreSQL (a throw-away cluster from tools/pg-temp):
//  1. drain: a kiosk outbox of EVENTS events sent to a local portside-server by the real SyncClient (batches of
//     100), in events/s, against the same batches stored straight through ServerStore (every check, no HTTP) and
//     the same rows inserted raw and set-based (no checks), in alternating rounds of the same run;
//  2. load: KIOSKS simulated kiosks at once, each posting BATCHES batches of 10 events on its own connection;
//     p50/p99 of the request latency, against the same batches stored straight into the database from as many
//     threads.
//
//   bench-sync [EVENTS=10000] [KIOSKS=200] [BATCHES=10] [BACKENDS=sqlite,postgresql]

#include "Stats.h"

#include "ServerStore.h"
#include "portside/core/JsonText.h"

#include "portside/core/EventStore.h"
#include "portside/core/SyncClient.h"

#include <Poco/File.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <Poco/TemporaryFile.h>
#include <Poco/UUIDGenerator.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

using namespace portside;
using Clock = std::chrono::steady_clock;

namespace {

std::string run(const std::string& program, const std::vector<std::string>& args)
{
    Poco::Pipe out;
    auto handle = Poco::Process::launch(program, args, nullptr, &out, nullptr);
    Poco::PipeInputStream in(out);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    if (handle.wait() != 0)
        throw std::runtime_error(program + " failed");
    return text.substr(0, text.find('\n'));
}

struct Server {
    std::unique_ptr<Poco::Pipe> _out = std::make_unique<Poco::Pipe>(); // first: the launch below writes to it
    Poco::ProcessHandle handle;
    int port = 0;
    Server(const std::string& db)
        : handle([&] {
              return Poco::Process::launch(PORTSIDE_SERVER, {"--db", db, "--listen", "127.0.0.1:0"}, nullptr,
                                           _out.get(), nullptr);
          }())
    {
        Poco::PipeInputStream in(*_out);
        std::string line;
        std::getline(in, line);
        port = std::stoi(line.substr(line.find("://127.0.0.1:") + 13));
    }
    ~Server()
    {
        Poco::Process::requestTermination(handle.id());
        handle.wait();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
};

/// Event `seq` of the device `chainKey` (its own id, which the hash covers), its fields fixed by the two.
core::Event eventAt(const std::string& chainKey, Poco::Int64 seq)
{
    core::Event e;
    const std::string id = server::sha256Hex(chainKey + "/" + std::to_string(seq));
    e.uuid = id.substr(0, 8) + "-" + id.substr(8, 4) + "-" + id.substr(12, 4) + "-" + id.substr(16, 4) + "-" +
             id.substr(20, 12);
    e.seq = seq;
    e.deviceId = chainKey;
    e.deviceTime = "2026-11-28T03:00:00.000Z";
    e.type = "step-confirmed";
    e.runId = "run-" + std::to_string(e.seq / 20);
    e.patient = "950600013435200008";
    e.staff = "1001";
    e.payload = R"({"index":3,"step":"flush","type":"number","answer":{"value":10,"unit":"mL"}})";
    return e;
}

/// The chain's hash at `seq` (0: the genesis), computed as a kiosk does (the server recomputes every one).
std::string hashAt(const std::string& chainKey, Poco::Int64 seq)
{
    static std::mutex mutex;
    static std::map<std::string, std::vector<std::string>> chains;
    std::lock_guard<std::mutex> lock(mutex);
    auto& chain = chains[chainKey];
    if (chain.empty())
        chain.push_back(std::string(64, '0'));
    while (static_cast<Poco::Int64>(chain.size()) <= seq) {
        auto e = eventAt(chainKey, static_cast<Poco::Int64>(chain.size()));
        e.prevHash = chain.back();
        chain.push_back(core::EventStore::linkHash(e));
    }
    return chain[static_cast<std::size_t>(seq)];
}

/// `count` events of one device with a consistent chain, starting after `seq`.
std::vector<core::Event> events(Poco::Int64 seq, int count, const std::string& chainKey)
{
    std::vector<core::Event> out;
    for (int i = 0; i < count; ++i) {
        auto e = eventAt(chainKey, seq + 1 + i);
        e.prevHash = hashAt(chainKey, e.seq - 1);
        e.hash = hashAt(chainKey, e.seq);
        out.push_back(e);
    }
    return out;
}

/// The same events as the server receives them, for storing straight into its database.
std::vector<server::IncomingEvent> incoming(const std::vector<core::Event>& events, const std::string& device)
{
    std::vector<server::IncomingEvent> out;
    for (const auto& e : events)
        out.push_back({e.uuid, device, e.deviceTime, e.type, e.runId, e.patient, e.staff, e.payload, e.corrects,
                       e.prevHash, e.hash, e.seq, e.deviceId});
    return out;
}

/// The reference a database administrator would write: the rows inserted set-based, 100 to a transaction, with no
/// checks at all — PostgreSQL: one prepared INSERT ... SELECT FROM json_to_recordset per batch (libpq); SQLite: one
/// prepared INSERT per row (in process, nothing to batch). Into the server's own schema and indexes.
class RawInsert {
public:
    explicit RawInsert(const std::string& db)
    {
        {
            server::ServerStore schema(db);
        } // the same tables and indexes
        if (db.rfind("sqlite:", 0) == 0) {
            if (sqlite3_open(db.substr(7).c_str(), &_sqlite) != SQLITE_OK)
                throw std::runtime_error("raw: cannot open " + db);
            sqlite3_exec(_sqlite, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
            sqlite3_prepare_v2(_sqlite,
                               "INSERT INTO events (uuid, device_id, seq, device_time, received, type, run_id, patient,"
                               " staff, payload, corrects, prev_hash, hash, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?,"
                               " ?, ?, ?, ?, ?, ?, ?)",
                               -1, &_row, nullptr);
        } else {
            _pg = PQconnectdb(server::postgresConnectionString(db).c_str());
            PGresult* r = PQprepare(
                _pg, "raw",
                "INSERT INTO events (uuid, device_id, seq, device_time, received, type, run_id, patient, staff, "
                "payload,"
                " corrects, prev_hash, hash, content_hash) SELECT r.u, r.d, r.s, r.t, r.rc, r.ty, r.ru, r.p, r.st, "
                "r.pl,"
                " r.c, r.ph, r.h, r.ch FROM json_to_recordset($1::json) AS r(u text, d text, s bigint, t text, rc text,"
                " ty text, ru text, p text, st text, pl text, c text, ph text, h text, ch text)",
                1, nullptr);
            if (PQresultStatus(r) != PGRES_COMMAND_OK)
                throw std::runtime_error(std::string("raw: ") + PQerrorMessage(_pg));
            PQclear(r);
        }
    }
    ~RawInsert()
    {
        if (_row)
            sqlite3_finalize(_row);
        if (_sqlite)
            sqlite3_close(_sqlite);
        if (_pg)
            PQfinish(_pg);
    }
    void insert(const std::vector<server::IncomingEvent>& rows)
    {
        const std::string received = "2026-11-28T03:00:00.000Z", content(64, 'c');
        if (_sqlite) {
            sqlite3_exec(_sqlite, "BEGIN", nullptr, nullptr, nullptr);
            for (const auto& e : rows) {
                int i = 0;
                const auto text = [&](const std::string& v) {
                    sqlite3_bind_text(_row, ++i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
                };
                text(e.uuid), text(e.deviceId);
                sqlite3_bind_int64(_row, ++i, e.seq);
                for (const auto* v : {&e.deviceTime, &received, &e.type, &e.runId, &e.patient, &e.staff, &e.payload,
                                      &e.corrects, &e.prevHash, &e.hash, &content})
                    text(*v);
                if (sqlite3_step(_row) != SQLITE_DONE)
                    throw std::runtime_error(std::string("raw: ") + sqlite3_errmsg(_sqlite));
                sqlite3_reset(_row);
            }
            sqlite3_exec(_sqlite, "COMMIT", nullptr, nullptr, nullptr);
            return;
        }
        core::JsonRows json;
        for (const auto& e : rows)
            json.row()
                .add("u", e.uuid)
                .add("d", e.deviceId)
                .add("s", e.seq)
                .add("t", e.deviceTime)
                .add("rc", received)
                .add("ty", e.type)
                .add("ru", e.runId)
                .add("p", e.patient)
                .add("st", e.staff)
                .add("pl", e.payload)
                .add("c", e.corrects)
                .add("ph", e.prevHash)
                .add("h", e.hash)
                .add("ch", content);
        const std::string text = json.text();
        const char* values[1] = {text.c_str()};
        PQclear(PQexec(_pg, "BEGIN"));
        PGresult* r = PQexecPrepared(_pg, "raw", 1, values, nullptr, nullptr, 0);
        const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
        PQclear(PQexec(_pg, "COMMIT"));
        if (!ok)
            throw std::runtime_error(std::string("raw: ") + PQerrorMessage(_pg));
    }

private:
    sqlite3* _sqlite = nullptr;
    sqlite3_stmt* _row = nullptr;
    PGconn* _pg = nullptr;
};

std::string enroll(const std::string& url, const std::string& code, std::string& device)
{
    core::SystemClock clock;
    const std::string path = Poco::TemporaryFile::tempName();
    std::string token;
    {
        core::EventStore store(path, clock);
        core::SyncClient::enroll(store, url, code, "load");
        device = store.meta("server_device");
        token = store.meta("server_token");
    }
    for (const char* suffix : {"", "-wal", "-shm"})
        Poco::File(path + suffix).exists() ? Poco::File(path + suffix).remove() : void();
    return token;
}

void measureBackend(const std::string& name, const std::function<std::string()>& freshDb, int eventCount, int kiosks,
                    int batches)
{
    std::printf("== %s ==\n", name.c_str());
    core::SystemClock clock;
    // 1. Drain, in alternating rounds: the kiosk's outbox over HTTP; the same batches stored straight through
    //    ServerStore for an enrolled device (every check, no HTTP); the same rows inserted raw, set-based, nothing
    //    checked (the database's floor).
    {
        const std::string db = freshDb();
        Server server(db);
        const std::string dir = Poco::TemporaryFile::tempName();
        Poco::File(dir).createDirectories();
        core::EventStore store(dir + "/kiosk.db", clock);
        server::ServerStore admin(db);
        core::SyncClient::enroll(store, server.url(), admin.newEnrollmentCode(), "drain");
        core::SyncClient client(store);
        const std::string directDb = freshDb();
        server::ServerStore direct(directDb);
        const auto directDevice = direct.enroll(direct.newEnrollmentCode(), "direct");
        RawInsert raw(freshDb());
        constexpr int kRounds = 5;
        const int chunk = eventCount / kRounds / 100 * 100;
        double ours = 0, straight = 0, floor = 0;
        for (int round = 0; round < kRounds; ++round) {
            for (int i = 0; i < chunk; i += 100)
                store.append(
                    std::vector<core::NewEvent>(100, {"step-confirmed", "run", "950600013435200008", "1001",
                                                      R"({"index":3,"step":"flush","answer":{"value":10}})", ""}));
            const auto measureOurs = [&] {
                const auto t0 = Clock::now();
                const auto r = client.syncAll(100);
                ours += std::chrono::duration<double>(Clock::now() - t0).count();
                if (!r.error.empty() || r.acked != static_cast<std::size_t>(chunk))
                    throw std::runtime_error("drain failed: " + r.error);
            };
            const auto measureDirect = [&] {
                const auto t0 = Clock::now();
                for (int i = 0; i < chunk; i += 100)
                    direct.storeBatch(*directDevice,
                                      incoming(events(round * chunk + i, 100, *directDevice), *directDevice),
                                      round * chunk + i + 100, hashAt(*directDevice, round * chunk + i + 100),
                                      "2026-11-28T03:00:00.000Z");
                straight += std::chrono::duration<double>(Clock::now() - t0).count();
            };
            const auto measureRaw = [&] {
                const auto t0 = Clock::now();
                for (int i = 0; i < chunk; i += 100)
                    raw.insert(incoming(events(round * chunk + i, 100, "raw"), "raw"));
                floor += std::chrono::duration<double>(Clock::now() - t0).count();
            };
            if (round % 2 == 0) {
                measureOurs(), measureDirect(), measureRaw();
            } else {
                measureRaw(), measureDirect(), measureOurs();
            }
        }
        Poco::File(dir).remove(true);
        const double total = chunk * kRounds;
        std::printf("drain %.0f events over HTTP     %9.0f events/s\n", total, total / ours);
        std::printf("same batches into ServerStore  %9.0f events/s\n", total / straight);
        std::printf("same rows, raw set-based insert %8.0f events/s\n", total / floor);
        std::printf("ratio (HTTP / raw insert)      %9.2fx\n", floor / ours);
        std::printf("ratio (HTTP / ServerStore)     %9.2fx\n", straight / ours);
    }
    // 2. Load: many kiosks at once.
    {
        const std::string db = freshDb();
        Server server(db);
        server::ServerStore admin(db);
        std::vector<std::string> devices(kiosks), tokens(kiosks);
        for (int k = 0; k < kiosks; ++k)
            tokens[k] = enroll(server.url(), admin.newEnrollmentCode(), devices[k]);
        std::mutex mutex;
        std::atomic<int> failures{0};
        bench::Samples http, direct;
        std::vector<std::thread> threads;
        // What each kiosk sends, made beforehand: a kiosk's own work (reading its store, writing JSON) is done on the
        // kiosk, not on the server's cores.
        std::vector<std::vector<std::string>> bodies(static_cast<std::size_t>(kiosks));
        for (int k = 0; k < kiosks; ++k)
            for (int b = 0; b < batches; ++b)
                bodies[k].push_back(core::SyncClient::eventsBody(events(b * 10, 10, devices[k]), devices[k], 0, ""));
        const auto t0 = Clock::now();
        for (int k = 0; k < kiosks; ++k) {
            threads.emplace_back([&, k] {
                try {
                    // Each kiosk from its own address, as on a ward's network (127.0.0.0/8 is all loopback): the server
                    // serves at most 32 requests at once from one address.
                    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress::IPv4);
                    socket.impl()->bind(Poco::Net::SocketAddress("127.0." + std::to_string(1 + k / 250) + "." +
                                                                     std::to_string(2 + k % 250),
                                                                 0),
                                        false);
                    socket.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(server.port)));
                    Poco::Net::HTTPClientSession session(socket);
                    session.setKeepAlive(true);
                    session.setTimeout(Poco::Timespan(60, 0));
                    std::vector<double> mine;
                    for (int b = 0; b < batches; ++b) {
                        const std::string& body = bodies[k][b];
                        const auto s = Clock::now();
                        Poco::Net::HTTPRequest request("POST", "/v1/events", "HTTP/1.1");
                        request.setKeepAlive(true);
                        request.setContentType("application/json");
                        request.setContentLength(static_cast<std::streamsize>(body.size()));
                        request.set("Authorization", "Bearer " + tokens[k]);
                        session.sendRequest(request) << body;
                        Poco::Net::HTTPResponse response;
                        std::string answer;
                        Poco::StreamCopier::copyToString(session.receiveResponse(response), answer);
                        if (response.getStatus() != 200 || answer.find("\"stored\"") == std::string::npos)
                            throw std::runtime_error("load: " + answer);
                        mine.push_back(std::chrono::duration<double, std::micro>(Clock::now() - s).count());
                    }
                    std::lock_guard<std::mutex> lock(mutex);
                    http.us.insert(http.us.end(), mine.begin(), mine.end());
                } catch (const Poco::Exception& e) {
                    std::fprintf(stderr, "kiosk %d: %s\n", k, e.displayText().c_str());
                    ++failures;
                } catch (const std::exception& e) {
                    std::fprintf(stderr, "kiosk %d: %s\n", k, e.what());
                    ++failures;
                }
            });
        }
        for (auto& t : threads)
            t.join();
        const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
        if (failures > 0)
            throw std::runtime_error(std::to_string(failures.load()) + " kiosks failed");
        threads.clear();
        server::ServerStore straight(freshDb());
        std::vector<std::string> enrolled; // the same work as for the kiosks: enrolled devices, gaps checked
        for (int k = 0; k < kiosks; ++k)
            enrolled.push_back(*straight.enroll(straight.newEnrollmentCode(), "direct"));
        for (int k = 0; k < kiosks; ++k) {
            threads.emplace_back([&, k] {
                std::vector<double> mine;
                for (int b = 0; b < batches; ++b) {
                    const std::string& device = enrolled[k];
                    const auto batch = incoming(events(b * 10, 10, device), device);
                    const auto s = Clock::now();
                    straight.storeBatch(device, batch, 0, "", "2026-11-28T03:00:00.000Z");
                    mine.push_back(std::chrono::duration<double, std::micro>(Clock::now() - s).count());
                }
                std::lock_guard<std::mutex> lock(mutex);
                direct.us.insert(direct.us.end(), mine.begin(), mine.end());
            });
        }
        for (auto& t : threads)
            t.join();
        std::printf("%d kiosks x %d batches of 10: %.0f events/s overall\n", kiosks, batches,
                    kiosks * batches * 10 / seconds);
        bench::report("POST /v1/events (10 events)", http, direct, "same batch into the database");
    }
}

} // namespace

int main(int argc, char** argv)
{
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    const int eventCount = argc > 1 ? std::atoi(argv[1]) : 10000;
    const int kiosks = argc > 2 ? std::atoi(argv[2]) : 200;
    const int batches = argc > 3 ? std::atoi(argv[3]) : 10;
    const std::string backends = argc > 4 ? argv[4] : "sqlite,postgresql";
    try {
        const std::string dir = Poco::TemporaryFile::tempName();
        Poco::File(dir).createDirectories();
        if (backends.find("sqlite") != std::string::npos) {
            int n = 0;
            measureBackend(
                "SQLite", [&] { return "sqlite:" + dir + "/server" + std::to_string(++n) + ".db"; }, eventCount, kiosks,
                batches);
        }
        if (backends.find("postgresql") != std::string::npos) {
            const std::string pg = "/tmp/portside-bench-pg-" + std::to_string(::getpid());
            run(PORTSIDE_SOURCE_DIR "/tools/pg-temp", {"start", pg});
            int n = 0;
            try {
                measureBackend(
                    "PostgreSQL",
                    [&] {
                        return run(PORTSIDE_SOURCE_DIR "/tools/pg-temp", {"createdb", pg, "b" + std::to_string(++n)});
                    },
                    eventCount, kiosks, batches);
            } catch (...) {
                run(PORTSIDE_SOURCE_DIR "/tools/pg-temp", {"stop", pg});
                throw;
            }
            run(PORTSIDE_SOURCE_DIR "/tools/pg-temp", {"stop", pg});
            Poco::File(pg).remove(true);
        }
        Poco::File(dir).remove(true);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench-sync: %s\n", e.what());
        return 1;
    }
}
