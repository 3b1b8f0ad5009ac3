#include "portside/devices/LabelRenderer.h"

#include "portside/core/ChecklistRun.h"

#define ZX_USE_UTF8 1
#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace portside::devices {

namespace {

double dots(double mm, int dpi)
{
    return mm * dpi / 25.4;
}

struct CairoDeleter {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};

/// Lays the text out in its box, shrinking from sizePt to minSizePt; throws LabelError when even the smallest does
/// not fit.
PangoLayout* fitText(cairo_t* cr, const core::LabelElement& e, const std::string& text, int dpi)
{
    PangoLayout* layout = pango_cairo_create_layout(cr);
    pango_layout_set_text(layout, text.c_str(), -1);
    const int boxW = static_cast<int>(dots(e.widthMm, dpi)), boxH = static_cast<int>(dots(e.heightMm, dpi));
    if (e.wrap) {
        pango_layout_set_width(layout, boxW * PANGO_SCALE);
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    }
    for (double size = e.sizePt; size >= e.minSizePt - 1e-9; size -= 0.5) {
        PangoFontDescription* font = pango_font_description_from_string("DejaVu Sans");
        pango_font_description_set_weight(font, e.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
        // points to device dots: the surface is in dots, so a point is dpi/72 dots
        pango_font_description_set_absolute_size(font, size * dpi / 72.0 * PANGO_SCALE);
        pango_layout_set_font_description(layout, font);
        pango_font_description_free(font);
        int w = 0, h = 0;
        pango_layout_get_pixel_size(layout, &w, &h);
        if (w <= boxW && h <= boxH)
            return layout;
    }
    g_object_unref(layout);
    throw TextDoesNotFit("The text \"" + text + "\" does not fit its place on the label (" +
                         core::formatNumber(e.widthMm) + " x " + core::formatNumber(e.heightMm) + " mm) even at " +
                         core::formatNumber(e.minSizePt) + " pt; shorten it or use wider labels.");
}

} // namespace

sdk::Raster LabelRenderer::render(const core::LabelTemplate& label, const core::LabelData& data, int dpi, int widthDots,
                                  int heightDots) const
{
    try {
        return draw(label, data, dpi, widthDots, heightDots);
    } catch (const TextDoesNotFit&) {
        if (label.id != "dressing-date")
            throw;
        const auto compact = sdk::compactDressingDateTemplate(label.widthMm, label.heightMm);
        if (compact.elements.size() == label.elements.size() &&
            std::equal(
                compact.elements.begin(), compact.elements.end(), label.elements.begin(),
                [](const auto& a, const auto& b) { return a.field == b.field && a.xMm == b.xMm && a.yMm == b.yMm; }))
            throw; // already the compact layout
        try {
            return draw(compact, data, dpi, widthDots, heightDots);
        } catch (const TextDoesNotFit&) {
        }
        throw;
    }
}

sdk::Raster LabelRenderer::draw(const core::LabelTemplate& label, const core::LabelData& data, int dpi, int widthDots,
                                int heightDots) const
{
    if (heightDots <= 0)
        heightDots = static_cast<int>(std::lround(dots(label.heightMm, dpi)));
    if (widthDots <= 0 || heightDots <= 0 || widthDots > 4000 || heightDots > 20000)
        throw LabelError("The label size " + std::to_string(widthDots) + " x " + std::to_string(heightDots) +
                         " dots is not one a label printer prints.");
    std::unique_ptr<cairo_surface_t, CairoDeleter> surface(
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, widthDots, heightDots));
    std::unique_ptr<cairo_t, CairoDeleter> cr(cairo_create(surface.get()));
    cairo_set_source_rgb(cr.get(), 1, 1, 1);
    cairo_paint(cr.get());
    cairo_set_source_rgb(cr.get(), 0, 0, 0);

    for (const auto& e : label.elements) {
        std::string value;
        if (!e.field.empty()) {
            auto it = data.find(e.field);
            if (it == data.end() || it->second.empty())
                throw LabelError("The label field \"" + e.field + "\" has no value.");
            value = it->second;
        }
        const double x = dots(e.xMm, dpi), y = dots(e.yMm, dpi);
        if (dots(e.xMm + e.widthMm, dpi) > widthDots + 1 || dots(e.yMm + e.heightMm, dpi) > heightDots + 1)
            throw LabelError("The label element for \"" + (e.field.empty() ? e.text : e.field) +
                             "\" lies outside the media; choose the media the template was made for.");
        if (e.kind == core::LabelElement::Kind::Text) {
            // A translated prefix given with the data ("prefix.due") replaces the template's own.
            const auto prefix = e.field.empty() ? data.end() : data.find("prefix." + e.field);
            PangoLayout* layout = fitText(cr.get(), e, (prefix == data.end() ? e.text : prefix->second) + value, dpi);
            cairo_move_to(cr.get(), x, y);
            pango_cairo_show_layout(cr.get(), layout);
            g_object_unref(layout);
        } else {
            ZXing::MultiFormatWriter writer(ZXing::BarcodeFormat::DataMatrix);
            writer.setMargin(0);
            const ZXing::BitMatrix matrix = writer.encode(value, 0, 0);
            const int box = static_cast<int>(std::min(dots(e.widthMm, dpi), dots(e.heightMm, dpi)));
            const int module = box / (std::max(matrix.width(), matrix.height()) + 2); // one module of quiet zone
            if (module < 2)
                throw LabelError("The DataMatrix for \"" + e.field + "\" is too small to print readably.");
            const int ox = static_cast<int>(x) + module, oy = static_cast<int>(y) + module;
            for (int r = 0; r < matrix.height(); ++r)
                for (int c = 0; c < matrix.width(); ++c)
                    if (matrix.get(c, r))
                        cairo_rectangle(cr.get(), ox + c * module, oy + r * module, module, module);
            cairo_fill(cr.get());
        }
    }
    cairo_surface_flush(surface.get());

    sdk::Raster raster;
    raster.widthDots = widthDots;
    raster.heightDots = heightDots;
    raster.dpi = dpi;
    const int rowBytes = (widthDots + 7) / 8;
    raster.bits.assign(static_cast<std::size_t>(rowBytes) * heightDots, 0);
    const unsigned char* pixels = cairo_image_surface_get_data(surface.get());
    const int stride = cairo_image_surface_get_stride(surface.get());
    for (int yy = 0; yy < heightDots; ++yy)
        for (int xx = 0; xx < widthDots; ++xx) {
            const auto p = *reinterpret_cast<const std::uint32_t*>(pixels + yy * stride + xx * 4);
            const unsigned grey = (((p >> 16) & 0xff) * 299 + ((p >> 8) & 0xff) * 587 + (p & 0xff) * 114) / 1000;
            if (grey < 128)
                raster.bits[static_cast<std::size_t>(yy) * rowBytes + xx / 8] |=
                    static_cast<std::uint8_t>(0x80 >> (xx % 8));
        }
    return raster;
}

void saveRasterPng(const sdk::Raster& raster, const std::string& path)
{
    std::unique_ptr<cairo_surface_t, CairoDeleter> surface(
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, raster.widthDots, raster.heightDots));
    unsigned char* pixels = cairo_image_surface_get_data(surface.get());
    const int stride = cairo_image_surface_get_stride(surface.get());
    const int rowBytes = (raster.widthDots + 7) / 8;
    for (int y = 0; y < raster.heightDots; ++y)
        for (int x = 0; x < raster.widthDots; ++x) {
            const bool black = raster.bits[static_cast<std::size_t>(y) * rowBytes + x / 8] & (0x80 >> (x % 8));
            *reinterpret_cast<std::uint32_t*>(pixels + y * stride + x * 4) = black ? 0x000000 : 0xffffff;
        }
    cairo_surface_mark_dirty(surface.get());
    if (cairo_surface_write_to_png(surface.get(), path.c_str()) != CAIRO_STATUS_SUCCESS)
        throw std::runtime_error("The label picture could not be written to " + path + ".");
}

} // namespace portside::devices
