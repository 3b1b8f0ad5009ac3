#pragma once
// The demo ward for the bedside session's tests: a real record store in a temporary folder (on tmpfs when the
// machine has one, so thousands of durable appends stay quick), the five real checklist modules, a clock the test
// moves, and a label printer the test can break.

#include "TempDir.h"

#include "portside/core/DemoData.h"
#include "portside/core/KioskSession.h"
#include "portside/core/PluginManager.h"
#include "portside/core/PrintQueue.h"
#include "portside/sdk/Host.h"

#include <boost/test/unit_test.hpp>

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/UUIDGenerator.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

namespace portside::test {

const std::string kAna = "950600013435200008";   // heparin 100 units/mL, 5 mL
const std::string kBen = "950600013435200015";   // HIT: saline lock
const std::string kChloe = "950600013435200022"; // a child: heparin 10 units/mL, 2 mL; chlorhexidine allergy

/// The checklist modules, loaded once for the whole test binary (modules are never unloaded while running).
inline core::PluginManager& checklistModules()
{
    struct Host final : sdk::Host {
        std::string setting(const std::string&, const std::string& fallback) const override { return fallback; }
        void log(sdk::LogLevel, const std::string&) override {}
        std::string dataDirectory() const override { return "/tmp"; }
    };
    static Host host;
    static core::PluginManager* manager = [] {
        auto* m = new core::PluginManager({PORTSIDE_PLUGIN_DIR});
        m->loadAll();
        m->startAll(host);
        return m;
    }();
    return *manager;
}

/// A label printer that takes labels until it is told it is out of them (PrinterPlugin, as the queue drives it).
class TestPrinter final : public sdk::PrinterPlugin {
public:
    std::atomic<bool> outOfLabels{false};
    std::atomic<int> printed{0};
    std::string id() const override { return "test-printer"; }
    std::string version() const override { return "1.0.0"; }
    void start(sdk::Host&) override {}
    void stop() override {}
    std::string model() const override { return "test"; }
    sdk::PrinterStatus status() override
    {
        return outOfLabels ? sdk::PrinterStatus{sdk::PrinterState::OutOfMedia, "Printer out of labels.", "62"}
                           : sdk::PrinterStatus{sdk::PrinterState::Ready, "Ready.", "62"};
    }
    void print(const sdk::Raster&, const std::string&) override
    {
        if (outOfLabels)
            throw std::runtime_error("Printer out of labels.");
        ++printed;
        if (unconfirmed) // the label came out, the printer's "printing completed" never did
            throw sdk::PrintUnconfirmed("The label printer did not confirm the label - it may have printed.");
    }
    std::atomic<bool> unconfirmed{false};
};

/// The session's label output: a fixed small raster through the real print queue to the test printer.
class TestLabels final : public core::LabelOutput {
public:
    TestLabels(core::EventStore& store, const core::Clock& clock)
        : queue(store, clock, core::PrintQueue::Options{std::chrono::milliseconds(20), std::chrono::hours(1)})
    {
        queue.addPrinter("kiosk", printer);
    }
    double widthMm() const override { return 62; }
    double heightMm() const override { return 29; }
    sdk::Raster render(const core::LabelTemplate& layout, const core::LabelData& data) const override
    {
        for (const auto& e : layout.elements)
            if (!e.field.empty() && data.count(e.field) == 0)
                throw std::runtime_error("The label field \"" + e.field + "\" has no value.");
        lastData = data;
        return {16, 2, 300, {0xff, 0x00, 0x0f, 0xf0}};
    }
    std::string submit(const sdk::Raster& label, const std::string& runId, const std::string& patient) override
    {
        return queue.submit("kiosk", label, runId, patient);
    }
    TestPrinter printer;
    core::PrintQueue queue;
    mutable core::LabelData lastData;
};

/// Waits for a condition with a deadline (the print queue works on its own thread).
inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds deadline = std::chrono::seconds(5))
{
    const auto end = std::chrono::steady_clock::now() + deadline;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > end)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

/// A kiosk of the demo ward: the record, the session, and what a test needs to drive it like a nurse.
struct Ward {
    std::string folder;
    core::ManualClock clock{core::Clock::TimePoint{} + std::chrono::hours(24 * 20789) + std::chrono::hours(9)};
    core::SiteSettings settings;
    std::unique_ptr<core::EventStore> store;
    std::unique_ptr<TestLabels> labels;
    std::unique_ptr<core::KioskSession> session;

    Ward()
    {
        const std::string shm = "/dev/shm";
        folder = (Poco::File(shm).exists() ? shm : Poco::Path::temp()) + "/portside-session-" +
                 Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
        Poco::File(folder).createDirectories();
        open();
        // Quick PIN hashes: these tests sign in hundreds of times (StaffAuthTest checks the real count).
        core::seedDemo(*store, 1000);
        session->reload();
    }
    ~Ward()
    {
        close();
        try {
            Poco::File(folder).remove(true);
        } catch (...) {
        }
    }
    std::string db() const { return folder + "/kiosk.db"; }

    void open()
    {
        store = std::make_unique<core::EventStore>(db(), clock);
        labels = std::make_unique<TestLabels>(*store, clock);
        session = std::make_unique<core::KioskSession>(
            core::KioskSession::Services{*store, clock, settings, checklistModules(), labels.get(), nullptr});
    }
    void close()
    {
        session.reset();
        labels.reset();
        store.reset();
    }
    /// The kiosk stops without anything being finished (a crash, a power cut) and starts again.
    void crash()
    {
        close();
        open();
    }

    core::KioskSession& s() { return *session; }

    void signIn(const std::string& badge = "1001", const std::string& pin = "123456") { session->signIn(badge, pin); }
    void openPatient(const std::string& id) { session->openFromList(id, store->patient(id)->birthDate); }
    /// Starts a checklist; where the port state on record does not allow it, says the nurse found it otherwise.
    void start(const std::string& checklist)
    {
        for (const auto& o : session->checklists())
            if (o.id == checklist && !o.offered && o.portDiffers) {
                session->start(checklist, "The port was found otherwise.");
                return;
            }
        session->start(checklist);
    }

    /// Signs the demo nurse in, opens the patient from the list, starts the checklist and walks to the step.
    void atStep(const std::string& patient, const std::string& checklist, const std::string& stepId)
    {
        signIn();
        openPatient(patient);
        start(checklist);
        walkTo(stepId);
    }

    /// What the demo scanner sends for the right product at the open scan step.
    std::string rightScan()
    {
        const auto st = session->step();
        return core::demoScanFor(st.expect, session->patient().record.id, clock.now());
    }

    /// Answers the open step as a careful nurse would by default: the first option (or `choice` when given),
    /// every finding "no", the offered number, the full wait, the right product, a printed label.
    void answer(const std::string& choice = {})
    {
        const auto st = session->step();
        const sdk::Step step = *st.step;
        sdk::StepAnswer a;
        switch (step.type) {
        case sdk::StepType::Scan: {
            const auto r = session->scan(rightScan());
            BOOST_REQUIRE_MESSAGE(r.confirmed,
                                  "the right product was not taken at " << step.id << ": " << r.verdict.message);
            return;
        }
        case sdk::StepType::Choice: a.choice = choice.empty() ? step.choices.front().id : choice; break;
        case sdk::StepType::Number: a.number = step.defaultValue; break;
        case sdk::StepType::Assessment:
            for (const auto& f : step.findings)
                a.findings[f.id] = false;
            break;
        case sdk::StepType::TimedWait: clock.advance(std::chrono::milliseconds(st.waitMs)); break;
        default: break;
        }
        if (step.role == sdk::StepRole::Label) {
            const auto job = session->printLabel();
            BOOST_REQUIRE(eventually([&] { return session->labelState().printed; }));
        }
        session->confirm(a);
    }

    /// Answers steps by default until the open step is `stepId` (or the run ends); `choices` picks options on the way.
    void walkTo(const std::string& stepId, const std::map<std::string, std::string>& choices = {})
    {
        for (int guard = 0; guard < 60 && session->running() && session->step().step->id != stepId; ++guard) {
            const auto id = session->step().step->id;
            answer(choices.count(id) ? choices.at(id) : std::string());
        }
        BOOST_REQUIRE_MESSAGE(session->running() && session->step().step->id == stepId, "never reached " << stepId);
    }
    void walkToEnd(const std::map<std::string, std::string>& choices = {})
    {
        for (int guard = 0; guard < 60 && session->running(); ++guard) {
            const auto id = session->step().step->id;
            answer(choices.count(id) ? choices.at(id) : std::string());
        }
        BOOST_REQUIRE(session->finished());
    }

    /// Events of a type in the record, oldest first.
    std::vector<core::Event> events(const std::string& type, const std::string& patient = {})
    {
        std::vector<core::Event> out;
        for (auto& e : store->events({}, patient))
            if (e.type == type)
                out.push_back(e);
        return out;
    }
};

/// A GS1 DataMatrix as a scanner sends it: GTIN, expiry YYMMDD, lot.
inline std::string gs1(const std::string& gtin, const std::string& expiry, const std::string& lot)
{
    return "]d201" + gtin + "17" + expiry + (lot.empty() ? "" : "10" + lot);
}

} // namespace portside::test
