#include "portside/core/PortState.h"
#include "portside/core/RunRecorder.h"
#include "portside/core/SyncClient.h"
#include "portside/core/TimeText.h"

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

/// A UTC time point from its ISO text ("2026-03-25T09:00:00.000Z").
core::Clock::TimePoint utc(const std::string& iso)
{
    return core::parseIsoTime(iso);
}

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

// PORT-CARE.md: a needle is changed every 7 days; a nurse reads "due Wednesday 10:00" as 10:00 on the ward's clock.
// Europe/Berlin in 2026: summer time starts 29 March 02:00 CET, ends 25 October 03:00 CEST.
BOOST_AUTO_TEST_CASE(a_week_across_the_spring_change_is_due_at_the_same_wall_clock_time)
{
    // Placed Wednesday 25 March 10:00 CET (09:00 UTC): due Wednesday 1 April 10:00 CEST (08:00 UTC), 167 hours on.
    BOOST_TEST(core::isoTime(core::plusDays(utc("2026-03-25T09:00:00.000Z"), 7, "Europe/Berlin")) ==
               "2026-04-01T08:00:00.000Z");
    // Two days of gauze from Saturday 28 March 10:00 CET: Monday 30 March 10:00 CEST.
    BOOST_TEST(core::isoTime(core::plusDays(utc("2026-03-28T09:00:00.000Z"), 2, "Europe/Berlin")) ==
               "2026-03-30T08:00:00.000Z");
    // Four weeks of maintenance from 10 March 15:30 CET: 7 April 15:30 CEST.
    BOOST_TEST(core::isoTime(core::plusDays(utc("2026-03-10T14:30:00.000Z"), 28, "Europe/Berlin")) ==
               "2026-04-07T13:30:00.000Z");
    // New York changes on another day (8 March 2026): a week from 5 March 10:00 EST is 12 March 10:00 EDT.
    BOOST_TEST(core::isoTime(core::plusDays(utc("2026-03-05T15:00:00.000Z"), 7, "America/New_York")) ==
               "2026-03-12T14:00:00.000Z");
}

BOOST_AUTO_TEST_CASE(a_week_across_the_autumn_change_is_due_at_the_same_wall_clock_time)
{
    // Placed Wednesday 21 October 10:00 CEST (08:00 UTC): due Wednesday 28 October 10:00 CET (09:00 UTC), 169 hours.
    BOOST_TEST(core::isoTime(core::plusDays(utc("2026-10-21T08:00:00.000Z"), 7, "Europe/Berlin")) ==
               "2026-10-28T09:00:00.000Z");
    // A needle placed at 02:30 on 18 October is due at 02:30 on the 25th, which happens twice: the first one.
    BOOST_TEST(core::isoTime(core::plusDays(utc("2026-10-18T00:30:00.000Z"), 7, "Europe/Berlin")) ==
               "2026-10-25T00:30:00.000Z");
    // Within one zone offset nothing shifts; a fraction of a day is hours.
    BOOST_TEST(core::isoTime(core::plusDays(utc("2026-07-01T08:00:00.000Z"), 7, "Europe/Berlin")) ==
               "2026-07-08T08:00:00.000Z");
    BOOST_TEST(core::isoTime(core::plusDays(utc("2026-07-01T08:00:00.000Z"), 0.5, "Europe/Berlin")) ==
               "2026-07-01T20:00:00.000Z");
}

BOOST_AUTO_TEST_CASE(the_site_time_zone_setting_moves_every_due_date_of_a_patient)
{
    Ward w;
    w.settings.set("site.time_zone", "Europe/Berlin");
    const auto placed = utc("2026-10-21T08:00:00.000Z"); // Wednesday 10:00 CEST
    w.clock.advance(std::chrono::duration_cast<std::chrono::milliseconds>(placed - w.clock.now()));
    w.complete({sdk::Effect::NeedleInserted, sdk::Effect::DressingApplied}, "gauze");
    const auto s = w.state();
    BOOST_REQUIRE_EQUAL(s.dues.size(), 2u);
    BOOST_TEST(s.dues[0].what == "dressing-change"); // Friday 23 October 10:00 CEST
    BOOST_TEST(core::isoTime(s.dues[0].at) == "2026-10-23T08:00:00.000Z");
    BOOST_TEST(s.dues[1].what == "needle-change"); // Wednesday 28 October 10:00 CET
    BOOST_TEST(core::isoTime(s.dues[1].at) == "2026-10-28T09:00:00.000Z");
    // A zone the machine does not know is said, and changes nothing.
    core::SiteSettings wrong;
    wrong.set("site.time_zone", "Europe/Atlantis");
    BOOST_TEST(core::useSiteTimeZone(wrong).find("Europe/Atlantis") != std::string::npos);
    BOOST_TEST(!core::knownTimeZone("Europe/Atlantis"));
    BOOST_TEST(core::knownTimeZone("Europe/Berlin"));
}

BOOST_AUTO_TEST_CASE(a_kiosk_clock_off_by_more_than_the_setting_is_said_either_way)
{
    using std::chrono::seconds;
    BOOST_TEST(core::clockWarning(seconds(90), seconds(120)).empty());
    BOOST_TEST(core::clockWarning(seconds(-120), seconds(120)).empty());
    const auto ahead = core::clockWarning(seconds(7 * 60), seconds(120));
    BOOST_TEST(ahead.find("7 minutes ahead of the server's") != std::string::npos, ahead);
    const auto behind = core::clockWarning(seconds(-3 * 3600), seconds(120));
    BOOST_TEST(behind.find("3 hours behind the server's") != std::string::npos, behind);
    BOOST_TEST(core::clockWarning(seconds(-3 * 3600), seconds(4 * 3600)).empty()); // a site that allows more
    const auto days = core::clockWarning(seconds(400 * 86400), seconds(120));
    BOOST_TEST(days.find("400 days ahead") != std::string::npos, days);
}

BOOST_AUTO_TEST_SUITE_END()
