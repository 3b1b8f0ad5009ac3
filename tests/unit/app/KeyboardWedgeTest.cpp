#define BOOST_TEST_MODULE portside shell logic
#include <boost/test/unit_test.hpp>

#include "KeyboardWedge.h"

using portside::app::KeyboardWedge;

namespace {

/// Types text with `gapMs` between keys and Enter at the end; returns what the wedge made of it.
std::optional<std::string> type(KeyboardWedge& wedge, const std::string& text, long gapMs, long long& clock)
{
    for (char c : text)
        if (auto scan = wedge.feed(c == '\x1d' ? 29 : static_cast<unsigned char>(c), clock += gapMs))
            return scan;
    return wedge.feed('\r', clock += gapMs);
}

} // namespace

BOOST_AUTO_TEST_SUITE(keyboard_wedge)

BOOST_AUTO_TEST_CASE(a_fast_burst_ending_in_enter_is_a_scan_with_gs_kept)
{
    KeyboardWedge wedge;
    long long clock = 1000;
    const auto scan = type(wedge,
                           "]d20109506000134352\x1d"
                           "10LOT-1/2",
                           4, clock);
    BOOST_REQUIRE(scan);
    BOOST_TEST(*scan == "]d20109506000134352\x1d"
                        "10LOT-1/2");
}

BOOST_AUTO_TEST_CASE(a_person_typing_is_not_a_scan)
{
    KeyboardWedge wedge;
    long long clock = 1000;
    BOOST_TEST(!type(wedge, "12345678", 180, clock));
    BOOST_TEST(!wedge.collecting());
}

BOOST_AUTO_TEST_CASE(a_pause_before_a_burst_does_not_leak_into_it)
{
    KeyboardWedge wedge;
    long long clock = 1000;
    wedge.feed('x', clock += 300); // a stray key press
    const auto scan = type(wedge, "+A123BJC5D6E71G", 5, clock += 500);
    BOOST_REQUIRE(scan);
    BOOST_TEST(*scan == "+A123BJC5D6E71G");
}

BOOST_AUTO_TEST_CASE(too_short_bursts_are_ignored)
{
    KeyboardWedge wedge;
    long long clock = 1000;
    BOOST_TEST(!type(wedge, "ab", 3, clock));
}

BOOST_AUTO_TEST_SUITE_END()
