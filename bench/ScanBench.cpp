// Scanning speed: parse throughput on one core for a realistic mix of GS1 and HIBC scans, scan-to-verdict latency
// with a 100,000-product catalog and 10,000 recalls, and decode time of a 1280x720 frame against ZXing-C++ called
// directly on the same frame. Each figure comes with a reference measured in the same run.

#include "Stats.h"

#include "portside/core/HibcParser.h"
#include "portside/core/SafetyRules.h"
#include "portside/core/ScanInterpreter.h"
#include "portside/devices/FrameDecoder.h"

#define ZX_USE_UTF8 1
#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>
#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <string>
#include <unordered_map>

using namespace portside;

namespace {

std::string gtinWithCheck(std::string body13)
{
    int sum = 0;
    for (std::size_t i = 0; i < body13.size(); ++i)
        sum += (body13[body13.size() - 1 - i] - '0') * (i % 2 == 0 ? 3 : 1);
    return body13 + static_cast<char>('0' + (10 - sum % 10) % 10);
}

std::vector<std::string> realisticMix()
{
    const std::string hibcBody = "+H123HN22251/$$3271231LOT9";
    return {
        "]d20109506003001002172712311"
        "0LOT42\x1d"
        "21SER000123",
        "]d2010950600200010517271231"
        "10A-1/2",
        "]C10109506001002216"
        "17270600"
        "10NEEDLE7",
        "]d20109506004000011"
        "10D4X"
        "\x1d"
        "17280131",
        "]C18018950600013435200008",
        hibcBody + core::HibcParser::checkCharacter(hibcBody),
        "+A123BJC5D6E71G",
        "]d201095060001343521725123110ABC123\x1d"
        "21SN0001",
    };
}

/// The healthcare mix: GTIN + expiry + lot + serial in GS1 DataMatrix and GS1-128, a patient wristband and a staff
/// badge (GSRN), and GS1 Digital Link URIs from 2D codes on a package and a wristband.
std::vector<std::string> healthcareMix()
{
    return {
        "]d20109506003001002172712311"
        "0LOT42\x1d"
        "21SER000123",
        "]C10109506002000105"
        "10A-1/2\x1d"
        "17271231"
        "21S9981",
        "]C18018950600013435200008",
        "]d28017950600013435200008\x1d"
        "80191",
        "]Q1https://id.gs1.org/01/09506000134352/10/ABC123/21/SN0001?17=271231",
        "]Q1https://id.gs1.org/8018/950600013435200008",
    };
}

void pasteMatrix(std::vector<std::uint8_t>& frame, int width, const ZXing::BitMatrix& m, int x0, int y0, int scale)
{
    // the label it is printed on: white, two modules around the symbol
    for (int y = y0 - 2 * scale; y < y0 + (m.height() + 2) * scale; ++y)
        for (int x = x0 - 2 * scale; x < x0 + (m.width() + 2) * scale; ++x)
            frame[static_cast<std::size_t>(y) * width + x] = 245;
    for (int y = 0; y < m.height(); ++y)
        for (int x = 0; x < m.width(); ++x)
            if (m.get(x, y))
                for (int dy = 0; dy < scale; ++dy)
                    for (int dx = 0; dx < scale; ++dx)
                        frame[static_cast<std::size_t>(y0 + y * scale + dy) * width + x0 + x * scale + dx] = 0;
}

/// Paper seen by a camera: noise, shading and some dark strokes (edges for the detectors to try), no barcode.
std::vector<std::uint8_t> scene(int w, int h)
{
    std::vector<std::uint8_t> frame(static_cast<std::size_t>(w) * h);
    unsigned seed = 99;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            seed = seed * 1103515245u + 12345u;
            frame[static_cast<std::size_t>(y) * w + x] =
                static_cast<std::uint8_t>(170 + x * 40 / w + (seed >> 16) % 24);
        }
    for (int i = 0; i < 40; ++i) { // strokes of handwriting and printed rules
        seed = seed * 1103515245u + 12345u;
        const int x0 = static_cast<int>(seed >> 8) % (w - 200), y0 = static_cast<int>(seed >> 4) % (h - 20);
        const int len = 40 + static_cast<int>(seed % 160), thick = 1 + static_cast<int>((seed >> 20) % 4);
        for (int t = 0; t < thick; ++t)
            for (int k = 0; k < len; ++k)
                frame[static_cast<std::size_t>(y0 + t + (i % 3 == 0 ? k / 10 : 0)) * w + x0 + k] = 40;
    }
    return frame;
}

/// Decode time on one frame, ours against one plain ZXing pass, in alternating rounds (each side's batch runs
/// first in every other round) so that drift of the machine favours neither.
void decodeRound(const char* what, const std::vector<std::uint8_t>& frame, int w, int h)
{
    const devices::FrameDecoder decoder;
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::DataMatrix | ZXing::BarcodeFormat::Code128 | ZXing::BarcodeFormat::Code39 |
                     ZXing::BarcodeFormat::QRCode | ZXing::BarcodeFormat::DataBar |
                     ZXing::BarcodeFormat::DataBarExpanded | ZXing::BarcodeFormat::EAN13 | ZXing::BarcodeFormat::EAN8 |
                     ZXing::BarcodeFormat::UPCA);
    hints.setTryHarder(true);
    std::size_t oursFound = 0, zxingFound = 0;
    bench::Samples ours, zxing, strip;
    auto runOurs = [&] {
        auto s = bench::measure(3, [&](int) { oursFound = decoder.decode(frame.data(), w, h).size(); });
        ours.us.insert(ours.us.end(), s.us.begin(), s.us.end());
    };
    auto runZxing = [&] {
        auto s = bench::measure(3, [&](int) {
            zxingFound =
                ZXing::ReadBarcodes(ZXing::ImageView(frame.data(), w, h, ZXing::ImageFormat::Lum), hints).size();
        });
        zxing.us.insert(zxing.us.end(), s.us.begin(), s.us.end());
    };
    for (int round = 0; round < 10; ++round) {
        if (round % 2 == 0)
            runOurs(), runZxing();
        else
            runZxing(), runOurs();
    }
    auto s = bench::measure(30, [&](int) { (void)decoder.searchRegions(frame.data(), w, h); });
    strip.us = s.us;
    std::printf("\ndecode 1280x720, %s (found: ours %zu, ZXing %zu); search strip alone median %.1f us\n", what,
                oursFound, zxingFound, strip.percentile(0.5));
    bench::report("FrameDecoder", ours, zxing, "one ZXing ReadBarcodes pass");
}

void decodeBench()
{
    const int w = 1280, h = 720;
    ZXing::MultiFormatWriter writer(ZXing::BarcodeFormat::DataMatrix);
    const auto matrix = writer.encode(std::string("0109506003001002172712311"
                                                  "0LOT42"),
                                      0, 0);
    const auto empty = scene(w, h);
    auto centred = empty, small = empty, corner = empty;
    pasteMatrix(centred, w, matrix, w / 2 - matrix.width() * 3, h / 2 - matrix.height() * 3, 6);
    pasteMatrix(small, w, matrix, 300, 150, 2); // 2 px per module, between centre lines
    // turned a quarter, 4 px per module, in the bottom-right corner
    ZXing::BitMatrix turned(matrix.height(), matrix.width());
    for (int y = 0; y < matrix.height(); ++y)
        for (int x = 0; x < matrix.width(); ++x)
            if (matrix.get(x, y))
                turned.set(matrix.height() - 1 - y, x);
    pasteMatrix(corner, w, turned, w - 20 - turned.width() * 4, h - 20 - turned.height() * 4, 4);
    decodeRound("empty frame (paper, shading, strokes)", empty, w, h);
    decodeRound("DataMatrix at the centre, 6 px per module", centred, w, h);
    decodeRound("DataMatrix off the centre lines, 2 px per module", small, w, h);
    decodeRound("DataMatrix turned 90 degrees in a corner, 4 px per module", corner, w, h);
}

} // namespace

int main()
{
    // 1. Parse throughput on one core. The healthcare mix the issue measures GS1's reference parser on (GTIN +
    // expiry + lot + serial, GSRN, Digital Link; about 1,000,000 scans/s on this kind of machine, so the target is
    // 2,000,000), and the kiosk's wider mix with HIBC. Rounds alternate with the reference row (copy the bytes and
    // find GS) so that clock or cache drift favours neither side; the median round is reported.
    const auto mix = realisticMix();
    const auto care = healthcareMix();
    const core::ScanInterpreter interpreter(2026);
    const int perRound = 200000, roundCount = 9;
    std::size_t okCount = 0, careOk = 0, separators = 0;
    std::vector<double> careRate, mixRate, floorRate;
    const auto rate = [&](auto&& body) {
        const auto t0 = std::chrono::steady_clock::now();
        body();
        return perRound / std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    };
    for (int r = 0; r < roundCount; ++r) {
        careRate.push_back(rate([&] {
            for (int i = 0; i < perRound; ++i)
                careOk += interpreter.interpret(care[static_cast<std::size_t>(i) % care.size()]).ok;
        }));
        floorRate.push_back(rate([&] {
            for (int i = 0; i < perRound; ++i) {
                const std::string copy = care[static_cast<std::size_t>(i) % care.size()]; // what any parser must do:
                separators += static_cast<std::size_t>(std::count(copy.begin(), copy.end(), '\x1d')); // own, find GS
            }
        }));
        mixRate.push_back(rate([&] {
            for (int i = 0; i < perRound; ++i)
                okCount += interpreter.interpret(mix[static_cast<std::size_t>(i) % mix.size()]).ok;
        }));
    }
    const auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    const double careMedian = median(careRate), floorMedian = median(floorRate);
    std::printf("parse, healthcare mix (%zu scans: GTIN+expiry+lot+serial, GSRN, Digital Link): %.0f scans/s on one "
                "core, median of %d rounds (%zu of %d ok)\n",
                care.size(), careMedian, roundCount, careOk, perRound * roundCount);
    std::printf("  target: 2x GS1's reference C parser, which the issue measured at ~1,000,000 scans/s of this mix on "
                "this machine kind (it is not run here): 2,000,000 scans/s; this is %.2fx that figure\n",
                careMedian / 1e6);
    std::printf("reference, copy the bytes and find GS: %.0f scans/s (ratio %.1fx slower)\n", floorMedian,
                floorMedian / careMedian);
    std::printf("parse, kiosk mix (%zu GS1 and HIBC scans): %.0f scans/s (%zu of %d ok)\n\n", mix.size(),
                median(mixRate), okCount, perRound * roundCount);
    (void)separators;

    // 2. Scan to verdict with a large catalog.
    core::Catalog catalog;
    for (int i = 0; i < 100000; ++i) {
        char body[16];
        std::snprintf(body, sizeof body, "0950600%06d", i);
        core::Product p;
        p.gtin = gtinWithCheck(body);
        p.category = i % 3 == 0 ? "heparin-lock" : "saline-flush";
        p.name = "Product " + std::to_string(i);
        p.heparinUnitsPerMl = i % 3 == 0 ? 100 : 0;
        p.volumeMl = p.syringeMl = 10;
        catalog.add(p);
        if (i % 10 == 0)
            catalog.addRecall({p.gtin, "RC" + std::to_string(i), "bench recall"});
    }
    const core::SafetyRules rules(catalog);
    sdk::ScanExpectation expect{"heparin-lock", "", 100, 5, {}};
    sdk::PatientContext patient;
    patient.id = "950600013435200008";
    std::vector<std::string> scans;
    for (int i = 0; i < 1000; ++i) {
        char body[16];
        std::snprintf(body, sizeof body, "0950600%06d", (i * 97) % 100000);
        scans.push_back("]d201" + gtinWithCheck(body) +
                        "17271231"
                        "10L" +
                        std::to_string(i));
    }
    auto verdict = bench::measure(20000, [&](int i) {
        const auto& s = scans[static_cast<std::size_t>(i) % scans.size()];
        volatile auto level = rules.check(interpreter.interpret(s), expect, patient, "2026-11-27").level;
        (void)level;
    });
    std::unordered_map<std::string, int> plain;
    for (int i = 0; i < 100000; ++i)
        plain.emplace(std::to_string(i), i);
    auto lookup = bench::measure(20000, [&](int i) {
        volatile auto found = plain.count(std::to_string(i % 100000));
        (void)found;
    });
    std::printf("scan to verdict, catalog %zu products, %zu recalls\n", catalog.size(), catalog.recalls());
    bench::report("interpret + safety rules", verdict, lookup, "one hash lookup (floor)");

    // 3. Decode a 1280x720 frame.
    decodeBench();
    return 0;
}
