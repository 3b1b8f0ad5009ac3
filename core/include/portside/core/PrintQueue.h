#pragma once

#include "portside/core/Clock.h"
#include "portside/core/EventStore.h"
#include "portside/core/Text.h"
#include "portside/sdk/Printer.h"

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace portside::core {

/// Label print jobs, kept in the store so none is lost: queued, sending, printed, or failed with the printer's
/// reason. One worker thread per printer sends one job at a time; a failed job is tried again once the printer
/// says it is ready (labels loaded, cover closed, plugged back in). A job caught "sending" when the kiosk stopped
/// is not sent again on its own (it may have printed): it waits, failed, for a nurse to reprint it; so does a job the
/// printer took but never confirmed (sdk::PrintUnconfirmed: "check the printer"). Nothing here blocks the caller.
class PrintQueue {
public:
    struct Options {
        std::chrono::milliseconds retryEvery{1000};  ///< how often a failed job's printer is asked whether it is ready
        std::chrono::milliseconds statusEvery{5000}; ///< how often an idle printer is asked how it is (status bar)
    };
    using Listener = std::function<void(const PrintJob&)>;
    using StatusListener = std::function<void(const std::string& printer, const sdk::PrinterStatus&)>;

    PrintQueue(EventStore& store, const Clock& clock) : PrintQueue(store, clock, Options{}) {}
    PrintQueue(EventStore& store, const Clock& clock, Options options);
    ~PrintQueue();
    PrintQueue(const PrintQueue&) = delete;
    PrintQueue& operator=(const PrintQueue&) = delete;

    /// Adds a printer under a name and starts its worker. The printer outlives the queue.
    void addPrinter(const std::string& name, sdk::PrinterPlugin& printer);
    /// Saves a new job (queued) and wakes its printer; returns the job id.
    std::string submit(const std::string& printer, const sdk::Raster& label, const std::string& runId,
                       const std::string& patient);
    /// A new job with the same label (a reprint from history); returns its id.
    std::string reprint(const std::string& jobId);
    /// Moves a job that is queued or failed to another printer (the supervisor's choice).
    void route(const std::string& jobId, const std::string& printer);
    void onChange(Listener listener);
    /// Called on the printer's worker thread whenever its status is read (idle polls and retries).
    void onStatus(StatusListener listener);
    std::vector<PrintJob> jobs() const { return _store.printJobs(); }

private:
    struct Worker;
    void work(Worker& worker);
    void save(PrintJob& job, const std::string& state, const std::string& reason);

    EventStore& _store;
    const Clock& _clock;
    Options _options;
    std::mutex _mutex;
    Listener _listener;
    StatusListener _statusListener;
    void reportStatus(const std::string& printer, const sdk::PrinterStatus& status);
    std::map<std::string, std::unique_ptr<Worker>> _workers;
};

/// What a printer's state means for the nurse, in her language: the state in words and what to do.
Text printerStatusText(const sdk::PrinterStatus& status);

} // namespace portside::core
