#define BOOST_TEST_MODULE portside shell logic
#include <boost/test/unit_test.hpp>

#include "KeyboardWedge.h"

#include <cctype>

using portside::app::KeyboardWedge;

namespace {

/// What came out of the wedge: scans, and the characters handed on to where a person was typing.
struct Typed {
    std::vector<std::string> scans;
    std::string handedOn;
};

/// Types `text` with `gapMs` between keys and Enter at the end, as a keyboard would deliver it: letters the
/// keyboard layout makes (with Caps Lock on, inverted), Shift held for what the sender meant as a capital.
Typed type(KeyboardWedge& wedge, const std::string& text, long gapMs, long long& clock, bool capsLock = false)
{
    Typed out;
    auto take = [&](const KeyboardWedge::Result& r) {
        out.handedOn += r.release;
        if (r.scan)
            out.scans.push_back(*r.scan);
        if (r.pass)
            out.handedOn += '\n';
    };
    for (char c : text) {
        const bool capital = std::isupper(static_cast<unsigned char>(c));
        int key = c == '\x1d' ? 29 : static_cast<unsigned char>(c);
        if (capsLock && std::isalpha(static_cast<unsigned char>(c)))
            key = capital ? std::tolower(key) : std::toupper(key);
        take(wedge.feed(key, capital, clock += gapMs));
    }
    take(wedge.feed('\r', false, clock += gapMs));
    out.handedOn += wedge.flush(clock += 1000);
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(keyboard_wedge)

BOOST_AUTO_TEST_CASE(a_fast_burst_ending_in_enter_is_a_scan_with_gs_kept)
{
    KeyboardWedge wedge;
    long long clock = 1000;
    const auto typed = type(wedge,
                            "]d20109506000134352\x1d"
                            "10LOT-1/2",
                            4, clock);
    BOOST_REQUIRE_EQUAL(typed.scans.size(), 1u);
    BOOST_TEST(typed.scans[0] == "]d20109506000134352\x1d"
                                 "10LOT-1/2");
    BOOST_TEST(typed.handedOn == ""); // nothing of a scan reaches a text field
}

BOOST_AUTO_TEST_CASE(with_caps_lock_on_a_scan_reads_as_the_scanner_sent_it)
{
    KeyboardWedge wedge;
    long long clock = 1000;
    const auto typed = type(wedge,
                            "]d20109506000134352\x1d"
                            "10abC12",
                            4, clock, true);
    BOOST_REQUIRE_EQUAL(typed.scans.size(), 1u);
    BOOST_TEST(typed.scans[0] == "]d20109506000134352\x1d"
                                 "10abC12");
    const auto hibc = type(wedge, "+A123BJC5D6E71G", 3, clock += 500, true);
    BOOST_REQUIRE_EQUAL(hibc.scans.size(), 1u);
    BOOST_TEST(hibc.scans[0] == "+A123BJC5D6E71G");
}

BOOST_AUTO_TEST_CASE(the_aim_identifier_is_read_whatever_its_case)
{
    BOOST_TEST(KeyboardWedge::normalizeAim("]D28018950600013435200008") == "]d28018950600013435200008");
    BOOST_TEST(KeyboardWedge::normalizeAim("]c18017950600013435200091") == "]C18017950600013435200091");
    BOOST_TEST(KeyboardWedge::normalizeAim("]q3abc") == "]Q3abc");
    BOOST_TEST(KeyboardWedge::normalizeAim("]e00109506000134352") == "]e00109506000134352"); // DataBar: 16+
    BOOST_TEST(KeyboardWedge::normalizeAim("]e05012345678900") == "]E05012345678900");       // EAN-13
    BOOST_TEST(KeyboardWedge::normalizeAim("+A123BJC5D6E71G") == "+A123BJC5D6E71G");
    BOOST_TEST(KeyboardWedge::normalizeAim("]X") == "]X");
}

BOOST_AUTO_TEST_CASE(a_person_typing_is_not_a_scan_and_every_character_is_handed_on)
{
    KeyboardWedge wedge;
    long long clock = 1000;
    const auto typed = type(wedge, "Site clean, 12 mm", 180, clock);
    BOOST_TEST(typed.scans.empty());
    BOOST_TEST(typed.handedOn == "Site clean, 12 mm\n"); // the Enter goes on too
    BOOST_TEST(!wedge.holding());
}

BOOST_AUTO_TEST_CASE(fast_typing_without_enter_is_handed_on_whole)
{
    // A fast typist (or a burst with no Enter) is not a scan: nothing is swallowed.
    KeyboardWedge wedge;
    long long clock = 1000;
    std::string handedOn;
    for (char c : std::string("no redness"))
        handedOn += wedge.feed(static_cast<unsigned char>(c), false, clock += 20).release;
    BOOST_TEST(wedge.holding());
    handedOn += wedge.flush(clock + 30); // the scanner's gap has not passed yet
    BOOST_TEST(handedOn == "");
    handedOn += wedge.flush(clock + 200);
    BOOST_TEST(handedOn == "no redness");
    // a key that types nothing (Backspace) hands on what was held before it, then goes on itself
    wedge.feed('a', false, clock += 500);
    const auto r = wedge.feed(-1, false, clock += 5);
    BOOST_TEST(r.release == "a");
    BOOST_TEST(r.pass);
}

BOOST_AUTO_TEST_CASE(a_pause_before_a_burst_does_not_leak_into_it)
{
    KeyboardWedge wedge;
    long long clock = 1000;
    const auto stray = wedge.feed('x', false, clock += 300); // a stray key press
    BOOST_TEST(stray.release == "");
    const auto typed = type(wedge, "+A123BJC5D6E71G", 5, clock += 500);
    BOOST_REQUIRE_EQUAL(typed.scans.size(), 1u);
    BOOST_TEST(typed.scans[0] == "+A123BJC5D6E71G");
    BOOST_TEST(typed.handedOn == "x"); // the stray key went where it was typed
}

BOOST_AUTO_TEST_CASE(too_short_bursts_are_ignored)
{
    KeyboardWedge wedge;
    long long clock = 1000;
    const auto typed = type(wedge, "ab", 3, clock);
    BOOST_TEST(typed.scans.empty());
    BOOST_TEST(typed.handedOn == "ab\n");
}

BOOST_AUTO_TEST_SUITE_END()
