#include "portside/core/PrintQueue.h"

#include "TempDir.h"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>

using namespace portside;
using namespace std::chrono_literals;

namespace {

/// A printer whose state the test sets; it counts what it printed.
class FakePrinter : public sdk::PrinterPlugin {
public:
    std::atomic<int> printed{0};
    std::atomic<bool> ready{true};
    std::string id() const override { return "fake"; }
    std::string version() const override { return "1"; }
    void start(sdk::Host&) override {}
    void stop() override {}
    std::string model() const override { return "fake"; }
    sdk::PrinterStatus status() override
    {
        return ready ? sdk::PrinterStatus{sdk::PrinterState::Ready, "ready", ""}
                     : sdk::PrinterStatus{sdk::PrinterState::CoverOpen, "The printer's cover is open - close it.", ""};
    }
    void print(const sdk::Raster&, const std::string&) override
    {
        if (!ready)
            throw std::runtime_error("The printer's cover is open - close it.");
        ++printed;
    }
};

template <class Pred> bool eventually(Pred pred)
{
    const auto end = std::chrono::steady_clock::now() + 5s;
    while (!pred()) {
        if (std::chrono::steady_clock::now() > end)
            return false;
        std::this_thread::sleep_for(5ms);
    }
    return true;
}

const sdk::Raster kLabel{16, 2, 300, {0xff, 0x00, 0x0f, 0xf0}};

} // namespace

BOOST_AUTO_TEST_SUITE(print_queue)

BOOST_AUTO_TEST_CASE(a_job_is_printed_and_kept_in_history_and_a_reprint_is_a_new_job)
{
    test::TempDir dir;
    core::ManualClock clock;
    core::EventStore store(dir.file("kiosk.db"), clock);
    FakePrinter printer;
    core::PrintQueue queue(store, clock, {20ms, 1h});
    queue.addPrinter("ward", printer);
    const auto job = queue.submit("ward", kLabel, "run-1", "p1");
    BOOST_REQUIRE(eventually([&] { return store.printJob(job)->state == "printed"; }));
    BOOST_TEST((store.printJob(job)->bits == kLabel.bits));
    const auto again = queue.reprint(job);
    BOOST_TEST(again != job);
    BOOST_REQUIRE(eventually([&] { return store.printJob(again)->state == "printed"; }));
    BOOST_TEST(printer.printed == 2);
    BOOST_TEST(store.printJob(again)->runId == "run-1");
}

BOOST_AUTO_TEST_CASE(a_failed_job_waits_with_the_reason_and_prints_once_the_printer_is_ready)
{
    test::TempDir dir;
    core::ManualClock clock;
    core::EventStore store(dir.file("kiosk.db"), clock);
    FakePrinter printer;
    printer.ready = false;
    core::PrintQueue queue(store, clock, {20ms, 1h});
    queue.addPrinter("ward", printer);
    const auto job = queue.submit("ward", kLabel, "run-1", "p1");
    BOOST_REQUIRE(eventually([&] { return store.printJob(job)->state == "failed"; }));
    BOOST_TEST(store.printJob(job)->reason == "The printer's cover is open - close it.");
    std::this_thread::sleep_for(100ms);
    BOOST_TEST(printer.printed == 0);
    printer.ready = true;
    BOOST_REQUIRE(eventually([&] { return store.printJob(job)->state == "printed"; }));
    BOOST_TEST(printer.printed == 1);
}

BOOST_AUTO_TEST_CASE(a_label_still_waiting_is_not_reprinted_into_two)
{
    test::TempDir dir;
    core::ManualClock clock;
    core::EventStore store(dir.file("kiosk.db"), clock);
    FakePrinter printer;
    printer.ready = false;
    core::PrintQueue queue(store, clock, {20ms, 1h});
    queue.addPrinter("ward", printer);
    const auto job = queue.submit("ward", kLabel, "run-1", "p1");
    BOOST_REQUIRE(eventually([&] { return store.printJob(job)->state == "failed"; }));
    BOOST_CHECK_EXCEPTION(queue.reprint(job), core::Problem, [](const core::Problem& e) {
        return e.text().english().find("would print it twice") != std::string::npos;
    });
    printer.ready = true;
    BOOST_REQUIRE(eventually([&] { return store.printJob(job)->state == "printed"; }));
    BOOST_TEST(printer.printed == 1);
    queue.reprint(job); // printed: a reprint is a new label, on purpose
    BOOST_REQUIRE(eventually([&] { return printer.printed == 2; }));
}

BOOST_AUTO_TEST_CASE(a_supervisor_routes_a_waiting_job_to_another_printer)
{
    test::TempDir dir;
    core::ManualClock clock;
    core::EventStore store(dir.file("kiosk.db"), clock);
    FakePrinter broken, spare;
    broken.ready = false;
    core::PrintQueue queue(store, clock, {20ms, 1h});
    queue.addPrinter("bay-1", broken);
    queue.addPrinter("bay-2", spare);
    const auto job = queue.submit("bay-1", kLabel, "run-1", "p1");
    BOOST_REQUIRE(eventually([&] { return store.printJob(job)->state == "failed"; }));
    queue.route(job, "bay-2");
    BOOST_REQUIRE(eventually([&] { return store.printJob(job)->state == "printed"; }));
    BOOST_TEST(spare.printed == 1);
    BOOST_TEST(store.printJob(job)->printer == "bay-2");
    BOOST_CHECK_THROW(queue.route(job, "bay-1"), std::invalid_argument); // printed: reprint instead
}

BOOST_AUTO_TEST_CASE(a_job_caught_sending_by_a_restart_is_not_resent_on_its_own)
{
    test::TempDir dir;
    core::ManualClock clock;
    core::EventStore store(dir.file("kiosk.db"), clock);
    core::PrintJob stuck;
    stuck.id = "stuck";
    stuck.printer = "ward";
    stuck.state = "sending";
    stuck.widthDots = 16;
    stuck.heightDots = 2;
    stuck.dpi = 300;
    stuck.bits = kLabel.bits;
    store.putPrintJob(stuck);
    FakePrinter printer;
    core::PrintQueue queue(store, clock, {20ms, 1h});
    queue.addPrinter("ward", printer);
    std::this_thread::sleep_for(150ms);
    BOOST_TEST(printer.printed == 0);
    BOOST_TEST(store.printJob("stuck")->state == "failed");
    BOOST_TEST(store.printJob("stuck")->reason.find("Check whether it printed") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
