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
    sdk::ChecklistDefinition definition(const sdk::PatientContext&) const override { return sample(); }
    sdk::Validation validate(const sdk::Step& s, const sdk::StepAnswer& a, const sdk::PatientContext&) const override
    {
        if (s.id == "flush" && a.number != static_cast<int>(a.number))
            return {"Whole millilitres only.", ""};
        if (s.id == "flush" && a.number > 15)
            return {"", "More than 15 mL is unusual here."};
        return {};
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
    core::ChecklistRun run(sample(), {}, clock);
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
    BOOST_TEST((run.records()[1].time - run.records()[0].time == 5s));
}

BOOST_AUTO_TEST_CASE(a_choice_must_be_one_of_the_options)
{
    core::ManualClock clock;
    core::ChecklistRun run(sample(), {}, clock);
    run.confirm({});
    BOOST_CHECK_THROW(run.confirm(choose("")), core::StepRejected);
    BOOST_CHECK_THROW(run.confirm(choose("iodine")), core::StepRejected);
    BOOST_TEST(run.current().id == "antiseptic");
    BOOST_TEST(run.records().size() == 1u);
}

BOOST_AUTO_TEST_CASE(every_finding_must_be_answered_and_any_yes_needs_a_note)
{
    core::ManualClock clock;
    core::ChecklistRun run(sample(), {}, clock);
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
    core::ChecklistRun run(sample(), {}, clock);
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
    core::ChecklistRun run(sample(), {}, clock);
    clock.advance(10min); // time spent on earlier steps does not count toward the dry time
    toDryStep(run);
    BOOST_TEST(run.remainingWaitMs() == 30000);
}

BOOST_AUTO_TEST_CASE(a_number_outside_its_range_is_refused_with_the_range)
{
    core::ManualClock clock;
    core::ChecklistRun run(sample(), {}, clock);
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
    core::ChecklistRun run(plugin.definition({}), {}, clock, &plugin);
    toDryStep(run);
    clock.advance(30s);
    run.confirm({});
    BOOST_CHECK_EXCEPTION(run.confirm(volume(12.5)), core::StepRejected, [](const core::StepRejected& e) {
        return std::string(e.what()) == "Whole millilitres only.";
    });
    run.confirm(volume(12));
    BOOST_TEST(run.finished());
}

BOOST_AUTO_TEST_CASE(a_plugin_warning_needs_an_override_reason_which_is_recorded)
{
    core::ManualClock clock;
    WholeMlValidator plugin;
    core::ChecklistRun run(plugin.definition({}), {}, clock, &plugin);
    toDryStep(run);
    clock.advance(30s);
    run.confirm({});
    BOOST_CHECK_EXCEPTION(run.confirm(volume(18)), core::OverrideNeeded, [](const core::OverrideNeeded& e) {
        return std::string(e.what()) == "More than 15 mL is unusual here.";
    });
    auto answer = volume(18);
    answer.overrideReason = "  ";
    BOOST_CHECK_THROW(run.confirm(answer), core::OverrideNeeded);
    answer.overrideReason = "Prescriber ordered 18 mL";
    const auto& record = run.confirm(answer);
    BOOST_TEST(record.warning == "More than 15 mL is unusual here.");
    BOOST_TEST(record.answer.overrideReason == "Prescriber ordered 18 mL");
}

BOOST_AUTO_TEST_CASE(an_override_reason_without_a_warning_is_not_kept)
{
    core::ManualClock clock;
    core::ChecklistRun run(sample(), {}, clock);
    sdk::StepAnswer a;
    a.overrideReason = "just because";
    BOOST_TEST(run.confirm(a).answer.overrideReason == "");
}

BOOST_AUTO_TEST_CASE(a_step_whose_save_fails_stays_open)
{
    core::ManualClock clock;
    core::ChecklistRun run(sample(), {}, clock);
    bool diskFull = true;
    std::vector<std::string> saved;
    run.onChange([&](const core::ChecklistRun&, const std::vector<core::RunChange>& changes) {
        if (diskFull)
            throw std::runtime_error("disk full");
        saved.push_back(changes.at(0).record->stepId);
    });
    BOOST_CHECK_THROW(run.confirm({}), std::runtime_error);
    BOOST_TEST(run.currentIndex() == 0u);
    BOOST_TEST(run.records().empty());
    diskFull = false;
    run.confirm({});
    BOOST_TEST(saved == std::vector<std::string>{"hands"});
    BOOST_TEST(run.records().size() == 1u);
}

BOOST_AUTO_TEST_CASE(scan_and_note_steps_keep_what_was_given)
{
    core::ManualClock clock;
    sdk::ChecklistDefinition d;
    d.id = "scan-note";
    auto scan = step("needle", sdk::StepType::Scan);
    scan.expect.category = "huber-needle";
    d.steps.push_back(scan);
    d.steps.push_back(step("remark", sdk::StepType::Note));
    core::ChecklistRun run(d, {}, clock);
    sdk::StepAnswer scanned;
    scanned.scan = "]d2010950600013435217251231";
    BOOST_TEST(run.confirm(scanned).answer.scan == scanned.scan);
    sdk::StepAnswer note;
    note.note = "Patient anxious; explained each step";
    BOOST_TEST(run.confirm(note).answer.note == note.note);
    BOOST_TEST(run.finished());
}

BOOST_AUTO_TEST_CASE(a_checklist_without_steps_is_refused)
{
    core::ManualClock clock;
    sdk::ChecklistDefinition empty;
    empty.id = "empty";
    BOOST_CHECK_THROW(core::ChecklistRun(empty, {}, clock), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

/// review -> blood-return (yes: saline; no: troubleshoot) -> troubleshoot -> retry (yes: saline; no: not-ready,
/// outcome "not-ready-for-use") -> saline -> optional-note (skippable) -> label (next: end) -> not-ready (next: end)
sdk::ChecklistDefinition branching()
{
    sdk::ChecklistDefinition d;
    d.id = "branching";
    d.steps.push_back(step("review", sdk::StepType::Confirm));
    auto br = step("blood-return", sdk::StepType::Choice);
    br.choices = {{"yes", "Yes"}, {"no", "No"}};
    br.branches = {{"yes", "saline", ""}};
    d.steps.push_back(br);
    d.steps.push_back(step("troubleshoot", sdk::StepType::Confirm));
    auto retry = step("retry", sdk::StepType::Choice);
    retry.choices = br.choices;
    retry.branches = {{"yes", "saline", ""}, {"no", "not-ready", "not-ready-for-use"}};
    d.steps.push_back(retry);
    d.steps.push_back(step("saline", sdk::StepType::Scan));
    auto note = step("optional-note", sdk::StepType::Note);
    note.skippable = true;
    d.steps.push_back(note);
    auto label = step("label", sdk::StepType::Confirm);
    label.next = "end";
    d.steps.push_back(label);
    auto notReady = step("not-ready", sdk::StepType::Confirm);
    notReady.next = "end";
    d.steps.push_back(notReady);
    return d;
}

std::vector<std::string> path(const core::ChecklistRun& run)
{
    std::vector<std::string> ids;
    for (const auto& r : run.records())
        ids.push_back(r.stepId);
    return ids;
}

} // namespace

BOOST_AUTO_TEST_SUITE(checklist_branches)

BOOST_AUTO_TEST_CASE(blood_return_goes_straight_on)
{
    core::ManualClock clock;
    core::ChecklistRun run(branching(), {}, clock);
    run.confirm({});
    run.confirm(choose("yes"));
    BOOST_TEST(run.current().id == "saline");
    run.confirm({});
    run.confirm({});
    run.confirm({});
    BOOST_TEST((run.state() == core::ChecklistRun::State::Finished));
    BOOST_TEST(path(run) == (std::vector<std::string>{"review", "blood-return", "saline", "optional-note", "label"}),
               boost::test_tools::per_element());
    BOOST_TEST(run.outcome() == "");
}

BOOST_AUTO_TEST_CASE(no_blood_return_troubleshoots_then_continues_when_it_comes_back)
{
    core::ManualClock clock;
    core::ChecklistRun run(branching(), {}, clock);
    run.confirm({});
    run.confirm(choose("no"));
    BOOST_TEST(run.current().id == "troubleshoot");
    run.confirm({});
    run.confirm(choose("yes"));
    BOOST_TEST(run.current().id == "saline");
}

BOOST_AUTO_TEST_CASE(still_no_blood_return_ends_not_ready_for_use)
{
    core::ManualClock clock;
    core::ChecklistRun run(branching(), {}, clock);
    std::vector<core::RunChange::Kind> seen;
    std::string finishedWith;
    run.onChange([&](const core::ChecklistRun&, const std::vector<core::RunChange>& changes) {
        for (const auto& c : changes) {
            seen.push_back(c.kind);
            if (c.kind == core::RunChange::Kind::Finished)
                finishedWith = c.text;
        }
    });
    run.confirm({});
    run.confirm(choose("no"));
    run.confirm({});
    run.confirm(choose("no"));
    BOOST_TEST(run.current().id == "not-ready");
    BOOST_TEST(run.outcome() == "not-ready-for-use");
    run.confirm({});
    BOOST_TEST(run.finished());
    BOOST_TEST(path(run) == (std::vector<std::string>{"review", "blood-return", "troubleshoot", "retry", "not-ready"}),
               boost::test_tools::per_element());
    BOOST_TEST(finishedWith == "not-ready-for-use");
    BOOST_TEST(seen.size() == 6u); // five steps, then the finish in the same change list as the last step
    BOOST_TEST((seen.back() == core::RunChange::Kind::Finished));
}

BOOST_AUTO_TEST_CASE(only_skippable_steps_skip_and_only_with_a_reason)
{
    core::ManualClock clock;
    core::ChecklistRun run(branching(), {}, clock);
    BOOST_CHECK_EXCEPTION(run.skip("busy"), core::StepRejected, [](const core::StepRejected& e) {
        return std::string(e.what()) == "This step cannot be skipped.";
    });
    run.confirm({});
    run.confirm(choose("yes"));
    run.confirm({});
    BOOST_TEST(run.current().id == "optional-note");
    BOOST_CHECK_THROW(run.skip(""), core::StepRejected);
    const auto& skipped = run.skip("Nothing to note");
    BOOST_TEST((skipped.kind == core::StepRecord::Kind::Skipped));
    BOOST_TEST(skipped.skipReason == "Nothing to note");
    BOOST_TEST(run.current().id == "label");
}

BOOST_AUTO_TEST_CASE(cancel_needs_a_reason_and_ends_the_run)
{
    core::ManualClock clock;
    core::ChecklistRun run(branching(), {}, clock);
    run.confirm({});
    BOOST_CHECK_THROW(run.cancel(" "), core::StepRejected);
    BOOST_TEST(!run.finished());
    run.cancel("Patient went to radiology");
    BOOST_TEST((run.state() == core::ChecklistRun::State::Cancelled));
    BOOST_TEST(run.cancelReason() == "Patient went to radiology");
    BOOST_CHECK_THROW(run.confirm({}), std::logic_error);
    BOOST_CHECK_THROW(run.cancel("again"), core::StepRejected);
}

BOOST_AUTO_TEST_CASE(an_advisory_range_warns_and_the_hard_range_refuses)
{
    core::ManualClock clock;
    sdk::ChecklistDefinition d;
    d.id = "lock";
    auto v = step("lock-volume", sdk::StepType::Number);
    v.minimum = 1;
    v.maximum = 10;
    v.warnBelow = 5;
    v.warnAbove = 5;
    v.unit = "mL";
    d.steps.push_back(v);
    core::ChecklistRun run(d, {}, clock);
    BOOST_CHECK_EXCEPTION(run.confirm(volume(3)), core::OverrideNeeded, [](const core::OverrideNeeded& e) {
        return std::string(e.what()) == "3 mL is outside the usual 5 to 5 mL.";
    });
    BOOST_CHECK_THROW(run.confirm(volume(11)), core::StepRejected);
    run.confirm(volume(5));
    BOOST_TEST(run.finished());
}

BOOST_AUTO_TEST_CASE(broken_definitions_are_refused_with_the_step_named)
{
    core::ManualClock clock;
    auto d = branching();
    d.steps[1].branches[0].gotoStep = "nowhere";
    BOOST_CHECK_EXCEPTION(core::ChecklistRun(d, {}, clock), std::invalid_argument, [](const std::invalid_argument& e) {
        return std::string(e.what()).find("\"blood-return\" branches to \"nowhere\"") != std::string::npos;
    });
    d = branching();
    d.steps[2].id = "review";
    BOOST_CHECK_THROW(core::ChecklistRun(d, {}, clock), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(resume_reopens_at_the_first_step_not_dealt_with_along_the_branch)
{
    core::ManualClock clock;
    core::ChecklistRun first(branching(), {}, clock);
    first.confirm({});
    first.confirm(choose("no"));
    first.confirm({});
    const auto saved = first.records();
    clock.advance(1h);
    auto resumed = core::ChecklistRun::resume(branching(), {}, clock, nullptr, saved);
    BOOST_TEST(resumed.current().id == "retry");
    BOOST_TEST(resumed.records().size() == 3u);
    resumed.confirm(choose("no"));
    BOOST_TEST(resumed.outcome() == "not-ready-for-use");
}

BOOST_AUTO_TEST_CASE(resume_refuses_records_that_do_not_fit_the_definition)
{
    core::ManualClock clock;
    std::vector<core::StepRecord> saved(1);
    saved[0].stepId = "something-else";
    BOOST_CHECK_THROW(core::ChecklistRun::resume(branching(), {}, clock, nullptr, saved), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(a_resumed_timed_wait_starts_again)
{
    core::ManualClock clock;
    core::ChecklistRun run(sample(), {}, clock);
    toDryStep(run);
    clock.advance(25s);
    auto resumed = core::ChecklistRun::resume(sample(), {}, clock, nullptr, run.records());
    BOOST_TEST(resumed.current().id == "dry");
    BOOST_TEST(resumed.remainingWaitMs() == 30000);
}

BOOST_AUTO_TEST_SUITE_END()
