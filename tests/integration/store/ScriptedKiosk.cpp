// scripted-kiosk STORE PLUGIN_DIR CHECKLIST PATIENT STAFF
//
// A kiosk without a screen, for the crash test: it opens the record store, resumes this nurse's open run for the
// patient (or starts one), and works through the checklist with scripted answers, over and over, until it is
// killed. It prints one line per event on stdout, flushed:
//   open <run> <step>       the run is (re)opened at this step
//   begin <step>            about to confirm
//   confirmed <step> <n>    the store said the step is durable (n = step count of this run)
//   finished <run>
// Timed waits are passed by moving its own clock, so the script runs as fast as the disk allows.

#include "portside/core/PluginManager.h"
#include "portside/core/RunRecorder.h"
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
        std::cerr << "usage: scripted-kiosk STORE PLUGIN_DIR CHECKLIST PATIENT STAFF\n";
        return 2;
    }
    const std::string storePath = argv[1], pluginDir = argv[2], checklistId = argv[3], patientId = argv[4],
                      staff = argv[5];
    core::ManualClock clock(std::chrono::system_clock::now());
    core::EventStore store(storePath, clock);
    core::RunRecorder recorder(store);
    core::PluginManager plugins({pluginDir});
    plugins.loadAll();
    ScriptHost host;
    plugins.startAll(host);
    auto* plugin = dynamic_cast<sdk::ChecklistPlugin*>(plugins.find(checklistId));
    if (!plugin) {
        std::cerr << "no checklist " << checklistId << '\n';
        return 1;
    }
    sdk::PatientContext patient;
    patient.id = patientId;
    const auto definition = plugin->definition(patient);

    while (true) {
        std::string runId;
        auto run = [&] {
            if (const auto open = recorder.findOpen(patientId, staff)) {
                runId = open->runId;
                auto resumed = core::ChecklistRun::resume(definition, patient, clock, plugin, recorder.records(runId));
                recorder.attach(resumed, runId, staff);
                return resumed;
            }
            core::ChecklistRun fresh(definition, patient, clock, plugin);
            runId = recorder.start(fresh, staff);
            return fresh;
        }();
        std::printf("open %s %s\n", runId.c_str(), run.current().id.c_str());
        std::fflush(stdout);
        while (!run.finished()) {
            const auto& step = run.current();
            if (step.type == sdk::StepType::TimedWait)
                clock.advance(std::chrono::seconds(step.waitSeconds));
            std::printf("begin %s\n", step.id.c_str());
            std::fflush(stdout);
            const std::string id = step.id;
            run.confirm(scripted(step));
            std::printf("confirmed %s %zu\n", id.c_str(), run.records().size());
            std::fflush(stdout);
        }
        std::printf("finished %s\n", runId.c_str());
        std::fflush(stdout);
    }
}
