#include "portside/core/EventStore.h"
#include "portside/core/RunRecorder.h"
#include "portside/core/Text.h"

#include "TempDir.h"

#include <boost/test/unit_test.hpp>

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>

#include <sys/stat.h>

#include <fstream>

using namespace portside;
using namespace std::chrono_literals;
using namespace Poco::Data::Keywords;

namespace {

core::NewEvent note(const std::string& patient, const std::string& text)
{
    core::NewEvent e;
    e.type = "note";
    e.patient = patient;
    e.staff = "1001";
    e.payload = "{\"text\":\"" + text + "\"}";
    return e;
}

/// Opens the store's file behind its back, as someone tampering with the kiosk's disk would.
void tamper(const std::string& path, const std::string& sql)
{
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::Session s("SQLite", path);
    s << sql, now;
}

/// A store file holding `count` notes for patient p1, closed again.
std::string storeWithNotes(const test::TempDir& dir, int count)
{
    core::ManualClock clock;
    core::EventStore store(dir.file("kiosk.db"), clock);
    for (int i = 0; i < count; ++i)
        store.append({note("p1", "n" + std::to_string(i))});
    return dir.file("kiosk.db");
}

/// Tampers with the file, then opens it as the kiosk would and walks the chain.
core::AuditReport verifyAfter(const test::TempDir& dir, const std::string& sql)
{
    tamper(dir.file("kiosk.db"), sql);
    core::ManualClock clock;
    core::EventStore store(dir.file("kiosk.db"), clock);
    return store.verify();
}

sdk::ChecklistDefinition threeSteps()
{
    sdk::ChecklistDefinition d;
    d.id = "three";
    d.version = "1.0";
    d.effects = {sdk::Effect::PortFlushed};
    for (const char* id : {"a", "b", "c"}) {
        sdk::Step s;
        s.id = id;
        d.steps.push_back(s);
    }
    d.steps[1].type = sdk::StepType::Choice;
    d.steps[1].choices = {{"x", "X"}, {"y", "Y"}};
    return d;
}

} // namespace

BOOST_AUTO_TEST_SUITE(event_store)

BOOST_AUTO_TEST_CASE(events_get_sequence_uuid_time_and_a_chain)
{
    test::TempDir dir;
    core::ManualClock clock(core::Clock::TimePoint{} + 1000h);
    core::EventStore store(dir.file("kiosk.db"), clock);
    const auto stored = store.append({note("p1", "one"), note("p1", "two")});
    BOOST_REQUIRE_EQUAL(stored.size(), 2u);
    BOOST_TEST(stored[0].seq == 1);
    BOOST_TEST(stored[1].seq == 2);
    BOOST_TEST(stored[0].uuid != stored[1].uuid);
    BOOST_TEST(stored[0].uuid.size() == 36u);
    BOOST_TEST(stored[0].deviceId == store.deviceId());
    BOOST_TEST(stored[0].deviceTime == "1970-02-11T16:00:00.000Z");
    BOOST_TEST(stored[0].prevHash == std::string(64, '0'));
    BOOST_TEST(stored[1].prevHash == stored[0].hash);
    BOOST_TEST(core::EventStore::linkHash(stored[1]) == stored[1].hash);
    BOOST_TEST(store.count() == 2);
    BOOST_TEST(store.pendingCount() == 2);
    BOOST_TEST(store.verify().ok);
    BOOST_TEST(store.verify().checked == 2);
}

BOOST_AUTO_TEST_CASE(requeue_counts_and_writes_only_what_was_not_waiting_already)
{
    test::TempDir dir;
    core::ManualClock clock;
    {
        core::EventStore store(dir.file("kiosk.db"), clock);
        for (int i = 0; i < 10; ++i)
            store.append({note("p1", "n" + std::to_string(i))});
        // The server lacks 1-10 because they have not been sent yet: nothing to queue again.
        BOOST_TEST(store.requeue(1, 10) == 0);
        store.markOutbox({3, 4, 5}, "acked");
        store.markOutbox({6}, "dead", "refused");
        BOOST_TEST(store.pendingCount() == 6);
        // 3-5 were marked sent but the server lacks them: queued again; the refused one stays refused.
        BOOST_TEST(store.requeue(1, 10) == 3);
        BOOST_TEST(store.pendingCount() == 9);
        store.markOutbox({1, 2}, "acked");
        store.append({note("p1", "after")}); // a step saved after the mark: both on disk together
    }
    core::EventStore reopened(dir.file("kiosk.db"), clock);
    BOOST_TEST(reopened.pendingCount() == 8); // 3-5, 7-10 and 11; the marks kept
    BOOST_TEST(reopened.deadLetterCount() == 1);
    BOOST_TEST(reopened.verify().ok);
}

BOOST_AUTO_TEST_CASE(the_store_reopens_with_its_device_id_and_continues_the_chain)
{
    test::TempDir dir;
    core::ManualClock clock;
    std::string device;
    {
        core::EventStore store(dir.file("kiosk.db"), clock);
        device = store.deviceId();
        store.append({note("p1", "one")});
    }
    core::EventStore store(dir.file("kiosk.db"), clock);
    BOOST_TEST(store.deviceId() == device);
    const auto next = store.append({note("p1", "two")});
    BOOST_TEST(next[0].seq == 2);
    BOOST_TEST(store.verify().ok);
    BOOST_TEST(store.events({}, "p1").size() == 2u);
    BOOST_TEST(store.events({}, "p2").empty());
}

BOOST_AUTO_TEST_CASE(an_edited_event_is_caught_by_name)
{
    test::TempDir dir;
    storeWithNotes(dir, 5);
    const auto report = verifyAfter(dir, "UPDATE events SET payload = '{\"text\":\"edited\"}' WHERE seq = 3");
    BOOST_TEST(!report.ok);
    BOOST_TEST(report.brokenAt == 3);
    BOOST_TEST(report.problem.find("Event 3") == 0u, report.problem);
    BOOST_TEST(report.problem.find("changed after it was recorded") != std::string::npos, report.problem);
}

BOOST_AUTO_TEST_CASE(an_edited_event_with_a_recomputed_hash_breaks_the_next_link)
{
    test::TempDir dir;
    storeWithNotes(dir, 4);
    // A careful forger edits event 2 and gives it the right hash for its new content; event 3 still links to the
    // old hash.
    core::Event forged;
    {
        core::ManualClock clock;
        core::EventStore store(dir.file("kiosk.db"), clock);
        forged = store.events().at(1);
    }
    forged.payload = "{\"text\":\"forged\"}";
    forged.hash = core::EventStore::linkHash(forged);
    const auto report = verifyAfter(dir, "UPDATE events SET payload = '" + forged.payload + "', hash = '" +
                                             forged.hash + "' WHERE seq = 2");
    BOOST_TEST(!report.ok);
    BOOST_TEST(report.brokenAt == 3);
    BOOST_TEST(report.problem.find("link to the previous event does not match") != std::string::npos, report.problem);
}

BOOST_AUTO_TEST_CASE(a_deleted_event_is_caught)
{
    test::TempDir dir;
    storeWithNotes(dir, 5);
    const auto report = verifyAfter(dir, "PRAGMA foreign_keys=OFF; DELETE FROM events WHERE seq = 2");
    BOOST_TEST(!report.ok);
    BOOST_TEST(report.brokenAt == 3);
    BOOST_TEST(report.problem.find("events 2 to 2 are missing") != std::string::npos, report.problem);
}

BOOST_AUTO_TEST_CASE(the_last_event_deleted_is_caught_by_the_head)
{
    test::TempDir dir;
    storeWithNotes(dir, 3);
    const auto report = verifyAfter(dir, "DELETE FROM events WHERE seq = 3");
    BOOST_TEST(!report.ok);
    BOOST_TEST(report.problem.find("removed from the end") != std::string::npos, report.problem);
}

BOOST_AUTO_TEST_CASE(a_store_that_cannot_be_opened_says_which_file)
{
    core::ManualClock clock;
    BOOST_CHECK_EXCEPTION(core::EventStore("/proc/portside-no/kiosk.db", clock), core::StoreError,
                          [](const core::StoreError& e) {
                              return std::string(e.what()).find("/proc/portside-no/kiosk.db") != std::string::npos;
                          });
}

BOOST_AUTO_TEST_CASE(a_store_from_a_newer_portside_is_refused)
{
    test::TempDir dir;
    core::ManualClock clock;
    {
        core::EventStore store(dir.file("kiosk.db"), clock);
    }
    tamper(dir.file("kiosk.db"), "PRAGMA user_version = 99");
    BOOST_CHECK_EXCEPTION(
        core::EventStore(dir.file("kiosk.db"), clock), core::StoreError,
        [](const core::StoreError& e) { return std::string(e.what()).find("newer Portside") != std::string::npos; });
}

BOOST_AUTO_TEST_CASE(the_record_is_the_kiosks_alone_and_every_field_is_text_to_send)
{
    test::TempDir dir;
    core::ManualClock clock;
    const std::string folder = dir.file("data");
    core::EventStore store(folder + "/kiosk.db", clock);
    struct stat st {};
    BOOST_REQUIRE(::stat((folder + "/kiosk.db").c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 0777) == 0600u);
    BOOST_REQUIRE(::stat(folder.c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 0777) == 0700u);
    // A stray byte from a badge scanner in the staff field (or any other) is kept as readable text: the event can be
    // sent as JSON, and its hash is over what is stored.
    auto bad = note("p1", "x");
    bad.staff = std::string("10\xff") + "01";
    bad.runId = "run-\xc3";
    const auto stored = store.append({bad}).front();
    BOOST_TEST(core::validUtf8(stored.staff) == stored.staff);
    BOOST_TEST(core::validUtf8(stored.runId) == stored.runId);
    BOOST_TEST(store.events().front().staff == stored.staff);
    BOOST_TEST(store.verify().ok);
    // The outbox is found by its state (an index), not by reading every event ever stored.
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::Session s("SQLite", folder + "/kiosk.db");
    std::vector<int> id, parent, unused;
    std::vector<std::string> detail;
    s << "EXPLAIN QUERY PLAN SELECT seq FROM outbox WHERE state = 'pending' ORDER BY seq", into(id), into(parent),
        into(unused), into(detail), now;
    BOOST_REQUIRE(!detail.empty());
    BOOST_TEST(detail.front().find("outbox_state") != std::string::npos, detail.front());
}

BOOST_AUTO_TEST_CASE(a_damaged_store_is_found_before_anything_more_is_recorded_on_it)
{
    test::TempDir dir;
    const std::string path = storeWithNotes(dir, 400);
    const auto size = Poco::File(path).getSize();
    BOOST_REQUIRE(size > 5 * 4096);
    {
        // Pages in the middle overwritten, as a failing disk or a power cut on bad storage leaves them.
        std::fstream f(path, std::ios::binary | std::ios::in | std::ios::out);
        f.seekp(static_cast<std::streamoff>(size / 2 / 4096 * 4096));
        const std::string junk(2 * 4096, '\x5a');
        f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    core::ManualClock clock;
    BOOST_CHECK_EXCEPTION(core::EventStore(path, clock), core::StoreError, [](const core::StoreError& e) {
        return std::string(e.what()).find("is damaged") != std::string::npos &&
               std::string(e.what()).find("Nothing more is recorded on it") != std::string::npos;
    });
    BOOST_TEST(Poco::File(path).getSize() == size); // nothing written to it
}

BOOST_AUTO_TEST_CASE(patients_and_staff_are_kept_as_reference_data)
{
    test::TempDir dir;
    core::ManualClock clock;
    core::EventStore store(dir.file("kiosk.db"), clock);
    core::PatientRecord p;
    p.id = "950600013435200008";
    p.displayName = "Ana Example";
    p.bed = "7-12";
    p.heparinAllergyOrHit = true;
    p.lockSolution = "saline";
    p.maintenanceWeeks = 12;
    store.putPatient(p);
    const auto back = store.patient(p.id);
    BOOST_REQUIRE(back);
    BOOST_TEST(back->displayName == "Ana Example");
    BOOST_TEST(back->heparinAllergyOrHit);
    BOOST_TEST(back->lockSolution == "saline");
    BOOST_TEST(back->maintenanceWeeks == 12);
    BOOST_TEST(!store.patient("nobody"));
    BOOST_TEST(store.patients().size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(run_recorder)

BOOST_AUTO_TEST_CASE(a_run_is_recorded_step_by_step_and_finishes_with_its_effects)
{
    test::TempDir dir;
    core::ManualClock clock;
    core::EventStore store(dir.file("kiosk.db"), clock);
    core::RunRecorder recorder(store);
    sdk::PatientContext patient;
    patient.id = "p1";
    core::ChecklistRun run(threeSteps(), patient, clock);
    const std::string runId = recorder.start(run, "1001");
    run.confirm({});
    BOOST_TEST(recorder.findOpen("p1", "1001").has_value());
    sdk::StepAnswer choice;
    choice.choice = "y";
    run.confirm(choice);
    run.confirm({});
    const auto events = store.events(runId);
    BOOST_REQUIRE_EQUAL(events.size(), 5u);
    BOOST_TEST(events[0].type == "run-started");
    BOOST_TEST(events[1].type == "step-confirmed");
    BOOST_TEST(events[2].payload.find("\"choice\":\"y\"") != std::string::npos, events[2].payload);
    BOOST_TEST(events[4].type == "run-finished");
    BOOST_TEST(events[4].payload.find("port-flushed") != std::string::npos, events[4].payload);
    BOOST_TEST(events[3].seq + 1 == events[4].seq);
    BOOST_TEST(!recorder.findOpen("p1", "1001").has_value());
    BOOST_TEST(store.verify().ok);
}

BOOST_AUTO_TEST_CASE(an_interrupted_run_is_found_and_resumed_where_it_stopped)
{
    test::TempDir dir;
    core::ManualClock clock;
    std::string runId;
    {
        core::EventStore store(dir.file("kiosk.db"), clock);
        core::RunRecorder recorder(store);
        sdk::PatientContext patient;
        patient.id = "p1";
        core::ChecklistRun run(threeSteps(), patient, clock);
        runId = recorder.start(run, "1001");
        run.confirm({});
        sdk::StepAnswer choice;
        choice.choice = "x";
        choice.note = "with a note";
        run.confirm(choice);
    } // the kiosk goes away here
    core::EventStore store(dir.file("kiosk.db"), clock);
    core::RunRecorder recorder(store);
    BOOST_TEST(!recorder.findOpen("p1", "2002").has_value()); // another nurse does not get it
    const auto open = recorder.findOpen("p1", "1001");
    BOOST_REQUIRE(open);
    BOOST_TEST(open->runId == runId);
    BOOST_TEST(open->checklistId == "three");
    const auto records = recorder.records(runId);
    BOOST_REQUIRE_EQUAL(records.size(), 2u);
    BOOST_TEST(records[1].answer.choice == "x");
    BOOST_TEST(records[1].answer.note == "with a note");
    sdk::PatientContext patient;
    patient.id = "p1";
    auto run = core::ChecklistRun::resume(threeSteps(), patient, clock, nullptr, records);
    recorder.attach(run, runId, "1001");
    BOOST_TEST(run.current().id == "c");
    run.confirm({});
    BOOST_TEST(store.events(runId).size() == 5u);
    BOOST_TEST(!recorder.findOpen("p1", "1001"));
}

BOOST_AUTO_TEST_CASE(a_cancelled_run_is_closed_with_its_reason)
{
    test::TempDir dir;
    core::ManualClock clock;
    core::EventStore store(dir.file("kiosk.db"), clock);
    core::RunRecorder recorder(store);
    core::ChecklistRun run(threeSteps(), {}, clock);
    const auto runId = recorder.start(run, "1001");
    run.cancel("Patient declined");
    const auto events = store.events(runId);
    BOOST_TEST(events.back().type == "run-cancelled");
    BOOST_TEST(events.back().payload == R"({"reason":"Patient declined"})");
    BOOST_TEST(!recorder.findOpen({}, {}));
}

BOOST_AUTO_TEST_CASE(a_correction_is_a_new_event_pointing_at_the_old_one)
{
    test::TempDir dir;
    core::ManualClock clock;
    core::EventStore store(dir.file("kiosk.db"), clock);
    core::RunRecorder recorder(store);
    core::ChecklistRun run(threeSteps(), {}, clock);
    const auto runId = recorder.start(run, "1001");
    run.confirm({});
    const auto original = store.events(runId).at(1);
    BOOST_CHECK_THROW(recorder.correct(original, "2001", "{}", " "), core::StepRejected);
    const auto correction =
        recorder.correct(original, "2001", R"({"note":"done at 14:05, not 14:15"})", "Time typed wrong");
    BOOST_TEST(correction.corrects == original.uuid);
    BOOST_TEST(correction.runId == runId);
    BOOST_TEST(correction.staff == "2001");
    const auto events = store.events(runId);
    BOOST_TEST(events.at(1).payload == original.payload); // the original stands as it was
    BOOST_TEST(events.back().type == "correction");
    BOOST_TEST(store.verify().ok);
}

BOOST_AUTO_TEST_CASE(answers_survive_the_round_trip_through_json)
{
    sdk::Step step;
    step.type = sdk::StepType::Assessment;
    sdk::StepAnswer a;
    a.findings = {{"redness", true}, {"warmth", false}};
    a.note = "2 cm \"red\" area";
    a.overrideReason = "ok";
    const auto back = core::answerFromJson(core::answerToJson(a, step));
    BOOST_TEST(back.findings.at("redness"));
    BOOST_TEST(!back.findings.at("warmth"));
    BOOST_TEST(back.note == a.note);
    BOOST_TEST(back.overrideReason == "ok");
}

BOOST_AUTO_TEST_SUITE_END()
