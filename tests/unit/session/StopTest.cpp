// Every kind of STOP, and every way forward a nurse could try after it: the no-barcode fallback, skip, an override
// reason, confirming anyway, cancel and restart, a crash and resume, sign out and in, a second tap. The step must stay
// open (or take only a scan that passes), and the STOP must be in the record with what was scanned, the rule and the
// step.

#include "Ward.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

using namespace portside;
using test::Ward;

namespace {

struct StopCase {
    const char* name;
    std::string patient;
    const char* checklist;
    const char* step;
    std::map<std::string, std::string> choices; ///< answers on the way to the step
    std::string wrongScan;
    const char* rule;
};

std::string nextYear()
{
    return "271231";
}

std::vector<StopCase> stopCases()
{
    using test::gs1;
    return {
        {"wrong patient", test::kAna, "port-access", "patient", {}, "]C18018" + test::kBen, "wrong-patient"},
        {"unknown product",
         test::kAna,
         "port-access",
         "needle",
         {},
         gs1("09506009000016", nextYear(), "X1"),
         "unknown-product"},
        {"wrong product",
         test::kAna,
         "port-access",
         "needle",
         {},
         gs1("09506002000105", nextYear(), "S1"),
         "wrong-product"},
        {"expired", test::kAna, "port-access", "saline", {}, gs1("09506002000105", "240100", "OLD1"), "expired"},
        {"recalled", test::kAna, "port-deaccess", "lock", {}, gs1("09506003001002", nextYear(), "RC2407"), "recalled"},
        {"wrong heparin concentration",
         test::kAna,
         "port-deaccess",
         "lock",
         {},
         gs1("09506003100002", nextYear(), "H10K"),
         "heparin-concentration"},
        {"heparin with HIT",
         test::kBen,
         "port-deaccess",
         "lock",
         {},
         gs1("09506003001002", nextYear(), "H1"),
         "heparin-hit"},
        {"syringe under 10 mL",
         test::kAna,
         "port-access",
         "saline",
         {},
         gs1("09506002000051", nextYear(), "S5"),
         "small-syringe"},
        {"wrong dressing type",
         test::kAna,
         "port-access",
         "dressing",
         {{"dressing-type", "gauze"}},
         gs1("09506004000011", nextYear(), "T1"),
         "wrong-dressing"},
    };
}

/// The step is open, stopped, and offers no way on but a passing scan.
void stillStopped(Ward& w, const StopCase& c, const std::string& where)
{
    BOOST_TEST_CONTEXT(c.name << ", " << where)
    {
        BOOST_REQUIRE(w.s().running());
        const auto st = w.s().step();
        BOOST_TEST(st.step->id == c.step);
        BOOST_TEST(st.stopped);
        BOOST_TEST((st.noScan == core::NoScanFallback::NotOffered));
        BOOST_TEST(!st.canSkip);
        BOOST_CHECK_THROW(w.s().confirmWithoutScan("Barcode damaged or unreadable"), core::StepRejected);
        BOOST_CHECK_THROW(w.s().confirmWithoutScan("Scanner not working", core::Witness{"2001", "246813"}),
                          core::StepRejected);
        BOOST_CHECK_THROW(w.s().skip("Not needed for this patient"), core::StepRejected);
        sdk::StepAnswer anyway;
        anyway.overrideReason = "Prescriber's order";
        BOOST_CHECK_THROW(w.s().confirm(anyway), core::StepRejected);
        // The same product again, even with a reason: still a STOP, and recorded again.
        const auto again = w.s().scan(c.wrongScan, "Clinical judgement, see note");
        BOOST_TEST((again.verdict.level == core::Verdict::Level::Stop));
        BOOST_TEST(!again.confirmed);
        BOOST_TEST(w.s().step().step->id == c.step);
    }
}

std::size_t stopsRecorded(Ward& w, const StopCase& c)
{
    std::size_t n = 0;
    Poco::JSON::Parser parser;
    for (const auto& e : w.events("scan-stopped", c.patient)) {
        parser.reset();
        const auto p = parser.parse(e.payload).extract<Poco::JSON::Object::Ptr>();
        if (p->getValue<std::string>("rule") == c.rule && p->getValue<std::string>("step") == c.step &&
            p->getValue<std::string>("scan") == c.wrongScan && e.staff == "1001" && !e.runId.empty())
            ++n;
    }
    return n;
}

void reachStop(Ward& w, const StopCase& c)
{
    w.start(c.checklist);
    w.walkTo(c.step, c.choices);
    const auto r = w.s().scan(c.wrongScan);
    BOOST_TEST((r.verdict.level == core::Verdict::Level::Stop), c.name << ": " << r.verdict.message);
    BOOST_TEST(r.verdict.rule == c.rule, c.name << ": " << r.verdict.message);
    BOOST_TEST(!r.confirmed);
}

} // namespace

BOOST_AUTO_TEST_SUITE(stops)

BOOST_AUTO_TEST_CASE(no_way_forward_passes_a_stop_and_every_stop_is_recorded)
{
    for (const auto& c : stopCases()) {
        BOOST_TEST_CONTEXT(c.name)
        {
            Ward w;
            w.signIn();
            w.openPatient(c.patient);
            reachStop(w, c);
            BOOST_TEST(stopsRecorded(w, c) == 1u);
            stillStopped(w, c, "right after the stop");

            // "Step before" and on again: the stopped step comes back stopped.
            const auto before = w.s().records().size();
            w.s().back("Done again");
            BOOST_TEST(w.s().records().size() == before - 1);
            w.walkTo(c.step, c.choices);
            stillStopped(w, c, "after going back a step and on again");

            // Cancel and restart: the same step of a new run is still stopped.
            const std::string firstRun = w.s().runId();
            w.s().cancel("Started in error");
            w.start(c.checklist);
            BOOST_TEST(w.s().runId() != firstRun);
            w.walkTo(c.step, c.choices);
            stillStopped(w, c, "after cancel and restart");

            // A crash: the kiosk starts again and the nurse signs in; the run reopens at the stopped step.
            const std::string run = w.s().runId();
            w.crash();
            w.signIn();
            BOOST_REQUIRE(w.s().resumeInterrupted());
            BOOST_TEST(w.s().runId() == run);
            BOOST_TEST(w.s().identityPending()); // the patient is confirmed again first
            w.openPatient(c.patient);
            BOOST_TEST(w.s().runId() == run);
            stillStopped(w, c, "after a crash");

            // Sign out and in again.
            w.s().signOut();
            w.signIn();
            BOOST_REQUIRE(w.s().resumeInterrupted());
            w.s().openByWristband("]C18018" + c.patient);
            stillStopped(w, c, "after signing out and in");

            // Another nurse cannot start a second run beside it; she takes it over (recorded) and it is stopped for
            // her too.
            w.s().signOut();
            w.signIn("2001", "246813");
            w.openPatient(c.patient);
            BOOST_CHECK_THROW(w.s().start(c.checklist), core::Problem);
            w.s().start(c.checklist, {}, true);
            BOOST_TEST(w.s().runId() == run);
            BOOST_TEST(w.events("run-handover", c.patient).size() == 1u);
            BOOST_TEST(w.s().step().stopped);
            BOOST_CHECK_THROW(w.s().confirmWithoutScan("Scanner not working", core::Witness{"1001", "123456"}),
                              core::StepRejected);
            w.s().signOut();

            // The first nurse takes it back; every attempt with the stopped product was recorded: the first scan and
            // one per "again".
            w.signIn();
            BOOST_TEST(!w.s().resumeInterrupted()); // it is the other nurse's now
            w.openPatient(c.patient);
            w.s().start(c.checklist, {}, true);
            BOOST_TEST(stopsRecorded(w, c) == 6u);

            // Only the right product takes the step, and the record never shows the stopped one given.
            const auto right = w.s().scan(w.rightScan());
            BOOST_TEST(right.confirmed, c.name << ": " << right.verdict.message);
            BOOST_TEST(!w.s().step().stopped);
            for (const auto& e : w.events("step-confirmed", c.patient))
                BOOST_TEST(e.payload.find(c.wrongScan.substr(3)) == std::string::npos, e.payload);
            BOOST_TEST(w.store->verify().ok);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_stopped_heparin_stays_stopped_in_another_checklist_with_a_lock_step)
{
    Ward w;
    w.signIn();
    w.openPatient(test::kAna);
    const StopCase c = stopCases()[5]; // heparin 10,000 units/mL for a 100 units/mL order
    reachStop(w, c);
    w.s().cancel("Started in error");
    // Blood sampling ends with the same lock: the stop is remembered by the step's role, not its checklist.
    w.start("blood-sampling");
    w.walkTo("lock");
    BOOST_TEST(w.s().step().stopped);
    BOOST_CHECK_THROW(w.s().confirmWithoutScan("Barcode damaged or unreadable", core::Witness{"2001", "246813"}),
                      core::StepRejected);
}

BOOST_AUTO_TEST_CASE(without_a_stop_the_no_barcode_fallback_needs_a_reason_and_for_identity_and_heparin_a_witness)
{
    Ward w;
    w.signIn();
    w.openPatient(test::kAna);
    w.start("port-access");
    w.walkTo("patient");
    BOOST_TEST((w.s().step().noScan == core::NoScanFallback::WithWitness));
    BOOST_CHECK_THROW(w.s().confirmWithoutScan(""), core::StepRejected);
    BOOST_CHECK_THROW(w.s().confirmWithoutScan("Barcode damaged or unreadable"), core::StepRejected);
    BOOST_CHECK_THROW(w.s().confirmWithoutScan("Barcode damaged or unreadable", core::Witness{"1001", "123456"}),
                      core::StepRejected); // not the nurse herself
    BOOST_CHECK_THROW(w.s().confirmWithoutScan("Barcode damaged or unreadable", core::Witness{"2001", "0000"}),
                      core::StepRejected); // a wrong PIN
    BOOST_TEST(w.s().step().step->id == "patient");
    w.s().confirmWithoutScan("Barcode damaged or unreadable", core::Witness{"2001", "246813"});
    const auto& witnessed = w.s().records().back();
    BOOST_TEST(witnessed.stepId == "patient");
    BOOST_TEST(witnessed.answer.witness == "2001");
    BOOST_TEST(witnessed.answer.scan == "");
    const auto recorded = w.events("step-confirmed", test::kAna).back();
    BOOST_TEST(recorded.payload.find(R"("witness":"2001")") != std::string::npos, recorded.payload);

    // A needle without a scan: a reason is enough, and it is recorded as overridden.
    w.walkTo("needle");
    BOOST_TEST((w.s().step().noScan == core::NoScanFallback::WithReason));
    w.s().confirmWithoutScan("No barcode on the product");
    BOOST_TEST(w.s().records().back().answer.overrideReason == "No barcode on the product");

    // A site that allows no fallback at all.
    w.settings.set("scan.no_barcode", "never");
    w.walkTo("saline");
    BOOST_TEST((w.s().step().noScan == core::NoScanFallback::NotOffered));
    BOOST_CHECK_THROW(w.s().confirmWithoutScan("Scanner not working"), core::StepRejected);
}

BOOST_AUTO_TEST_CASE(every_lock_without_a_scan_needs_a_witness_heparin_or_saline)
{
    Ward w;
    w.signIn();
    w.openPatient(test::kAna);
    w.start("port-deaccess");
    w.walkTo("lock");
    BOOST_TEST((w.s().step().noScan == core::NoScanFallback::WithWitness));
    BOOST_CHECK_THROW(w.s().confirmWithoutScan("Scanner not working"), core::StepRejected);
    w.s().confirmWithoutScan("Scanner not working", core::Witness{"2001", "246813"});
    BOOST_TEST(w.s().records().back().answer.witness == "2001");
    w.s().cancel("Started in error");
    w.openPatient(test::kBen);
    w.start("port-deaccess");
    w.walkTo("lock");
    // A saline lock keeps heparin from a patient with HIT: without a scan it needs a witness too.
    BOOST_TEST((w.s().step().noScan == core::NoScanFallback::WithWitness));
    BOOST_CHECK_THROW(w.s().confirmWithoutScan("Scanner not working"), core::StepRejected);
}

BOOST_AUTO_TEST_CASE(a_scan_at_a_step_that_takes_none_changes_nothing)
{
    Ward w;
    w.signIn();
    w.openPatient(test::kAna);
    w.start("port-access");
    const auto before = w.store->count();
    BOOST_CHECK_THROW(w.s().scan("]C18018" + test::kAna), core::Problem);
    BOOST_TEST(w.store->count() == before);
    BOOST_TEST(w.s().step().step->id == "review");
}

BOOST_AUTO_TEST_SUITE_END()
