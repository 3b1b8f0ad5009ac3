#include "portside/core/StaffAuth.h"
#include "portside/core/ReferenceJson.h"

#include "TempDir.h"

#include <Poco/DigestEngine.h>
#include <Poco/HMACEngine.h>
#include <Poco/PBKDF2Engine.h>
#include <Poco/SHA2Engine.h>

#include <boost/test/unit_test.hpp>

using namespace portside;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(staff_auth)

BOOST_AUTO_TEST_CASE(badge_and_pin_sign_in_and_the_pin_is_not_stored)
{
    test::TempDir dir;
    core::ManualClock clock;
    core::EventStore store(dir.file("kiosk.db"), clock);
    const auto nurse = core::StaffAuth::make("1001", "Sam Nurse", "nurse", "2468", 1000);
    BOOST_TEST(nurse.pinHash.find("2468") == std::string::npos);
    BOOST_TEST(nurse.pinHash.size() == 64u);
    store.putStaff(nurse);
    core::StaffAuth auth(store, clock);
    const auto ok = auth.signIn("1001", "2468");
    BOOST_REQUIRE(ok.staff);
    BOOST_TEST(ok.staff->name == "Sam Nurse");
    const auto wrong = auth.signIn("1001", "1111");
    BOOST_TEST(!wrong.staff);
    BOOST_TEST(wrong.message.english() ==
               "Badge or PIN not recognised. Check both and try again. Attempts left before this badge is locked: 4.");
    // No hint which part was wrong: an unknown badge counts its attempts the same way.
    BOOST_TEST(auth.signIn("9999", "2468").message.english() == wrong.message.english());
}

BOOST_AUTO_TEST_CASE(a_pin_hashed_ahead_signs_in_alike_and_one_hashed_against_an_older_record_counts_nothing)
{
    // The shell hashes the PIN on a worker (challenge, prove, then signIn(proof)): the same answers as signIn(badge,
    // pin), and a sync that changed the staff member's PIN meanwhile neither signs in nor spends an attempt.
    test::TempDir dir;
    core::ManualClock clock;
    core::EventStore store(dir.file("kiosk.db"), clock);
    store.putStaff(core::StaffAuth::make("1001", "Sam Nurse", "nurse", "2468", 1000));
    core::StaffAuth auth(store, clock);
    auto right = auth.challenge("1001");
    BOOST_TEST(right.iterations == 1000);
    core::StaffAuth::prove(right, "2468");
    BOOST_TEST(right.hash.size() == 64u);
    BOOST_TEST(auth.signIn(right).staff.has_value());
    auto wrong = auth.challenge("1001");
    core::StaffAuth::prove(wrong, "1111");
    BOOST_TEST(auth.signIn(wrong).message.english() ==
               "Badge or PIN not recognised. Check both and try again. Attempts left before this badge is locked: 4.");
    // An unknown badge is hashed with the full count, so its refusal takes as long as a known one's.
    auto unknown = auth.challenge("9999");
    BOOST_TEST(unknown.iterations == core::StaffAuth::kIterations);
    BOOST_TEST(unknown.salt == "9999");
    // The PIN changes (a sync) between the challenge and the answer.
    auto stale = auth.challenge("1001");
    core::StaffAuth::prove(stale, "2468");
    store.putStaff(core::StaffAuth::make("1001", "Sam Nurse", "nurse", "1357", 1000));
    const auto refused = auth.signIn(stale);
    BOOST_TEST(!refused.staff);
    BOOST_TEST(refused.message.english().find("Enter your PIN again") != std::string::npos);
    BOOST_TEST(auth.signIn("1001", "9999").message.english().find("locked: 3.") != std::string::npos);
    // A proof never hashed is no proof.
    auto empty = auth.challenge("1001");
    BOOST_TEST(!auth.signIn(empty).staff);
    BOOST_TEST(auth.signIn("1001", "1357").staff.has_value());
}

BOOST_AUTO_TEST_CASE(repeated_failures_lock_the_badge_for_a_while)
{
    test::TempDir dir;
    core::ManualClock clock;
    core::EventStore store(dir.file("kiosk.db"), clock);
    store.putStaff(core::StaffAuth::make("1001", "Sam Nurse", "nurse", "2468", 1000));
    core::StaffAuth auth(store, clock, 3, 5min);
    auth.signIn("1001", "0");
    auth.signIn("1001", "0");
    BOOST_TEST(auth.signIn("1001", "0").message.english().find("locked for 5 minutes") != std::string::npos);
    BOOST_TEST(!auth.signIn("1001", "2468").staff); // even the right PIN waits out the lock
    // A restart of the kiosk does not lift the lock: the failures are kept with the record.
    core::StaffAuth restarted(store, clock, 3, 5min);
    BOOST_TEST(!restarted.signIn("1001", "2468").staff);
    clock.advance(5min + 1s);
    BOOST_TEST(auth.signIn("1001", "2468").staff.has_value());
}

BOOST_AUTO_TEST_CASE(attempts_left_are_told_and_a_supervisor_can_unlock_a_badge)
{
    test::TempDir dir;
    core::ManualClock clock;
    core::EventStore store(dir.file("kiosk.db"), clock);
    store.putStaff(core::StaffAuth::make("1001", "Sam Nurse", "nurse", "2468", 1000));
    core::StaffAuth auth(store, clock, 3, 5min);
    BOOST_TEST(auth.signIn("1001", "0").message.english().find("locked: 2.") != std::string::npos);
    BOOST_TEST(auth.signIn("1001", "0").message.english().find("locked: 1.") != std::string::npos);
    BOOST_TEST(auth.lockedBadges().empty());
    auth.signIn("1001", "0");
    const auto locked = auth.lockedBadges();
    BOOST_REQUIRE_EQUAL(locked.size(), 1u);
    BOOST_TEST(locked[0].first == "1001");
    auth.unlock("1001");
    BOOST_TEST(auth.lockedBadges().empty());
    BOOST_TEST(auth.signIn("1001", "2468").staff.has_value());
}

BOOST_AUTO_TEST_CASE(a_pin_is_digits_only_and_at_least_the_sites_minimum)
{
    BOOST_TEST(core::StaffAuth::pinProblem("123456").empty());
    BOOST_TEST(core::StaffAuth::pinProblem("00000000000000000000").empty()); // 20: as many as the keypad takes
    const auto shortPin = core::StaffAuth::pinProblem("1234");
    BOOST_TEST(shortPin.find("at least 6 digits (this one has 4)") != std::string::npos, shortPin);
    BOOST_TEST(core::StaffAuth::pinProblem("12345a").find("digits only") != std::string::npos);
    BOOST_TEST(core::StaffAuth::pinProblem("").find("digits only") != std::string::npos);
    BOOST_TEST(core::StaffAuth::pinProblem(" 123456").find("digits only") != std::string::npos);
    BOOST_TEST(core::StaffAuth::pinProblem(std::string(21, '1')).find("at most 20") != std::string::npos);
    BOOST_TEST(core::StaffAuth::pinProblem("1234567", 8).find("at least 8 digits") != std::string::npos);
    BOOST_TEST(core::StaffAuth::pinProblem("1234", 4).empty());

    // The site's setting: 6 unless it says otherwise; never below 4 or above what the keypad takes.
    core::SiteSettings site;
    BOOST_TEST(core::StaffAuth::minPinLength(site) == 6);
    site.set("staff.min_pin_length", "8");
    BOOST_TEST(core::StaffAuth::minPinLength(site) == 8);
    site.set("staff.min_pin_length", "2");
    BOOST_TEST(core::StaffAuth::minPinLength(site) == 4);
    site.set("staff.min_pin_length", "40");
    BOOST_TEST(core::StaffAuth::minPinLength(site) == 20);
    site.set("staff.min_pin_length", "six");
    BOOST_TEST(core::StaffAuth::minPinLength(site) == 6);
}

BOOST_AUTO_TEST_CASE(records_are_made_with_the_slow_count_and_older_records_still_verify)
{
    // PBKDF2-HMAC-SHA256 as RFC 7914 section 11 gives it (the first 32 bytes of its 64).
    BOOST_TEST(core::StaffAuth::hashPin("passwd", "salt", 1) ==
               "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc");
    BOOST_TEST(core::StaffAuth::hashPin("Password", "NaCl", 80000) ==
               "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56");

    test::TempDir dir;
    core::ManualClock clock;
    core::EventStore store(dir.file("kiosk.db"), clock);
    // A record made today carries today's count, sized by bench-pin (it was 20,000).
    const auto today = core::StaffAuth::make("1001", "Sam Nurse", "nurse", "123456");
    BOOST_TEST(today.iterations == core::StaffAuth::kIterations);
    BOOST_TEST(core::StaffAuth::kIterations >= 500000);
    store.putStaff(today);
    // One made before, with Poco's PBKDF2 and 20,000 rounds, as the server and the demo made them.
    struct SHA256 : Poco::SHA2Engine {
        enum { BLOCK_SIZE = 64, DIGEST_SIZE = 32 };
        SHA256() : Poco::SHA2Engine(SHA_256) {}
    };
    Poco::PBKDF2Engine<Poco::HMACEngine<SHA256>> before("0f1e2d3c4b5a69788796a5b4c3d2e1f0", 20000, 32);
    before.update("2468");
    store.putStaff({"2001",
                    "Lee Chen",
                    "supervisor",
                    Poco::DigestEngine::digestToHex(before.digest()),
                    "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
                    20000,
                    {}});
    core::StaffAuth auth(store, clock);
    BOOST_TEST(auth.signIn("1001", "123456").staff.has_value());
    BOOST_TEST(auth.signIn("2001", "2468").staff.has_value());
    BOOST_TEST(!auth.signIn("2001", "2469").staff);
}

BOOST_AUTO_TEST_CASE(a_staff_member_moved_to_another_ward_leaves_the_kiosk)
{
    test::TempDir dir;
    core::ManualClock clock;
    core::EventStore store(dir.file("kiosk.db"), clock);
    const auto nurse = core::StaffAuth::make("1001", "Sam Nurse", "nurse", "123456", 1000);
    BOOST_REQUIRE(core::applyReference(store, "staff", *core::toJson(nurse)));
    BOOST_REQUIRE(store.staff("1001"));
    Poco::JSON::Object removed; // what the server sends a kiosk outside the staff member's wards
    removed.set("badge", std::string("1001"));
    removed.set("removed", true);
    BOOST_TEST(core::applyReference(store, "staff", removed));
    BOOST_TEST(!store.staff("1001"));
    BOOST_TEST(!core::StaffAuth(store, clock).signIn("1001", "123456").staff);
    BOOST_TEST(core::applyReference(store, "staff", removed)); // again, or for a badge it never had: nothing
}

BOOST_AUTO_TEST_SUITE_END()
