#include "portside/core/ChecklistRun.h"

#include <boost/test/unit_test.hpp>

#include <cmath>

using namespace portside;
using namespace std::chrono_literals;

namespace {

sdk::Step step(const char* id, sdk::StepType type)
{
    sdk::Step s;
    s.id = id;
    s.type = type;
    s.title = id;
    return s;
}

sdk::ChecklistDefinition sample()
{
    sdk::ChecklistDefinition d;
    d.id = "sample";
    d.version = "1";
    d.steps.push_back(step("hands", sdk::StepType::Confirm));
    auto choice = step("antiseptic", sdk::StepType::Choice);
    choice.choices = {{"chg", "CHG"}, {"alcohol", "Alcohol"}};
    d.steps.push_back(choice);
    auto assess = step("site", sdk::StepType::Assessment);
    assess.findings = {{"redness", "Redness"}, {"warmth", "Warmth"}};
    d.steps.push_back(assess);
    auto wait = step("dry", sdk::StepType::TimedWait);
    wait.waitSeconds = 30;
    d.steps.push_back(wait);
    auto number = step("flush", sdk::StepType::Number);
    number.minimum = 10;
    number.maximum = 20;
    number.unit = "mL";
    d.steps.push_back(number);
    return d;
}

sdk::StepAnswer choose(const char* id)
{
    sdk::StepAnswer a;
    a.choice = id;
    return a;
}

sdk::StepAnswer volume(double mL)
{
    sdk::StepAnswer a;
    a.number = mL;
    return a;
}

/// Refuses flush volumes that are not whole millilitres, as a plugin's own rule.
class WholeMlValidator : public sdk::ChecklistPlugin {
public:
    std::string id() const override { return "validator"; }
    std::string version() const override { return "1"; }
    void start(sdk::Host&) override {}
    void stop() override {}
    sdk::ChecklistDefinition definition() const override { return sample(); }
    std::string validate(const sdk::Step& s, const sdk::StepAnswer& a) const override
    {
        return (s.id == "flush" && a.number != static_cast<int>(a.number)) ? "Whole millilitres only." : "";
    }
};

/// Walks the sample to its timed wait.
void toDryStep(core::ChecklistRun& run)
{
    run.confirm({});
    run.confirm(choose("chg"));
    sdk::StepAnswer clean;
    clean.findings = {{"redness", false}, {"warmth", false}};
    run.confirm(clean);
}

} // namespace

BOOST_AUTO_TEST_SUITE(checklist_run)

BOOST_AUTO_TEST_CASE(steps_are_recorded_in_order_with_the_clock_time)
{
    core::ManualClock clock(core::Clock::TimePoint{} + 1000h);
    core::ChecklistRun run(sample(), clock);
    BOOST_TEST(run.current().id == "hands");
    run.confirm({});
    clock.advance(5s);
    run.confirm(choose("alcohol"));
    BOOST_TEST(run.currentIndex() == 2u);
    BOOST_TEST(run.current().id == "site");
    BOOST_REQUIRE_EQUAL(run.records().size(), 2u);
    BOOST_TEST(run.records()[0].stepId == "hands");
    BOOST_TEST(run.records()[1].stepId == "antiseptic");
    BOOST_TEST(run.records()[1].answer.choice == "alcohol");
    BOOST_TEST((run.records()[1].confirmedAt - run.records()[0].confirmedAt == 5s));
}

BOOST_AUTO_TEST_CASE(a_choice_must_be_one_of_the_options)
{
    core::ManualClock clock;
    core::ChecklistRun run(sample(), clock);
    run.confirm({});
    BOOST_CHECK_THROW(run.confirm(choose("")), core::StepRejected);
    BOOST_CHECK_THROW(run.confirm(choose("iodine")), core::StepRejected);
    BOOST_TEST(run.current().id == "antiseptic");
    BOOST_TEST(run.records().size() == 1u);
}

BOOST_AUTO_TEST_CASE(every_finding_must_be_answered_and_any_yes_needs_a_note)
{
    core::ManualClock clock;
    core::ChecklistRun run(sample(), clock);
    run.confirm({});
    run.confirm(choose("chg"));
    sdk::StepAnswer partial;
    partial.findings = {{"redness", false}};
    BOOST_CHECK_EXCEPTION(run.confirm(partial), core::StepRejected, [](const core::StepRejected& e) {
        return std::string(e.what()).find("Warmth") != std::string::npos;
    });
    sdk::StepAnswer yes;
    yes.findings = {{"redness", true}, {"warmth", false}};
    yes.note = "   ";
    BOOST_CHECK_THROW(run.confirm(yes), core::StepRejected);
    yes.note = "2 cm redness at 3 o'clock, no drainage";
    run.confirm(yes);
    BOOST_TEST(run.records().back().answer.findings.at("redness") == true);
}

BOOST_AUTO_TEST_CASE(a_timed_wait_cannot_be_confirmed_early)
{
    core::ManualClock clock;
    core::ChecklistRun run(sample(), clock);
    toDryStep(run);
    BOOST_TEST(run.current().id == "dry");
    BOOST_TEST(run.remainingWaitMs() == 30000);
    clock.advance(29s);
    BOOST_TEST(run.remainingWaitMs() == 1000);
    BOOST_CHECK_EXCEPTION(run.confirm({}), core::StepRejected, [](const core::StepRejected& e) {
        return std::string(e.what()).find("1 s left") != std::string::npos;
    });
    clock.advance(1s);
    BOOST_TEST(run.remainingWaitMs() == 0);
    run.confirm({});
    BOOST_TEST(run.current().id == "flush");
}

BOOST_AUTO_TEST_CASE(the_wait_counts_from_when_the_step_opened)
{
    core::ManualClock clock;
    core::ChecklistRun run(sample(), clock);
    clock.advance(10min); // time spent on earlier steps does not count toward the dry time
    toDryStep(run);
    BOOST_TEST(run.remainingWaitMs() == 30000);
}

BOOST_AUTO_TEST_CASE(a_number_outside_its_range_is_refused_with_the_range)
{
    core::ManualClock clock;
    core::ChecklistRun run(sample(), clock);
    toDryStep(run);
    clock.advance(30s);
    run.confirm({});
    BOOST_CHECK_EXCEPTION(run.confirm(volume(5)), core::StepRejected, [](const core::StepRejected& e) {
        return std::string(e.what()) == "Enter a value from 10 to 20 mL; 5 is outside that range.";
    });
    BOOST_CHECK_THROW(run.confirm(volume(20.5)), core::StepRejected);
    BOOST_CHECK_THROW(run.confirm(volume(std::nan(""))), core::StepRejected);
    run.confirm(volume(20));
    BOOST_TEST(run.finished());
    BOOST_CHECK_THROW(run.current(), std::logic_error);
}

BOOST_AUTO_TEST_CASE(the_plugin_validator_has_the_last_word)
{
    core::ManualClock clock;
    WholeMlValidator plugin;
    core::ChecklistRun run(plugin.definition(), clock, &plugin);
    toDryStep(run);
    clock.advance(30s);
    run.confirm({});
    BOOST_CHECK_EXCEPTION(run.confirm(volume(12.5)), core::StepRejected,
                          [](const core::StepRejected& e) { return std::string(e.what()) == "Whole millilitres only."; });
    run.confirm(volume(12));
    BOOST_TEST(run.finished());
}

BOOST_AUTO_TEST_CASE(a_step_whose_save_fails_stays_open)
{
    core::ManualClock clock;
    core::ChecklistRun run(sample(), clock);
    bool diskFull = true;
    std::vector<std::string> saved;
    run.onConfirmed([&](const core::ChecklistRun&, const core::StepRecord& r) {
        if (diskFull)
            throw std::runtime_error("disk full");
        saved.push_back(r.stepId);
    });
    BOOST_CHECK_THROW(run.confirm({}), std::runtime_error);
    BOOST_TEST(run.currentIndex() == 0u);
    BOOST_TEST(run.records().empty());
    diskFull = false;
    run.confirm({});
    BOOST_TEST(saved == std::vector<std::string>{"hands"});
    BOOST_TEST(run.records().size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_checklist_without_steps_is_refused)
{
    core::ManualClock clock;
    sdk::ChecklistDefinition empty;
    empty.id = "empty";
    BOOST_CHECK_THROW(core::ChecklistRun(empty, clock), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
