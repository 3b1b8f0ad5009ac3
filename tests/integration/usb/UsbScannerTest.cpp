// Real libusb against HID barcode scanners emulated in-process with libumockdev (run under umockdev-wrapper).

#define BOOST_TEST_MODULE portside usb scanners
#include <boost/test/unit_test.hpp>

#include "EmulatedUsbDevice.h"

#include "portside/core/ScanInterpreter.h"
#include "portside/devices/UsbHidScanner.h"

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>

using namespace portside;
using namespace std::chrono_literals;

namespace {

/// Collects what the driver reports, and lets the test wait for it.
class Sink : public sdk::ScanSink {
public:
    void onScan(const sdk::RawScan& scan) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        scans.push_back(scan);
        _changed.notify_all();
    }
    void onScannerState(const std::string& source, bool connected, const std::string& message) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        states.push_back({source, connected, message});
        _changed.notify_all();
    }
    template <class Pred> bool waitFor(Pred pred, std::chrono::milliseconds deadline = 10s)
    {
        std::unique_lock<std::mutex> lock(_mutex);
        return _changed.wait_for(lock, deadline, [&] { return pred(); });
    }
    struct State {
        std::string source;
        bool connected;
        std::string message;
    };
    std::vector<sdk::RawScan> scans;
    std::vector<State> states;

private:
    std::mutex _mutex;
    std::condition_variable _changed;
};

struct Preloaded {
    Preloaded()
    {
        const char* preload = std::getenv("LD_PRELOAD");
        BOOST_REQUIRE_MESSAGE(preload && std::strstr(preload, "umockdev-preload"),
                              "run this test through umockdev-wrapper (CTest does)");
    }
};
BOOST_TEST_GLOBAL_FIXTURE(Preloaded);

const std::string kScan = "]d2"
                          "0109506003001002"
                          "17271231"
                          "10LOT-1/2"
                          "\x1d"
                          "21SER/9-A";

} // namespace

BOOST_AUTO_TEST_SUITE(usb_hid_scanners)

BOOST_AUTO_TEST_CASE(a_keyboard_scanner_scan_arrives_intact_with_gs_aim_and_lot_characters)
{
    test::EmulatedHidScanner device(test::EmulatedHidScanner::Kind::Keyboard, 0x05e0, 0x1200);
    device.plug();
    Sink sink;
    devices::UsbHidScanner scanner(sink);
    scanner.start();
    BOOST_REQUIRE(sink.waitFor([&] { return !sink.states.empty(); }));
    BOOST_TEST(sink.states[0].connected);
    BOOST_TEST(sink.states[0].source == "usb-hid-keyboard:05e0:1200");
    device.type(kScan);
    BOOST_REQUIRE(sink.waitFor([&] { return !sink.scans.empty(); }));
    BOOST_TEST(sink.scans[0].aim == "]d2");
    BOOST_TEST(sink.scans[0].bytes == kScan.substr(3));
    BOOST_TEST(sink.scans[0].source == "usb-hid-keyboard:05e0:1200");
    const auto parsed = core::ScanInterpreter(2026).interpret(sink.scans[0].bytes, sink.scans[0].aim);
    BOOST_TEST(parsed.ok, parsed.error);
    BOOST_TEST(parsed.lot == "LOT-1/2");
    BOOST_TEST(parsed.serial == "SER/9-A");
    BOOST_TEST(parsed.expiry == "2027-12-31");
    scanner.stop();
}

BOOST_AUTO_TEST_CASE(a_hid_pos_scanner_scan_spanning_two_reports_arrives_intact)
{
    test::EmulatedHidScanner device(test::EmulatedHidScanner::Kind::Pos, 0x0c2e, 0x0b61);
    device.plug();
    Sink sink;
    devices::UsbHidScanner scanner(sink);
    scanner.start();
    BOOST_REQUIRE(sink.waitFor([&] { return !sink.states.empty(); }));
    BOOST_TEST(sink.states[0].source == "usb-hid-pos:0c2e:0b61");
    const std::string data = "0109506003001002"
                             "17271231"
                             "10LOT-1/2"
                             "\x1d"
                             "21SERIAL/0123456789-ABCDEFGHIJ"
                             "\x1d"
                             "240X-1";
    BOOST_REQUIRE_GT(data.size(), 56u);
    device.scanPos(data, "]d2");
    BOOST_REQUIRE(sink.waitFor([&] { return !sink.scans.empty(); }));
    BOOST_TEST(sink.scans[0].aim == "]d2");
    BOOST_TEST(sink.scans[0].bytes == data);
    BOOST_TEST(device.delivered() == 2u);
    scanner.stop();
}

BOOST_AUTO_TEST_CASE(an_unplug_mid_scan_is_reported_and_a_replugged_scanner_works_again)
{
    test::EmulatedHidScanner device(test::EmulatedHidScanner::Kind::Keyboard, 0x05e0, 0x1200);
    device.plug();
    Sink sink;
    devices::UsbHidScanner scanner(sink);
    scanner.start();
    BOOST_REQUIRE(sink.waitFor([&] { return sink.states.size() == 1; }));
    device.type(kScan.substr(0, 12), false); // half a scan, no Enter
    // 12 characters = 24 reports (press and release); wait until the host has taken them all.
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (device.delivered() < 24 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(5ms);
    BOOST_REQUIRE_EQUAL(device.delivered(), 24u);
    device.unplug();
    BOOST_REQUIRE(sink.waitFor([&] { return sink.states.size() == 2; }));
    BOOST_TEST(!sink.states[1].connected);
    BOOST_TEST(sink.states[1].message.find("Scanner unplugged") == 0u, sink.states[1].message);
    BOOST_TEST(sink.states[1].message.find("cut short") != std::string::npos, sink.states[1].message);
    BOOST_TEST(sink.scans.empty()); // the half scan is not used
    BOOST_TEST(scanner.source().empty());

    device.plug();
    BOOST_REQUIRE(sink.waitFor([&] { return sink.states.size() == 3; }));
    BOOST_TEST(sink.states[2].connected);
    device.type(kScan);
    BOOST_REQUIRE(sink.waitFor([&] { return !sink.scans.empty(); }));
    BOOST_TEST(sink.scans[0].bytes == kScan.substr(3));
    scanner.stop();
}

BOOST_AUTO_TEST_SUITE_END()
