#include "portside/core/StepJournal.h"

#include "TempDir.h"

#include <boost/test/unit_test.hpp>

#include <fstream>

using namespace portside;
using namespace std::chrono_literals;

namespace {

sdk::ChecklistDefinition twoSteps()
{
    sdk::ChecklistDefinition d;
    d.id = "pair";
    d.version = "2.1";
    sdk::Step a;
    a.id = "first";
    sdk::Step b;
    b.id = "volume";
    b.type = sdk::StepType::Number;
    b.minimum = 1;
    b.maximum = 100;
    b.unit = "mL";
    d.steps = {a, b};
    return d;
}

} // namespace

BOOST_AUTO_TEST_SUITE(step_journal)

BOOST_AUTO_TEST_CASE(confirmed_steps_are_read_back_in_order_with_their_answers)
{
    test::TempDir dir;
    const std::string path = dir.file("sub/journal.jsonl"); // parent folders are created
    core::ManualClock clock(core::Clock::TimePoint{} + 24h * 365 * 56);
    {
        core::StepJournal journal(path);
        core::ChecklistRun run(twoSteps(), clock);
        const std::string id = core::StepJournal::newRunId();
        run.onConfirmed([&](const core::ChecklistRun& r, const core::StepRecord& rec) { journal.append(id, r, rec); });
        run.confirm({});
        clock.advance(1500ms);
        sdk::StepAnswer v;
        v.number = 15;
        run.confirm(v);
    }
    const auto entries = core::StepJournal::read(path);
    BOOST_REQUIRE_EQUAL(entries.size(), 2u);
    BOOST_TEST(entries[0].stepId == "first");
    BOOST_TEST(entries[1].stepId == "volume");
    BOOST_TEST(entries[1].index == 1u);
    BOOST_TEST(entries[0].runId == entries[1].runId);
    BOOST_TEST(entries[0].runId.size() == 36u);
    BOOST_TEST(entries[1].checklistVersion == "2.1");
    BOOST_TEST(entries[1].type == "number");
    BOOST_TEST(entries[1].answerJson.find("\"value\":15") != std::string::npos);
    BOOST_TEST(entries[0].time == "2025-12-18T00:00:00.000Z");
    BOOST_TEST(entries[1].time == "2025-12-18T00:00:01.500Z");
}

BOOST_AUTO_TEST_CASE(a_torn_last_line_is_not_a_step)
{
    test::TempDir dir;
    const std::string path = dir.file("journal.jsonl");
    core::ManualClock clock;
    {
        core::StepJournal journal(path);
        core::ChecklistRun run(twoSteps(), clock);
        run.onConfirmed([&](const core::ChecklistRun& r, const core::StepRecord& rec) { journal.append("run", r, rec); });
        run.confirm({});
    }
    std::ofstream(path, std::ios::app) << R"({"run":"run","checklist":"pair","ver)";
    const auto entries = core::StepJournal::read(path);
    BOOST_REQUIRE_EQUAL(entries.size(), 1u);
    BOOST_TEST(entries[0].stepId == "first");
}

BOOST_AUTO_TEST_CASE(an_unwritable_journal_says_where_and_why)
{
    BOOST_CHECK_EXCEPTION(core::StepJournal("/proc/portside-cannot-write/journal.jsonl"), std::exception,
                          [](const std::exception& e) { return std::string(e.what()).find("/proc/portside") != std::string::npos; });
}

BOOST_AUTO_TEST_SUITE_END()
