// The kiosk's own work in one sync cycle, on a store holding EVENTS events already delivered and 10 waiting: what
// SyncClient::syncOnce asks of the store before and after the request (the waiting events, the chain's head, the
// link of the first waiting event to the one before it, what is waiting and dead-lettered for the status strip, and
// marking the sent ones delivered), measured against the same cycle on a store of 1,000 events, in alternating
// rounds. The network is not part of it; with the outbox indexed by state the cycle must not grow with the history.
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

/// One cycle's store work, as SyncClient::syncOnce does it with 10 events waiting (they stay waiting: the round
/// after sees the same store).
std::size_t cycle(core::EventStore& store)
{
    const auto queued = store.pendingOutbox(100);
    const auto head = store.head();
    const auto broken = store.checkLinks({queued.front()});
    const auto waiting = store.pendingCount() + store.deadLetterCount();
    store.markOutbox({-1}, "acked"); // nothing acknowledged in this round: the statement's cost, none of its effect
    return queued.size() + static_cast<std::size_t>(head.first > 0) + broken.size() + static_cast<std::size_t>(waiting);
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
    bench::Samples ours, reference;
    std::size_t sink = 0;
    for (int r = 0; r < rounds; ++r) { // alternating, so drift favours neither
        ours.us.push_back(bench::measure(1, [&](int) { sink += cycle(*big); }).us.front());
        reference.us.push_back(bench::measure(1, [&](int) { sink += cycle(*small); }).us.front());
    }
    char what[64];
    std::snprintf(what, sizeof what, "cycle, %d events stored", events);
    bench::report(what, ours, reference, "cycle, 1,000 events stored");
    std::printf("(%zu)\n", sink % 10);
    big.reset();
    small.reset();
    Poco::File(dir).remove(true);
}
