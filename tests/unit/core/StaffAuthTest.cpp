#include "portside/core/StaffAuth.h"

#include "TempDir.h"

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

BOOST_AUTO_TEST_SUITE_END()
