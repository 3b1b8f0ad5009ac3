// Kills a scripted kiosk (the bedside session without a screen) with SIGKILL at a few hundred random moments while it
// works through port access and de-access, and after each kill checks what a nurse would care about: the store
// opens, the audit chain verifies, every step the kiosk had reported confirmed is recorded exactly once, no lock step
// was confirmed with the heparin that stopped it, and the next start reopens the run at the first step not yet
// recorded.

#define BOOST_TEST_MODULE portside crash safety
#include <boost/test/unit_test.hpp>

#include "TempDir.h"

#include "portside/core/KioskSession.h"
#include "portside/core/PluginManager.h"
#include "portside/core/RunRecorder.h"
#include "portside/sdk/Host.h"

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>

#include <atomic>
#include <csignal>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <thread>

using namespace portside;

namespace {

class NullHost final : public sdk::Host {
public:
    std::string setting(const std::string&, const std::string& fallback) const override { return fallback; }
    void log(sdk::LogLevel, const std::string&) override {}
    std::string dataDirectory() const override { return "/tmp"; }
};

struct ChildOutput {
    std::mutex mutex;
    std::vector<std::string> lines;
};

std::vector<std::string> words(const std::string& line)
{
    std::istringstream in(line);
    std::vector<std::string> w;
    for (std::string s; in >> s;)
        w.push_back(s);
    return w;
}

} // namespace

BOOST_AUTO_TEST_CASE(no_confirmed_step_is_lost_or_doubled_across_200_kills)
{
    const int kills = std::getenv("PORTSIDE_CRASH_KILLS") ? std::atoi(std::getenv("PORTSIDE_CRASH_KILLS")) : 200;
    test::TempDir dir;
    const std::string db = dir.file("kiosk.db");
    const std::string patient = "950600013435200008", staff = "1001";

    // The parent's own bedside session on the same record, to compute where the next start must reopen.
    core::PluginManager plugins({PORTSIDE_PLUGIN_DIR});
    plugins.loadAll();
    NullHost host;
    plugins.startAll(host);
    core::SiteSettings settings;
    auto firstStep = [&](const std::string& checklist) {
        return dynamic_cast<sdk::ChecklistPlugin*>(plugins.find(checklist))->definition({}).steps.front().id;
    };

    std::mt19937 random(20261127);
    std::uniform_int_distribution<int> delayUs(0, 120000);
    std::string expectedOpenStep = firstStep("port-access");
    int killsMidAppend = 0, killsBetween = 0, stepsReported = 0, runsFinished = 0, resumes = 0, stops = 0;

    for (int k = 0; k <= kills; ++k) {
        Poco::Pipe out;
        Poco::ProcessHandle child = Poco::Process::launch(
            SCRIPTED_KIOSK, {db, PORTSIDE_PLUGIN_DIR, patient, staff, "123456"}, nullptr, &out, nullptr);
        ChildOutput output;
        std::thread reader([&] {
            Poco::PipeInputStream in(out);
            for (std::string line; std::getline(in, line);) {
                std::lock_guard<std::mutex> lock(output.mutex);
                output.lines.push_back(line);
            }
        });
        // Wait for the kiosk to open its run, then let it work for a random while.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (std::chrono::steady_clock::now() < deadline) {
            std::lock_guard<std::mutex> lock(output.mutex);
            if (!output.lines.empty())
                break;
        }
        if (k == kills) { // the last start only checks where it reopens
            Poco::Process::kill(child);
        } else {
            std::this_thread::sleep_for(std::chrono::microseconds(delayUs(random)));
            ::kill(child.id(), SIGKILL);
        }
        child.wait();
        reader.join();

        // What the kiosk said before it died.
        std::string run;
        BOOST_REQUIRE_MESSAGE(!output.lines.empty(), "kill " << k << ": the kiosk said nothing");
        const auto open = words(output.lines.front());
        BOOST_REQUIRE_EQUAL(open.at(0), "open");
        BOOST_TEST(open.at(2) == expectedOpenStep,
                   "kill " << k << ": reopened at " << open.at(2) << ", expected " << expectedOpenStep);
        if (k > 0 && open.at(2) != firstStep("port-access") && open.at(2) != firstStep("port-deaccess"))
            ++resumes;
        if (k == kills)
            break;
        run = open.at(1);
        std::map<std::string, std::size_t> reported; // run -> steps the kiosk said were durable
        for (const auto& line : output.lines) {
            const auto w = words(line);
            if (w.at(0) == "open")
                run = w.at(1);
            else if (w.at(0) == "confirmed") {
                reported[run] = std::stoul(w.at(2));
                ++stepsReported;
            } else if (w.at(0) == "finished")
                ++runsFinished;
        }
        const auto last = words(output.lines.back()).at(0);
        (last == "begin" ? killsMidAppend : killsBetween)++;

        // What the store holds after the kill.
        core::ManualClock clock;
        core::EventStore store(db, clock);
        const auto audit = store.verify();
        BOOST_REQUIRE_MESSAGE(audit.ok, "kill " << k << ": " << audit.problem);
        core::RunRecorder recorder(store);
        for (const auto& [runId, n] : reported) {
            std::map<std::string, int> count;
            for (const auto& e : store.events(runId)) {
                if (e.type == "step-confirmed") { // the same step twice in a run would have the same payload
                    BOOST_TEST(++count[e.payload] == 1, "kill " << k << ": recorded twice: " << e.payload);
                    // The heparin that stopped the lock step is never the one recorded as given.
                    BOOST_TEST(e.payload.find("0109506003100002") == std::string::npos,
                               "kill " << k << ": the stopped heparin was recorded as given: " << e.payload);
                }
            }
            BOOST_TEST(recorder.records(runId).size() >= n, "kill " << k << ": a step the kiosk confirmed is missing");
        }
        // Where the next start must reopen: this nurse's interrupted run, else the checklist the port state asks for.
        {
            core::KioskSession session({store, clock, settings, plugins});
            session.signIn(staff, "123456");
            if (session.resumeInterrupted())
                expectedOpenStep = session.step().step->id;
            else
                expectedOpenStep =
                    firstStep(core::PortState::compute(store, *store.patient(patient), settings, clock.now()).accessed
                                  ? "port-deaccess"
                                  : "port-access");
        }
    }
    BOOST_TEST_MESSAGE("crash test: " << kills << " kills (" << killsMidAppend << " while a step was being saved, "
                                      << killsBetween << " between steps), " << stepsReported << " steps confirmed, "
                                      << runsFinished << " checklists finished, " << resumes
                                      << " starts resumed mid-checklist");
    std::cout << "crash test: " << kills << " kills (" << killsMidAppend << " while a step was being saved, "
              << killsBetween << " between steps), " << stepsReported << " steps confirmed, " << runsFinished
              << " checklists finished, " << resumes << " starts resumed mid-checklist\n";
    BOOST_TEST(killsMidAppend > 0);
    BOOST_TEST(resumes > 0);
    {
        core::ManualClock clock;
        core::EventStore store(db, clock);
        for (const auto& e : store.events())
            stops += e.type == "scan-stopped";
    }
    std::cout << "crash test: " << stops << " STOPs recorded at the lock step\n";
    BOOST_TEST(stops > 0);
}
