// The bedside session's rules, one at a time, without a display: sign-in and roles, opening a patient (wristband,
// or the list with the date of birth), start or resume, port-state gates, lock orders, allergies answered at the
// bedside, the label's values and printing, due dates from the scanned products.

#include "Ward.h"

#include "portside/core/LockOrders.h"
#include "portside/core/StaffAuth.h"
#include "portside/core/TimeText.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

using namespace portside;
using test::Ward;
using namespace std::chrono_literals;

namespace {

constexpr auto kDay = 24h;

Poco::JSON::Object::Ptr json(const std::string& text)
{
    Poco::JSON::Parser parser;
    return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
}

const core::ChecklistOffer& offer(const std::vector<core::ChecklistOffer>& offers, const std::string& id)
{
    for (const auto& o : offers)
        if (o.id == id)
            return o;
    BOOST_FAIL("no checklist " << id);
    return offers.front();
}

} // namespace

BOOST_AUTO_TEST_SUITE(sign_in)

BOOST_AUTO_TEST_CASE(badge_and_pin_sign_in_with_the_role_and_nothing_works_before)
{
    Ward w;
    BOOST_CHECK_THROW(w.s().ward(), core::Problem);
    BOOST_CHECK_THROW(w.s().openFromList(test::kAna, "1961-03-02"), core::Problem);
    BOOST_CHECK_EXCEPTION(w.signIn("1001", "9999"), core::Problem, [](const core::Problem& e) {
        return e.text().english().rfind("Badge or PIN not recognised. Check both and try again.", 0) == 0;
    });
    BOOST_TEST(!w.s().signedIn());
    w.signIn("1001", "123456");
    BOOST_TEST((w.s().role() == core::StaffRole::Nurse));
    BOOST_TEST(!w.s().isSupervisor());
    BOOST_CHECK_THROW(w.s().requireSupervisor(), core::Problem);
    BOOST_CHECK_THROW(w.s().review(), core::Problem);
    w.signIn("2001", "246813");
    BOOST_TEST((w.s().role() == core::StaffRole::Supervisor));
    BOOST_TEST(w.s().isSupervisor());
    BOOST_CHECK_NO_THROW(w.s().review());
    w.s().signOut();
    BOOST_TEST(!w.s().signedIn());
    BOOST_CHECK_THROW(w.s().review(), core::Problem);
}

BOOST_AUTO_TEST_CASE(a_badge_scan_gives_the_badge_number_and_a_wristband_is_not_a_badge)
{
    Ward w;
    BOOST_TEST(w.s().badgeFromScan("]C18017950600013435200091") == "950600013435200091");
    BOOST_CHECK_EXCEPTION(w.s().badgeFromScan("]C18018" + test::kAna), core::Problem, [](const core::Problem& e) {
        return e.text().english().find("patient's wristband") != std::string::npos;
    });
    BOOST_CHECK_THROW(w.s().badgeFromScan("]d201095060030010021727123110L1"), core::Problem);
    // A staff member whose badge is a GSRN signs in by scan, then PIN.
    w.store->putStaff(core::StaffAuth::make("950600013435200091", "Ola Berg", "nurse", "5555", 1000));
    w.signIn(w.s().badgeFromScan("]C18017950600013435200091"), "5555");
    BOOST_TEST(w.s().staff().name == "Ola Berg");
}

BOOST_AUTO_TEST_CASE(a_lockout_survives_a_restart_of_the_kiosk)
{
    Ward w;
    for (int i = 0; i < 5; ++i)
        BOOST_CHECK_THROW(w.signIn("1001", "0000"), core::Problem);
    w.crash();
    BOOST_CHECK_EXCEPTION(w.signIn("1001", "123456"), core::Problem, [](const core::Problem& e) {
        return e.text().english().find("Too many wrong attempts") != std::string::npos;
    });
    w.clock.advance(6min);
    BOOST_CHECK_NO_THROW(w.signIn("1001", "123456"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(patients)

BOOST_AUTO_TEST_CASE(a_wristband_scan_opens_the_patient_and_is_recorded)
{
    Ward w;
    w.signIn();
    const auto& p = w.s().openByWristband("]C18018" + test::kBen);
    BOOST_TEST(p.record.displayName == "Ben Okafor");
    BOOST_TEST(p.identifiedBy == "wristband");
    BOOST_TEST(p.heparinAllergyOrHit);
    BOOST_TEST(p.lock.solution == "saline");
    const auto identified = w.events("patient-identified", test::kBen);
    BOOST_REQUIRE_EQUAL(identified.size(), 1u);
    BOOST_TEST(json(identified[0].payload)->getValue<std::string>("method") == "wristband");
    BOOST_TEST(identified[0].staff == "1001");
    BOOST_CHECK_THROW(w.s().openByWristband("]C18018950600013435200039"), core::Problem); // not on the ward
    BOOST_CHECK_THROW(w.s().openByWristband("]d201095060030010021727123110L1"), core::Problem);
}

BOOST_AUTO_TEST_CASE(from_the_list_the_date_of_birth_must_match_and_is_recorded)
{
    Ward w;
    w.signIn();
    BOOST_CHECK_EXCEPTION(w.s().openFromList(test::kAna, "1961-02-03"), core::Problem, [](const core::Problem& e) {
        return e.text().english().find("does not match") != std::string::npos;
    });
    BOOST_TEST(!w.s().patientOpen());
    BOOST_TEST(w.events("patient-identified").empty());
    w.s().openFromList(test::kAna, "1961-03-02");
    BOOST_TEST(w.s().patient().identifiedBy == "birth-date");
    BOOST_TEST(json(w.events("patient-identified", test::kAna).at(0).payload)->getValue<std::string>("method") ==
               "birth-date");
}

BOOST_AUTO_TEST_CASE(another_patient_cannot_be_opened_while_a_checklist_is_open)
{
    Ward w;
    w.signIn();
    w.openPatient(test::kAna);
    w.start("port-access");
    BOOST_CHECK_THROW(w.s().openByWristband("]C18018" + test::kBen), core::Problem);
    BOOST_CHECK_THROW(w.s().closePatient(), core::Problem);
    BOOST_TEST(w.s().patient().record.id == test::kAna);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(runs)

BOOST_AUTO_TEST_CASE(an_interrupted_run_reopens_for_the_same_nurse_and_not_for_another)
{
    Ward w;
    w.signIn();
    w.openPatient(test::kAna);
    w.start("port-access");
    w.answer();
    w.answer();
    const std::string run = w.s().runId();
    w.crash();
    w.signIn("2001", "246813");
    BOOST_TEST(!w.s().resumeInterrupted());
    w.signIn();
    BOOST_REQUIRE(w.s().resumeInterrupted());
    BOOST_TEST(w.s().runId() == run);
    BOOST_TEST(w.s().patient().record.id == test::kAna);
    BOOST_TEST(w.s().step().step->id == "allergies");
    BOOST_TEST(w.s().step().number == 3u);
    // Nothing is done in it until the patient is confirmed again; another patient's wristband names both.
    BOOST_TEST(w.s().identityPending());
    BOOST_CHECK_THROW(w.answer(), core::StepRejected);
    BOOST_CHECK_THROW(w.s().skip("Not needed for this patient"), core::StepRejected);
    BOOST_CHECK_EXCEPTION(w.s().openByWristband("]C18018" + test::kBen), core::Problem, [](const core::Problem& e) {
        const auto text = e.text().english();
        return text.find("Ben") != std::string::npos && text.find("Ana") != std::string::npos;
    });
    BOOST_TEST(w.s().identityPending());
    w.s().openByWristband("]C18018" + test::kAna);
    BOOST_TEST(!w.s().identityPending());
    BOOST_TEST(w.s().runId() == run);
    BOOST_TEST(w.s().step().step->id == "allergies");
    // Starting the same checklist for the patient reopens it too, rather than a second run.
    w.crash();
    w.signIn();
    w.openPatient(test::kAna);
    BOOST_TEST(offer(w.s().checklists(), "port-access").interrupted);
    w.s().start("port-access");
    BOOST_TEST(w.s().runId() == run);
    BOOST_TEST(w.store->openRuns().size() == 1u);
}

BOOST_AUTO_TEST_CASE(the_step_before_is_done_again_as_a_recorded_correction)
{
    Ward w;
    w.signIn();
    w.openPatient(test::kAna);
    w.start("port-access");
    BOOST_CHECK_THROW(w.s().back("Answered by mistake"), core::StepRejected); // nothing before the first step
    w.answer();                                                               // review
    w.answer();                                                               // the wristband
    BOOST_REQUIRE(w.s().step().step->id == "allergies");
    BOOST_CHECK_THROW(w.s().back(" "), core::StepRejected); // a correction says why
    w.s().back("Answered by mistake");
    BOOST_TEST(w.s().step().step->id == "patient");
    BOOST_TEST(w.s().records().size() == 1u);
    // Recorded as a correction; what was recorded for the step stays.
    const auto corrected = w.events("step-corrected", test::kAna);
    BOOST_REQUIRE_EQUAL(corrected.size(), 1u);
    BOOST_TEST(corrected[0].payload.find("\"step\":\"patient\"") != std::string::npos, corrected[0].payload);
    BOOST_TEST(w.events("step-confirmed", test::kAna).size() == 2u);
    // After a crash the run reopens where the correction left it.
    const std::string run = w.s().runId();
    w.crash();
    w.signIn();
    BOOST_REQUIRE(w.s().resumeInterrupted());
    w.openPatient(test::kAna);
    BOOST_TEST(w.s().runId() == run);
    BOOST_TEST(w.s().step().step->id == "patient");
    BOOST_TEST(w.s().records().size() == 1u);
    w.walkToEnd();
    BOOST_TEST(w.s().finished());
    BOOST_TEST(w.s().records().size() == 16u);
    // The supervisor sees it among what to follow up.
    w.s().signOut();
    w.signIn("2001", "246813");
    bool seen = false;
    for (const auto& item : w.s().review())
        seen = seen || item.what.english() == "Step done again";
    BOOST_TEST(seen);
}

BOOST_AUTO_TEST_CASE(the_port_state_gates_the_checklists_and_a_difference_is_recorded)
{
    Ward w;
    w.signIn();
    w.openPatient(test::kAna);
    auto offers = w.s().checklists();
    BOOST_TEST(offer(offers, "port-access").offered);
    BOOST_TEST(offer(offers, "flush-lock").offered);
    for (const char* id : {"port-deaccess", "dressing-change", "blood-sampling"}) {
        BOOST_TEST(!offer(offers, id).offered, id);
        BOOST_TEST(offer(offers, id).portDiffers, id);
        BOOST_CHECK_THROW(w.s().start(id), core::Problem);
    }
    w.start("port-access");
    w.walkToEnd();
    offers = w.s().checklists();
    BOOST_TEST(!offer(offers, "port-access").offered); // not on an accessed port
    BOOST_TEST(!offer(offers, "flush-lock").offered);
    BOOST_CHECK_THROW(w.s().start("port-access"), core::Problem);
    for (const char* id : {"port-deaccess", "dressing-change", "blood-sampling"})
        BOOST_TEST(offer(offers, id).offered, id);
    // The nurse finds the needle out: she says so, it is recorded with the run, and the supervisor sees it.
    w.s().start("port-access", "No needle is in place");
    const auto differs = w.events("port-state-differs", test::kAna);
    BOOST_REQUIRE_EQUAL(differs.size(), 1u);
    BOOST_TEST(differs[0].runId == w.s().runId());
    BOOST_TEST(json(differs[0].payload)->getValue<std::string>("recorded") == "accessed");
    BOOST_TEST(json(differs[0].payload)->getValue<std::string>("reason") == "No needle is in place");
    w.signIn("2001", "246813");
    bool seen = false;
    for (const auto& item : w.s().review())
        seen = seen || item.what.english() == "Port state differed from the record";
    BOOST_TEST(seen);
}

BOOST_AUTO_TEST_CASE(no_blood_return_keeps_the_port_not_ready_and_a_failed_flush_does_not_reset_maintenance)
{
    Ward w;
    w.signIn();
    w.openPatient(test::kAna);
    w.start("port-access");
    w.walkToEnd({{"blood-return", "no"}, {"blood-return-retry", "no"}});
    BOOST_TEST(w.s().outcome() == "not-ready-for-use");
    BOOST_TEST(w.s().patient().port.notReadyForUse);
    BOOST_TEST(w.s().patient().port.accessed);
    BOOST_TEST(w.s().records().back().stepId == "notify-no-return"); // the prescriber was offered and recorded
    w.start("port-deaccess");
    w.walkToEnd();
    BOOST_TEST(!w.s().patient().port.accessed);
    BOOST_TEST(w.s().patient().port.notReadyForUse); // still: nobody has seen blood return since
    const auto maintenance = w.s().patient().port.dues.at(0);
    BOOST_TEST(maintenance.what == "maintenance-flush");
    w.clock.advance(std::chrono::duration_cast<std::chrono::milliseconds>(2 * kDay));
    w.start("flush-lock");
    w.walkToEnd({{"blood-return", "no"}, {"blood-return-retry", "no"}});
    BOOST_TEST(w.s().patient().port.notReadyForUse);
    BOOST_TEST((w.s().patient().port.dues.at(0).at == maintenance.at)); // not flushed for maintenance
    BOOST_TEST(!w.s().patient().port.accessed);                         // the needle came out
    w.start("flush-lock");
    w.walkToEnd();
    BOOST_TEST(!w.s().patient().port.notReadyForUse);
    BOOST_TEST((w.s().patient().port.dues.at(0).at > maintenance.at));
}

BOOST_AUTO_TEST_CASE(a_site_finding_offers_notify_the_prescriber_and_records_the_answer)
{
    Ward w;
    w.atStep(test::kAna, "port-access", "site");
    sdk::StepAnswer findings;
    for (const auto& f : w.s().step().step->findings)
        findings.findings[f.id] = f.id == "redness";
    BOOST_CHECK_THROW(w.s().confirm(findings), core::StepRejected); // a yes needs a note
    findings.note = "2 cm redness above the port";
    w.s().confirm(findings);
    BOOST_TEST(w.s().step().step->id == "notify-site");
    BOOST_TEST((w.s().step().step->role == sdk::StepRole::NotifyPrescriber));
    sdk::StepAnswer notified;
    notified.choice = "notified";
    w.s().confirm(notified);
    BOOST_TEST(w.s().step().step->id == "antiseptic");
    const auto last = w.events("step-confirmed", test::kAna).back();
    BOOST_TEST(last.payload.find(R"("role":"notify-prescriber")") != std::string::npos, last.payload);
    // Without a finding the question is not asked.
    w.s().cancel("Started in error");
    w.start("port-access");
    w.walkTo("antiseptic");
    for (const auto& r : w.s().records())
        BOOST_TEST(r.stepId != "notify-site");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(orders)

BOOST_AUTO_TEST_CASE(a_lock_order_the_site_does_not_allow_is_refused_where_it_is_used)
{
    Ward w;
    auto chloe = *w.store->patient(test::kChloe); // a child under 2: only 10 units/mL, at most 2 mL
    chloe.lockUnitsPerMl = 100;
    chloe.lockVolumeMl = 5;
    w.store->putPatient(chloe); // as a bad reference record would arrive
    w.signIn();
    w.openPatient(test::kChloe);
    const auto& p = w.s().patient();
    BOOST_TEST(p.lockProblem.english().find("A child under 2 years gets heparin 10 units/mL") != std::string::npos,
               p.lockProblem);
    const auto offers = w.s().checklists();
    BOOST_TEST(!offer(offers, "flush-lock").offered);
    BOOST_TEST(offer(offers, "flush-lock").why.english().find("cannot be used") != std::string::npos);
    BOOST_TEST(offer(offers, "port-access").offered); // no lock in it
    BOOST_CHECK_THROW(w.s().start("flush-lock"), core::Problem);
    // An order that goes bad while a run is open: the lock step takes nothing, not even without a scan.
    chloe.lockUnitsPerMl = 10;
    chloe.lockVolumeMl = 2;
    w.store->putPatient(chloe);
    w.openPatient(test::kChloe);
    w.start("flush-lock");
    w.walkTo("lock");
    chloe.lockUnitsPerMl = 1000;
    w.store->putPatient(chloe);
    w.s().reload();
    const auto r = w.s().scan(test::gs1("09506003000104", "271231", "H10"));
    BOOST_TEST(r.verdict.rule == "no-order");
    BOOST_TEST((w.s().step().noScan == core::NoScanFallback::NotOffered));
}

BOOST_AUTO_TEST_CASE(without_an_order_the_site_default_applies_for_the_patients_age)
{
    core::SiteSettings settings;
    const auto policy = core::LockPolicy::fromSettings(settings);
    core::PatientRecord adult;
    adult.birthDate = "1980-05-05";
    adult.lockSolution = "";
    auto lock = core::effectiveLockOrder(adult, false, policy, "2026-12-02");
    BOOST_TEST(lock.solution == "heparin");
    BOOST_TEST(lock.unitsPerMl == 100);
    BOOST_TEST(lock.volumeMl == 5);
    BOOST_TEST(lock.problem == "");
    core::PatientRecord baby = adult;
    baby.birthDate = "2025-12-03"; // 1 year old
    lock = core::effectiveLockOrder(baby, false, policy, "2026-12-02");
    BOOST_TEST(lock.unitsPerMl == 10);
    BOOST_TEST(lock.volumeMl == 2);
    BOOST_TEST(lock.problem == "");
    baby.birthDate = "2024-12-02"; // 2 years today: an adult's default
    BOOST_TEST(core::effectiveLockOrder(baby, false, policy, "2026-12-02").unitsPerMl == 100);
    settings.set("lock.solution", "saline");
    lock = core::effectiveLockOrder(adult, false, core::LockPolicy::fromSettings(settings), "2026-12-02");
    BOOST_TEST(lock.solution == "saline");
    BOOST_TEST(lock.unitsPerMl == 0);
    // HIT: never heparin, whatever was ordered.
    core::PatientRecord hit = adult;
    hit.lockSolution = "heparin";
    hit.lockUnitsPerMl = 100;
    lock = core::effectiveLockOrder(hit, true, policy, "2026-12-02");
    BOOST_TEST(lock.solution == "saline");
    // The site's allowed list.
    BOOST_TEST(core::lockOrderProblem("heparin", 5000, 1, adult, policy, "2026-12-02")
                   .english()
                   .find("not a lock this site allows") != std::string::npos);
    settings.set("lock.allowed_units_per_ml", "0, 10, 100, 5000");
    BOOST_TEST(core::lockOrderProblem("heparin", 5000, 1, adult, core::LockPolicy::fromSettings(settings), "2026-12-02")
                   .empty());
    BOOST_TEST(!core::lockOrderProblem("heparin", 100, 0.5, adult, policy, "2026-12-02").empty());
    BOOST_TEST(!core::lockOrderProblem("heparin", 100, 5, core::PatientRecord{}, policy, "2026-12-02").empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(bedside_allergies)

BOOST_AUTO_TEST_CASE(a_chlorhexidine_allergy_answered_at_the_bedside_changes_this_run_and_the_next)
{
    Ward w;
    w.atStep(test::kAna, "port-access", "allergies");
    BOOST_TEST(!w.s().patient().chlorhexidineAllergy);
    w.answer("chlorhexidine");
    BOOST_TEST(w.s().patient().chlorhexidineAllergy); // a recorded flag from now on
    BOOST_TEST(w.s().patient().chlorhexidineAllergyAtBedside);
    w.walkTo("antiseptic");
    const auto& options = w.s().step().step->choices;
    BOOST_REQUIRE_EQUAL(options.size(), 1u);
    BOOST_TEST(options[0].id == "alcohol");
    w.answer("alcohol");
    BOOST_TEST(w.s().step().step->id == "scrub-alcohol");
    BOOST_TEST(w.s().step().waitMs == 60000);
    w.walkToEnd();
    // The next run, another day, another nurse: the flag stays.
    w.s().signOut();
    w.crash();
    w.signIn("2001", "246813");
    w.openPatient(test::kAna);
    BOOST_TEST(w.s().patient().chlorhexidineAllergy);
    w.start("dressing-change");
    w.walkTo("antiseptic");
    BOOST_TEST(w.s().step().step->choices.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_heparin_allergy_answered_at_the_bedside_makes_every_later_lock_saline)
{
    Ward w;
    w.atStep(test::kAna, "port-access", "allergies");
    w.answer("heparin");
    BOOST_TEST(w.s().patient().heparinAllergyOrHit);
    BOOST_TEST(w.s().patient().lock.solution == "saline");
    w.walkToEnd();
    w.start("port-deaccess");
    w.walkTo("lock");
    BOOST_TEST(w.s().step().expect.category == "saline-flush");
    const auto r = w.s().scan(test::gs1("09506003001002", "271231", "H1"));
    BOOST_TEST(r.verdict.rule == "heparin-hit");
}

BOOST_AUTO_TEST_CASE(alcohol_chosen_without_an_allergy_still_gets_the_longer_scrub)
{
    Ward w;
    w.atStep(test::kAna, "port-access", "antiseptic");
    BOOST_TEST(w.s().step().step->choices.size() == 2u);
    w.answer("alcohol");
    BOOST_TEST(w.s().step().step->id == "scrub-alcohol");
    BOOST_TEST(w.s().step().waitMs == 60000);
    BOOST_CHECK_THROW(w.s().confirm({}), core::StepRejected); // not before its time
    w.s().cancel("Started in error");
    w.start("port-access");
    w.walkTo("antiseptic");
    w.answer("chg");
    BOOST_TEST(w.s().step().step->id == "scrub");
    BOOST_TEST(w.s().step().waitMs == 30000);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(labels_and_dressings)

BOOST_AUTO_TEST_CASE(the_dressing_scanned_must_be_the_type_chosen_and_sets_the_due_date)
{
    Ward w;
    w.signIn();
    w.openPatient(test::kAna);
    w.start("port-access");
    w.walkTo("dressing", {{"dressing-type", "gauze"}});
    BOOST_TEST(w.s().step().expect.dressingType == "gauze");
    const auto tsm = w.s().scan(test::gs1("09506004000011", "271231", "T1"));
    BOOST_TEST(tsm.verdict.rule == "wrong-dressing");
    const auto gauze = w.s().scan(test::gs1("09506004000028", "271231", "G1"));
    BOOST_TEST(gauze.confirmed);
    const auto dressedAt = w.clock.now();
    w.walkToEnd();
    const auto finished = w.events("run-finished", test::kAna).back();
    BOOST_TEST(json(finished.payload)->getValue<std::string>("dressing") == "gauze");
    BOOST_TEST(json(finished.payload)->getObject("needle")->getValue<std::string>("size") == "20G x 19 mm");
    for (const auto& due : w.s().patient().port.dues)
        if (due.what == "dressing-change")
            BOOST_TEST((due.at == dressedAt + 2 * kDay));
}

BOOST_AUTO_TEST_CASE(a_label_the_printer_never_confirmed_is_checked_by_the_nurse_not_printed_again)
{
    Ward w;
    w.atStep(test::kAna, "port-access", "label");
    BOOST_CHECK_THROW(w.s().labelIsThere(), core::Problem); // nothing to check yet
    w.labels->printer.unconfirmed = true;
    w.s().printLabel();
    BOOST_REQUIRE(test::eventually([&] { return w.s().labelState().unconfirmed; }));
    auto st = w.s().labelState();
    BOOST_TEST(!st.waiting); // it is not sent again on its own
    BOOST_TEST(!st.printed);
    BOOST_TEST(st.reason.english().find("it may have printed. Look at the printer") != std::string::npos,
               st.reason.english());
    BOOST_CHECK_THROW(w.s().confirm({}), core::StepRejected);
    std::this_thread::sleep_for(std::chrono::milliseconds(100)); // several rounds of the queue
    BOOST_TEST(w.labels->printer.printed == 1);
    // A reprint from the history would be a second label: allowed for this one only because a nurse looks first.
    w.s().labelIsThere(); // she found it
    st = w.s().labelState();
    BOOST_TEST(st.printed);
    BOOST_TEST(!st.unconfirmed);
    const auto found = w.events("label-found-at-printer", test::kAna);
    BOOST_REQUIRE_EQUAL(found.size(), 1u);
    BOOST_TEST(found.back().staff == w.s().staff().badge);
    w.s().confirm({});
    BOOST_TEST(w.s().finished());
    BOOST_TEST(w.labels->printer.printed == 1);
    // The supervisor's follow-up list shows it: a label printed on the nurse's word, not the printer's.
    w.s().signOut();
    w.signIn("2001", "246813");
    const auto review = w.s().review();
    BOOST_REQUIRE(!review.empty());
    BOOST_TEST(review.front().what.english() == "Label found at the printer");
    BOOST_TEST(review.front().detail.english().find("never confirmed print job") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_nurses_initials_on_the_label_are_whole_characters)
{
    // "Émilie Ørsted": the first character of each word, all of its UTF-8 bytes (it was the first byte of each).
    Ward w;
    w.store->putStaff(core::StaffAuth::make("1001", "\xC3\x89milie \xC3\x98rsted", "nurse", "123456", 1000));
    w.atStep(test::kAna, "port-access", "label");
    w.s().labelPreview();
    BOOST_TEST(w.labels->lastData.at("nurse") == "\xC3\x89\xC3\x98");
}

BOOST_AUTO_TEST_CASE(the_copy_that_may_have_printed_is_found_even_after_print_again_and_the_waiting_copy_goes)
{
    // The first copy is unconfirmed; the nurse prints again, but the printer is now out of labels, so the second
    // waits. She then finds the first at the printer: it counts, and the waiting copy must never come out.
    Ward w;
    w.atStep(test::kAna, "port-access", "label");
    w.labels->printer.unconfirmed = true;
    const auto first = w.s().printLabel();
    BOOST_REQUIRE(test::eventually([&] { return w.s().labelState().unconfirmed; }));
    w.labels->printer.unconfirmed = false;
    w.labels->printer.outOfLabels = true;
    const auto second = w.s().printLabel();
    BOOST_TEST(second != first);
    BOOST_REQUIRE(test::eventually([&] { return w.store->printJob(second)->state == "failed"; }));
    BOOST_TEST(w.s().labelState().unconfirmed); // the older copy can still be the one found
    // A reprint of the first from the Labels page would be a third label while the second waits.
    BOOST_CHECK_THROW(w.labels->queue.reprint(first), core::Problem);
    w.s().labelIsThere();
    BOOST_TEST(w.store->printJob(first)->state == "printed");
    BOOST_TEST(w.store->printJob(second)->state == "cancelled");
    w.labels->printer.outOfLabels = false; // labels loaded: nothing more comes out
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    BOOST_TEST(w.labels->printer.printed == 1);
    BOOST_TEST(w.s().labelState().printed);
}

BOOST_AUTO_TEST_CASE(the_label_step_is_confirmed_by_a_printed_label_or_a_reason)
{
    Ward w;
    w.atStep(test::kAna, "port-access", "label");
    BOOST_CHECK_THROW(w.s().confirm({}), core::StepRejected);
    w.labels->printer.outOfLabels = true;
    const auto job = w.s().printLabel();
    BOOST_TEST(w.s().printLabel() == job); // a second tap while it waits sends nothing twice
    BOOST_REQUIRE(test::eventually([&] { return w.s().labelState().state == "failed"; }));
    BOOST_TEST(!w.s().labelState().printed);
    BOOST_CHECK_THROW(w.s().confirm({}), core::StepRejected); // "printed" only when a printer took it
    w.labels->printer.outOfLabels = false;                    // labels loaded: the queue prints it
    BOOST_REQUIRE(test::eventually([&] { return w.s().labelState().printed; }));
    w.s().confirm({});
    BOOST_TEST(w.s().finished());
    BOOST_TEST(w.s().records().back().answer.printJob == job);
    BOOST_TEST(w.labels->printer.printed == 1);

    // No printer at all: the step takes a reason, and says so in the record.
    w.start("port-deaccess");
    w.walkToEnd();
    w.start("port-access");
    w.walkTo("label");
    BOOST_CHECK_THROW(w.s().confirmWithoutLabel(" "), core::StepRejected);
    w.s().confirmWithoutLabel("Printer out of labels");
    BOOST_TEST(w.s().records().back().answer.note == "No printed label: Printer out of labels");
}

BOOST_AUTO_TEST_CASE(the_label_shows_dressing_and_needle_with_both_change_by_dates)
{
    Ward w;
    w.atStep(test::kAna, "port-access", "insert");
    const auto needleAt = w.clock.now();
    w.walkTo("dressing");
    const auto dressedAt = w.clock.now();
    w.answer();
    const auto data = w.s().labelData();
    BOOST_TEST(data.at("title") == "PORT DRESSING");
    BOOST_TEST(data.at("dressing") == core::labelDate(dressedAt) + " (TSM)");
    BOOST_TEST(data.at("needle") == core::labelDate(needleAt) + ", 20G x 19 mm");
    BOOST_TEST(data.at("due") == core::labelDate(dressedAt + 7 * kDay));
    BOOST_TEST(data.at("needleDue") == core::labelDate(needleAt + 7 * kDay));
    BOOST_TEST(data.at("nurse") == "SR");
    BOOST_TEST(data.at("record") == w.s().runId());
    w.walkToEnd();
    // A dressing change two days later: the needle placed at the access, with its own change-by date.
    w.clock.advance(std::chrono::duration_cast<std::chrono::milliseconds>(2 * kDay));
    w.start("dressing-change");
    w.walkTo("label", {{"dressing-type", "gauze"}});
    const auto later = w.s().labelData();
    BOOST_TEST(later.at("needle").find("20G x 19 mm") != std::string::npos, later.at("needle"));
    BOOST_TEST(later.at("dressing").find("(gauze)") != std::string::npos, later.at("dressing"));
    const auto accessFinished = core::parseIsoTime(w.events("run-finished", test::kAna).at(0).deviceTime);
    BOOST_TEST(later.at("needleDue") == core::labelDate(accessFinished + 7 * kDay));
}

BOOST_AUTO_TEST_CASE(a_scan_without_a_lot_of_a_product_with_recalled_lots_asks_for_the_lot)
{
    Ward w;
    w.atStep(test::kAna, "port-deaccess", "lock");
    const std::string noLot = test::gs1("09506003001002", "271231", "");
    const auto asked = w.s().scan(noLot);
    BOOST_TEST(asked.needsLot);
    BOOST_TEST(!asked.confirmed);
    BOOST_TEST(asked.verdict.message.english().find("RC2407") != std::string::npos, asked.verdict.message);
    const auto recalled = w.s().scan(noLot, {}, "RC2407");
    BOOST_TEST(recalled.verdict.rule == "recalled");
    BOOST_TEST(w.s().step().stopped);
    const auto ok = w.s().scan(noLot, {}, "HX1001");
    BOOST_TEST(ok.confirmed);
    BOOST_TEST(w.s().records().back().answer.lot == "HX1001");
}

BOOST_AUTO_TEST_CASE(the_second_flush_of_blood_sampling_is_scanned_too)
{
    Ward w;
    w.signIn();
    w.openPatient(test::kAna);
    w.start("port-access");
    w.walkToEnd();
    w.start("blood-sampling");
    w.walkTo("saline-after");
    BOOST_TEST((w.s().step().step->type == sdk::StepType::Scan));
    const auto small = w.s().scan(test::gs1("09506002000051", "271231", "S5"));
    BOOST_TEST(small.verdict.rule == "small-syringe");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ways_around_found_in_review)

BOOST_AUTO_TEST_CASE(a_flag_or_order_a_sync_brings_applies_to_the_open_run_at_once)
{
    Ward w;
    w.atStep(test::kAna, "flush-lock", "lock");
    BOOST_TEST(w.s().step().expect.category == "heparin-lock");
    // The server says Ana has HIT now (a sync writes the record and its version).
    auto ana = *w.store->patient(test::kAna);
    ana.heparinAllergyOrHit = true;
    w.store->putPatient(ana);
    w.store->setMeta("reference_version", "7");
    const auto r = w.s().scan(test::gs1("09506003001002", "271231", "H1"));
    BOOST_TEST(r.verdict.rule == "heparin-hit", r.verdict.message);
    BOOST_TEST(w.s().step().expect.category == "saline-flush"); // the lock is saline now
    // The order changes to 10 units/mL instead: the 100 units/mL syringe stops.
    ana.heparinAllergyOrHit = false;
    ana.lockUnitsPerMl = 10;
    ana.lockVolumeMl = 2;
    w.store->putPatient(ana);
    w.store->setMeta("reference_version", "8");
    const auto again = w.s().scan(test::gs1("09506003001002", "271231", "H1"));
    BOOST_TEST(again.verdict.rule == "heparin-concentration", again.verdict.message);
    BOOST_TEST(w.s().step().expect.unitsPerMl == 10);
}

/// What a sync does: Ana's record with this lock order (units/mL; 0 for saline because of HIT), a new version.
void syncAnasOrder(Ward& w, double unitsPerMl, int version)
{
    auto ana = *w.store->patient(test::kAna);
    ana.heparinAllergyOrHit = unitsPerMl == 0;
    ana.lockUnitsPerMl = unitsPerMl == 0 ? 100 : unitsPerMl;
    ana.lockVolumeMl = unitsPerMl == 10 ? 2 : 5;
    w.store->putPatient(ana);
    w.store->setMeta("reference_version", std::to_string(version));
}

BOOST_AUTO_TEST_CASE(a_step_checked_by_eye_against_an_order_that_changed_meanwhile_is_refused_and_said)
{
    Ward w;
    w.atStep(test::kAna, "flush-lock", "lock"); // the screen shows heparin 100 units/mL
    BOOST_TEST((w.s().takeNews() != core::KioskSession::Refreshed::OpenRun));
    const auto before = w.s().records().size();
    const auto events = w.store->count();
    syncAnasOrder(w, 0, 7); // HIT now, so the lock is saline
    // The nurse and the witness checked the heparin syringe by eye against what the screen showed: refused, nothing
    // recorded, and the step now asks for saline.
    BOOST_CHECK_THROW(w.s().confirmWithoutScan("Barcode damaged", core::Witness{"2001", "246813"}), core::RunChanged);
    BOOST_TEST(w.s().records().size() == before);
    BOOST_TEST(w.store->count() == events);
    BOOST_TEST(w.s().step().expect.category == "saline-flush");
    BOOST_TEST((w.s().takeNews() == core::KioskSession::Refreshed::OpenRun)); // for the screen to show
    BOOST_TEST((w.s().takeNews() == core::KioskSession::Refreshed::Nothing));
    // Skip and Step before are refused the same way, and so is a reason or a lot that answers a warning the nurse
    // saw before the change.
    const auto heparin100 = test::gs1("09506003001002", "271231", "H1");
    syncAnasOrder(w, 10, 8);
    BOOST_CHECK_THROW(w.s().skip("Not needed for this patient"), core::RunChanged);
    syncAnasOrder(w, 100, 9);
    BOOST_CHECK_THROW(w.s().back("Entered in error"), core::RunChanged);
    syncAnasOrder(w, 10, 10);
    BOOST_CHECK_THROW(w.s().scan(heparin100, "Prescriber's order"), core::RunChanged);
    syncAnasOrder(w, 100, 11);
    BOOST_CHECK_THROW(w.s().scan(heparin100, "", "H1"), core::RunChanged);
    BOOST_TEST(w.store->count() == events);
    // A fresh scan is judged against the order as it is now.
    syncAnasOrder(w, 10, 12);
    const auto r = w.s().scan(heparin100);
    BOOST_TEST(r.verdict.rule == "heparin-concentration", r.verdict.message);
    BOOST_TEST((w.s().takeNews() == core::KioskSession::Refreshed::OpenRun));
}

BOOST_AUTO_TEST_CASE(a_stop_at_the_second_flush_is_not_ended_by_a_pass_at_the_first)
{
    Ward w;
    w.atStep(test::kAna, "blood-sampling", "saline-after");
    const auto small = test::gs1("09506002000051", "271231", "S5");
    BOOST_TEST(w.s().scan(small).verdict.rule == "small-syringe");
    w.s().cancel("Started in error");
    w.start("blood-sampling");
    w.walkTo("saline"); // the first flush passes with a good syringe...
    w.walkTo("saline-after");
    BOOST_TEST(w.s().step().stopped); // ...and the second is still stopped
    BOOST_CHECK_THROW(w.s().confirmWithoutScan("Barcode will not read"), core::StepRejected);
}

BOOST_AUTO_TEST_CASE(after_a_stop_a_warning_answered_with_a_reason_does_not_take_the_step)
{
    Ward w;
    w.atStep(test::kAna, "port-access", "needle");
    // Expired needle, then the same needle read by a wedge that lost the separator: the expiry disappears into the lot.
    const auto expired = w.s().scan("]d20109506001002216"
                                    "10N1\x1d"
                                    "17250101");
    BOOST_TEST(expired.verdict.rule == "expired");
    const auto lost = w.s().scan("]d20109506001002216"
                                 "10N117250101",
                                 "checked by eye");
    BOOST_TEST((lost.verdict.level == core::Verdict::Level::Stop));
    BOOST_TEST(!lost.confirmed);
    BOOST_TEST(w.s().step().stopped);
    const auto good = w.s().scan(w.rightScan());
    BOOST_TEST(good.confirmed);
}

BOOST_AUTO_TEST_CASE(a_typed_lot_is_checked_against_recalls_whatever_its_case_and_spaces)
{
    Ward w;
    w.atStep(test::kAna, "port-deaccess", "lock");
    const std::string noLot = test::gs1("09506003001002", "271231", "");
    BOOST_TEST(w.s().scan(noLot, {}, "rc2407").verdict.rule == "recalled");
    BOOST_TEST(w.s().scan(noLot, {}, " RC2407 ").verdict.rule == "recalled");
    BOOST_TEST(w.s().scan(noLot, {}, " hx1 ").confirmed);
    BOOST_TEST(w.s().records().back().answer.lot == "HX1");
}

BOOST_AUTO_TEST_CASE(a_recalled_lot_is_stopped_however_it_is_typed_or_scanned_into_the_lot_field)
{
    // What a hurried nurse or a scanner puts into the lot field around the recalled lot RC2407.
    const std::vector<std::string> typed = {
        "RC2407\r",           "RC2407\n",
        "RC2407\x1d",         std::string("RC2407\0", 7),
        "RC2407\xc2\xa0",     "\xc2\xa0RC2407",
        "\xe2\x80\x8bRC2407", "\xef\xbc\xb2\xef\xbc\xa3\xef\xbc\x92\xef\xbc\x94\xef\xbc\x90\xef\xbc\x97",
        "RC2407\x0b",         "]C110RC2407",
        "10RC2407",           "(10)RC2407"};
    for (const auto& lot : typed) {
        BOOST_TEST_CONTEXT("typed lot " << lot)
        {
            Ward w;
            w.atStep(test::kAna, "port-deaccess", "lock");
            const std::string noLot = test::gs1("09506003001002", "271231", "");
            const auto verdict = w.s().scan(noLot, {}, lot);
            BOOST_TEST(!verdict.confirmed);
            BOOST_TEST(verdict.verdict.rule == "recalled");
            BOOST_TEST(w.s().step().stopped);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_recalled_lot_inside_whatever_was_typed_or_scanned_into_the_lot_field_stops)
{
    // More than the lot in the lot field: a lot-and-expiry barcode, its printed line, a label word, punctuation.
    const std::vector<std::string> typed = {"]C11727110010RC2407",
                                            "1727110010RC2407",
                                            "(17)271100(10)RC2407",
                                            "10RC2407\x1d"
                                            "21SN1",
                                            "LOT RC2407",
                                            "Lot: RC2407",
                                            "RC2407.",
                                            "\"RC2407\"",
                                            "RC-2407",
                                            "RC2407RC2407",
                                            "]d201095060030010021727110010RC2407",
                                            "RC24O7", // a letter O for the zero
                                            "2407",   // a part of it
                                            "RC240"};
    for (const auto& lot : typed) {
        BOOST_TEST_CONTEXT("typed lot " << lot)
        {
            Ward w;
            w.atStep(test::kAna, "port-deaccess", "lock");
            const auto verdict = w.s().scan(test::gs1("09506003001002", "271231", ""), {}, lot);
            BOOST_TEST(!verdict.confirmed);
            BOOST_TEST(verdict.verdict.rule == "recalled");
        }
    }
    // Something that cannot be a lot is refused, not recorded as one.
    Ward w;
    w.atStep(test::kAna, "port-deaccess", "lock");
    const std::string noLot = test::gs1("09506003001002", "271231", "");
    BOOST_CHECK_THROW(w.s().scan(noLot, {}, "]C1"), core::Problem);
    BOOST_CHECK_THROW(w.s().scan(noLot, {}, "10"), core::Problem);
    BOOST_CHECK_THROW(w.s().scan(noLot, {}, "HX1001HX1001HX1001HX1001"), core::Problem); // more than 20
    BOOST_TEST(w.s().scan(noLot, {}, "HX-1001").confirmed);
}

BOOST_AUTO_TEST_CASE(a_device_with_recalled_lots_is_asked_its_lot_before_a_missing_expiry_is_overridden)
{
    Ward w;
    w.store->putRecall({"09506001002018", "N0301", "Needle tips blunt in this lot."});
    w.s().reload();
    w.atStep(test::kAna, "port-access", "needle");
    // A needle's barcode with neither expiry nor lot: the lot is asked first, and a reason alone does not pass it.
    const std::string bare = "]d20109506001002018";
    const auto asked = w.s().scan(bare, "Checked the date by eye");
    BOOST_TEST(asked.needsLot);
    BOOST_TEST(!asked.confirmed);
    BOOST_TEST(w.s().scan(bare, "Checked the date by eye", "N0301").verdict.rule == "recalled");
    BOOST_TEST(w.s().step().stopped);
}

BOOST_AUTO_TEST_CASE(a_recalled_lot_whose_separator_was_lost_is_still_recalled)
{
    Ward w;
    w.atStep(test::kAna, "port-deaccess", "lock");
    // (01)(17)(10)(21) with the GS after the lot lost: the lot reads "RC240721SN12345".
    const auto lost = w.s().scan("]d201095060030010021727110010RC240721SN12345");
    BOOST_TEST(!lost.confirmed);
    BOOST_TEST(lost.verdict.rule == "recalled");
    BOOST_TEST(w.s().step().stopped);
    const auto ok = w.s().scan(test::gs1("09506003001002", "271231", "HX1001"));
    BOOST_TEST(ok.confirmed);
}

BOOST_AUTO_TEST_CASE(an_odd_byte_in_a_scan_never_makes_a_patients_record_unreadable)
{
    Ward w;
    w.signIn();
    w.openPatient(test::kBen); // HIT: a saline lock, never heparin
    w.start("flush-lock");
    // A scan with a lone byte of a UTF-8 character, and a Digital Link with %FF: stopped and recorded.
    const auto odd = w.s().scan("]d201095060031000021727110010X\xc3");
    BOOST_TEST(!odd.confirmed);
    w.s().scan("https://id.gs1.org/01/09506003100002/10/X%FF?17=271100");
    w.walkTo("lock");
    const auto heparin = w.s().scan(test::gs1("09506003001002", "271231", "D00100"));
    BOOST_TEST(heparin.verdict.rule == "heparin-hit");
    w.s().cancel("kiosk restarted");
    w.s().signOut();
    // Every event in the record is valid UTF-8, and the patient opens with the HIT flag and the open STOP.
    for (const auto& e : w.store->events({}, test::kBen))
        BOOST_TEST(core::validUtf8(e.payload) == e.payload, e.payload);
    w.signIn();
    w.openPatient(test::kBen);
    BOOST_TEST(w.s().patient().heparinAllergyOrHit);
    w.start("flush-lock");
    w.walkTo("lock");
    BOOST_TEST(w.s().step().stopped);
    BOOST_TEST(!w.s().scan(test::gs1("09506003001002", "271231", "D00100")).confirmed);
}

BOOST_AUTO_TEST_CASE(a_record_that_cannot_be_read_leaves_no_patient_half_open)
{
    Ward w;
    w.signIn();
    w.openPatient(test::kChloe);
    w.s().closePatient();
    // A payload that is not JSON (as an old kiosk or a damaged file might hold) in Chloe's record.
    core::NewEvent bad;
    bad.type = "scan-stopped";
    bad.patient = test::kChloe;
    bad.payload = "{\"rule\":\"recalled\",\"scan\":\"unterminated";
    w.store->append({bad});
    BOOST_CHECK_THROW(w.openPatient(test::kChloe), core::Problem);
    BOOST_TEST(!w.s().patientOpen());
    BOOST_CHECK_THROW(w.s().start("flush-lock"), core::Problem);
    // The ward list still shows everyone; Chloe as not ready for use.
    const auto rows = w.s().ward();
    bool found = false;
    for (const auto& row : rows)
        if (row.record.id == test::kChloe) {
            found = true;
            BOOST_TEST(row.port.notReadyForUse);
        }
    BOOST_TEST(found);
}

BOOST_AUTO_TEST_CASE(a_refused_witness_is_recorded_for_the_supervisor)
{
    Ward w;
    w.atStep(test::kAna, "flush-lock", "lock");
    BOOST_CHECK_THROW(w.s().confirmWithoutScan("Barcode damaged", core::Witness{"2001", "0000"}), core::StepRejected);
    const auto refused = w.events("witness-refused", test::kAna);
    BOOST_REQUIRE_EQUAL(refused.size(), 1u);
    BOOST_TEST(refused[0].staff == "1001");
    BOOST_TEST(refused[0].payload.find("\"witness\":\"2001\"") != std::string::npos, refused[0].payload);
    w.s().signOut();
    w.signIn("2001", "246813");
    const auto review = w.s().review();
    BOOST_REQUIRE(!review.empty());
    BOOST_TEST(review.front().what.english() == "Witness refused");
}

BOOST_AUTO_TEST_CASE(a_staff_badge_scanned_at_a_step_is_refused_not_a_stop)
{
    Ward w;
    w.atStep(test::kAna, "port-access", "patient");
    BOOST_CHECK_THROW(w.s().scan("]C18017950600013435200091"), core::Problem);
    BOOST_TEST(!w.s().step().stopped);
    BOOST_TEST(w.events("scan-stopped", test::kAna).empty());
    BOOST_TEST((w.s().step().noScan != core::NoScanFallback::NotOffered)); // the fallback is still there
}

BOOST_AUTO_TEST_CASE(text_for_the_record_is_always_valid_utf8)
{
    BOOST_TEST(core::validUtf8("caf\xc3\xa9") == "caf\xc3\xa9");
    BOOST_TEST(core::validUtf8("X\xc3") == "X\xc3\x83");                       // a lone lead byte becomes U+00C3
    BOOST_TEST(core::validUtf8("\xff\xfe") == "\xc3\xbf\xc3\xbe");             // never-valid bytes too
    BOOST_TEST(core::validUtf8("\xed\xa0\x80") == "\xc3\xad\xc2\xa0\xc2\x80"); // a UTF-16 surrogate is not UTF-8
    BOOST_TEST(core::comparableLot(" rc\xc2\xa0"
                                   "2407\x1d ") == "RC2407");
}

BOOST_AUTO_TEST_CASE(a_reason_must_say_something_a_person_can_read)
{
    BOOST_TEST(core::isBlank(" \t\n"));
    BOOST_TEST(core::isBlank("\xc2\xa0"));                  // no-break space
    BOOST_TEST(core::isBlank("\xe2\x80\x8b \xef\xbb\xbf")); // zero-width space, byte order mark
    BOOST_TEST(!core::isBlank("\xc2\xa0ok"));
    BOOST_TEST(!core::isBlank("caf\xc3\xa9"));
    Ward w;
    w.atStep(test::kAna, "port-access", "needle");
    BOOST_CHECK_THROW(w.s().confirmWithoutScan("\xc2\xa0"), core::StepRejected);
    BOOST_CHECK_THROW(w.s().cancel("\xe2\x80\x8b"), core::StepRejected);
}

BOOST_AUTO_TEST_CASE(the_label_is_printed_only_at_its_step_or_again_after_the_end)
{
    Ward w;
    w.atStep(test::kAna, "port-access", "needle");
    BOOST_CHECK_THROW(w.s().printLabel(), core::Problem); // nothing the label shows is recorded yet
    w.walkTo("label");
    BOOST_CHECK_NO_THROW(w.s().printLabel());
    BOOST_REQUIRE(test::eventually([&] { return w.s().labelState().printed; }));
    w.s().confirm({});
    BOOST_CHECK_NO_THROW(w.s().printLabel()); // a reprint from the summary
    w.start("port-deaccess");
    w.s().cancel("Started in error");
    BOOST_CHECK_THROW(w.s().printLabel(), core::Problem);
}

BOOST_AUTO_TEST_SUITE_END()
