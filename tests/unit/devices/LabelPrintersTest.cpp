#include "portside/devices/LabelPrinters.h"
#include "BrotherReference.h"
#include "portside/devices/FrameDecoder.h"
#include "portside/devices/LabelRenderer.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iterator>

using namespace portside;
using namespace portside::devices;

namespace {

/// The dressing label for fixed data, rendered for a model and media as `portside-cli label render` does.
sdk::Raster dressingLabel(const PrinterModel& model, const MediaSpec& media)
{
    return LabelRenderer().render(
        core::dressingDateTemplate(media.printableDots * 25.4 / model.dpi, labelLengthMm(model, media)),
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

/// A Brother QL raster job as the references describe it, read without any driver code: every command in turn, each
/// raster line unpacked and its inked pins listed. `errors` holds what breaks the reference for `model`.
struct BrotherJob {
    int invalidate = 0;
    bool modeSwitch = false, notifyOn = false, compressed = false, zLines = false, twoColourBit = false;
    bool endsWithPrint = false, wLines = false, gLines = false;
    int flags = 0, mediaType = 0, widthCode = 0, lengthCode = 0;
    std::size_t declaredLines = 0, lines = 0, dots = 0;
    int minPin = 1 << 20, maxPin = -1;
    std::vector<std::string> errors;
};

BrotherJob readBrother(const std::vector<std::uint8_t>& s, const test::brother::Model& model)
{
    BrotherJob job;
    const std::size_t bytes = static_cast<std::size_t>(model.pins / 8);
    std::size_t i = 0;
    while (i < s.size() && s[i] == 0)
        ++i;
    job.invalidate = static_cast<int>(i);
    auto error = [&](const std::string& e) { job.errors.push_back(e + " at byte " + std::to_string(i)); };
    if (i + 2 > s.size() || s[i] != 0x1b || s[i + 1] != 0x40) {
        error("no ESC @ after the invalidate");
        return job;
    }
    i += 2;
    auto line = [&](std::size_t at, std::size_t n) {
        std::vector<std::uint8_t> data(s.begin() + static_cast<long>(at), s.begin() + static_cast<long>(at + n));
        if (job.compressed) {
            if (n > bytes + (bytes + 127) / 128) // [800] "M", p. 32: longer than "all different" (91 for 90)
                error("a compressed line of " + std::to_string(n) + " bytes");
            data = unpackBits(data);
        } else if (n != bytes) {
            error("an uncompressed line of " + std::to_string(n) + " bytes");
        }
        if (data.size() != bytes) {
            error("a line that is " + std::to_string(data.size()) + " bytes on the head");
            return;
        }
        for (std::size_t b = 0; b < bytes; ++b)
            for (int bit = 0; bit < 8; ++bit)
                if (data[b] & (0x80 >> bit)) {
                    const int pin = model.pins - 1 - static_cast<int>(b * 8 + static_cast<std::size_t>(bit));
                    job.minPin = std::min(job.minPin, pin);
                    job.maxPin = std::max(job.maxPin, pin);
                    ++job.dots;
                }
    };
    while (i < s.size()) {
        const std::uint8_t c = s[i];
        if (c == 0x1a) {
            job.endsWithPrint = i == s.size() - 1;
            ++i;
            break;
        }
        if (c == 0x1b && i + 3 < s.size() && s[i + 1] == 0x69) {
            const std::uint8_t k = s[i + 2];
            if (k == 0x61) {
                job.modeSwitch = s[i + 3] == 0x01;
                i += 4;
            } else if (k == 0x21) {
                job.notifyOn = s[i + 3] == 0x00;
                i += 4;
            } else if (k == 0x7a && i + 13 <= s.size()) {
                job.flags = s[i + 3];
                job.mediaType = s[i + 4];
                job.widthCode = s[i + 5];
                job.lengthCode = s[i + 6];
                job.declaredLines =
                    s[i + 7] | (s[i + 8] << 8) | (s[i + 9] << 16) | (static_cast<std::size_t>(s[i + 10]) << 24);
                i += 13;
            } else if (k == 0x4d || k == 0x41) {
                i += 4;
            } else if (k == 0x4b) {
                job.twoColourBit = s[i + 3] & 0x01;
                i += 4;
            } else if (k == 0x64) {
                i += 5;
            } else {
                error("unknown ESC i command");
                return job;
            }
        } else if (c == 0x4d && i + 1 < s.size()) {
            job.compressed = s[i + 1] == 0x02;
            i += 2;
        } else if ((c == 0x67 || c == 0x77) && i + 2 < s.size()) {
            const std::size_t n = s[i + 2];
            if (i + 3 + n > s.size()) {
                error("a line cut short");
                return job;
            }
            (c == 0x67 ? job.gLines : job.wLines) = true;
            if (c == 0x67 || s[i + 1] == 0x01) {
                line(i + 3, n);
                ++job.lines;
            } else if (std::any_of(s.begin() + static_cast<long>(i + 3), s.begin() + static_cast<long>(i + 3 + n),
                                   [](std::uint8_t b) { return b != 0; })) {
                error("red ink on a dressing label");
            }
            i += 3 + n;
        } else if (c == 0x5a) {
            job.zLines = true;
            ++job.lines;
            ++i;
        } else {
            error("an unknown command");
            return job;
        }
    }
    if (i != s.size())
        error("bytes after the print command");
    return job;
}

/// "brother-ql-820nwb" -> the reference's "QL-820NWB".
std::string referenceName(const std::string& model)
{
    std::string name = model.substr(std::string("brother-").size());
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char ch) { return std::toupper(ch); });
    return name;
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

BOOST_AUTO_TEST_CASE(every_brother_model_and_medium_gives_the_stream_its_reference_asks_for)
{
    int checked = 0;
    for (const auto& model : printerModels()) {
        if (model.language != PrinterModel::Language::BrotherRaster)
            continue;
        const auto& ref = test::brother::findModel(referenceName(model.name));
        for (const auto& media : model.media) {
            BOOST_TEST_CONTEXT(model.name << " " << media.name)
            {
                const auto& roll = test::brother::findRoll(ref, media.name); // every listed medium is a real roll
                const auto raster = dressingLabel(model, media);
                const auto job = readBrother(encodeLabel(model, media, raster), ref);
                BOOST_TEST(job.errors.empty(), job.errors.front());
                BOOST_TEST(job.invalidate == ref.invalidate);
                BOOST_TEST(job.modeSwitch == ref.dynamicMode);
                BOOST_TEST(job.notifyOn == ref.notifyMode); // ESC i ! 00 wherever the model knows it
                if (!ref.compression) {
                    BOOST_TEST(!job.compressed);
                    BOOST_TEST(!job.zLines);
                }
                // ESC i z names the roll as the printer reports it
                BOOST_TEST(job.mediaType == roll.mediaType);
                BOOST_TEST(job.widthCode == roll.widthCode);
                BOOST_TEST(job.lengthCode == roll.lengthCode);
                BOOST_TEST((job.flags & 0x86) == 0x86);
                BOOST_TEST(((job.flags & 0x08) != 0) == (roll.lengthCode != 0));
                BOOST_TEST(job.twoColourBit == roll.redBlack);
                BOOST_TEST(job.wLines == roll.redBlack);
                BOOST_TEST(job.gLines != roll.redBlack);
                BOOST_TEST(job.declaredLines == static_cast<std::size_t>(raster.heightDots));
                BOOST_TEST(job.lines == job.declaredLines);
                if (roll.lengthDots > 0)
                    BOOST_TEST(job.lines <= static_cast<std::size_t>(roll.lengthDots));
                // the ink lies on the roll's print area, and all of it lands
                BOOST_TEST(job.dots == blackDots(raster));
                BOOST_TEST(job.dots > 1000u);
                BOOST_TEST(job.minPin >= roll.offsetPins);
                BOOST_TEST(job.maxPin < roll.offsetPins + roll.printPins);
                BOOST_TEST(job.endsWithPrint);
                ++checked;
            }
        }
    }
    BOOST_TEST(checked >= 23);
}

BOOST_AUTO_TEST_CASE(the_old_brother_streams_break_the_references_where_the_issue_says)
{
    auto old = [](const std::string& name) {
        std::ifstream in(std::string(PORTSIDE_GOLDEN_DIR) + "/old/" + name, std::ios::binary);
        BOOST_REQUIRE_MESSAGE(in, "no old stream " << name);
        return std::vector<std::uint8_t>{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    };
    const auto& ql800 = test::brother::findModel("QL-800");
    const auto ql800job = readBrother(old("brother-ql-800-62.bin"), ql800);
    BOOST_TEST(ql800job.compressed); // M 02 on a QL-800
    BOOST_TEST(ql800job.invalidate == 200);
    BOOST_TEST(!ql800job.notifyOn);
    const auto& ql1100 = test::brother::findModel("QL-1100");
    const auto wide = readBrother(old("brother-ql-1100-62.bin"), ql1100);
    const auto& roll = test::brother::findRoll(ql1100, "62");
    BOOST_TEST((wide.minPin < roll.offsetPins || wide.maxPin >= roll.offsetPins + roll.printPins));
    BOOST_TEST(readBrother(old("brother-ql-1100-103.bin"), ql1100).widthCode == 103); // the printer wants 104
}

BOOST_AUTO_TEST_CASE(brother_streams_match_their_golden_files)
{
    const std::pair<const char*, const char*> streams[] = {
        {"brother-ql-570", "62"},       {"brother-ql-570", "62x29"}, {"brother-ql-570", "29"},
        {"brother-ql-570", "38"},       {"brother-ql-800", "62"},    {"brother-ql-800", "62x29"},
        {"brother-ql-800", "29"},       {"brother-ql-800", "38"},    {"brother-ql-800", "62red"},
        {"brother-ql-820nwb", "62x29"}, {"brother-ql-1100", "62"},   {"brother-ql-1100", "62x29"},
        {"brother-ql-1100", "29"},      {"brother-ql-1100", "103"}};
    for (const auto& [name, mediaName] : streams) {
        BOOST_TEST_CONTEXT(name << " " << mediaName)
        {
            const auto& model = findPrinterModel(name);
            const auto& media = findMedia(model, mediaName);
            const auto stream = encodeLabel(model, media, dressingLabel(model, media));
            BOOST_TEST((stream == golden(std::string(name) + "-" + mediaName + ".bin", stream)));
        }
    }
}

BOOST_AUTO_TEST_CASE(a_packbits_line_longer_than_the_line_goes_as_all_different)
{
    // one byte, then a pair, over and over (as the edge of a DataMatrix can give): PackBits makes 120 bytes of 90
    std::vector<std::uint8_t> line(90);
    for (std::size_t i = 0; i < line.size(); ++i)
        line[i] = i % 3 == 2 ? line[i - 1] : static_cast<std::uint8_t>(i * 37 + 1);
    BOOST_TEST(packBits(line.data(), line.size()).size() > 91u); // what the old driver sent as the line
    const auto sent = brotherCompressedLine(line.data(), line.size());
    BOOST_TEST(sent.size() == 91u);
    BOOST_TEST(sent[0] == 89); // one literal run of 90 bytes
    BOOST_TEST((unpackBits(sent) == line));
    std::vector<std::uint8_t> wide(162, 0x5a);
    wide[3] = 1;
    BOOST_TEST(brotherCompressedLine(wide.data(), wide.size()).size() < 162u); // a line that packs is packed
}

BOOST_AUTO_TEST_CASE(zpl_graphic_field_size_equals_the_bitmap)
{
    for (const char* name : {"zebra-zpl-203", "zebra-zpl-300"})
        for (const auto& media : findPrinterModel(name).media) {
            BOOST_TEST_CONTEXT(name << " " << media.name)
            {
                const auto& model = findPrinterModel(name);
                const auto raster = dressingLabel(model, media);
                const auto stream = encodeLabel(model, media, raster);
                if (media.name == "62x29" || (media.name == "50x25" && model.dpi == 203))
                    BOOST_TEST((stream == golden(std::string(name) + "-" + media.name + ".zpl", stream)));
                // the label as ZPL II sizes it (dots at the printer's dpi) holds the whole graphic
                BOOST_TEST(raster.widthDots <= static_cast<int>(media.widthMm * model.dpi / 25.4));
                BOOST_TEST(raster.heightDots <= static_cast<int>(media.lengthMm * model.dpi / 25.4));
                const std::string zpl(stream.begin(), stream.end());
                BOOST_TEST(zpl.rfind("^XA", 0) == 0u);
                BOOST_TEST(zpl.find("^PW" + std::to_string(raster.widthDots)) != std::string::npos);
                const auto gf = zpl.find("^GFA,");
                BOOST_REQUIRE(gf != std::string::npos);
                std::size_t total = 0, again = 0, perRow = 0;
                int consumed = 0;
                BOOST_REQUIRE(
                    std::sscanf(zpl.c_str() + gf, "^GFA,%zu,%zu,%zu,%n", &total, &again, &perRow, &consumed) == 3);
                const std::string data = zpl.substr(gf + static_cast<std::size_t>(consumed),
                                                    zpl.find("^FS", gf) - gf - static_cast<std::size_t>(consumed));
                BOOST_TEST(total == again);
                BOOST_TEST(perRow == static_cast<std::size_t>((raster.widthDots + 7) / 8));
                BOOST_TEST(total == perRow * static_cast<std::size_t>(raster.heightDots));
                BOOST_TEST(data.size() == 2 * total);
                BOOST_TEST(zpl.substr(zpl.size() - 3) == "^XZ");
            }
        }
}

BOOST_AUTO_TEST_CASE(dymo_streams_have_one_line_per_raster_row_and_stay_on_the_label)
{
    // LabelWriter 450 Technical Reference: the head is 672 dots (57 mm) across ("The Print Head"); the 57 x 32 mm
    // label spans it, the 89 x 36 mm label can only lie 36 mm (425 dots) across it and runs 89 mm (1051 lines).
    const struct {
        const char* media;
        std::size_t acrossDots, lines;
    } labels[] = {{"57x32", 672, 378}, {"89x36", 425, 1051}};
    const auto& model = findPrinterModel("dymo-lw450");
    BOOST_TEST(model.media.size() == std::size(labels));
    for (const auto& label : labels) {
        BOOST_TEST_CONTEXT(label.media)
        {
            const auto& media = findMedia(model, label.media);
            const auto raster = dressingLabel(model, media);
            const auto s = encodeLabel(model, media, raster);
            BOOST_TEST((s == golden(std::string("dymo-lw450-") + label.media + ".bin", s)));
            const std::size_t rowBytes = static_cast<std::size_t>((raster.widthDots + 7) / 8);
            // ESC @, ESC B n, ESC D n, ESC L hi lo, ESC i, then SYN + one row per line, then ESC E
            BOOST_TEST((s[2] == 0x1b && s[3] == 0x42));
            BOOST_TEST((s[5] == 0x1b && s[6] == 0x44));
            BOOST_TEST(s[7] == rowBytes);
            BOOST_TEST((s[4] + s[7]) * 8u <= label.acrossDots); // dot tab + bytes per line on the label
            BOOST_TEST((s[8] == 0x1b && s[9] == 0x4c));
            BOOST_TEST(((s[10] << 8) | s[11]) == raster.heightDots);
            BOOST_TEST(static_cast<std::size_t>(raster.heightDots) <= label.lines);
            std::size_t i = 14, lines = 0;
            while (i < s.size() && s[i] == 0x16) {
                i += 1 + rowBytes;
                ++lines;
            }
            BOOST_TEST(lines == static_cast<std::size_t>(raster.heightDots));
            BOOST_TEST(i == s.size() - 2);
        }
    }
}

BOOST_AUTO_TEST_CASE(narrow_tapes_get_a_compact_label_with_large_dates_and_the_record_id_as_text)
{
    const auto& model = findPrinterModel("brother-ql-800");
    for (const char* name : {"29", "38"}) {
        const auto& media = findMedia(model, name);
        const auto layout = core::dressingDateTemplate(media.printableDots * 25.4 / 300, labelLengthMm(model, media));
        bool recordText = false, matrix = false;
        double dueSize = 0, nurseSize = 0;
        for (const auto& e : layout.elements) {
            matrix = matrix || e.kind == sdk::LabelElement::Kind::DataMatrix;
            recordText = recordText || (e.kind == sdk::LabelElement::Kind::Text && e.field == "record");
            if (e.field == "due")
                dueSize = e.sizePt;
            if (e.field == "nurse")
                nurseSize = e.sizePt;
        }
        BOOST_TEST(recordText);
        BOOST_TEST(!matrix);
        BOOST_TEST(dueSize > nurseSize);
        BOOST_TEST(blackDots(dressingLabel(model, media)) > 5000u); // it renders, nothing refused
    }
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
                 {"zebra-zpl-203", "50x25", 399, 199},
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
    data["due"] = "4 December 2026 14:30 - and a very long remark that no label can hold, not even in its compact "
                  "layout, because it goes on and on well past what any line of any label can take at five points";
    BOOST_CHECK_EXCEPTION(
        LabelRenderer().render(core::dressingDateTemplate(59, 23), data, 300, 696, 271), LabelError,
        [](const LabelError& e) { return std::string(e.what()).find("does not fit") != std::string::npos; });
    data.erase("nurse");
    BOOST_CHECK_EXCEPTION(
        LabelRenderer().render(core::dressingDateTemplate(59, 23), core::LabelData{}, 300, 696, 271), LabelError,
        [](const LabelError& e) { return std::string(e.what()).find("has no value") != std::string::npos; });
}

BOOST_AUTO_TEST_CASE(every_listed_medium_takes_the_longest_real_dates_in_every_language)
{
    // The sample has single-digit days; a real ward has "24 Dec" and longer words. A label that does not fit the
    // standard layout falls back to the compact one: no listed medium refuses a real label.
    struct Language {
        const char* name;
        core::LabelData prefixes;
        const char* month;
    };
    const std::vector<Language> languages{{"en", {}, "Dec"},
                                          {"fr",
                                           {{"prefix.dressing", "Pansement : "},
                                            {"prefix.needle", "Aiguille : "},
                                            {"prefix.due", "R\xC3\xA9"
                                                           "fection : "},
                                            {"prefix.needleDue", "Chgt aiguille : "},
                                            {"prefix.nurse", "IDE : "}},
                                           "juil."},
                                          {"de",
                                           {{"prefix.needle", "Nadel: "},
                                            {"prefix.due", "Verbandwechsel f\xC3\xA4llig: "},
                                            {"prefix.needleDue", "Nadelwechsel f\xC3\xA4llig: "}},
                                           "Sept."}};
    for (const auto& language : languages)
        for (const auto& model : printerModels())
            for (const auto& media : model.media) {
                auto data = core::sampleDressingData();
                const std::string month = language.month;
                data["dressing"] = "27 " + month + " 2026 14:30 (TSM)";
                data["needle"] = "27 " + month + " 2026 14:25, 22G x 19 mm";
                data["due"] = "24 " + month + " 2026 14:30";
                data["needleDue"] = "30 " + month + " 2026 14:25";
                for (const auto& [k, v] : language.prefixes)
                    data[k] = v;
                BOOST_TEST_CONTEXT(language.name << " " << model.name << " " << media.name)
                {
                    const double width = media.printableDots * 25.4 / model.dpi;
                    BOOST_CHECK_NO_THROW(
                        LabelRenderer().render(core::dressingDateTemplate(width, labelLengthMm(model, media)), data,
                                               model.dpi, media.printableDots, media.lengthDots));
                }
            }
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
