// The frame decoder on camera-sized frames with symbols made by zint (a real encoder, independent of ZXing), placed
// where Debian's ZXing-C++ 1.4 alone does not look: off the frame's centre lines, small (2 px per module), and
// turned a quarter in the corners (4 px per module). ISO/IEC 16022 (Data Matrix) section 5.2: the finder pattern
// is the solid L on two sides, so a symbol turned 90 degrees shows its L on other sides and must still be read.

#include <boost/test/unit_test.hpp>

#include "RunProcess.h"
#include "TempDir.h"

#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

#include "portside/devices/FrameDecoder.h"

#include <algorithm>
#include <string>
#include <vector>

using namespace portside;

namespace {

constexpr int kWidth = 1280, kHeight = 720;

/// A symbol drawn by zint as grey pixels; `args` are zint's own (symbology, data, rotation).
devices::GrayImage zint(const test::TempDir& dir, std::vector<std::string> args, int scale)
{
    static int n = 0;
    const std::string out = dir.file("symbol" + std::to_string(++n) + ".png");
    args.insert(args.end(), {"--scale=" + std::to_string(scale), "-o", out});
    const auto r = test::runProcess("/usr/bin/zint", args);
    BOOST_REQUIRE_MESSAGE(r.exitCode == 0, "zint failed: " << r.err);
    return devices::loadImage(out);
}

/// A camera-like 1280x720 frame: light grey paper with a little sensor noise (the same every run).
devices::GrayImage paper()
{
    devices::GrayImage frame{kWidth, kHeight, std::vector<std::uint8_t>(static_cast<std::size_t>(kWidth) * kHeight)};
    unsigned seed = 12345;
    for (auto& p : frame.pixels) {
        seed = seed * 1103515245u + 12345u;
        p = static_cast<std::uint8_t>(215 + (seed >> 16) % 17);
    }
    return frame;
}

/// Prints a symbol onto the frame with its top-left corner at (x, y), dark modules a little lighter than black.
void paste(devices::GrayImage& frame, const devices::GrayImage& symbol, int x, int y)
{
    BOOST_REQUIRE_MESSAGE(x >= 0 && y >= 0 && x + symbol.width <= frame.width && y + symbol.height <= frame.height,
                          "a " << symbol.width << "x" << symbol.height << " symbol does not fit at " << x << "," << y);
    for (int r = 0; r < symbol.height; ++r)
        for (int c = 0; c < symbol.width; ++c) {
            const auto v = symbol.pixels[static_cast<std::size_t>(r) * symbol.width + c];
            auto& p = frame.pixels[static_cast<std::size_t>(y + r) * frame.width + x + c];
            p = v < 128 ? 30 : std::max<std::uint8_t>(p, 235);
        }
}

/// What ZXing-C++ 1.4 finds in the whole frame on its own, with the decoder's formats.
std::size_t zxingAlone(const devices::GrayImage& frame)
{
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::DataMatrix);
    hints.setTryHarder(true);
    return ZXing::ReadBarcodes(
               ZXing::ImageView(frame.pixels.data(), frame.width, frame.height, ZXing::ImageFormat::Lum), hints)
        .size();
}

const devices::DecodedSymbol* withBytes(const std::vector<devices::DecodedSymbol>& found, const std::string& bytes)
{
    const auto it =
        std::find_if(found.begin(), found.end(), [&](const devices::DecodedSymbol& s) { return s.bytes == bytes; });
    return it == found.end() ? nullptr : &*it;
}

const std::string kFull = "[01]09506000134352[17]271231[10]AB12345[21]SN000981";
const std::string kFullBytes = "010950600013435217271231"
                               "10AB12345\x1d"
                               "21SN000981";

} // namespace

BOOST_AUTO_TEST_SUITE(frame_decoder)

BOOST_AUTO_TEST_CASE(a_datamatrix_at_2_px_per_module_is_found_anywhere_off_the_centre_line)
{
    test::TempDir dir;
    const auto symbol = zint(dir, {"-b", "71", "--gs1", "-d", kFull}, 1); // 22x22 modules, 44 px
    BOOST_REQUIRE_EQUAL(symbol.width, 44);
    // The corners, the edges and between the centre lines of the old eighth-of-a-frame bands.
    const std::vector<std::pair<int, int>> places{{8, 6},     {1226, 8},  {10, 668}, {1228, 670}, {600, 4},
                                                  {300, 300}, {900, 412}, {40, 136}, {700, 560}};
    for (const auto& [x, y] : places) {
        auto frame = paper();
        paste(frame, symbol, x, y);
        const auto found = devices::FrameDecoder().decode(frame);
        const auto* s = withBytes(found, kFullBytes);
        BOOST_TEST(s != nullptr, "not found at " << x << "," << y);
        if (s) {
            BOOST_TEST(s->aim == "]d2");
            BOOST_TEST(std::abs(s->x - (x + 22)) <= 6, "x " << s->x << " for a symbol centred at " << x + 22);
            BOOST_TEST(std::abs(s->y - (y + 22)) <= 6, "y " << s->y << " for a symbol centred at " << y + 22);
        }
        BOOST_TEST(zxingAlone(frame) == 0u); // what the search regions add
    }
}

BOOST_AUTO_TEST_CASE(the_smallest_gs1_datamatrix_at_2_px_per_module_is_found_off_centre)
{
    test::TempDir dir;
    const auto symbol =
        zint(dir, {"-b", "71", "--gs1", "--square", "-d", "[01]09506000134352"}, 1); // 16x16 modules, 32 px
    BOOST_REQUIRE_EQUAL(symbol.width, 32);
    for (const auto& [x, y] : std::vector<std::pair<int, int>>{{20, 20}, {1100, 650}, {500, 200}}) {
        auto frame = paper();
        paste(frame, symbol, x, y);
        BOOST_TEST(withBytes(devices::FrameDecoder().decode(frame), "0109506000134352") != nullptr,
                   "not found at " << x << "," << y);
    }
}

BOOST_AUTO_TEST_CASE(a_datamatrix_turned_a_quarter_is_found_in_every_corner_at_4_px_per_module)
{
    test::TempDir dir;
    for (const std::string rotation : {"90", "270"}) {
        const auto symbol = zint(dir, {"-b", "71", "--gs1", "--rotate=" + rotation, "-d", kFull}, 2); // 88 px
        BOOST_REQUIRE_EQUAL(symbol.width, 88);
        for (const auto& [x, y] : std::vector<std::pair<int, int>>{{12, 10}, {1178, 12}, {14, 620}, {1176, 618}}) {
            auto frame = paper();
            paste(frame, symbol, x, y);
            const auto* s = withBytes(devices::FrameDecoder().decode(frame), kFullBytes);
            BOOST_TEST(s != nullptr, "turned " << rotation << " not found at " << x << "," << y);
            if (s) {
                BOOST_TEST(std::abs(s->x - (x + 44)) <= 8, "x " << s->x << " for a symbol centred at " << x + 44);
                BOOST_TEST(std::abs(s->y - (y + 44)) <= 8, "y " << s->y << " for a symbol centred at " << y + 44);
            }
            BOOST_TEST(zxingAlone(frame) == 0u);
        }
    }
}

BOOST_AUTO_TEST_CASE(two_symbols_off_centre_are_both_found_once)
{
    test::TempDir dir;
    auto frame = paper();
    paste(frame, zint(dir, {"-b", "71", "--gs1", "-d", kFull}, 1), 30, 40);
    paste(frame, zint(dir, {"-b", "71", "--gs1", "--rotate=90", "-d", "[01]09506001002216[10]LOT7"}, 2), 1100, 580);
    const auto found = devices::FrameDecoder().decode(frame);
    BOOST_TEST(found.size() == 2u);
    BOOST_TEST(withBytes(found, kFullBytes) != nullptr);
    BOOST_TEST(withBytes(found, "010950600100221610LOT7") != nullptr);
}

BOOST_AUTO_TEST_CASE(other_symbologies_small_or_turned_off_centre_are_found)
{
    test::TempDir dir;
    struct Case {
        std::vector<std::string> zint;
        int scale, x, y;
        std::string format, bytes;
    };
    const std::vector<Case> cases{
        {{"-b", "16", "-d", "[01]09506003001002[10]LOT42"}, 1, 40, 30, "Code128", "010950600300100210LOT42"},
        {{"-b", "16", "--rotate=90", "-d", "[01]09506003001002[10]LOT42"},
         1,
         1150,
         200,
         "Code128",
         "010950600300100210LOT42"},
        {{"-b", "58", "-d", "HN2225 LOT9"}, 1, 1180, 620, "QRCode", "HN2225 LOT9"},
        {{"-b", "99", "-d", "H123HN22251"}, 1, 700, 20, "Code39", "+H123HN22251"},
    };
    for (const auto& c : cases) {
        auto frame = paper();
        paste(frame, zint(dir, c.zint, c.scale), c.x, c.y);
        const auto found = devices::FrameDecoder().decode(frame);
        const auto it = std::find_if(found.begin(), found.end(),
                                     [&](const devices::DecodedSymbol& s) { return s.format == c.format; });
        BOOST_TEST((it != found.end()), c.format << " not found at " << c.x << "," << c.y);
        if (it != found.end())
            BOOST_TEST(it->bytes.find(c.bytes) != std::string::npos, it->bytes);
    }
}

BOOST_AUTO_TEST_CASE(an_empty_frame_and_a_torn_symbol_yield_nothing)
{
    test::TempDir dir;
    auto frame = paper();
    BOOST_TEST(devices::FrameDecoder().decode(frame).empty());
    // The same symbol with its right third torn off (covered by paper): no guess at what it said.
    auto symbol = zint(dir, {"-b", "71", "--gs1", "-d", kFull}, 1);
    for (int r = 0; r < symbol.height; ++r)
        for (int c = symbol.width * 2 / 3; c < symbol.width; ++c)
            symbol.pixels[static_cast<std::size_t>(r) * symbol.width + c] = 255;
    paste(frame, symbol, 100, 100);
    BOOST_TEST(devices::FrameDecoder().decode(frame).empty());
    // Frames too small for a search region are decoded as they are, without a fault.
    const devices::GrayImage tiny{20, 10, std::vector<std::uint8_t>(200, 255)};
    BOOST_TEST(devices::FrameDecoder().decode(tiny).empty());
}

BOOST_AUTO_TEST_SUITE_END()
