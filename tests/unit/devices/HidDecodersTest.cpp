#define BOOST_TEST_MODULE portside devices
#include <boost/test/unit_test.hpp>

#include "portside/devices/HidDecoders.h"

#include <vector>

using namespace portside::devices;

namespace {

std::optional<HidScan> keys(HidKeyboardDecoder& d, const std::vector<std::vector<std::uint8_t>>& reports)
{
    std::optional<HidScan> last;
    for (const auto& r : reports)
        if (auto s = d.feed(r.data(), r.size()))
            last = s;
    return last;
}

std::vector<std::uint8_t> press(std::uint8_t modifiers, std::uint8_t usage)
{
    return {modifiers, 0, usage, 0, 0, 0, 0, 0};
}

const std::vector<std::uint8_t> kRelease(8, 0);

} // namespace

BOOST_AUTO_TEST_SUITE(hid_keyboard)

BOOST_AUTO_TEST_CASE(every_way_of_sending_gs_becomes_byte_1d)
{
    for (const auto& gs : std::vector<std::vector<std::vector<std::uint8_t>>>{
             {press(0x01, 0x30), kRelease}, // Ctrl+]
             {press(0x10, 0x22), kRelease}, // right Ctrl+5
             {press(0x00, 0x41), kRelease}, // F8
             {press(0x04, 0x62), press(0x04, 0), press(0x04, 0x5a), press(0x04, 0), press(0x04, 0x61),
              kRelease}}) { // Alt+029
        HidKeyboardDecoder d;
        std::vector<std::vector<std::uint8_t>> reports = {press(0, 0x04), kRelease};
        reports.insert(reports.end(), gs.begin(), gs.end());
        reports.insert(reports.end(), {press(0, 0x05), kRelease, press(0, 0x28), kRelease});
        const auto scan = keys(d, reports);
        BOOST_REQUIRE(scan);
        BOOST_TEST(scan->bytes == std::string("a\x1d"
                                              "b"));
    }
}

BOOST_AUTO_TEST_CASE(a_key_held_over_two_reports_counts_once_and_shift_gives_capitals_and_symbols)
{
    HidKeyboardDecoder d;
    const auto scan = keys(d, {press(0x02, 0x04), press(0x02, 0x04), kRelease, press(0x02, 0x1f), kRelease,
                               press(0, 0x2d), kRelease, press(0, 0x38), kRelease, press(0, 0x28)});
    BOOST_REQUIRE(scan);
    BOOST_TEST(scan->bytes == "A@-/");
}

BOOST_AUTO_TEST_CASE(endless_alt_codes_do_not_overflow)
{
    HidKeyboardDecoder d;
    std::vector<std::vector<std::uint8_t>> reports;
    for (int i = 0; i < 40; ++i)
        reports.insert(reports.end(), {press(0x04, 0x61), press(0x04, 0)}); // Alt + keypad 9, forty times
    reports.insert(reports.end(), {kRelease, press(0, 0x04), kRelease, press(0, 0x28)});
    const auto scan = keys(d, reports); // found by fuzz-hid: std::stoi threw on the long number
    BOOST_REQUIRE(scan);
    BOOST_TEST(scan->bytes == "a");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(hid_pos)

BOOST_AUTO_TEST_CASE(reports_round_trip_and_span_several)
{
    const std::string data(130, 'x');
    const auto reports = HidPosDecoder::encode(data, "]C1");
    BOOST_TEST(reports.size() == 3u);
    HidPosDecoder d;
    std::optional<HidScan> scan;
    for (const auto& r : reports)
        scan = d.feed(r.data(), r.size());
    BOOST_REQUIRE(scan);
    BOOST_TEST(scan->bytes == data);
    BOOST_TEST(scan->aim == "]C1");
}

BOOST_AUTO_TEST_CASE(malformed_reports_are_counted_and_dropped)
{
    HidPosDecoder d;
    const std::vector<std::uint8_t> wrongId(64, 1), tooLong = [] {
        std::vector<std::uint8_t> r(64, 0);
        r[0] = 2;
        r[1] = 200;
        return r;
    }();
    BOOST_TEST(!d.feed(wrongId.data(), wrongId.size()));
    BOOST_TEST(!d.feed(tooLong.data(), tooLong.size()));
    BOOST_TEST(d.malformed() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
