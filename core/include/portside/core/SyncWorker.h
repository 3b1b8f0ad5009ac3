#pragma once

#include "portside/core/SyncClient.h"
#include "portside/sdk/Sync.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>

namespace portside::core {

/// Sends the outbox in the background: right away when asked (a step was confirmed), otherwise every `interval`.
/// After a failure it waits a capped exponential backoff with full jitter (a random wait between zero and
/// min(cap, base x 2^failures)), so a ward of kiosks does not hammer a server that is coming back. Its state is
/// what the status bar shows.
class SyncWorker {
public:
    struct Options {
        std::chrono::milliseconds interval{30000};
        std::chrono::milliseconds backoffBase{1000};
        std::chrono::milliseconds backoffCap{300000};
        std::size_t batch = 100;
        std::chrono::seconds maxClockSkew{120}; ///< clock.max_skew_s: a kiosk clock further off says so
    };

    SyncWorker(EventStore& store, Options options);
    ~SyncWorker();
    SyncWorker(const SyncWorker&) = delete;
    SyncWorker& operator=(const SyncWorker&) = delete;

    void start();
    void stop();
    /// Asks for a sync as soon as possible; returns at once.
    void syncNow();
    sdk::SyncState state() const;
    /// The wait after `failures` failures in a row, before jitter: min(cap, base x 2^failures).
    static std::chrono::milliseconds backoffCeiling(int failures, const Options& options);

private:
    void run();
    EventStore& _store;
    Options _options;
    std::thread _thread;
    mutable std::mutex _mutex;
    std::condition_variable _wake;
    bool _stop = false, _kick = false;
    sdk::SyncState _state;
    int _failures = 0;
    std::mt19937_64 _random{std::random_device{}()};
};

} // namespace portside::core
