// Label speed: laying out and rasterising the dressing label at 300 dpi, and the time from "print" to the last byte
// handed to the transport. Each against a reference doing the same job in the same run, rounds alternating:
// - layout + raster against drawing the same strings with Cairo and Pango straight at the sizes our layout ends at,
//   and the same DataMatrix with ZXing's writer (what a hand-written label would do, without our fit search);
// - the Brother QL stream against the same raster handed over as a PNG (Cairo's encoder): what a site printing
//   through a PNG/CUPS path would send instead.

#include "Stats.h"

#include "portside/devices/LabelPrinters.h"
#include "portside/devices/LabelRenderer.h"

#define ZX_USE_UTF8 1
#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include <chrono>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

using namespace portside;

namespace {

double microseconds(const std::function<void()>& f)
{
    const auto t0 = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
}

/// The dressing label drawn by hand: each element's text at a fixed size in its box, the DataMatrix, then the
/// surface thresholded to one bit per dot, as the renderer's output is.
std::vector<std::uint8_t> drawByHand(const core::LabelTemplate& layout, const core::LabelData& data, int width,
                                     int height)
{
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    cairo_t* cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    const double dotsPerMm = 300 / 25.4;
    for (const auto& e : layout.elements) {
        const auto it = data.find(e.field);
        const std::string value = it == data.end() ? std::string() : it->second;
        if (e.kind == core::LabelElement::Kind::Text) {
            PangoLayout* text = pango_cairo_create_layout(cr);
            const std::string s = e.text + value;
            pango_layout_set_text(text, s.c_str(), -1);
            PangoFontDescription* font = pango_font_description_from_string("DejaVu Sans");
            pango_font_description_set_absolute_size(font, e.minSizePt * 300 / 72.0 * PANGO_SCALE);
            pango_layout_set_font_description(text, font);
            pango_font_description_free(font);
            cairo_move_to(cr, e.xMm * dotsPerMm, e.yMm * dotsPerMm);
            pango_cairo_show_layout(cr, text);
            g_object_unref(text);
        } else {
            const auto matrix = ZXing::MultiFormatWriter(ZXing::BarcodeFormat::DataMatrix).encode(value, 0, 0);
            const double module = e.widthMm * dotsPerMm / (matrix.width() + 2);
            for (int y = 0; y < matrix.height(); ++y)
                for (int x = 0; x < matrix.width(); ++x)
                    if (matrix.get(x, y))
                        cairo_rectangle(cr, e.xMm * dotsPerMm + (x + 1) * module, e.yMm * dotsPerMm + (y + 1) * module,
                                        module, module);
            cairo_fill(cr);
        }
    }
    cairo_surface_flush(surface);
    const int rowBytes = (width + 7) / 8;
    std::vector<std::uint8_t> bits(static_cast<std::size_t>(rowBytes) * height, 0);
    const unsigned char* px = cairo_image_surface_get_data(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            if ((px[y * stride + x * 4 + 1]) < 128)
                bits[static_cast<std::size_t>(y) * rowBytes + x / 8] |= static_cast<std::uint8_t>(0x80 >> (x % 8));
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
    return bits;
}

/// The raster as a PNG in memory (Cairo's encoder), a byte count so nothing is optimised away.
std::size_t asPng(const sdk::Raster& r)
{
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_A1, r.widthDots, r.heightDots);
    cairo_surface_flush(surface);
    unsigned char* px = cairo_image_surface_get_data(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    const int rowBytes = (r.widthDots + 7) / 8;
    for (int y = 0; y < r.heightDots; ++y)
        for (int x = 0; x < r.widthDots; ++x)
            if (r.bits[static_cast<std::size_t>(y) * rowBytes + x / 8] & (0x80 >> (x % 8)))
                reinterpret_cast<std::uint32_t*>(px + y * stride)[x / 32] |= 1u << (x % 32);
    cairo_surface_mark_dirty(surface);
    std::size_t bytes = 0;
    cairo_surface_write_to_png_stream(
        surface,
        [](void* closure, const unsigned char*, unsigned int length) {
            *static_cast<std::size_t*>(closure) += length;
            return CAIRO_STATUS_SUCCESS;
        },
        &bytes);
    cairo_surface_destroy(surface);
    return bytes;
}

} // namespace

int main()
{
    const auto& model = devices::findPrinterModel("brother-ql-800");
    const auto& media = devices::findMedia(model, "62x29");
    const auto layout = core::dressingDateTemplate(media.printableDots * 25.4 / 300, media.lengthDots * 25.4 / 300);
    const auto data = core::sampleDressingData();
    const devices::LabelRenderer renderer;
    sdk::Raster raster;
    bench::Samples render, byHand;
    std::size_t handBytes = 0;
    for (int i = 0; i < 200; ++i) { // alternating, so drift favours neither
        render.us.push_back(
            microseconds([&] { raster = renderer.render(layout, data, 300, media.printableDots, media.lengthDots); }));
        byHand.us.push_back(
            microseconds([&] { handBytes += drawByHand(layout, data, media.printableDots, media.lengthDots).size(); }));
    }
    std::printf("dressing label 62x29 mm at 300 dpi (%d x %d dots)\n", raster.widthDots, raster.heightDots);
    bench::report("layout + raster", render, byHand, "Cairo/Pango by hand");

    std::vector<std::uint8_t> sink(1 << 20);
    std::size_t last = 0, pngBytes = 0;
    bench::Samples toLastByte, png;
    for (int i = 0; i < 200; ++i) {
        toLastByte.us.push_back(microseconds([&] {
            const auto stream = devices::encodeLabel(model, media, raster);
            std::memcpy(sink.data(), stream.data(), stream.size()); // what the transport would take
            last = stream.size();
        }));
        png.us.push_back(microseconds([&] { pngBytes = asPng(raster); }));
    }
    std::printf("\nprint to last byte, Brother QL-800 stream of %zu bytes (PNG of the same raster: %zu bytes)\n", last,
                pngBytes);
    bench::report("encode + hand over", toLastByte, png, "the raster as PNG (Cairo)");
    return handBytes == 0 ? 1 : 0;
}
