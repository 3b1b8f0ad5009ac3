#include "portside/core/SafetyRules.h"
#include "portside/core/ChecklistRun.h"
#include "portside/core/DemoData.h"
#include "portside/core/LockOrders.h"
#include "portside/core/ScanVerifier.h"

#include <boost/test/unit_test.hpp>

using namespace portside;

namespace {

struct Ward {
    core::Catalog catalog;
    core::ScanInterpreter interpreter{2026};
    core::SafetyRules rules{catalog};
    sdk::PatientContext patient;
    Ward()
    {
        for (const auto& p : core::demoProducts())
            catalog.add(p);
        catalog.addRecall({"09506003001002", "RC2407", "Particles found."});
        patient.id = "950600013435200008";
        patient.lock = {"heparin", 100, 5, {}};
    }
    core::Verdict check(const std::string& scan, const std::string& category, double units = 0, double volume = 0)
    {
        sdk::ScanExpectation expect;
        expect.category = category;
        expect.unitsPerMl = units;
        expect.volumeMl = volume;
        std::string bytes = scan;
        for (std::size_t p; (p = bytes.find("{GS}")) != std::string::npos;)
            bytes.replace(p, 4, "\x1d");
        return rules.check(interpreter.interpret(bytes), expect, patient, "2026-11-27");
    }
};

std::string item(const std::string& gtin, const std::string& expiry = "271231", const std::string& lot = "L1")
{
    return "]d201" + gtin + "17" + expiry + "10" + lot;
}

const std::string kHeparin10 = "09506003000104", kHeparin100 = "09506003001002", kHeparin1000 = "09506003010004",
                  kHeparin5000 = "09506003050000", kHeparin10000 = "09506003100002", kSaline10 = "09506002000105",
                  kSaline5 = "09506002000051", kNeedle22 = "09506001002216", kTsm = "09506004000011";

bool is(const core::Verdict& v, core::Verdict::Level level, const char* rule)
{
    return v.level == level && v.rule == rule;
}

} // namespace

BOOST_AUTO_TEST_SUITE(safety_rules)

BOOST_AUTO_TEST_CASE(the_ordered_heparin_passes_and_names_product_lot_and_expiry)
{
    Ward w;
    const auto v = w.check(item(kHeparin100), "heparin-lock", 100, 5);
    BOOST_TEST(is(v, core::Verdict::Level::Pass, "ok"), v.message);
    BOOST_TEST(v.message.english() == "Heparin lock flush 100 units/mL 5 mL, lot L1, expires 2027-12-31.");
}

BOOST_AUTO_TEST_CASE(every_other_heparin_concentration_is_a_stop)
{
    Ward w;
    for (const auto& [gtin, units] : std::vector<std::pair<std::string, double>>{
             {kHeparin10, 10}, {kHeparin1000, 1000}, {kHeparin5000, 5000}, {kHeparin10000, 10000}}) {
        const auto v = w.check(item(gtin), "heparin-lock", 100, 5);
        BOOST_TEST(is(v, core::Verdict::Level::Stop, "heparin-concentration"), gtin << ": " << v.message);
    }
    BOOST_TEST(w.check(item(kHeparin1000), "heparin-lock", 100, 5).message.english() ==
               "Heparin 1\u202f000 units/mL scanned; this step needs 100 units/mL. Use the correct syringe.");
    BOOST_TEST(
        is(w.check(item(kHeparin100), "heparin-lock", 10, 2), core::Verdict::Level::Stop, "heparin-concentration"));
}

BOOST_AUTO_TEST_CASE(any_heparin_for_hit_or_heparin_allergy_is_a_stop)
{
    Ward w;
    w.patient.heparinAllergyOrHit = true;
    const auto v = w.check(item(kHeparin100), "heparin-lock", 100, 5);
    BOOST_TEST(is(v, core::Verdict::Level::Stop, "heparin-hit"), v.message);
    BOOST_TEST(is(w.check(item(kHeparin10), "saline-flush", 0, 5), core::Verdict::Level::Stop, "heparin-hit"));
}

BOOST_AUTO_TEST_CASE(expired_today_passes_yesterday_stops_and_day_00_is_month_end)
{
    Ward w;
    BOOST_TEST(is(w.check(item(kSaline10, "261127"), "saline-flush"), core::Verdict::Level::Pass, "ok"));
    BOOST_TEST(is(w.check(item(kSaline10, "261126"), "saline-flush"), core::Verdict::Level::Stop, "expired"));
    BOOST_TEST(is(w.check(item(kSaline10, "261100"), "saline-flush"), core::Verdict::Level::Pass, "ok")); // 30 Nov
    BOOST_TEST(is(w.check(item(kSaline10, "261000"), "saline-flush"), core::Verdict::Level::Stop, "expired"));
}

BOOST_AUTO_TEST_CASE(a_recalled_lot_stops_and_other_lots_pass)
{
    Ward w;
    const auto v = w.check(item(kHeparin100, "271231", "RC2407"), "heparin-lock", 100, 5);
    BOOST_TEST(is(v, core::Verdict::Level::Stop, "recalled"), v.message);
    BOOST_TEST(v.message.english().find("Particles found.") != std::string::npos);
    BOOST_TEST(
        is(w.check(item(kHeparin100, "271231", "RC2408"), "heparin-lock", 100, 5), core::Verdict::Level::Pass, "ok"));
}

BOOST_AUTO_TEST_CASE(unknown_and_wrong_products_stop)
{
    Ward w;
    BOOST_TEST(is(w.check(item("09506000134352"), "saline-flush"), core::Verdict::Level::Stop, "unknown-product"));
    BOOST_TEST(is(w.check(item(kTsm), "huber-needle"), core::Verdict::Level::Stop, "wrong-product"));
    const auto heparinForFlush = w.check(item(kHeparin100), "saline-flush");
    BOOST_TEST(heparinForFlush.message.english().find("needs saline, not heparin") != std::string::npos,
               heparinForFlush.message);
    const auto salineForLock = w.check(item(kSaline10), "heparin-lock", 100, 5);
    BOOST_TEST(is(salineForLock, core::Verdict::Level::Stop, "wrong-product"));
    BOOST_TEST(is(w.check("]C18018950600013435200008", "huber-needle"), core::Verdict::Level::Stop, "wrong-product"));
}

BOOST_AUTO_TEST_CASE(a_saline_syringe_under_10_ml_stops_for_a_flush_and_for_a_saline_lock)
{
    Ward w;
    BOOST_TEST(is(w.check(item(kSaline5), "saline-flush"), core::Verdict::Level::Stop, "small-syringe"));
    // A saline lock is pushed into the port too: the same pressure from a small syringe.
    BOOST_TEST(is(w.check(item(kSaline5), "saline-flush", 0, 5), core::Verdict::Level::Stop, "small-syringe"));
    BOOST_TEST(is(w.check(item(kSaline10), "saline-flush", 0, 5), core::Verdict::Level::Pass, "ok"));
    BOOST_TEST(is(w.check(item(kSaline10), "saline-flush", 0, 12), core::Verdict::Level::Warn, "lock-volume"));
}

BOOST_AUTO_TEST_CASE(a_recalled_lot_is_found_whatever_its_case)
{
    Ward w;
    BOOST_TEST(is(w.check(item(kHeparin100, "271231", "rc2407"), "heparin-lock", 100, 5), core::Verdict::Level::Stop,
                  "recalled"));
}

BOOST_AUTO_TEST_CASE(a_missing_expiry_stops_a_medicine_and_warns_for_a_device)
{
    Ward w;
    const auto medicine = w.check("]d201" + kHeparin100 + "10L1", "heparin-lock", 100, 5);
    BOOST_TEST(is(medicine, core::Verdict::Level::Stop, "no-expiry"), medicine.message);
    const auto lostSeparator = w.check("]d201" + kSaline10 + "10ABC12317271231", "saline-flush");
    BOOST_TEST(lostSeparator.message.english().find("dropped a separator") != std::string::npos, lostSeparator.message);
    BOOST_TEST(is(w.check("]d201" + kTsm + "10L1", "dressing"), core::Verdict::Level::Warn, "no-expiry"));
}

BOOST_AUTO_TEST_CASE(wristbands_must_be_the_patients_own)
{
    Ward w;
    BOOST_TEST(is(w.check("]C18018950600013435200008", "patient"), core::Verdict::Level::Pass, "ok"));
    BOOST_TEST(is(w.check("]C18018950600013435200015", "patient"), core::Verdict::Level::Stop, "wrong-patient"));
    BOOST_TEST(is(w.check(item(kSaline10), "patient"), core::Verdict::Level::Stop, "wrong-product"));
    BOOST_TEST(is(w.check("]C18017950600013435200008", "staff"), core::Verdict::Level::Pass, "ok"));
}

BOOST_AUTO_TEST_CASE(hibc_products_are_found_by_labeler_and_product_code)
{
    Ward w;
    const std::string body = "+H123HN22251/$$3271231LOT9";
    const auto v = w.check(body + core::HibcParser::checkCharacter(body), "huber-needle");
    BOOST_TEST(is(v, core::Verdict::Level::Pass, "ok"), v.message);
}

BOOST_AUTO_TEST_CASE(unreadable_scans_stop_with_the_parsers_sentence)
{
    Ward w;
    const auto v = w.check("]d2010950600013435317251231", "saline-flush");
    BOOST_TEST(is(v, core::Verdict::Level::Stop, "unreadable"));
    BOOST_TEST(v.message.english().find("wrong check digit") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_engine_refuses_a_stop_and_wants_a_reason_for_no_scan)
{
    Ward w;
    core::ManualClock clock(core::Clock::TimePoint{} + std::chrono::hours(24 * 20784)); // 2026-11-27
    core::ScanVerifier verifier(w.interpreter, w.rules, clock);
    sdk::ChecklistDefinition d;
    d.id = "lock";
    sdk::Step lock;
    lock.id = "lock";
    lock.type = sdk::StepType::Scan;
    lock.expect = {"heparin-lock", "", 100, 5, {}};
    d.steps = {lock, lock};
    d.steps[1].id = "lock-again";
    core::ChecklistRun run(d, w.patient, clock);
    run.setScanVerifier(&verifier);
    sdk::StepAnswer wrong;
    wrong.scan = item(kHeparin1000);
    BOOST_CHECK_EXCEPTION(run.confirm(wrong), core::StepRejected, [](const core::StepRejected& e) {
        return std::string(e.what()).find("Heparin 1\u202f000 units/mL scanned") == 0;
    });
    BOOST_TEST(run.current().id == "lock"); // the step stays open
    sdk::StepAnswer right;
    right.scan = item(kHeparin100);
    run.confirm(right);
    BOOST_CHECK_THROW(run.confirm({}), core::OverrideNeeded); // checked by eye needs a reason
    sdk::StepAnswer byEye;
    byEye.overrideReason = "Barcode damaged; checked with a second nurse";
    BOOST_TEST(run.confirm(byEye).warning.find("checked by eye") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(units_are_written_as_on_the_label)
{
    BOOST_TEST(core::unitsText(10) == "10");
    BOOST_TEST(core::unitsText(1000) == "1\u202f000");
    BOOST_TEST(core::unitsText(10000) == "10\u202f000");
}

/// A reader whose language writes 2,5: the catalogs are not needed to see where the decimal sign goes.
struct CommaReader : core::Translator {
    std::string translate(const std::string&, const std::string& msgid) const override { return msgid; }
    std::string decimalSign() const override { return ","; }
};

BOOST_AUTO_TEST_CASE(numbers_in_sentences_take_the_readers_decimal_sign_and_nothing_else_does)
{
    core::PatientRecord child;
    child.birthDate = "2024-01-01";
    const core::LockPolicy policy;
    const auto volume = core::lockOrderProblem("heparin", 100, 25.5, child, policy, "2026-11-30");
    BOOST_TEST(volume.english().find("25.5 mL") != std::string::npos, volume.english());
    const CommaReader comma;
    BOOST_TEST(volume.str(&comma).find("25,5 mL") != std::string::npos, volume.str(&comma));
    BOOST_TEST(volume.str(&comma).find('.') == volume.str(&comma).size() - 1, volume.str(&comma)); // the full stop
    // A lot or a product name with a point is the product's own text: never changed.
    const auto lot = core::tr_("Lot %s", {std::string("AB.12")});
    BOOST_TEST(lot.str(&comma) == "Lot AB.12");
    // Whole numbers have no decimal sign at all.
    BOOST_TEST(core::tr_("%s mL", {5.0}).str(&comma) == "5 mL");
}

BOOST_AUTO_TEST_SUITE_END()
