#include "portside/core/HibcParser.h"
#include "portside/core/ScanInterpreter.h"

#include <boost/test/unit_test.hpp>

using namespace portside;

namespace {

const core::ScanInterpreter interpreter(2026);

core::ParsedScan parse(const std::string& text)
{
    std::string bytes = text;
    for (std::size_t p; (p = bytes.find("{GS}")) != std::string::npos;)
        bytes.replace(p, 4, "\x1d");
    return interpreter.interpret(bytes);
}

bool says(const core::ParsedScan& s, const std::string& words)
{
    return !s.ok && s.error.find(words) != std::string::npos;
}

/// Builds a valid HIBC string by appending its check character.
std::string hibc(const std::string& body)
{
    return body + core::HibcParser::checkCharacter(body);
}

} // namespace

BOOST_AUTO_TEST_SUITE(gs1_codes)

BOOST_AUTO_TEST_CASE(fixed_length_ais_need_no_separator_and_tolerate_one)
{
    const auto s = parse("]d20109506000134352{GS}17251231{GS}10LOT-1/A");
    BOOST_TEST(s.ok, s.error);
    BOOST_TEST(s.gtin == "09506000134352");
    BOOST_TEST(s.expiry == "2025-12-31");
    BOOST_TEST(s.lot == "LOT-1/A"); // '-' and '/' survive
    BOOST_TEST(says(parse("]d20109506000134352{GS}{GS}17251231"), "Unknown GS1 application identifier"));
}

BOOST_AUTO_TEST_CASE(variable_length_ais_end_at_gs_or_the_end_and_have_a_maximum)
{
    BOOST_TEST(parse("]C1010950600013435210ABC{GS}21XYZ").serial == "XYZ");
    BOOST_TEST(
        says(parse("]C1010950600013435210ABCDEFGHIJKLMNOPQRSTU"), "(10) batch/lot is longer than 20 characters"));
    BOOST_TEST(says(parse("]C1010950600013435210{GS}21X"), "(10) batch/lot is empty"));
}

BOOST_AUTO_TEST_CASE(check_digits_are_checked_for_gtin_sscc_gln_and_gsrn)
{
    BOOST_TEST(parse("]C100106141411234567897").ok); // SSCC
    BOOST_TEST(says(parse("]C100106141411234567898"), "(00) SSCC 106141411234567898 has a wrong check digit"));
    BOOST_TEST(parse("]C14140614141000005").ok); // location GLN
    BOOST_TEST(says(parse("]C14140614141000006"), "wrong check digit"));
    BOOST_TEST(parse("]C18017950600013435200008").staff == "950600013435200008");
    BOOST_TEST(says(parse("]C18018950600013435200009"), "(8018) GSRN of a recipient"));
}

BOOST_AUTO_TEST_CASE(dates_are_real_calendar_dates_and_day_00_is_the_last_day)
{
    BOOST_TEST(parse("]d2010950600013435217240200").expiry == "2024-02-29"); // leap year
    BOOST_TEST(parse("]d2010950600013435217250200").expiry == "2025-02-28");
    BOOST_TEST(says(parse("]d2010950600013435217250229"), "not a real date"));
    BOOST_TEST(says(parse("]d2010950600013435217251232"), "not a real date"));
    BOOST_TEST(says(parse("]d201095060001343521725123"), "(17) expiry date is too short"));
    BOOST_TEST(parse("]d2010950600013435211991231").ai("11") == "991231"); // production date in the last century
}

BOOST_AUTO_TEST_CASE(numeric_fields_take_digits_and_text_fields_the_gs1_character_set)
{
    BOOST_TEST(says(parse("]d20109506000134352200A"), "(20) variant must be digits only"));
    BOOST_TEST(says(parse("]d2010950600013435210AB#C"), "character GS1 does not allow"));
    BOOST_TEST(parse("]d201095060001343523103000189").ai("3103") == "000189"); // four-digit measure AI
    BOOST_TEST(parse("]d2010950600013435230123{GS}10L").ai("30") == "123");
}

BOOST_AUTO_TEST_CASE(required_and_exclusive_pairs_are_enforced)
{
    BOOST_TEST(says(parse("]C110ABC"), "(10) is only valid with (01) GTIN"));
    BOOST_TEST(says(parse("]C1010950600013435202095060001343523710"), "cannot be in the same barcode"));
    BOOST_TEST(says(parse("]C10209506000134352"), "needs (37) count"));
    BOOST_TEST(says(parse("]C1010950600013435210A{GS}10B"), "appears twice"));
}

BOOST_AUTO_TEST_CASE(unknown_ais_are_named)
{
    BOOST_TEST(says(parse("]d2050950600013435"), "Unknown GS1 application identifier at \"050950\""));
}

BOOST_AUTO_TEST_CASE(a_lost_separator_that_swallows_the_expiry_is_flagged)
{
    const auto s = parse("]d20109506000134352"
                         "10ABC12317251231");
    BOOST_TEST(s.ok);
    BOOST_TEST(s.expiry == "");
    BOOST_REQUIRE_EQUAL(s.warnings.size(), 1u);
    BOOST_TEST(s.warnings[0].find("may have dropped a separator") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(digital_link_uris_read_like_element_strings)
{
    const auto s = parse("https://id.gs1.org/01/09506000134352/10/AB%2F12/21/S1?17=251231&3103=000189");
    BOOST_TEST(s.ok, s.error);
    BOOST_TEST(s.gtin == "09506000134352");
    BOOST_TEST(s.lot == "AB/12");
    BOOST_TEST(s.serial == "S1");
    BOOST_TEST(s.expiry == "2025-12-31");
    BOOST_TEST(parse("https://example.com/shop/01/9506000134352").gtin == "09506000134352"); // GTIN-13 in the path
    BOOST_TEST(says(parse("https://example.com/about"), "names no GTIN"));
    BOOST_TEST(parse("]Q3https://id.gs1.org/8018/950600013435200008").patient == "950600013435200008");
}

BOOST_AUTO_TEST_CASE(ean_and_upc_read_as_gtin_14)
{
    BOOST_TEST(parse("]E09506000134352").gtin == "09506000134352");
    BOOST_TEST(parse("]E495060002").gtin == "00000095060002");
    BOOST_TEST(says(parse("]E09506000134353"), "wrong check digit"));
}

BOOST_AUTO_TEST_CASE(without_an_aim_identifier_only_unambiguous_data_is_gs1)
{
    BOOST_TEST(parse("0109506000134352172512311"
                     "0ABC")
                   .lot == "ABC");
    BOOST_TEST(parse("(01)09506000134352(17)251231(10)ABC").expiry == "2025-12-31");
    BOOST_TEST(parse("9506000134352").gtin == "09506000134352");
    BOOST_TEST(says(parse("HELLO WORLD"), "not GS1, HIBC or one of the site's"));
    BOOST_TEST(parse("0109506000134352\r\n").ok); // a wedge's Enter is not data
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(hibc_codes)

BOOST_AUTO_TEST_CASE(the_check_character_uses_the_mod_43_table)
{
    BOOST_TEST(core::HibcParser::checkCharacter("+A123BJC5D6E71") == 'G');
    BOOST_TEST(says(parse("+A123BJC5D6E71H"), "check character is \"H\" but the data gives \"G\""));
}

BOOST_AUTO_TEST_CASE(primary_data_names_labeler_product_and_unit)
{
    const auto s = parse(hibc("+H123ABC01234561"));
    BOOST_TEST(s.ok, s.error);
    BOOST_TEST(s.lic == "H123");
    BOOST_TEST(s.pcn == "ABC0123456");
    BOOST_TEST(s.uom == "1");
    BOOST_TEST(says(parse(hibc("+1234ABC1")), "first a letter"));
    BOOST_TEST(says(parse(hibc("+A12")), "too short"));
    BOOST_TEST(parse("*" + hibc("+H123ABC01234561") + "*").ok); // Code 39 asterisks
}

BOOST_AUTO_TEST_CASE(every_secondary_date_format)
{
    struct Case {
        const char* secondary;
        const char* expiry;
        const char* lot;
    } cases[] = {
        {"$$0526LOT1", "2026-05-31", "LOT1"},            // MMYY
        {"$$2053126LOT2", "2026-05-31", "LOT2"},         // MMDDYY
        {"$$3260531LOT3", "2026-05-31", "LOT3"},         // YYMMDD
        {"$$426053114LOT4", "2026-05-31", "LOT4"},       // YYMMDDHH
        {"$$526151LOT5", "2026-05-31", "LOT5"},          // YYJJJ
        {"$$62615114LOT6", "2026-05-31", "LOT6"},        // YYJJJHH
        {"$$7LOT7", "", "LOT7"},                         // no date
        {"$LOT8", "", "LOT8"},                           // lot only
        {"$$805526151LOT9", "2026-05-31", "LOT9"},       // quantity 05, then YYJJJ
        {"$$9001003260531LOT10", "2026-05-31", "LOT10"}, // quantity 00100, then YYMMDD
    };
    for (const auto& c : cases) {
        const auto s = parse(hibc(std::string("+H123ABC1/") + c.secondary));
        BOOST_TEST_CONTEXT(c.secondary)
        {
            BOOST_TEST(s.ok, s.error);
            BOOST_TEST(s.expiry == c.expiry);
            BOOST_TEST(s.lot == c.lot);
        }
    }
    BOOST_TEST(parse(hibc("+H123ABC1/$$805526151LOT9")).quantity == "05");
}

BOOST_AUTO_TEST_CASE(serial_forms_and_supplementary_fields)
{
    BOOST_TEST(parse(hibc("+H123ABC1/$+SER1")).serial == "SER1");
    const auto s = parse(hibc("+H123ABC1/$$+526151SER2"));
    BOOST_TEST(s.serial == "SER2");
    BOOST_TEST(s.expiry == "2026-05-31");
    BOOST_TEST(parse(hibc("+H123ABC1/$LOT/14D20261130")).expiry == "2026-11-30");
    BOOST_TEST(says(parse(hibc("+H123ABC1/$LOT/14D20261131")), "not a real date"));
}

BOOST_AUTO_TEST_CASE(a_secondary_code_on_its_own_carries_lot_and_expiry)
{
    const auto s = parse(hibc("+$$526151LOT5G")); // G: the link character to its primary
    BOOST_TEST(s.ok, s.error);
    BOOST_TEST(s.lot == "LOT5");
    BOOST_TEST(s.expiry == "2026-05-31");
}

BOOST_AUTO_TEST_CASE(impossible_dates_and_overlong_lots_are_refused)
{
    BOOST_TEST(says(parse(hibc("+H123ABC1/$$526400LOT")), "day of the year 400"));
    BOOST_TEST(says(parse(hibc("+H123ABC1/$$1326LOT")), "not a real date"));
    BOOST_TEST(says(parse(hibc("+H123ABC1/$ABCDEFGHIJKLMNOPQRS")), "longer than 18"));
    BOOST_TEST(says(parse("+H123ABC1a"), "character HIBC does not use"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(site_patterns)

BOOST_AUTO_TEST_CASE(local_wristbands_and_badges_by_pattern)
{
    core::ScanInterpreter local(2026);
    local.addSitePattern("patient", R"(^MRN(\d{7})$)");
    local.addSitePattern("staff", R"(^EMP-(\d{4,6})$)");
    BOOST_TEST(local.interpret("MRN0012345").patient == "0012345");
    BOOST_TEST(local.interpret("EMP-1001").staff == "1001");
    BOOST_TEST(local.interpret("EMP-1001").scheme == "site");
    BOOST_TEST(!local.interpret("MRN12").ok);
    BOOST_CHECK_THROW(local.addSitePattern("patient", "MRN(["), std::invalid_argument);
    BOOST_CHECK_THROW(local.addSitePattern("patient", "MRN\\d+"), std::invalid_argument); // no group
    BOOST_CHECK_THROW(local.addSitePattern("visitor", "(x)"), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
