// Durable append of one confirmed step (event + outbox row + audit link + head, one transaction, WAL,
// synchronous=FULL, through the store's writer thread) against a plain prepared SQLite insert of a row of the same
// size with the same durability settings, on the same disk, in the same run. Then the time to open a store of
// N events (default 1,000,000).
//
//   bench-store-append [STEPS=1000] [EVENTS=1000000] [DIR=/tmp]

#include "Stats.h"

#include "portside/core/EventStore.h"
#include "portside/core/RunRecorder.h"

#include <Poco/File.h>
#include <Poco/TemporaryFile.h>

#include <sqlite3.h>

#include <cstdlib>
#include <string>

using namespace portside;

namespace {

sdk::ChecklistDefinition longChecklist(int steps)
{
    sdk::ChecklistDefinition def;
    def.id = "bench";
    def.version = "1";
    for (int i = 0; i < steps; ++i) {
        sdk::Step step;
        step.id = "flush-" + std::to_string(i);
        step.type = sdk::StepType::Number;
        step.maximum = 100;
        step.unit = "mL";
        def.steps.push_back(step);
    }
    return def;
}

void check(int rc, sqlite3* db)
{
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        std::fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db));
        std::exit(1);
    }
}

} // namespace

int main(int argc, char** argv)
{
    const int steps = argc > 1 ? std::atoi(argv[1]) : 1000;
    const long events = argc > 2 ? std::atol(argv[2]) : 1000000;
    const std::string dir = Poco::TemporaryFile::tempName(argc > 3 ? argv[3] : "");
    Poco::File(dir).createDirectories();
    core::SystemClock clock;

    // Ours: a run whose every confirm is one durable append.
    std::size_t eventBytes = 0;
    bench::Samples ours, storeOnly;
    {
        core::EventStore store(dir + "/kiosk.db", clock);
        core::RunRecorder recorder(store);
        sdk::PatientContext patient;
        patient.id = "950600013435200008";
        core::ChecklistRun run(longChecklist(steps + 1), patient, clock);
        recorder.start(run, "1001");
        sdk::StepAnswer answer;
        answer.number = 10;
        ours = bench::measure(steps, [&](int) { run.confirm(answer); });
        const auto last = store.events({}, {}, store.count() - 1);
        eventBytes = last.at(0).payload.size() + 300; // payload plus uuid, ids, times and two hashes
        // The store alone, without the run and its JSON: where the time goes.
        core::NewEvent raw = last.at(0);
        storeOnly = bench::measure(steps, [&](int) { store.append({raw}); });
    }

    // Reference: plain sqlite3, one prepared INSERT per step in its own transaction, same pragmas, same disk.
    bench::Samples reference;
    {
        sqlite3* db = nullptr;
        check(sqlite3_open((dir + "/plain.db").c_str(), &db), db);
        check(sqlite3_exec(db,
                           "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                           "CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
                           nullptr, nullptr, nullptr),
              db);
        sqlite3_stmt* insert = nullptr;
        check(sqlite3_prepare_v2(db, "INSERT INTO t (body) VALUES (?)", -1, &insert, nullptr), db);
        const std::string body(eventBytes, 'x');
        reference = bench::measure(steps, [&](int) {
            sqlite3_bind_text(insert, 1, body.data(), static_cast<int>(body.size()), SQLITE_STATIC);
            check(sqlite3_step(insert), db);
            sqlite3_reset(insert);
        });
        sqlite3_finalize(insert);
        sqlite3_close(db);
    }
    std::printf("durable append of one step, %d steps, %zu-byte rows, in %s\n", steps, eventBytes, dir.c_str());
    bench::report("EventStore step append", ours, reference, "sqlite3 INSERT (same pragmas)");
    bench::report("EventStore::append alone", storeOnly, reference, "sqlite3 INSERT (same pragmas)");

    // Opening a big store: build it in large transactions, then time the open.
    if (events > 0) {
        {
            core::EventStore store(dir + "/big.db", clock);
            std::vector<core::NewEvent> batch(10000);
            for (auto& e : batch) {
                e.type = "step-confirmed";
                e.runId = "run";
                e.patient = "950600013435200008";
                e.staff = "1001";
                e.payload = R"({"index":3,"step":"flush","type":"number","answer":{"unit":"mL","value":10}})";
            }
            for (long done = 0; done < events; done += static_cast<long>(batch.size()))
                store.append(batch);
        }
        auto open = bench::measure(20, [&](int) { core::EventStore store(dir + "/big.db", clock); });
        auto openEmpty = bench::measure(
            20, [&](int i) { core::EventStore store(dir + "/empty-" + std::to_string(i) + ".db", clock); });
        std::printf("\nopen a store of %ld events\n", events);
        bench::report("open, big store", open, openEmpty, "create+open, empty store");
    }
    Poco::File(dir).remove(true);
    return 0;
}
