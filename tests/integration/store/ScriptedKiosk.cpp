// scripted-kiosk STORE PLUGIN_DIR PATIENT BADGE PIN
//
// A kiosk without a screen, for the crash test: it drives the same core::KioskSession as the shell. It signs in,
// reopens this nurse's interrupted run (or opens the patient from the ward list with the date of birth and starts
// port access, or de-access when the port is accessed), and works through it with scripted answers, over and
// over, until it is killed. At the lock step it first scans the wrong heparin (a STOP, recorded), then the right
// one. It prints one line per event on stdout, flushed:
//   open <run> <step>       the run is (re)opened at this step
//   begin <step>            about to confirm
//   confirmed <step> <n>    the store said the step is durable (n = step count of this run)
//   finished <run>
// Timed waits are passed by moving its own clock, so the script runs as fast as the disk allows.

#include "portside/core/DemoData.h"
#include "portside/core/KioskSession.h"
#include "portside/core/PluginManager.h"
#include "portside/sdk/Host.h"

#include <cstdio>
#include <iostream>

using namespace portside;

namespace {

class ScriptHost final : public sdk::Host {
public:
    std::string setting(const std::string&, const std::string& fallback) const override { return fallback; }
    void log(sdk::LogLevel, const std::string& message) override { std::cerr << message << '\n'; }
    std::string dataDirectory() const override { return "/tmp"; }
};

sdk::StepAnswer scripted(const sdk::Step& step)
{
    sdk::StepAnswer a;
    switch (step.type) {
    case sdk::StepType::Choice: a.choice = step.choices.front().id; break;
    case sdk::StepType::Number: a.number = step.defaultValue; break;
    case sdk::StepType::Assessment:
        for (const auto& f : step.findings)
            a.findings[f.id] = false;
        break;
    default: break;
    }
    return a;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 6) {
        std::cerr << "usage: scripted-kiosk STORE PLUGIN_DIR PATIENT BADGE PIN\n";
        return 2;
    }
    const std::string storePath = argv[1], pluginDir = argv[2], patientId = argv[3], badge = argv[4], pin = argv[5];
    core::ManualClock clock(std::chrono::system_clock::now());
    core::EventStore store(storePath, clock);
    core::seedDemo(store);
    core::PluginManager plugins({pluginDir});
    plugins.loadAll();
    ScriptHost host;
    plugins.startAll(host);
    core::SiteSettings settings;
    core::KioskSession session({store, clock, settings, plugins});

    while (true) {
        session.signIn(badge, pin);
        const auto record = store.patient(patientId);
        if (session.resumeInterrupted()) {
            session.openFromList(patientId, record->birthDate); // the patient confirmed again before going on
        } else {
            session.openFromList(patientId, record->birthDate);
            session.start(session.patient().port.accessed ? "port-deaccess" : "port-access");
        }
        std::printf("open %s %s\n", session.runId().c_str(), session.step().step->id.c_str());
        std::fflush(stdout);
        while (session.running()) {
            const auto st = session.step();
            const sdk::Step step = *st.step;
            if (step.type == sdk::StepType::TimedWait)
                clock.advance(std::chrono::milliseconds(st.waitMs));
            std::printf("begin %s\n", step.id.c_str());
            std::fflush(stdout);
            if (step.type == sdk::StepType::Scan) {
                if (step.role == sdk::StepRole::Lock && step.expect.unitsPerMl > 0 && !st.stopped) {
                    auto wrong = st.expect;
                    wrong.unitsPerMl = 10000; // the wrong vial: a STOP, recorded
                    session.scan(core::demoScanFor(wrong, patientId, clock.now()));
                }
                session.scan(core::demoScanFor(st.expect, patientId, clock.now()));
            } else if (step.role == sdk::StepRole::Label) {
                session.confirmWithoutLabel("The scripted kiosk has no printer.");
            } else {
                session.confirm(scripted(step));
            }
            std::printf("confirmed %s %zu\n", step.id.c_str(), session.records().size());
            std::fflush(stdout);
        }
        std::printf("finished %s\n", session.runId().c_str());
        std::fflush(stdout);
        session.signOut();
    }
}
