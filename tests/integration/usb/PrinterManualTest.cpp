// The drivers against emulated printers that hold them to the printers' own references (see EmulatedBrotherQl.h and
// tests/support/BrotherReference.h): every listed medium prints; the streams the old drivers sent
// (tests/data/golden/old) are refused where they broke the references; printing is confirmed by the printer, never
// cancelled by a status poll, never repeated.

#include <boost/test/unit_test.hpp>

#include "EmulatedBrotherQl.h"
#include "EmulatedLabelPrinters.h"
#include "Eventually.h"
#include "RunProcess.h"
#include "TempDir.h"

#include "portside/core/PrintQueue.h"
#include "portside/devices/LabelRenderer.h"
#include "portside/devices/UsbPrinter.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <thread>

using namespace portside;
using namespace std::chrono_literals;

namespace {

sdk::Raster dressingLabel(const devices::PrinterModel& model, const devices::MediaSpec& media)
{
    return devices::LabelRenderer().render(
        core::dressingDateTemplate(media.printableDots * 25.4 / model.dpi, devices::labelLengthMm(model, media)),
        core::sampleDressingData(), model.dpi, media.printableDots, media.lengthDots);
}

std::vector<std::uint8_t> oldStream(const std::string& name)
{
    std::ifstream in(std::string(PORTSIDE_GOLDEN_DIR) + "/old/" + name, std::ios::binary);
    BOOST_REQUIRE_MESSAGE(in, "no old stream " << name);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

using test::eventually;

/// Status types of the frames a Brother sends after a job, until "printing completed" or an error, or silence.
std::vector<int> sendToBrother(std::uint16_t product, const std::vector<std::uint8_t>& job)
{
    devices::UsbPrinterTransport usb(0x04f9, product);
    while (usb.read(32, 50).size() == 32) {
    } // what an earlier job left unread
    usb.write(job, 10000);
    std::vector<int> types;
    for (int silent = 0; silent < 4;) {
        const auto frame = usb.read(32, 100);
        if (frame.size() != 32) {
            ++silent;
            continue;
        }
        types.push_back(frame[18]);
        if (frame[18] == 1 || frame[18] == 2)
            break;
    }
    return types;
}

bool has(const std::vector<std::string>& violations, const std::string& part)
{
    return std::any_of(violations.begin(), violations.end(),
                       [&](const std::string& v) { return v.find(part) != std::string::npos; });
}

std::string joined(const std::vector<std::string>& list)
{
    std::string out;
    for (const auto& v : list)
        out += v + "; ";
    return out;
}

std::string referenceName(const std::string& model) // "brother-ql-820nwb" -> "QL-820NWB"
{
    std::string name = model.substr(std::string("brother-").size());
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::toupper(c); });
    return name;
}

} // namespace

BOOST_AUTO_TEST_SUITE(printers_held_to_their_manuals)

BOOST_AUTO_TEST_CASE(every_medium_printer_models_lists_prints_on_its_emulated_printer)
{
    int labels = 0;
    for (const auto& model : devices::printerModels()) {
        if (model.language == devices::PrinterModel::Language::Png)
            continue;
        for (const auto& media : model.media) {
            BOOST_TEST_CONTEXT(model.name << " " << media.name)
            {
                const auto raster = dressingLabel(model, media);
                devices::UsbLabelPrinter printer(model, media);
                if (model.language == devices::PrinterModel::Language::BrotherRaster) {
                    test::EmulatedBrotherQl ql(referenceName(model.name), media.name);
                    ql.plug();
                    BOOST_CHECK_NO_THROW(printer.print(raster, "label"));
                    BOOST_TEST(ql.printed() == 1);
                    BOOST_TEST(ql.spoiled() == 0);
                    BOOST_TEST(ql.lastJobLines() == raster.heightDots);
                    BOOST_TEST(ql.violations().empty(), joined(ql.violations()));
                    printer.stop();
                } else if (model.language == devices::PrinterModel::Language::Zpl) {
                    test::EmulatedZebra zebra(model.dpi, media.name);
                    zebra.plug();
                    BOOST_CHECK_NO_THROW(printer.print(raster, "label"));
                    BOOST_TEST(zebra.printed() == 1);
                    BOOST_TEST(zebra.violations().empty(), joined(zebra.violations()));
                    printer.stop();
                } else {
                    test::EmulatedDymo dymo(media.name);
                    dymo.plug();
                    BOOST_CHECK_NO_THROW(printer.print(raster, "label"));
                    BOOST_TEST(dymo.printed() == 1);
                    BOOST_TEST(dymo.lastLabelLines() == raster.heightDots);
                    BOOST_TEST(dymo.violations().empty(), joined(dymo.violations()));
                    printer.stop();
                }
                ++labels;
            }
        }
    }
    BOOST_TEST(labels >= 31);
}

BOOST_AUTO_TEST_CASE(portside_cli_renders_every_medium_printer_models_lists)
{
    test::TempDir dir;
    for (const auto& model : devices::printerModels())
        for (const auto& media : model.media) {
            const auto out = dir.file(model.name + "-" + media.name + ".out");
            const auto run =
                test::runProcess(PORTSIDE_CLI, {"label", "render", "--template", "dressing-date", "--printer",
                                                model.name, "--media", media.name, "--out", out});
            BOOST_TEST(run.exitCode == 0, model.name << " " << media.name << ": " << run.err);
            BOOST_TEST(std::ifstream(out, std::ios::ate).tellg() > 1000, model.name << " " << media.name);
        }
}

BOOST_AUTO_TEST_CASE(the_ql800_refuses_the_old_compressed_stream_and_prints_the_new_one)
{
    test::EmulatedBrotherQl ql("QL-800", "62");
    ql.plug();
    sendToBrother(0x209b, oldStream("brother-ql-800-62.bin"));
    BOOST_TEST(ql.printed() == 0);
    BOOST_TEST(ql.spoiled() == 1);
    BOOST_TEST(has(ql.violations(), "M 02"), joined(ql.violations()));
    BOOST_TEST(has(ql.violations(), "invalidate of 200 bytes"), joined(ql.violations()));
    const auto& model = devices::findPrinterModel("brother-ql-800");
    const auto& media = devices::findMedia(model, "62");
    const auto job = devices::encodeLabel(model, media, dressingLabel(model, media));
    BOOST_TEST((sendToBrother(0x209b, job) == std::vector<int>{6, 1}));
    BOOST_TEST(ql.printed() == 1);
}

BOOST_AUTO_TEST_CASE(the_ql1100_finds_the_old_62_mm_label_off_the_tape_and_the_old_103_mm_roll_wrong)
{
    {
        test::EmulatedBrotherQl ql("QL-1100", "62");
        ql.plug();
        sendToBrother(0x20a7, oldStream("brother-ql-1100-62.bin"));
        BOOST_TEST(ql.printed() == 0);
        BOOST_TEST(has(ql.violations(), "outside the 62 roll's print area"), joined(ql.violations()));
        const auto& model = devices::findPrinterModel("brother-ql-1100");
        const auto& media = devices::findMedia(model, "62");
        sendToBrother(0x20a7, devices::encodeLabel(model, media, dressingLabel(model, media)));
        BOOST_TEST(ql.printed() == 1);
    }
    {
        test::EmulatedBrotherQl ql("QL-1100", "103");
        ql.plug();
        BOOST_TEST((sendToBrother(0x20a7, oldStream("brother-ql-1100-103.bin")) == std::vector<int>{2}));
        BOOST_TEST(ql.printed() + ql.spoiled() == 0); // "replace media": nothing printed
        const auto& model = devices::findPrinterModel("brother-ql-1100");
        const auto& media = devices::findMedia(model, "103");
        BOOST_TEST((sendToBrother(0x20a7, devices::encodeLabel(model, media, dressingLabel(model, media))) ==
                    std::vector<int>{6, 1}));
        BOOST_TEST(ql.printed() == 1);
    }
}

BOOST_AUTO_TEST_CASE(the_red_black_roll_needs_the_two_colour_bit)
{
    test::EmulatedBrotherQl ql("QL-800", "62red");
    ql.plug();
    const auto& model = devices::findPrinterModel("brother-ql-800");
    // the old driver's stream had no two-colour bit; so has today's for the black-only 62 mm roll
    const auto& plain = devices::findMedia(model, "62");
    BOOST_TEST((sendToBrother(0x209b, devices::encodeLabel(model, plain, dressingLabel(model, plain))) ==
                std::vector<int>{2}));
    BOOST_TEST((sendToBrother(0x209b, oldStream("brother-ql-800-62.bin")) == std::vector<int>{2}));
    BOOST_TEST(ql.printed() == 0);
    BOOST_TEST(has(ql.violations(), "two-colour bit"));
    const auto& red = devices::findMedia(model, "62red");
    BOOST_TEST(
        (sendToBrother(0x209b, devices::encodeLabel(model, red, dressingLabel(model, red))) == std::vector<int>{6, 1}));
    BOOST_TEST(ql.printed() == 1);
}

BOOST_AUTO_TEST_CASE(a_packbits_line_longer_than_the_line_is_sent_as_all_different)
{
    // A busy label whose lines PackBits makes longer than 90 bytes.
    const auto& model = devices::findPrinterModel("brother-ql-820nwb");
    const auto& media = devices::findMedia(model, "62");
    sdk::Raster raster{media.printableDots, 40, 300, {}};
    std::minstd_rand random(17);
    raster.bits.resize(static_cast<std::size_t>((raster.widthDots + 7) / 8) * raster.heightDots);
    for (auto& b : raster.bits)
        b = static_cast<std::uint8_t>(random());
    const auto row = static_cast<std::size_t>((raster.widthDots + 7) / 8);
    for (int y = 0; y < raster.heightDots; ++y) // keep the last partial byte inside the print area
        raster.bits[(y + 1) * row - 1] &= static_cast<std::uint8_t>(0xff << (8 - raster.widthDots % 8));
    const auto job = devices::encodeLabel(model, media, raster);
    // The same job as the old driver sent it: each line as plain PackBits, however long.
    std::vector<std::uint8_t> old;
    std::size_t i = 0;
    for (bool header = true; i < job.size();) {
        if (header && job[i] == 0x4d && i + 1 < job.size() && job[i + 1] == 0x02) {
            old.insert(old.end(), {0x4d, 0x02});
            i += 2;
            header = false;
            continue;
        }
        if (header) {
            old.push_back(job[i++]);
            continue;
        }
        if (job[i] == 0x67) {
            const std::size_t n = job[i + 2];
            std::vector<std::uint8_t> line;
            for (std::size_t k = i + 3; k < i + 3 + n;) { // unpack today's line
                const int c = static_cast<std::int8_t>(job[k++]);
                if (c >= 0) {
                    line.insert(line.end(), job.begin() + static_cast<long>(k),
                                job.begin() + static_cast<long>(k) + c + 1);
                    k += static_cast<std::size_t>(c) + 1;
                } else {
                    line.insert(line.end(), static_cast<std::size_t>(1 - c), job[k++]);
                }
            }
            const auto packed = devices::packBits(line.data(), line.size());
            old.insert(old.end(), {0x67, 0x00, static_cast<std::uint8_t>(packed.size())});
            old.insert(old.end(), packed.begin(), packed.end());
            i += 3 + n;
        } else {
            old.push_back(job[i++]);
        }
    }
    {
        test::EmulatedBrotherQl ql("QL-820NWB", "62");
        ql.plug();
        sendToBrother(0x209d, old);
        BOOST_TEST(ql.printed() == 0);
        BOOST_TEST(has(ql.violations(), "longer than the line sent as all different"), joined(ql.violations()));
    }
    test::EmulatedBrotherQl ql("QL-820NWB", "62");
    ql.plug();
    sendToBrother(0x209d, job);
    BOOST_TEST(ql.printed() == 1);
    BOOST_TEST(ql.violations().empty(), joined(ql.violations()));
}

BOOST_AUTO_TEST_CASE(the_old_stream_never_hears_printing_completed_once_notification_is_off)
{
    test::EmulatedBrotherQl ql("QL-800", "62");
    ql.setAutoNotify(false); // as Brother's own software left it
    ql.plug();
    BOOST_TEST(sendToBrother(0x209b, oldStream("brother-ql-800-62.bin")).empty());
    const auto& model = devices::findPrinterModel("brother-ql-800");
    const auto& media = devices::findMedia(model, "62");
    BOOST_TEST((sendToBrother(0x209b, devices::encodeLabel(model, media, dressingLabel(model, media))) ==
                std::vector<int>{6, 1}));
}

BOOST_AUTO_TEST_CASE(the_dymo_refuses_the_old_89x36_label_on_its_side)
{
    test::EmulatedDymo dymo("89x36");
    dymo.plug();
    {
        devices::UsbPrinterTransport usb(0x0922, 0x0020);
        usb.write(oldStream("dymo-lw450-89x36.bin"));
    }
    BOOST_REQUIRE(eventually([&] { return dymo.printed() + dymo.spoiled() == 1; }, 5s));
    BOOST_TEST(dymo.spoiled() == 1);
    BOOST_TEST(has(dymo.violations(), "beyond the label's 425 dots"), joined(dymo.violations()));
    const auto& model = devices::findPrinterModel("dymo-lw450");
    const auto& media = devices::findMedia(model, "89x36");
    devices::UsbLabelPrinter printer(model, media);
    printer.print(dressingLabel(model, media), "d");
    BOOST_TEST(dymo.printed() == 1);
}

BOOST_AUTO_TEST_CASE(a_dymo_label_in_graphics_mode_would_come_out_at_half_length)
{
    // ESC i asks for 600 lines per inch in the travel direction: the old 300 dpi stream sent after it covered half
    // the 32 mm label. The driver now sends ESC h (300 x 300).
    test::EmulatedDymo dymo("57x32");
    dymo.plug();
    {
        devices::UsbPrinterTransport usb(0x0922, 0x0020);
        usb.write(oldStream("dymo-lw450-57x32.bin"));
    }
    BOOST_REQUIRE(eventually([&] { return dymo.printed() + dymo.spoiled() == 1; }, 5s));
    BOOST_TEST(dymo.spoiled() == 1);
    BOOST_TEST(has(dymo.violations(), "of the label's 32 mm"), joined(dymo.violations()));
    const auto& model = devices::findPrinterModel("dymo-lw450");
    const auto& media = devices::findMedia(model, "57x32");
    devices::UsbLabelPrinter printer(model, media);
    printer.print(dressingLabel(model, media), "d");
    BOOST_TEST(dymo.printed() == 1);
}

BOOST_AUTO_TEST_CASE(status_after_a_print_is_the_printers_answer_not_a_leftover_frame)
{
    test::EmulatedBrotherQl ql("QL-800", "62");
    ql.plug();
    const auto& model = devices::findPrinterModel("brother-ql-800");
    const auto& media = devices::findMedia(model, "62");
    devices::UsbLabelPrinter printer(model, media);
    printer.print(dressingLabel(model, media), "1"); // leaves the "waiting to receive" phase frame unread
    ql.setNoMedia(true);
    const auto st = printer.status();
    BOOST_TEST((st.state == sdk::PrinterState::OutOfMedia));
    BOOST_TEST(st.message == "Printer out of labels - load a 62 mm roll.");
}

BOOST_AUTO_TEST_CASE(a_status_poll_does_not_cancel_a_label_still_printing_after_the_wait)
{
    test::EmulatedBrotherQl ql("QL-800", "62");
    ql.holdPrinting(true); // a label that takes longer than the driver waits
    ql.plug();
    const auto& model = devices::findPrinterModel("brother-ql-800");
    const auto& media = devices::findMedia(model, "62");
    devices::UsbLabelPrinter printer(model, media);
    printer.setConfirmTimeout(300ms);
    BOOST_CHECK_THROW(printer.print(dressingLabel(model, media), "1"), sdk::PrintUnconfirmed);
    BOOST_TEST(ql.printing());
    const auto busy = printer.status();
    BOOST_TEST((busy.state == sdk::PrinterState::Busy));
    BOOST_TEST(ql.cancelled() == 0);
    BOOST_TEST(ql.violations().empty(), joined(ql.violations())); // no ESC @, no ESC i S while it printed
    ql.release();
    BOOST_REQUIRE(eventually([&] { return printer.status().state == sdk::PrinterState::Ready; }, 5s));
    BOOST_TEST(ql.printed() == 1);
    BOOST_TEST(ql.cancelled() == 0);
}

namespace {

struct Queue {
    explicit Queue(const std::string& modelName) : model(devices::findPrinterModel(modelName)) {}
    test::TempDir dir;
    core::ManualClock clock;
    core::EventStore store{dir.file("kiosk.db"), clock};
    const devices::PrinterModel& model;
    devices::UsbLabelPrinter printer{model, devices::findMedia(model, "62")};
    std::unique_ptr<core::PrintQueue> queue;
    void start()
    {
        queue = std::make_unique<core::PrintQueue>(store, clock, core::PrintQueue::Options{100ms});
        queue->addPrinter("ward-7", printer);
    }
    std::string submit()
    {
        const auto& media = devices::findMedia(model, "62");
        return queue->submit("ward-7", dressingLabel(model, media), "run-1", "950600013435200008");
    }
    core::PrintJob job(const std::string& id) { return *store.printJob(id); }
};

} // namespace

BOOST_AUTO_TEST_CASE(with_notification_switched_off_at_start_the_label_prints_once_and_is_confirmed)
{
    test::EmulatedBrotherQl ql("QL-800", "62");
    ql.setAutoNotify(false); // another program switched it off (ESC i ! 1); it stays off until power-off
    ql.plug();
    Queue q("brother-ql-800");
    q.start();
    const auto id = q.submit();
    BOOST_REQUIRE(eventually([&] { return q.job(id).state == "printed"; }));
    std::this_thread::sleep_for(500ms); // several retry periods: nothing more is sent
    BOOST_TEST(ql.printed() == 1);
    BOOST_TEST(q.job(id).state == "printed");
    BOOST_TEST(q.job(id).attempts == 1);
}

BOOST_AUTO_TEST_CASE(a_label_the_printer_never_confirms_is_kept_for_a_nurse_and_never_printed_twice)
{
    test::EmulatedBrotherQl ql("QL-800", "62");
    ql.holdPrinting(true);
    ql.plug();
    Queue q("brother-ql-800");
    q.printer.setConfirmTimeout(300ms);
    q.start();
    const auto id = q.submit();
    BOOST_REQUIRE(eventually([&] { return q.job(id).state == "failed"; }));
    BOOST_TEST(q.job(id).attempts == -1); // not to be retried on its own
    BOOST_TEST(q.job(id).reason.find("may have printed") != std::string::npos, q.job(id).reason);
    ql.release(); // the label comes out after all
    std::this_thread::sleep_for(600ms);
    BOOST_TEST(ql.printed() == 1);
    BOOST_TEST(ql.cancelled() == 0);
    BOOST_TEST(q.job(id).state == "failed");
    BOOST_TEST(ql.violations().empty(), joined(ql.violations()));
}

BOOST_AUTO_TEST_CASE(an_error_after_the_label_came_out_is_checked_by_a_nurse_not_printed_again)
{
    // A cutter jam as the label leaves: the label is out, then the error. Once the jam is cleared the queue must not
    // send the label again on its own.
    test::EmulatedBrotherQl ql("QL-800", "62");
    ql.jamAfterPrint(true);
    ql.plug();
    Queue q("brother-ql-800");
    q.printer.setConfirmTimeout(2s);
    q.start();
    const auto id = q.submit();
    BOOST_REQUIRE(eventually([&] { return q.job(id).state == "failed"; }));
    BOOST_TEST(q.job(id).attempts == -1, q.job(id).reason);
    BOOST_TEST(q.job(id).reason.find("may have printed") != std::string::npos, q.job(id).reason);
    ql.clearJam();
    std::this_thread::sleep_for(1500ms); // several retry rounds of the queue
    BOOST_TEST(ql.printed() == 1);
    BOOST_TEST(q.job(id).state == "failed");
}

BOOST_AUTO_TEST_CASE(a_printer_replugged_after_an_unconfirmed_label_reports_its_state_not_still_printing)
{
    // The printer was switched off with a label unconfirmed; it comes back without its roll. Status must say so, not
    // "still printing" for two minutes.
    auto ql = std::make_unique<test::EmulatedBrotherQl>("QL-800", "62");
    std::optional<test::EmulatedBrotherQl> fresh; // outlives the printer object, which lets go of it last
    ql->holdPrinting(true);
    ql->plug();
    const auto& model = devices::findPrinterModel("brother-ql-800");
    const auto& media = devices::findMedia(model, "62");
    devices::UsbLabelPrinter printer(model, media);
    printer.setConfirmTimeout(300ms);
    BOOST_CHECK_THROW(printer.print(dressingLabel(model, media), "1"), sdk::PrintUnconfirmed);
    BOOST_TEST((printer.status().state == sdk::PrinterState::Busy)); // it may still be printing
    ql->unplug(); // switched off; kept off the bus, and another (the same, powered up afresh) comes back
    BOOST_TEST((printer.status().state == sdk::PrinterState::Offline));
    fresh.emplace("QL-800", "62");
    fresh->setNoMedia(true);
    fresh->plug();
    BOOST_REQUIRE(eventually([&] { return printer.status().state != sdk::PrinterState::Offline; }, 5s));
    const auto st = printer.status();
    BOOST_TEST((st.state == sdk::PrinterState::OutOfMedia), st.message);
}

BOOST_AUTO_TEST_SUITE_END()
