#pragma once

#include "portside/core/RunRecorder.h"

#include <string>

namespace portside::test {

/// A checklist of three confirm steps "a", "b", "c": a finished run of it is five events.
inline sdk::ChecklistDefinition threeStepChecklist()
{
    sdk::ChecklistDefinition d;
    d.id = "three";
    d.version = "1.0";
    d.steps.resize(3);
    d.steps[0].id = "a";
    d.steps[1].id = "b";
    d.steps[2].id = "c";
    return d;
}

/// Records `runs` finished three-step checklists (5 events each) by nurse 1001 for `patient`.
inline void addRuns(core::EventStore& store, core::Clock& clock, int runs,
                    const std::string& patient = "950600013435200008")
{
    core::RunRecorder recorder(store);
    const auto d = threeStepChecklist();
    sdk::PatientContext p;
    p.id = patient;
    for (int i = 0; i < runs; ++i) {
        core::ChecklistRun run(d, p, clock);
        recorder.start(run, "1001");
        for (int s = 0; s < 3; ++s)
            run.confirm({});
    }
}

} // namespace portside::test
