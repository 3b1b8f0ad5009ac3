#include "portside/devices/FrameDecoder.h"

#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

#include <cairo.h>

#include <algorithm>
#include <cstring>
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

namespace {

// The search strip (see FrameDecoder's comment). Sizes in pixels of the level the region is taken from.
constexpr int kSpacing = 32;  ///< band centre lines this far apart: the smallest GS1 DataMatrix (16x16) at 2 px
constexpr int kBand = 112;    ///< band height: a symbol of kSpacing to kBand - kSpacing px lies whole in some band
constexpr int kGap = 8;       ///< white between two regions in the strip, so no symbol borrows its neighbour's edge
constexpr int kLevels = 3;    ///< full, half and quarter resolution
constexpr int kMaxPasses = 8; ///< ZXing passes over strips at most (each reports one DataMatrix at most)

/// One resolution of the frame: level 0 is the frame itself, each next level half the size (2x2 averages).
struct Plane {
    int width = 0, height = 0, stride = 0;
    const std::uint8_t* data = nullptr;
    std::vector<std::uint8_t> own;
};

Plane halve(const Plane& p)
{
    Plane h;
    h.width = p.width / 2;
    h.height = p.height / 2;
    h.stride = h.width;
    h.own.resize(static_cast<std::size_t>(h.width) * h.height);
    for (int y = 0; y < h.height; ++y) {
        const std::uint8_t* a = p.data + static_cast<std::size_t>(2 * y) * p.stride;
        const std::uint8_t* b = a + p.stride;
        std::uint8_t* out = h.own.data() + static_cast<std::size_t>(y) * h.width;
        for (int x = 0; x < h.width; ++x)
            out[x] = static_cast<std::uint8_t>((a[2 * x] + a[2 * x + 1] + b[2 * x] + b[2 * x + 1] + 2) / 4);
    }
    h.data = h.own.data();
    return h;
}

/// Black (0) and white (255) by a local threshold, once per level: the strips repeat each row up to four times, and
/// ZXing then only has to read the bytes (Binarizer::BoolCast). The threshold is the mean of the 5x5 blocks of 8x8
/// pixels around a pixel's block; a flat block counts as light unless its neighbours are lighter (a dark area), the
/// local-average rule ZXing itself applies to whole images.
Plane binarize(const Plane& p)
{
    constexpr int kBlock = 8;
    const int bw = (p.width + kBlock - 1) / kBlock, bh = (p.height + kBlock - 1) / kBlock;
    std::vector<int> level(static_cast<std::size_t>(bw) * bh);
    for (int by = 0; by < bh; ++by)
        for (int bx = 0; bx < bw; ++bx) {
            const int x0 = std::min(bx * kBlock, p.width - kBlock), y0 = std::min(by * kBlock, p.height - kBlock);
            int sum = 0, lo = 255, hi = 0;
            for (int y = std::max(y0, 0); y < std::max(y0, 0) + std::min(kBlock, p.height); ++y) {
                const std::uint8_t* row = p.data + static_cast<std::size_t>(y) * p.stride + std::max(x0, 0);
                for (int x = 0; x < std::min(kBlock, p.width); ++x) {
                    sum += row[x];
                    lo = std::min<int>(lo, row[x]);
                    hi = std::max<int>(hi, row[x]);
                }
            }
            int mean = sum / (std::min(kBlock, p.height) * std::min(kBlock, p.width));
            if (hi - lo <= 24) {
                mean = lo / 2;
                if (bx > 0 && by > 0) {
                    const auto at = [&](int x, int y) { return level[static_cast<std::size_t>(y) * bw + x]; };
                    const int around = (at(bx, by - 1) + 2 * at(bx - 1, by) + at(bx - 1, by - 1)) / 4;
                    if (lo < around)
                        mean = around;
                }
            }
            level[static_cast<std::size_t>(by) * bw + bx] = mean;
        }
    Plane b;
    b.width = p.width;
    b.height = p.height;
    b.stride = p.width;
    b.own.resize(static_cast<std::size_t>(p.width) * p.height);
    for (int by = 0; by < bh; ++by)
        for (int bx = 0; bx < bw; ++bx) {
            int sum = 0;
            const int cx = std::clamp(bx, 2, std::max(2, bw - 3)), cy = std::clamp(by, 2, std::max(2, bh - 3));
            int n = 0;
            for (int y = cy - 2; y <= cy + 2; ++y)
                for (int x = cx - 2; x <= cx + 2; ++x)
                    if (x >= 0 && x < bw && y >= 0 && y < bh)
                        sum += level[static_cast<std::size_t>(y) * bw + x], ++n;
            const int threshold = sum / n;
            for (int y = by * kBlock; y < std::min((by + 1) * kBlock, p.height); ++y) {
                const std::uint8_t* in = p.data + static_cast<std::size_t>(y) * p.stride;
                std::uint8_t* out = b.own.data() + static_cast<std::size_t>(y) * b.stride;
                for (int x = bx * kBlock; x < std::min((bx + 1) * kBlock, p.width); ++x)
                    out[x] = in[x] <= threshold ? 0 : 255;
            }
        }
    b.data = b.own.data();
    return b;
}

/// A search region's place in the strip: a horizontal band (rows origin .. origin + kBand of its level) or a
/// vertical band (columns origin .. origin + kBand) turned a quarter so that its centre line runs along the strip's.
struct Region {
    int level = 0;
    bool turned = false;
    int origin = 0;            ///< top row (band) or left column (turned band), in the level's pixels; may be < 0
    int stripX = 0, width = 0; ///< where it sits in the strip
};

struct Strip {
    int width = 0;
    std::vector<std::uint8_t> px; // kBand rows
    std::vector<Region> regions;

    std::uint8_t* at(int x, int y) { return px.data() + static_cast<std::size_t>(y) * width + x; }

    /// Frame coordinates of a strip point.
    bool toFrame(double sx, double sy, double& fx, double& fy) const
    {
        for (const auto& r : regions)
            if (sx >= r.stripX && sx < r.stripX + r.width) {
                const double lx = r.turned ? r.origin + kBand - 1 - sy : sx - r.stripX;
                const double ly = r.turned ? sx - r.stripX : r.origin + sy;
                const double scale = 1 << r.level;
                fx = (lx + 0.5) * scale - 0.5;
                fy = (ly + 0.5) * scale - 0.5;
                return true;
            }
        return false;
    }

    /// Paints a frame rectangle white wherever a region shows it, so the next pass finds another symbol.
    void blank(double left, double top, double right, double bottom)
    {
        for (const auto& r : regions) {
            const double scale = 1 << r.level;
            const int l = static_cast<int>(left / scale) - 2, t = static_cast<int>(top / scale) - 2;
            const int rr = static_cast<int>(right / scale) + 2, b = static_cast<int>(bottom / scale) + 2;
            // the rectangle in the strip's coordinates
            int x0, x1, y0, y1;
            if (r.turned) {
                x0 = t, x1 = b;
                y0 = r.origin + kBand - 1 - rr, y1 = r.origin + kBand - 1 - l;
            } else {
                x0 = l, x1 = rr;
                y0 = t - r.origin, y1 = b - r.origin;
            }
            x0 = std::max(x0, 0), x1 = std::min(x1, r.width - 1);
            y0 = std::max(y0, 0), y1 = std::min(y1, kBand - 1);
            for (int y = y0; y <= y1 && x0 <= x1; ++y)
                std::memset(at(r.stripX + x0, y), 255, static_cast<std::size_t>(x1 - x0 + 1));
        }
    }
};

/// Centre lines every kSpacing pixels from the first to the last row (or column) of a level.
std::vector<int> centres(int extent)
{
    std::vector<int> c;
    for (int v = kSpacing / 2; v < extent; v += kSpacing)
        c.push_back(v);
    return c;
}

/// The strip of one level's horizontal bands, or of its vertical bands turned a quarter. Kept apart because ZXing
/// 1.4 stops at the first shape along the line that looks like a symbol: a symbol reduced below 2 px per module (or
/// turned in a strip of upright ones) must not hide a readable one.
Strip buildStrip(const Plane& p, int level, bool turned)
{
    Strip strip;
    for (int c : centres(turned ? p.width : p.height))
        strip.regions.push_back({level, turned, c - kBand / 2, 0, turned ? p.height : p.width});
    int x = 0;
    for (auto& r : strip.regions) {
        r.stripX = x;
        x += r.width + kGap;
    }
    strip.width = x;
    strip.px.assign(static_cast<std::size_t>(strip.width) * kBand, 255);
    for (const auto& r : strip.regions) {
        if (!r.turned) {
            for (int y = 0; y < kBand; ++y) {
                const int row = r.origin + y;
                if (row >= 0 && row < p.height)
                    std::memcpy(strip.at(r.stripX, y), p.data + static_cast<std::size_t>(row) * p.stride,
                                static_cast<std::size_t>(p.width));
            }
        } else {
            // strip (x, y) shows the level's column origin + kBand - 1 - y, row x: a quarter turn, not a mirror
            for (int y = 0; y < kBand; ++y) {
                const int column = r.origin + kBand - 1 - y;
                if (column < 0 || column >= p.width)
                    continue;
                std::uint8_t* out = strip.at(r.stripX, y);
                const std::uint8_t* in = p.data + column;
                for (int row = 0; row < p.height; ++row)
                    out[row] = in[static_cast<std::size_t>(row) * p.stride];
            }
        }
    }
    return strip;
}

ZXing::DecodeHints allFormats()
{
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::DataMatrix | ZXing::BarcodeFormat::Code128 | ZXing::BarcodeFormat::Code39 |
                     ZXing::BarcodeFormat::QRCode | ZXing::BarcodeFormat::DataBar |
                     ZXing::BarcodeFormat::DataBarExpanded | ZXing::BarcodeFormat::EAN13 | ZXing::BarcodeFormat::EAN8 |
                     ZXing::BarcodeFormat::UPCA);
    hints.setTryHarder(true);
    return hints;
}

} // namespace

std::vector<DecodedSymbol> FrameDecoder::searchRegions(const std::uint8_t* luminance, int width, int height,
                                                       int rowStride) const
{
    std::vector<DecodedSymbol> found;
    if (width < kSpacing || height < kSpacing)
        return found;
    Plane planes[kLevels];
    planes[0].width = width;
    planes[0].height = height;
    planes[0].stride = rowStride ? rowStride : width;
    planes[0].data = luminance;
    int levels = 1;
    while (levels < kLevels && planes[levels - 1].width / 2 >= kBand && planes[levels - 1].height / 2 >= kSpacing) {
        planes[levels] = halve(planes[levels - 1]);
        ++levels;
    }
    // Each strip's centre line is walked both ways (tryRotate); the whole-image fallback detector (tryHarder) would
    // look at the strip's middle only, and downscaling is done here already.
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::DataMatrix);
    hints.setTryHarder(false);
    hints.setTryRotate(true);
    hints.setTryDownscale(false);
    hints.setBinarizer(ZXing::Binarizer::BoolCast); // the strips are black and white already
    Plane binary[kLevels];
    struct Box {
        double left, top, right, bottom;
    };
    std::vector<Box> seen; // symbols found: blanked in the next strips, which show them again
    int passes = 0;
    for (int level = 0; level < levels; ++level)
        for (bool turned : {false, true}) {
            if (turned && level == 0)
                continue; // symbols turned a quarter: from 4 px modules up (2 px at the half resolution)
            if (!binary[level].data)
                binary[level] = binarize(planes[level]);
            Strip strip = buildStrip(binary[level], level, turned);
            for (const auto& b : seen)
                strip.blank(b.left, b.top, b.right, b.bottom);
            while (passes < kMaxPasses) {
                ++passes;
                const ZXing::ImageView view(strip.px.data(), strip.width, kBand, ZXing::ImageFormat::Lum);
                const auto result = ZXing::ReadBarcode(view, hints);
                if (!result.isValid())
                    break;
                Box box{1e9, 1e9, -1e9, -1e9};
                double sumX = 0, sumY = 0;
                bool mapped = true;
                for (const auto& corner : result.position()) {
                    double fx = 0, fy = 0;
                    mapped = mapped && strip.toFrame(corner.x, corner.y, fx, fy);
                    box = {std::min(box.left, fx), std::min(box.top, fy), std::max(box.right, fx),
                           std::max(box.bottom, fy)};
                    sumX += fx, sumY += fy;
                }
                if (!mapped)
                    break;
                DecodedSymbol s;
                const auto& bytes = result.bytes();
                s.bytes.assign(bytes.begin(), bytes.end());
                s.aim = result.symbologyIdentifier();
                s.format = ZXing::ToString(result.format());
                s.x = static_cast<int>(sumX / 4 + 0.5);
                s.y = static_cast<int>(sumY / 4 + 0.5);
                if (std::none_of(found.begin(), found.end(),
                                 [&](const DecodedSymbol& f) { return f.bytes == s.bytes; }))
                    found.push_back(std::move(s));
                seen.push_back(box);
                strip.blank(box.left, box.top, box.right, box.bottom);
            }
        }
    return found;
}

std::vector<DecodedSymbol> FrameDecoder::decode(const std::uint8_t* luminance, int width, int height,
                                                int rowStride) const
{
    const ZXing::ImageView frame(luminance, width, height, ZXing::ImageFormat::Lum, rowStride ? rowStride : width);
    static const ZXing::DecodeHints hints = allFormats();
    auto found = read(frame, hints, 0, 0);
    const bool haveMatrix =
        std::any_of(found.begin(), found.end(), [](const DecodedSymbol& s) { return s.format == "DataMatrix"; });
    if (haveMatrix)
        return found;
    // DataMatrix off the centre lines, small or turned: the search strip.
    for (auto& s : searchRegions(luminance, width, height, rowStride))
        if (std::none_of(found.begin(), found.end(), [&](const DecodedSymbol& f) { return f.bytes == s.bytes; }))
            found.push_back(std::move(s));
    return found;
}

} // namespace portside::devices
