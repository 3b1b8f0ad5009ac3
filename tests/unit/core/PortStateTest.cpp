#include "portside/core/PortState.h"
#include "portside/core/RunRecorder.h"

#include "TempDir.h"

#include <boost/test/unit_test.hpp>

using namespace portside;
using namespace std::chrono_literals;

namespace {

constexpr auto kDay = 24h;

struct Ward {
    test::TempDir dir;
    core::ManualClock clock{core::Clock::TimePoint{} + 20000 * kDay};
    core::EventStore store{dir.file("kiosk.db"), clock};
    core::RunRecorder recorder{store};
    core::SiteSettings settings;
    core::PatientRecord patient;

    Ward() { patient.id = "p1"; }

    /// Runs a one-step checklist with these effects (and a dressing choice when given) to its end.
    void complete(std::vector<sdk::Effect> effects, const std::string& dressing = {}, const std::string& outcome = {})
    {
        sdk::ChecklistDefinition d;
        d.id = "x";
        if (outcome.empty())
            d.effects = std::move(effects);
        else
            d.outcomeEffects[outcome] = std::move(effects);
        sdk::Step choose;
        choose.id = "dressing-type";
        choose.role = sdk::StepRole::DressingType;
        choose.type = sdk::StepType::Choice;
        choose.choices = {{"tsm", "TSM"}, {"gauze", "Gauze"}, {"other", "Other"}};
        if (!outcome.empty())
            choose.branches = {{"other", "end", outcome}};
        d.steps.push_back(choose);
        sdk::PatientContext ctx;
        ctx.id = patient.id;
        core::ChecklistRun run(d, ctx, clock);
        recorder.start(run, "1001");
        sdk::StepAnswer a;
        a.choice = outcome.empty() ? (dressing.empty() ? "tsm" : dressing) : "other";
        run.confirm(a);
    }
    core::PortState state() { return core::PortState::compute(store, patient, settings, clock.now()); }
};

} // namespace

BOOST_AUTO_TEST_SUITE(port_state)

BOOST_AUTO_TEST_CASE(an_access_sets_needle_and_dressing_dues)
{
    Ward w;
    const auto accessedAt = w.clock.now();
    w.complete({sdk::Effect::NeedleInserted, sdk::Effect::DressingApplied}, "tsm");
    const auto s = w.state();
    BOOST_TEST(s.accessed);
    BOOST_TEST(s.dressing == "tsm");
    BOOST_REQUIRE_EQUAL(s.dues.size(), 2u);
    BOOST_TEST((s.dues[0].at == accessedAt + 7 * kDay));
    BOOST_TEST(!s.dues[0].overdue);
}

BOOST_AUTO_TEST_CASE(gauze_is_due_in_two_days_and_becomes_overdue_first_in_the_list)
{
    Ward w;
    w.complete({sdk::Effect::NeedleInserted, sdk::Effect::DressingApplied}, "gauze");
    w.clock.advance(std::chrono::duration_cast<std::chrono::milliseconds>(2 * kDay + 1h));
    const auto s = w.state();
    BOOST_REQUIRE_EQUAL(s.dues.size(), 2u);
    BOOST_TEST(s.dues[0].what == "dressing-change");
    BOOST_TEST(s.dues[0].overdue);
    BOOST_TEST(s.dues[1].what == "needle-change");
    BOOST_TEST(!s.dues[1].overdue);
}

BOOST_AUTO_TEST_CASE(a_dressing_change_restarts_the_dressing_interval_only)
{
    Ward w;
    const auto accessedAt = w.clock.now();
    w.complete({sdk::Effect::NeedleInserted, sdk::Effect::DressingApplied}, "gauze");
    w.clock.advance(std::chrono::duration_cast<std::chrono::milliseconds>(kDay));
    const auto changedAt = w.clock.now();
    w.complete({sdk::Effect::DressingApplied}, "tsm");
    const auto s = w.state();
    for (const auto& d : s.dues) {
        if (d.what == "needle-change")
            BOOST_TEST((d.at == accessedAt + 7 * kDay));
        else
            BOOST_TEST((d.at == changedAt + 7 * kDay));
    }
}

BOOST_AUTO_TEST_CASE(de_access_ends_needle_dues_and_starts_maintenance_with_site_and_patient_intervals)
{
    Ward w;
    w.complete({sdk::Effect::NeedleInserted, sdk::Effect::DressingApplied});
    w.clock.advance(std::chrono::duration_cast<std::chrono::milliseconds>(3 * kDay));
    const auto removedAt = w.clock.now();
    w.complete({sdk::Effect::NeedleRemoved, sdk::Effect::PortFlushed});
    auto s = w.state();
    BOOST_TEST(!s.accessed);
    BOOST_REQUIRE_EQUAL(s.dues.size(), 1u);
    BOOST_TEST(s.dues[0].what == "maintenance-flush");
    BOOST_TEST((s.dues[0].at == removedAt + 28 * kDay));
    w.settings.set("due.maintenance_weeks", "12");
    BOOST_TEST((w.state().dues[0].at == removedAt + 84 * kDay));
    w.patient.maintenanceWeeks = 8; // the patient's own interval wins
    BOOST_TEST((w.state().dues[0].at == removedAt + 56 * kDay));
}

BOOST_AUTO_TEST_CASE(not_ready_for_use_is_kept_until_blood_return_is_confirmed_again)
{
    Ward w;
    w.complete({sdk::Effect::NeedleInserted, sdk::Effect::NotReadyForUse}, {}, "not-ready-for-use");
    BOOST_TEST(w.state().notReadyForUse);
    BOOST_TEST(w.state().accessed);
    w.complete({sdk::Effect::NeedleRemoved, sdk::Effect::PortFlushed});
    BOOST_TEST(w.state().notReadyForUse); // de-access does not make the port work again
    const auto maintenance = w.state().dues.at(0).at;
    w.clock.advance(std::chrono::duration_cast<std::chrono::milliseconds>(kDay));
    // A flush and lock that ends with no blood return: still not ready, and the maintenance flush is still due.
    w.complete({sdk::Effect::NotReadyForUse}, {}, "not-ready-for-use");
    BOOST_TEST(w.state().notReadyForUse);
    BOOST_TEST((w.state().dues.at(0).at == maintenance));
    w.complete({sdk::Effect::PortFlushed, sdk::Effect::ReadyForUse});
    BOOST_TEST(!w.state().notReadyForUse);
}

BOOST_AUTO_TEST_CASE(a_cancelled_run_changes_nothing)
{
    Ward w;
    sdk::ChecklistDefinition d;
    d.id = "x";
    d.effects = {sdk::Effect::NeedleInserted};
    d.steps.resize(2);
    d.steps[0].id = "a";
    d.steps[1].id = "b";
    sdk::PatientContext ctx;
    ctx.id = "p1";
    core::ChecklistRun run(d, ctx, w.clock);
    w.recorder.start(run, "1001");
    run.confirm({});
    run.cancel("Patient declined");
    BOOST_TEST(!w.state().accessed);
    BOOST_TEST(w.state().dues.empty());
}

BOOST_AUTO_TEST_SUITE_END()
