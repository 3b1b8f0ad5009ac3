// Label speed: laying out and rasterising the dressing label at 300 dpi, and the time from "print" to the last byte
// handed to the transport (the Brother QL stream built and copied to a sink), against filling a blank raster of the
// same size (the floor) in the same run.

#include "Stats.h"

#include "portside/devices/LabelPrinters.h"
#include "portside/devices/LabelRenderer.h"

#include <cstring>

using namespace portside;

int main()
{
    const auto& model = devices::findPrinterModel("brother-ql-800");
    const auto& media = devices::findMedia(model, "62x29");
    const auto layout = core::dressingDateTemplate(media.printableDots * 25.4 / 300, media.lengthDots * 25.4 / 300);
    const auto data = core::sampleDressingData();
    const devices::LabelRenderer renderer;
    sdk::Raster raster;
    auto render = bench::measure(
        200, [&](int) { raster = renderer.render(layout, data, 300, media.printableDots, media.lengthDots); });
    auto blank = bench::measure(200, [&](int) {
        std::vector<std::uint8_t> bits(static_cast<std::size_t>((media.printableDots + 7) / 8) * media.lengthDots, 0);
        volatile std::uint8_t keep = bits[bits.size() / 2];
        (void)keep;
    });
    std::printf("dressing label 62x29 mm at 300 dpi (%d x %d dots)\n", raster.widthDots, raster.heightDots);
    bench::report("layout + raster", render, blank, "allocate a blank raster");

    std::vector<std::uint8_t> sink(1 << 20);
    std::size_t last = 0;
    auto toLastByte = bench::measure(200, [&](int) {
        const auto stream = devices::encodeLabel(model, media, raster);
        std::memcpy(sink.data(), stream.data(), stream.size()); // what the transport would take
        last = stream.size();
    });
    auto copyOnly = bench::measure(200, [&](int) { std::memcpy(sink.data(), raster.bits.data(), raster.bits.size()); });
    std::printf("\nprint to last byte, Brother QL-800 stream of %zu bytes\n", last);
    bench::report("encode + hand over", toLastByte, copyOnly, "copy the raster");
    return 0;
}
