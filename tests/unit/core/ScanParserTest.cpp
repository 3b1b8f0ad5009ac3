#include "portside/core/HibcParser.h"
#include "portside/core/ScanInterpreter.h"
#include "portside/core/Text.h"

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

// The cases below are written from the GS1 General Specifications (release 24: 3.2 the AI table, 7.8.5 element
// strings of predefined length, 7.11 character sets) and the GS1 Digital Link URI Syntax standard (1.4: 4.3
// primary keys, 4.6 percent-encoding), not from any other parser's tests.

BOOST_AUTO_TEST_CASE(bracketed_fixed_length_values_are_exactly_their_length)
{
    // One digit too many in the GTIN used to become GTIN 12345678901231 and serial "012345" -- a value invented
    // from the extra digit.
    const auto extra = parse("(01)123456789012312(10)12345");
    BOOST_TEST(says(extra, "(01) GTIN has 15 characters"), extra.error);
    BOOST_TEST(extra.serial.empty());
    BOOST_TEST(says(parse("(01)0950600013435(10)A"), "must have exactly 14"));
    BOOST_TEST(says(parse("(17)2512310(10)A"), "(17) expiry date has 7 characters"));
    const auto right = parse("(01)09506000134352(17)251231(10)ABC(21)S-1");
    BOOST_TEST(right.ok, right.error);
    BOOST_TEST(right.serial == "S-1");
}

BOOST_AUTO_TEST_CASE(a_fixed_length_value_needs_no_separator_after_it_even_where_gs1_asks_for_one)
{
    // GS1 predefines the length only of 00-04, 11-20, 31-36 and 41 (figure 7.8.5-2) and asks for FNC1 after other
    // fixed-length AIs such as (8018). A keyboard-wedge scanner drops that separator; the value's length is fixed,
    // so what follows cannot be misread, and a wristband refused at the bedside is the worse outcome: read.
    const auto wristband = parse("]C1801895060001343520000880191");
    BOOST_TEST(wristband.ok, wristband.error);
    BOOST_TEST(wristband.patient == "950600013435200008");
    BOOST_TEST(wristband.ai("8019") == "1");
    BOOST_TEST(parse("]d28018950600013435200008{GS}80191").ai("8019") == "1");
    BOOST_TEST(parse("]d27003261231235910ABC{GS}0109506000134352").lot == "ABC");
    // Bracketed text puts the separators where GS1 wants them, and fixed lengths stay exact.
    BOOST_TEST(parse("(8018)950600013435200008(8019)1").ai("8019") == "1");
    BOOST_TEST(parse("(01)09506000134352(7003)2612312359(10)ABC").lot == "ABC");
    BOOST_TEST(says(parse("(8018)9506000134352000080(8019)1"), "must have exactly 18"));
    // A variable-length value still ends only at a separator: the lost-separator warning covers that case.
    BOOST_TEST(parse("]d20109506000134352172512311126010110A").ok);
}

BOOST_AUTO_TEST_CASE(an_expiry_date_and_time_is_a_real_date_and_time_of_day)
{
    const auto ok = parse("(01)09506000134352(7003)2612312359");
    BOOST_TEST(ok.ok, ok.error);
    BOOST_TEST(says(parse("(01)09506000134352(7003)2612312500"), "not a time of day"));
    BOOST_TEST(says(parse("(01)09506000134352(7003)2612311260"), "not a time of day"));
    BOOST_TEST(says(parse("(01)09506000134352(7003)2602301200"), "not a real date")); // 30 February
    BOOST_TEST(says(parse("(01)09506000134352(7003)2612001200"), "not a real date")); // no day 00 here, unlike (17)
}

BOOST_AUTO_TEST_CASE(a_wristband_may_carry_its_aidc_media_type_and_version)
{
    // (7241) AIDC media type and (7242) version control number go with (8017) and (8018) (General Specifications,
    // 3.8.x, healthcare): a wristband carrying them is read, not refused as unknown.
    const auto s = parse("]d28018950600013435200008{GS}724102{GS}7242V1.2");
    BOOST_TEST(s.ok, s.error);
    BOOST_TEST(s.patient == "950600013435200008");
    BOOST_TEST(s.ai("7241") == "02");
    BOOST_TEST(says(parse("]d28018950600013435200008{GS}72412"), "too short"));
}

BOOST_AUTO_TEST_CASE(a_digital_signature_ai_is_read_in_character_set_64)
{
    // The dictionary asks a signature to sign an instance: (01) with (21) (req=00,01+21,...).
    const auto signedScan = parse("]d20109506000134352{GS}21S1{GS}8030MEUCIQDx-_abc0==");
    BOOST_TEST(signedScan.ok, signedScan.error);
    BOOST_TEST(signedScan.ai("8030") == "MEUCIQDx-_abc0==");
    BOOST_TEST(says(parse("]d20109506000134352{GS}8030MEUC+IQ"), "character set 64")); // '+' is base64, not 64
    BOOST_TEST(says(parse("]d20109506000134352{GS}8030AB=C"), "character set 64"));    // padding only at the end
    BOOST_TEST(says(parse("]d20109506000134352{GS}8030AbCd="), "character set 64"));   // and only to a group of 4
    BOOST_TEST(parse("]d20109506000134352{GS}21S1{GS}8030AbCdEf==").ok);
    BOOST_TEST(says(parse("]d20109506000134352{GS}8030AbCdEf=="), "(8030) is only valid with"));
}

BOOST_AUTO_TEST_CASE(digital_link_schemes_keys_and_path_characters)
{
    // The scheme is case-insensitive (RFC 3986, 3.1).
    BOOST_TEST(parse("HTTPS://ID.GS1.ORG/01/09506000134352").gtin == "09506000134352");
    BOOST_TEST(parse("]Q3HTTP://example.com/01/09506000134352/10/A1").lot == "A1");
    // A '+' in a path segment is a '+'; %2B is the same character, and a '+' in the query is a space.
    BOOST_TEST(parse("https://id.gs1.org/01/09506000134352/10/AB+1").lot == "AB+1");
    BOOST_TEST(parse("https://id.gs1.org/01/09506000134352/10/AB%2B1").lot == "AB+1");
    // Keys beyond GTIN, SSCC and GSRN: a GIAI, a GLN.
    BOOST_TEST(parse("https://id.gs1.org/8004/0950600013430000001").ai("8004") == "0950600013430000001");
    BOOST_TEST(parse("https://id.gs1.org/414/9506000134352").ok);
    // The GTIN may be 8, 12, 13 or 14 digits (Digital Link 1.2 grammar, gtin-value); it is stored as GTIN-14. Other
    // lengths are no GTIN, and a site path segment spelled like a key ("/00/shop") is the site's.
    BOOST_TEST(parse("https://example.com/01/9506000134352").gtin == "09506000134352");
    BOOST_TEST(says(parse("https://example.com/01/95060001343"), "names no GTIN"));
    BOOST_TEST(parse("https://example.com/00/shop/01/09506000134352").gtin == "09506000134352");
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

BOOST_AUTO_TEST_CASE(conflicting_duplicate_data_is_refused_and_the_same_twice_is_not)
{
    // HIBC Supplier Labeling Standard (ANSI/HIBC 2.6): the secondary's expiry and a 14D supplementary field name the
    // same thing. Two different dates or serials are a misprint; which to believe is not the kiosk's guess.
    BOOST_TEST(says(parse(hibc("+H123ABC1/$$3261130LOT/14D20261231")), "two different expiry dates"));
    BOOST_TEST(parse(hibc("+H123ABC1/$$3261130LOT/14D20261130")).expiry == "2026-11-30");
    BOOST_TEST(says(parse(hibc("+H123ABC1/$LOT/14D20261130/14D20261201")), "two different expiry dates"));
    BOOST_TEST(says(parse(hibc("+H123ABC1/$$+526151SER2/SSER3")), "two different serial numbers"));
    BOOST_TEST(parse(hibc("+H123ABC1/$$+526151SER2/SSER2")).serial == "SER2");
}

BOOST_AUTO_TEST_CASE(expiry_hours_are_range_checked)
{
    BOOST_TEST(parse(hibc("+H123ABC1/$$426113023LOT")).expiry == "2026-11-30");
    BOOST_TEST(says(parse(hibc("+H123ABC1/$$426113024LOT")), "hour 24 does not exist"));
    BOOST_TEST(says(parse(hibc("+H123ABC1/$$62633425LOT")), "hour 25 does not exist"));
}

BOOST_AUTO_TEST_CASE(a_refusal_that_quotes_odd_bytes_is_still_text)
{
    // The nurse reads the sentence on screen: bytes outside UTF-8 in what it quotes must not make it unreadable.
    const auto s = parse("]d\xff");
    BOOST_TEST(!s.ok);
    BOOST_TEST(s.error.find("nothing came after the symbology identifier") != std::string::npos, s.error);
    BOOST_TEST(core::validUtf8(s.error) == s.error);
    BOOST_TEST(s.error.find("\xC3\xBF") != std::string::npos); // 0xFF shown as U+00FF
    const auto other = parse("]X\xfe\x80"
                             "ABC");
    BOOST_TEST(core::validUtf8(other.error) == other.error, other.error);
    BOOST_TEST(core::validUtf8(other.symbology) == other.symbology);
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
