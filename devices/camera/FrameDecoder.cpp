#include "portside/devices/FrameDecoder.h"

#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

#include <cairo.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>

namespace portside::devices {

namespace {

std::vector<DecodedSymbol> read(const ZXing::ImageView& view, const ZXing::DecodeHints& hints, int offsetX, int offsetY)
{
    std::vector<DecodedSymbol> found;
    for (const auto& r : ZXing::ReadBarcodes(view, hints)) {
        if (!r.isValid())
            continue;
        DecodedSymbol s;
        const auto& bytes = r.bytes();
        s.bytes.assign(bytes.begin(), bytes.end());
        s.aim = r.symbologyIdentifier();
        s.format = ZXing::ToString(r.format());
        const auto c = ZXing::Center(r.position());
        s.x = c.x + offsetX;
        s.y = c.y + offsetY;
        found.push_back(std::move(s));
    }
    return found;
}

GrayImage loadPnm(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::string magic;
    int w = 0, h = 0, max = 0;
    in >> magic >> w >> h >> max;
    in.get();
    if (!in || (magic != "P5" && magic != "P6") || w <= 0 || h <= 0 || max != 255)
        throw std::runtime_error("The image " + path + " is not an 8-bit binary PGM or PPM.");
    const int channels = magic == "P6" ? 3 : 1;
    std::vector<unsigned char> raw(static_cast<std::size_t>(w) * h * channels);
    in.read(reinterpret_cast<char*>(raw.data()), static_cast<std::streamsize>(raw.size()));
    if (!in)
        throw std::runtime_error("The image " + path + " is cut short.");
    GrayImage image{w, h, std::vector<std::uint8_t>(static_cast<std::size_t>(w) * h)};
    for (std::size_t i = 0; i < image.pixels.size(); ++i)
        image.pixels[i] =
            channels == 1
                ? raw[i]
                : static_cast<std::uint8_t>((raw[3 * i] * 299 + raw[3 * i + 1] * 587 + raw[3 * i + 2] * 114) / 1000);
    return image;
}

} // namespace

GrayImage loadImage(const std::string& path)
{
    std::ifstream probe(path, std::ios::binary);
    if (!probe)
        throw std::runtime_error("The image " + path + " cannot be opened.");
    char head[2] = {};
    probe.read(head, 2);
    if (head[0] == 'P' && (head[1] == '5' || head[1] == '6'))
        return loadPnm(path);
    cairo_surface_t* surface = cairo_image_surface_create_from_png(path.c_str());
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        const std::string why = cairo_status_to_string(cairo_surface_status(surface));
        cairo_surface_destroy(surface);
        throw std::runtime_error("The image " + path + " is not a PNG this kiosk can read (" + why + ").");
    }
    // Flatten whatever Cairo gave (ARGB, RGB, A8) onto white and convert to grey.
    const int w = cairo_image_surface_get_width(surface), h = cairo_image_surface_get_height(surface);
    cairo_surface_t* rgb = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t* cr = cairo_create(rgb);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_surface(cr, surface, 0, 0);
    cairo_paint(cr);
    cairo_destroy(cr);
    cairo_surface_flush(rgb);
    GrayImage image{w, h, std::vector<std::uint8_t>(static_cast<std::size_t>(w) * h)};
    const unsigned char* data = cairo_image_surface_get_data(rgb);
    const int stride = cairo_image_surface_get_stride(rgb);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const auto* p = reinterpret_cast<const std::uint32_t*>(data + y * stride) + x;
            const unsigned r = (*p >> 16) & 0xff, g = (*p >> 8) & 0xff, b = *p & 0xff;
            image.pixels[static_cast<std::size_t>(y) * w + x] =
                static_cast<std::uint8_t>((r * 299 + g * 587 + b * 114) / 1000);
        }
    cairo_surface_destroy(rgb);
    cairo_surface_destroy(surface);
    return image;
}

std::vector<DecodedSymbol> FrameDecoder::decode(const std::uint8_t* luminance, int width, int height,
                                                int rowStride) const
{
    const ZXing::ImageView frame(luminance, width, height, ZXing::ImageFormat::Lum, rowStride ? rowStride : width);
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::DataMatrix | ZXing::BarcodeFormat::Code128 | ZXing::BarcodeFormat::Code39 |
                     ZXing::BarcodeFormat::QRCode | ZXing::BarcodeFormat::DataBar |
                     ZXing::BarcodeFormat::DataBarExpanded | ZXing::BarcodeFormat::EAN13 | ZXing::BarcodeFormat::EAN8 |
                     ZXing::BarcodeFormat::UPCA);
    hints.setTryHarder(true);
    auto found = read(frame, hints, 0, 0);
    const bool haveMatrix =
        std::any_of(found.begin(), found.end(), [](const DecodedSymbol& s) { return s.format == "DataMatrix"; });
    if (haveMatrix)
        return found;

    // DataMatrix off the centre line: bands whose centre lines sit at 1/8, 2/8, ... 7/8 of the height.
    ZXing::DecodeHints matrixOnly = hints;
    matrixOnly.setFormats(ZXing::BarcodeFormat::DataMatrix);
    struct Band {
        int top, height;
    };
    std::vector<Band> bands;
    for (int eighth : {1, 3, 5, 7})
        bands.push_back({std::max(0, height * eighth / 8 - height / 8), height / 4});
    for (int quarter : {1, 3})
        bands.push_back({std::max(0, height * quarter / 4 - height / 4), height / 2});
    for (const auto& band : bands) {
        const int h = std::min(band.height, height - band.top);
        if (h < 16)
            continue;
        for (auto& s : read(frame.cropped(0, band.top, width, h), matrixOnly, 0, band.top))
            if (std::none_of(found.begin(), found.end(), [&](const DecodedSymbol& f) { return f.bytes == s.bytes; }))
                found.push_back(std::move(s));
    }
    return found;
}

} // namespace portside::devices
