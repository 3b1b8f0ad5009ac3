// The kiosk's own work in one sync cycle, on a store holding EVENTS events already delivered and 10 waiting: what
// SyncClient::syncOnce asks of the store before the request (the waiting events, the chain's head, the link of the
// first waiting event to the one before it, what is waiting and dead-lettered for the status strip) and after it
// (marking the sent ones delivered: one statement and its commit, not waited onto the disk), each measured against
// the same on a store of 1,000 events, in alternating rounds. The network is not part of it; with the outbox indexed by
// state neither must grow with the history.
//
//   bench-kiosk-cycle [EVENTS=1000000] [ROUNDS=200]

#include "Stats.h"

#include "portside/core/EventStore.h"

#include <Poco/File.h>
#include <Poco/TemporaryFile.h>

#include <cstdio>
#include <cstdlib>

using namespace portside;

namespace {

/// A store of `delivered` events already sent, then `waiting` not yet.
std::unique_ptr<core::EventStore> makeStore(const std::string& path, const core::Clock& clock, int delivered)
{
    auto store = std::make_unique<core::EventStore>(path, clock);
    const core::NewEvent step{"step-confirmed",
                              "run",
                              "950600013435200008",
                              "1001",
                              R"({"index":3,"step":"flush","type":"number","answer":{"value":10,"unit":"mL"}})",
                              ""};
    for (int done = 0; done < delivered;) {
        const int n = std::min(5000, delivered - done);
        const auto appended = store->append(std::vector<core::NewEvent>(static_cast<std::size_t>(n), step));
        std::vector<std::int64_t> seqs;
        for (const auto& e : appended)
            seqs.push_back(e.seq);
        store->markOutbox(seqs, "acked");
        done += n;
    }
    return store;
}

/// One cycle's store reads, as SyncClient::syncOnce does them with 10 events waiting.
std::size_t reads(core::EventStore& store)
{
    const auto queued = store.pendingOutbox(100);
    const auto head = store.head();
    const auto broken = store.checkLinks({queued.front()});
    const auto waiting = store.pendingCount() + store.deadLetterCount();
    return queued.size() + static_cast<std::size_t>(head.first > 0) + broken.size() + static_cast<std::size_t>(waiting);
}

/// The cycle's one write: the sent events' outbox rows changed in one statement, committed (here they are marked
/// waiting again, so the next round finds the same store).
void acknowledge(core::EventStore& store)
{
    const auto queued = store.pendingOutbox(100);
    std::vector<std::int64_t> seqs;
    for (const auto& e : queued)
        seqs.push_back(e.seq);
    store.markOutbox(seqs, "pending");
}
} // namespace

int main(int argc, char** argv)
{
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    const int events = argc > 1 ? std::atoi(argv[1]) : 1000000;
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 200;
    core::SystemClock clock;
    const std::string dir = Poco::TemporaryFile::tempName();
    Poco::File(dir).createDirectories();
    std::printf("building a store of %d delivered events ...\n", events);
    auto big = makeStore(dir + "/big/kiosk.db", clock, events);
    auto small = makeStore(dir + "/small/kiosk.db", clock, 1000);
    const core::NewEvent step{"step-confirmed", "run", "950600013435200008", "1001", R"({"step":"lock"})", ""};
    big->append(std::vector<core::NewEvent>(10, step));
    small->append(std::vector<core::NewEvent>(10, step));
    bench::Samples ours, reference, oursWrite, referenceWrite;
    std::size_t sink = 0;
    for (int r = 0; r < rounds; ++r) { // alternating, so drift favours neither
        ours.us.push_back(bench::measure(1, [&](int) { sink += reads(*big); }).us.front());
        reference.us.push_back(bench::measure(1, [&](int) { sink += reads(*small); }).us.front());
        referenceWrite.us.push_back(bench::measure(1, [&](int) { acknowledge(*small); }).us.front());
        oursWrite.us.push_back(bench::measure(1, [&](int) { acknowledge(*big); }).us.front());
    }
    char what[64];
    std::snprintf(what, sizeof what, "reads, %d events stored", events);
    bench::report(what, ours, reference, "reads, 1,000 events stored");
    std::snprintf(what, sizeof what, "ack write, %d stored", events);
    bench::report(what, oursWrite, referenceWrite, "ack write, 1,000 stored");
    std::printf("(%zu)\n", sink % 10);
    big.reset();
    small.reset();
    Poco::File(dir).remove(true);
}
