#include "portside/core/PrintQueue.h"

#include <Poco/Logger.h>

#include "portside/core/TimeText.h"

#include <Poco/UUIDGenerator.h>

namespace portside::core {

struct PrintQueue::Worker {
    std::string name;
    sdk::PrinterPlugin* printer = nullptr;
    std::thread thread;
    std::mutex mutex;
    std::condition_variable wake;
    bool stop = false;
    bool kicked = false;
};

PrintQueue::PrintQueue(EventStore& store, const Clock& clock, Options options)
    : _store(store), _clock(clock), _options(options)
{
    // A job caught mid-send may have printed: it is not resent on its own.
    for (auto job : _store.printJobs({}, "sending")) {
        job.state = "failed";
        job.reason =
            "The kiosk stopped while this label was being sent. Check whether it printed before you reprint it.";
        job.attempts = -1; // marks "not to be retried automatically"
        job.updated = isoTime(_clock.now());
        _store.putPrintJob(job);
    }
}

PrintQueue::~PrintQueue()
{
    for (auto& [name, w] : _workers) {
        {
            std::lock_guard<std::mutex> lock(w->mutex);
            w->stop = true;
        }
        w->wake.notify_all();
    }
    for (auto& [name, w] : _workers)
        if (w->thread.joinable())
            w->thread.join();
}

void PrintQueue::onChange(Listener listener)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _listener = std::move(listener);
}

void PrintQueue::onStatus(StatusListener listener)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _statusListener = std::move(listener);
}

void PrintQueue::reportStatus(const std::string& printer, const sdk::PrinterStatus& status)
{
    StatusListener listener;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        listener = _statusListener;
    }
    if (listener)
        listener(printer, status);
}

void PrintQueue::addPrinter(const std::string& name, sdk::PrinterPlugin& printer)
{
    auto worker = std::make_unique<Worker>();
    worker->name = name;
    worker->printer = &printer;
    Worker& w = *worker;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _workers[name] = std::move(worker);
    }
    w.thread = std::thread([this, &w] { work(w); });
}

void PrintQueue::save(PrintJob& job, const std::string& state, const std::string& reason)
{
    job.state = state;
    job.reason = reason;
    job.updated = isoTime(_clock.now());
    _store.putPrintJob(job);
    // The job's state for IT, without the patient: the printer, the job and why it failed.
    auto& log = Poco::Logger::get("portside.printer");
    const std::string line =
        "Label " + job.id + " on " + job.printer + ": " + state + (reason.empty() ? "" : " (" + reason + ")");
    if (state == "failed")
        log.warning(line);
    else
        log.information(line);
    Listener listener;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        listener = _listener;
    }
    if (listener)
        listener(job);
}

std::string PrintQueue::submit(const std::string& printer, const sdk::Raster& label, const std::string& runId,
                               const std::string& patient)
{
    PrintJob job;
    job.id = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
    job.printer = printer;
    job.runId = runId;
    job.patient = patient;
    job.created = isoTime(_clock.now());
    job.widthDots = label.widthDots;
    job.heightDots = label.heightDots;
    job.dpi = label.dpi;
    job.bits = label.bits;
    save(job, "queued", "");
    std::lock_guard<std::mutex> lock(_mutex);
    if (auto it = _workers.find(printer); it != _workers.end()) {
        {
            std::lock_guard<std::mutex> wl(it->second->mutex);
            it->second->kicked = true;
        }
        it->second->wake.notify_all();
    }
    return job.id;
}

std::string PrintQueue::reprint(const std::string& jobId)
{
    const auto old = _store.printJob(jobId);
    if (!old)
        throw std::invalid_argument("There is no print job " + jobId + ".");
    // A label still on its way prints by itself once the printer is ready: a copy now would make two. So would a
    // copy of a printed one while another copy of the same checklist's label waits.
    const auto waiting = [](const PrintJob& j) {
        return j.state == "queued" || j.state == "sending" || (j.state == "failed" && j.attempts >= 0);
    };
    if (waiting(*old))
        throw Problem(tr_("This label has not printed yet: it prints by itself when the printer is ready. A "
                          "reprint now would print it twice."));
    if (!old->runId.empty())
        for (const auto& j : _store.printJobsOfRun(old->runId))
            if (waiting(j))
                throw Problem(tr_("Another copy of this label is still waiting to print: it prints by itself when "
                                  "the printer is ready. A reprint now would print one more."));
    sdk::Raster label{old->widthDots, old->heightDots, old->dpi, old->bits};
    return submit(old->printer, label, old->runId, old->patient);
}

void PrintQueue::route(const std::string& jobId, const std::string& printer)
{
    auto job = _store.printJob(jobId);
    if (!job)
        throw std::invalid_argument("There is no print job " + jobId + ".");
    if (job->state == "printed" || job->state == "sending")
        throw std::invalid_argument("That label is already " + job->state + "; reprint it instead.");
    job->printer = printer;
    job->attempts = 0;
    save(*job, "queued", "");
    std::lock_guard<std::mutex> lock(_mutex);
    if (auto it = _workers.find(printer); it != _workers.end())
        it->second->wake.notify_all();
}

void PrintQueue::work(Worker& w)
{
    auto lastStatus = std::chrono::steady_clock::now() - _options.statusEvery;
    while (true) {
        {
            std::unique_lock<std::mutex> lock(w.mutex);
            if (w.stop)
                return;
        }
        // The oldest job for this printer that may be sent: queued, or failed and to be retried when ready.
        std::optional<PrintJob> next;
        for (auto& job : _store.printJobs(w.name)) {
            if (job.state == "queued" || (job.state == "failed" && job.attempts >= 0)) {
                next = std::move(job);
                break;
            }
        }
        bool sent = false;
        if (!next && std::chrono::steady_clock::now() - lastStatus >= _options.statusEvery) {
            reportStatus(w.name, w.printer->status()); // idle: keep the status bar true
            lastStatus = std::chrono::steady_clock::now();
        }
        if (next) {
            bool ready = next->state == "queued";
            if (!ready) {
                const auto status = w.printer->status();
                reportStatus(w.name, status);
                lastStatus = std::chrono::steady_clock::now();
                ready = status.state == sdk::PrinterState::Ready;
                if (!ready && status.message != next->reason)
                    save(*next, "failed", status.message); // the reason shown follows the printer
            }
            if (ready) {
                ++next->attempts;
                save(*next, "sending", "");
                try {
                    w.printer->print(sdk::Raster{next->widthDots, next->heightDots, next->dpi, next->bits}, next->id);
                    save(*next, "printed", "");
                    sent = true;
                } catch (const sdk::PrintUnconfirmed& e) {
                    // Sent, never confirmed: it may be on the printer. Never sent again on its own.
                    next->attempts = -1;
                    save(*next, "failed", e.what());
                } catch (const std::exception& e) {
                    save(*next, "failed", e.what());
                }
            }
        }
        std::unique_lock<std::mutex> lock(w.mutex);
        if (w.stop)
            return;
        if (!sent)
            w.wake.wait_for(lock, _options.retryEvery, [&] { return w.stop || w.kicked; });
        w.kicked = false;
    }
}

Text printerStatusText(const sdk::PrinterStatus& status)
{
    switch (status.state) {
    case sdk::PrinterState::Ready: return tr_("Printer ready.");
    case sdk::PrinterState::Busy: return tr_("Printing.");
    case sdk::PrinterState::OutOfMedia:
        return status.media.empty() ? tr_("Printer out of labels: load a new roll.")
                                    : tr_("Printer out of labels: load a new %s roll.", {status.media});
    case sdk::PrinterState::CoverOpen: return tr_("The printer's cover is open: close it.");
    case sdk::PrinterState::WrongMedia: return tr_("Wrong labels in the printer: load the roll the label needs.");
    case sdk::PrinterState::Error: return tr_("The printer reports an error: switch it off and on.");
    case sdk::PrinterState::Offline:
        return tr_("The label printer does not answer: check that it is on and connected.");
    }
    return Text::verbatim(status.message);
}

} // namespace portside::core
