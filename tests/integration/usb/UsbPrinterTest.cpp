// Real libusb against a Brother QL label printer emulated in-process with libumockdev.

#include <boost/test/unit_test.hpp>

#include "EmulatedBrotherQl.h"
#include "EmulatedLabelPrinters.h"
#include "Eventually.h"
#include "RunProcess.h"
#include "TempDir.h"

#include "portside/core/PrintQueue.h"
#include "portside/devices/LabelRenderer.h"
#include "portside/devices/UsbPrinter.h"

#include <chrono>
#include <mutex>
#include <thread>

using namespace portside;
using namespace std::chrono_literals;

namespace {

sdk::Raster label()
{
    const auto& model = devices::findPrinterModel("brother-ql-800");
    const auto& media = devices::findMedia(model, "62");
    return devices::LabelRenderer().render(core::dressingDateTemplate(59, 29), core::sampleDressingData(), 300,
                                           media.printableDots);
}

using test::eventually;

struct Queue {
    test::TempDir dir;
    core::ManualClock clock;
    core::EventStore store{dir.file("kiosk.db"), clock};
    const devices::PrinterModel& model = devices::findPrinterModel("brother-ql-800");
    devices::UsbLabelPrinter printer{model, devices::findMedia(model, "62")};
    core::PrintQueue queue{store, clock, core::PrintQueue::Options{100ms}};
    Queue() { queue.addPrinter("ward-7", printer); }
    std::string state(const std::string& id) { return store.printJob(id)->state; }
};

} // namespace

BOOST_AUTO_TEST_SUITE(usb_label_printers)

BOOST_AUTO_TEST_CASE(a_brother_ql_is_found_by_its_device_id_and_prints_a_label_to_completion)
{
    test::EmulatedBrotherQl ql;
    ql.plug();
    const auto found = devices::discoverUsbPrinters();
    BOOST_REQUIRE_EQUAL(found.size(), 1u);
    BOOST_TEST(found[0].model == "brother-ql-800");
    BOOST_TEST(found[0].deviceId.find("MDL:QL-800") != std::string::npos);
    const auto& model = devices::findPrinterModel("brother-ql-800");
    devices::UsbLabelPrinter printer(model, devices::findMedia(model, "62"));
    BOOST_TEST((printer.status().state == sdk::PrinterState::Ready));
    const auto raster = label();
    printer.print(raster, "job-1");
    BOOST_TEST(ql.printed() == 1);
    BOOST_TEST(ql.lastJobLines() == raster.heightDots);
    BOOST_TEST(ql.protocolErrors() == 0);
}

BOOST_AUTO_TEST_CASE(out_of_labels_mid_job_then_reloaded_prints_the_label_once)
{
    test::EmulatedBrotherQl ql;
    ql.plug();
    Queue q;
    ql.setNoMedia(true);
    const auto job = q.queue.submit("ward-7", label(), "run-1", "950600013435200008");
    BOOST_REQUIRE(eventually([&] { return q.state(job) == "failed"; }));
    BOOST_TEST(q.store.printJob(job)->reason == "Printer out of labels - load a 62 mm roll.");
    BOOST_TEST(ql.printed() == 0);
    ql.setNoMedia(false); // a nurse loads a roll
    BOOST_REQUIRE(eventually([&] { return q.state(job) == "printed"; }));
    std::this_thread::sleep_for(500ms); // several retry periods: nothing more is sent
    BOOST_TEST(ql.printed() == 1);
    BOOST_TEST(q.store.printJob(job)->state == "printed");
}

BOOST_AUTO_TEST_CASE(a_printer_unplugged_mid_job_keeps_the_job_with_a_reason_and_prints_when_back)
{
    test::EmulatedBrotherQl ql;
    ql.plug();
    ql.vanishAtLine(100);
    Queue q;
    // The reasons as the queue saves them: a retry may replace the first one with what the printer says next.
    std::mutex mutex;
    std::vector<std::string> reasons;
    q.queue.onChange([&](const core::PrintJob& j) {
        std::lock_guard<std::mutex> lock(mutex);
        if (j.state == "failed")
            reasons.push_back(j.reason);
    });
    const auto job = q.queue.submit("ward-7", label(), "run-2", "950600013435200008");
    BOOST_REQUIRE(eventually([&] {
        std::lock_guard<std::mutex> lock(mutex);
        return !reasons.empty(); // the listener hears of it just after the store has it
    }));
    {
        std::lock_guard<std::mutex> lock(mutex);
        BOOST_TEST(reasons.front().find("unplugged") != std::string::npos, reasons.front());
    }
    ql.unplug();
    std::this_thread::sleep_for(300ms);
    BOOST_TEST(q.state(job) == "failed"); // still waiting, not lost
    BOOST_TEST(ql.printed() == 0);
    ql.plug();
    BOOST_REQUIRE(eventually([&] { return q.state(job) == "printed"; }));
    BOOST_TEST(ql.printed() == 1);
}

BOOST_AUTO_TEST_CASE(portside_cli_lists_queries_and_prints_on_the_emulated_printer)
{
    // A separate process: the CLI inherits the preload and the testbed, its ioctls come back to this handler.
    test::EmulatedBrotherQl ql;
    ql.plug();
    const auto list = test::runProcess(PORTSIDE_CLI, {"printer", "list", "--json"});
    BOOST_TEST(list.exitCode == 0, list.err);
    BOOST_TEST(list.out.find("\"model\":\"brother-ql-800\"") != std::string::npos, list.out);
    const auto status = test::runProcess(PORTSIDE_CLI, {"printer", "status", "--printer", "brother-ql-800"});
    BOOST_TEST(status.exitCode == 0, status.err);
    BOOST_TEST(status.out == "Printer ready.\n");
    ql.load("62x29"); // a nurse puts in the die-cut roll the label is set up for
    const auto print =
        test::runProcess(PORTSIDE_CLI, {"printer", "print", "--printer", "brother-ql-800", "--media", "62x29"});
    BOOST_TEST(print.exitCode == 0, print.err);
    BOOST_TEST(ql.printed() == 1);
    BOOST_TEST(ql.lastJobLines() == 271);
    ql.setNoMedia(true);
    const auto empty = test::runProcess(PORTSIDE_CLI, {"printer", "status", "--printer", "brother-ql-800"});
    BOOST_TEST(empty.exitCode == 1);
    BOOST_TEST(empty.out == "Printer out of labels - load a 62 mm roll.\n");
}

BOOST_AUTO_TEST_CASE(a_zebra_prints_a_zpl_label_and_says_when_it_is_out_of_paper)
{
    test::EmulatedZebra zebra;
    zebra.plug();
    const auto& model = devices::findPrinterModel("zebra-zpl-203");
    const auto& media = devices::findMedia(model, "62x29");
    devices::UsbLabelPrinter printer(model, media);
    BOOST_TEST((printer.status().state == sdk::PrinterState::Ready));
    const auto raster = devices::LabelRenderer().render(core::dressingDateTemplate(62, 29), core::sampleDressingData(),
                                                        203, media.printableDots, media.lengthDots);
    printer.print(raster, "z-1");
    BOOST_REQUIRE(eventually([&] { return zebra.printed() == 1; }, 5s));
    BOOST_TEST(zebra.errors() == 0);
    zebra.setPaperOut(true);
    const auto out = printer.status();
    BOOST_TEST((out.state == sdk::PrinterState::OutOfMedia));
    BOOST_CHECK_THROW(printer.print(raster, "z-2"), std::runtime_error);
    BOOST_TEST(zebra.printed() == 1);
}

BOOST_AUTO_TEST_CASE(a_dymo_prints_a_label_line_by_line)
{
    test::EmulatedDymo dymo;
    dymo.plug();
    const auto& model = devices::findPrinterModel("dymo-lw450");
    const auto& media = devices::findMedia(model, "57x32");
    devices::UsbLabelPrinter printer(model, media);
    const auto raster = devices::LabelRenderer().render(
        core::dressingDateTemplate(media.printableDots * 25.4 / 300, media.lengthDots * 25.4 / 300),
        core::sampleDressingData(), 300, media.printableDots, media.lengthDots);
    printer.print(raster, "d-1");
    BOOST_REQUIRE(eventually([&] { return dymo.printed() == 1; }, 5s));
    BOOST_TEST(dymo.lastLabelLines() == raster.heightDots);
    BOOST_TEST(dymo.errors() == 0);
    dymo.setPaperOut(true);
    BOOST_TEST((printer.status().state == sdk::PrinterState::OutOfMedia));
}

BOOST_AUTO_TEST_SUITE_END()
