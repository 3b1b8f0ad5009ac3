#include "portside/core/SyncWorker.h"

#include <Poco/Logger.h>

#include <Poco/Exception.h>

#include <optional>

#include <algorithm>
#include <cmath>

namespace portside::core {

SyncWorker::SyncWorker(EventStore& store, Options options) : _store(store), _options(options) {}

SyncWorker::~SyncWorker()
{
    stop();
}

void SyncWorker::start()
{
    std::lock_guard<std::mutex> lock(_mutex);
    if (_thread.joinable())
        return;
    _stop = false;
    _thread = std::thread([this] { run(); });
}

void SyncWorker::stop()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _stop = true;
    }
    _wake.notify_all();
    if (_thread.joinable())
        _thread.join();
}

void SyncWorker::syncNow()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _kick = true;
    }
    _wake.notify_all();
}

sdk::SyncState SyncWorker::state() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _state;
}

std::chrono::milliseconds SyncWorker::backoffCeiling(int failures, const Options& options)
{
    const double factor = std::pow(2.0, std::min(failures, 30));
    const double wait = std::min<double>(static_cast<double>(options.backoffCap.count()),
                                         static_cast<double>(options.backoffBase.count()) * factor);
    return std::chrono::milliseconds(static_cast<long long>(wait));
}

void SyncWorker::run()
{
    SyncClient client(_store);
    while (true) {
        // Nothing the store or the server does ends this thread (an exception here would end the kiosk): a locked
        // or full store, or any other failure, is said in the state and tried again after the back-off.
        SyncClient::Result result;
        std::optional<std::pair<std::int64_t, std::int64_t>> counts;
        try {
            result = client.syncAll(_options.batch);
            if (result.error.empty()) {
                try {
                    client.pullReference(); // staff, patients, catalog and recalls as the server has them
                } catch (const std::runtime_error& e) {
                    result.error = e.what();
                }
            }
            counts.emplace(_store.pendingCount(), _store.deadLetterCount());
        } catch (const Poco::Exception& e) {
            result.error = "The kiosk's record could not be used for sync (" + e.displayText() +
                           "); every step stays recorded here, and sync tries again.";
        } catch (const std::exception& e) {
            result.error = std::string("The kiosk's record could not be used for sync (") + e.what() +
                           "); every step stays recorded here, and sync tries again.";
        } catch (...) {
            result.error = "Sync stopped on an unexpected error; every step stays recorded here, and sync tries again.";
        }
        std::chrono::milliseconds wait = _options.interval;
        {
            std::lock_guard<std::mutex> lock(_mutex);
            if (counts) {
                _state.queued = static_cast<std::size_t>(counts->first);
                _state.deadLetters = static_cast<std::size_t>(counts->second);
            }
            auto& log = Poco::Logger::get("portside.sync");
            if (result.error.empty() && (result.sent > 0 || !_state.online))
                log.information("Sent " + std::to_string(result.sent) + " records, " + std::to_string(result.acked) +
                                " acknowledged, " + std::to_string(result.deadLettered) + " refused for good; " +
                                std::to_string(_state.queued) + " waiting.");
            else if (!result.error.empty() && result.error != _state.message)
                log.warning(result.error); // once per new problem, not at every retry
            if (result.error.empty()) {
                _failures = 0;
                _state.online = true;
                _state.lastSuccessMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                                           std::chrono::system_clock::now().time_since_epoch())
                                           .count();
                _state.message = _state.queued == 0 ? "All records sent." : "Sending records...";
                if (!client.pullProblems().empty()) // skipped reference records: the supervisor sees why
                    _state.message += " " + std::to_string(client.pullProblems().size()) +
                                      " reference record(s) skipped: " + client.pullProblems().front();
            } else {
                _state.online = false;
                _state.message = result.error;
                const auto ceiling = backoffCeiling(_failures++, _options);
                std::uniform_int_distribution<long long> jitter(0, ceiling.count()); // full jitter
                wait = std::chrono::milliseconds(jitter(_random));
            }
        }
        std::unique_lock<std::mutex> lock(_mutex);
        _wake.wait_for(lock, wait, [this] { return _stop || _kick; });
        if (_stop)
            return;
        _kick = false;
    }
}

} // namespace portside::core
