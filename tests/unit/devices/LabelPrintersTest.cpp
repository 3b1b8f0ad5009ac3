#include "portside/devices/LabelPrinters.h"
#include "portside/devices/FrameDecoder.h"
#include "portside/devices/LabelRenderer.h"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>
#include <iterator>

using namespace portside;
using namespace portside::devices;

namespace {

/// The dressing label for fixed data, rendered for a model and media as `portside-cli label render` does.
sdk::Raster dressingLabel(const PrinterModel& model, const MediaSpec& media)
{
    const double lengthMm = media.lengthDots > 0 ? media.lengthDots * 25.4 / model.dpi : 29;
    return LabelRenderer().render(core::dressingDateTemplate(media.printableDots * 25.4 / model.dpi, lengthMm),
                                  core::sampleDressingData(), model.dpi, media.printableDots, media.lengthDots);
}

std::size_t blackDots(const sdk::Raster& r)
{
    std::size_t n = 0;
    for (auto b : r.bits)
        n += static_cast<std::size_t>(__builtin_popcount(b));
    return n;
}

std::vector<std::uint8_t> unpackBits(const std::vector<std::uint8_t>& in)
{
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i < in.size();) {
        const auto n = static_cast<std::int8_t>(in[i++]);
        if (n >= 0) {
            out.insert(out.end(), in.begin() + static_cast<long>(i), in.begin() + static_cast<long>(i) + n + 1);
            i += static_cast<std::size_t>(n) + 1;
        } else {
            out.insert(out.end(), static_cast<std::size_t>(1 - n), in[i++]);
        }
    }
    return out;
}

/// An independent reading of a Brother QL raster job: command order, line count, line width, dots.
struct BrotherJob {
    std::size_t declaredLines = 0, lines = 0, dots = 0;
    bool modeSwitch = false, compressed = false, endsWithPrint = false;
};

BrotherJob readBrother(const std::vector<std::uint8_t>& s, std::size_t headBytes)
{
    BrotherJob job;
    std::size_t i = 0;
    while (i < s.size() && s[i] == 0)
        ++i;
    BOOST_REQUIRE_EQUAL(i, 200u); // invalidate
    auto expect = [&](std::initializer_list<std::uint8_t> bytes) {
        for (auto b : bytes)
            BOOST_REQUIRE_EQUAL(static_cast<int>(s.at(i++)), static_cast<int>(b));
    };
    expect({0x1b, 0x40});
    if (s[i] == 0x1b && s[i + 1] == 0x69 && s[i + 2] == 0x61) {
        expect({0x1b, 0x69, 0x61, 0x01});
        job.modeSwitch = true;
    }
    expect({0x1b, 0x69, 0x7a});
    job.declaredLines = s[i + 4] | (s[i + 5] << 8) | (s[i + 6] << 16) | (static_cast<std::size_t>(s[i + 7]) << 24);
    i += 10;
    expect({0x1b, 0x69, 0x4d});
    ++i;
    expect({0x1b, 0x69, 0x41});
    ++i;
    expect({0x1b, 0x69, 0x4b});
    ++i;
    expect({0x1b, 0x69, 0x64});
    i += 2;
    if (s[i] == 0x4d) {
        expect({0x4d, 0x02});
        job.compressed = true;
    }
    while (i < s.size() && s[i] != 0x1a) {
        if (s[i] == 0x5a) { // empty line
            ++i;
            ++job.lines;
            continue;
        }
        BOOST_REQUIRE_EQUAL(static_cast<int>(s[i]), 0x67);
        const std::size_t n = s[i + 2];
        std::vector<std::uint8_t> line(s.begin() + static_cast<long>(i) + 3, s.begin() + static_cast<long>(i + 3 + n));
        if (job.compressed)
            line = unpackBits(line);
        BOOST_REQUIRE_EQUAL(line.size(), headBytes);
        for (auto b : line)
            job.dots += static_cast<std::size_t>(__builtin_popcount(b));
        i += 3 + n;
        ++job.lines;
    }
    job.endsWithPrint = i == s.size() - 1 && s[i] == 0x1a;
    return job;
}

std::vector<std::uint8_t> golden(const std::string& name, const std::vector<std::uint8_t>& produced)
{
    const std::string path = std::string(PORTSIDE_GOLDEN_DIR) + "/" + name;
    if (std::getenv("PORTSIDE_UPDATE_GOLDEN")) {
        std::ofstream(path, std::ios::binary)
            .write(reinterpret_cast<const char*>(produced.data()), static_cast<std::streamsize>(produced.size()));
    }
    std::ifstream in(path, std::ios::binary);
    BOOST_REQUIRE_MESSAGE(in, "no golden file " << path << " (PORTSIDE_UPDATE_GOLDEN=1 writes it)");
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

BOOST_AUTO_TEST_SUITE(label_printers)

BOOST_AUTO_TEST_CASE(brother_streams_match_their_golden_files_and_read_back_right)
{
    for (const char* name : {"brother-ql-570", "brother-ql-800", "brother-ql-1100"}) {
        const auto& model = findPrinterModel(name);
        for (const char* mediaName : {"62", "62x29"}) {
            BOOST_TEST_CONTEXT(name << " " << mediaName)
            {
                const auto& media = findMedia(model, mediaName);
                const auto raster = dressingLabel(model, media);
                const auto stream = encodeLabel(model, media, raster);
                BOOST_TEST((stream == golden(std::string(name) + "-" + mediaName + ".bin", stream)));
                const auto job = readBrother(stream, static_cast<std::size_t>(model.headBytes));
                BOOST_TEST(job.declaredLines == static_cast<std::size_t>(raster.heightDots));
                BOOST_TEST(job.lines == job.declaredLines);
                BOOST_TEST(job.dots == blackDots(raster)); // every dot lands on the head, none lost
                BOOST_TEST(job.compressed == model.compression);
                BOOST_TEST(job.modeSwitch == model.modeSwitch);
                BOOST_TEST(job.endsWithPrint);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(zpl_graphic_field_size_equals_the_bitmap)
{
    for (const char* name : {"zebra-zpl-203", "zebra-zpl-300"}) {
        const auto& model = findPrinterModel(name);
        const auto& media = findMedia(model, "62x29");
        const auto raster = dressingLabel(model, media);
        const auto stream = encodeLabel(model, media, raster);
        BOOST_TEST((stream == golden(std::string(name) + "-62x29.zpl", stream)));
        const std::string zpl(stream.begin(), stream.end());
        BOOST_TEST(zpl.rfind("^XA", 0) == 0u);
        BOOST_TEST(zpl.find("^PW" + std::to_string(raster.widthDots)) != std::string::npos);
        const auto gf = zpl.find("^GFA,");
        BOOST_REQUIRE(gf != std::string::npos);
        std::size_t total = 0, again = 0, perRow = 0;
        int consumed = 0;
        BOOST_REQUIRE(std::sscanf(zpl.c_str() + gf, "^GFA,%zu,%zu,%zu,%n", &total, &again, &perRow, &consumed) == 3);
        const std::string data = zpl.substr(gf + static_cast<std::size_t>(consumed),
                                            zpl.find("^FS", gf) - gf - static_cast<std::size_t>(consumed));
        BOOST_TEST(total == again);
        BOOST_TEST(perRow == static_cast<std::size_t>((raster.widthDots + 7) / 8));
        BOOST_TEST(total == perRow * static_cast<std::size_t>(raster.heightDots));
        BOOST_TEST(data.size() == 2 * total);
        BOOST_TEST(zpl.substr(zpl.size() - 3) == "^XZ");
    }
}

BOOST_AUTO_TEST_CASE(dymo_stream_has_one_line_per_raster_row)
{
    const auto& model = findPrinterModel("dymo-lw450");
    const auto& media = findMedia(model, "57x32");
    const auto raster = dressingLabel(model, media);
    const auto s = encodeLabel(model, media, raster);
    BOOST_TEST((s == golden("dymo-lw450-57x32.bin", s)));
    const std::size_t rowBytes = static_cast<std::size_t>((raster.widthDots + 7) / 8);
    // ESC @, ESC B n, ESC D n, ESC L hi lo, ESC i, then SYN + one row per line, then ESC E
    BOOST_TEST((s[5] == 0x1b && s[6] == 0x44));
    BOOST_TEST(s[7] == rowBytes);
    BOOST_TEST((s[8] == 0x1b && s[9] == 0x4c));
    BOOST_TEST(((s[10] << 8) | s[11]) == raster.heightDots);
    std::size_t i = 14, lines = 0;
    while (i < s.size() && s[i] == 0x16) {
        i += 1 + rowBytes;
        ++lines;
    }
    BOOST_TEST(lines == static_cast<std::size_t>(raster.heightDots));
    BOOST_TEST(i == s.size() - 2);
}

BOOST_AUTO_TEST_CASE(the_rendered_label_decodes_to_the_record_id_and_has_the_medias_size)
{
    struct Case {
        const char* model;
        const char* media;
        int width, height;
    } cases[] = {{"brother-ql-800", "62x29", 696, 271},
                 {"brother-ql-800", "62", 696, 343},
                 {"zebra-zpl-203", "62x29", 495, 231},
                 {"dymo-lw450", "57x32", 624, 378}};
    for (const auto& c : cases) {
        const auto& model = findPrinterModel(c.model);
        const auto raster = dressingLabel(model, findMedia(model, c.media));
        BOOST_TEST_CONTEXT(c.model << " " << c.media)
        {
            BOOST_TEST(raster.widthDots == c.width);
            BOOST_TEST(raster.heightDots == c.height);
            GrayImage image{
                raster.widthDots, raster.heightDots,
                std::vector<std::uint8_t>(static_cast<std::size_t>(raster.widthDots) * raster.heightDots, 255)};
            const int rowBytes = (raster.widthDots + 7) / 8;
            for (int y = 0; y < raster.heightDots; ++y)
                for (int x = 0; x < raster.widthDots; ++x)
                    if (raster.bits[static_cast<std::size_t>(y) * rowBytes + x / 8] & (0x80 >> (x % 8)))
                        image.pixels[static_cast<std::size_t>(y) * raster.widthDots + x] = 0;
            const auto symbols = FrameDecoder().decode(image);
            BOOST_REQUIRE_EQUAL(symbols.size(), 1u);
            BOOST_TEST(symbols[0].bytes == core::sampleDressingData().at("record"));
        }
    }
}

BOOST_AUTO_TEST_CASE(text_that_cannot_fit_is_refused_not_clipped)
{
    auto data = core::sampleDressingData();
    data["due"] = "4 December 2026 14:30 - and a very long remark that no label can hold";
    BOOST_CHECK_EXCEPTION(
        LabelRenderer().render(core::dressingDateTemplate(59, 23), data, 300, 696, 271), LabelError,
        [](const LabelError& e) { return std::string(e.what()).find("does not fit") != std::string::npos; });
    data.erase("nurse");
    BOOST_CHECK_EXCEPTION(
        LabelRenderer().render(core::dressingDateTemplate(59, 23), core::LabelData{}, 300, 696, 271), LabelError,
        [](const LabelError& e) { return std::string(e.what()).find("has no value") != std::string::npos; });
}

BOOST_AUTO_TEST_CASE(brother_status_replies_become_sentences)
{
    std::uint8_t reply[32] = {0x80, 0x20, 0x42, 0x34, 0x38, 0x30};
    reply[10] = 62;
    reply[11] = 0x0a;
    BOOST_TEST((parseBrotherStatus(reply, 32).status.state == sdk::PrinterState::Ready));
    reply[8] = 0x01;
    auto noMedia = parseBrotherStatus(reply, 32).status;
    BOOST_TEST((noMedia.state == sdk::PrinterState::OutOfMedia));
    BOOST_TEST(noMedia.message == "Printer out of labels - load a 62 mm roll.");
    reply[8] = 0;
    reply[9] = 0x10;
    BOOST_TEST(parseBrotherStatus(reply, 32).status.message == "The printer's cover is open - close it.");
    reply[9] = 0;
    reply[18] = 0x01;
    BOOST_TEST(parseBrotherStatus(reply, 32).status.message == "Label printed.");
    BOOST_CHECK_THROW(parseBrotherStatus(reply, 31), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(zebra_host_status_and_a_silent_zebra)
{
    const std::string ok = "\x02"
                           "030,0,0,0245,000,0,0,0,000,0,0,0\x03\r\n\x02"
                           "001,0,0,0,1,2,6,0,00000000,1,000\x03\r\n\x02"
                           "1234,0\x03\r\n";
    BOOST_TEST((parseZebraHostStatus(ok).state == sdk::PrinterState::Ready));
    std::string out = ok;
    out[5] = '1'; // paper out flag
    BOOST_TEST((parseZebraHostStatus(out).state == sdk::PrinterState::OutOfMedia));
    BOOST_TEST((parseZebraHostStatus("").state == sdk::PrinterState::Offline));
}

BOOST_AUTO_TEST_CASE(packbits_round_trips)
{
    std::vector<std::uint8_t> line(90, 0);
    for (int i = 10; i < 40; ++i)
        line[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(i * 7);
    std::fill(line.begin() + 50, line.begin() + 80, 0xff);
    BOOST_TEST((unpackBits(packBits(line.data(), line.size())) == line));
}

BOOST_AUTO_TEST_SUITE_END()
