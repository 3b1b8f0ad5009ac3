#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace portside::devices {

/// An 8-bit grey image, rows packed.
struct GrayImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;
};

/// Loads a PNG (through Cairo) or a binary PNM (P5/P6) as grey. Throws std::runtime_error naming the file and the
/// problem.
GrayImage loadImage(const std::string& path);

/// One symbol found in a frame.
struct DecodedSymbol {
    std::string bytes;  ///< the data as the symbol carries it (GS as 0x1D), without the AIM identifier
    std::string aim;    ///< AIM symbology identifier, such as "]d2"
    std::string format; ///< "DataMatrix", "Code128", ...
    int x = 0, y = 0;   ///< centre in the frame, pixels
};

/// Finds barcodes in camera frames and images with ZXing-C++.
///
/// Debian's ZXing-C++ 1.4 finds a DataMatrix only when the image's horizontal (or, turned a quarter, vertical)
/// centre line crosses it. So when the whole frame yields no DataMatrix, the decoder lays search regions side by
/// side in strips and lets ZXing walk each strip's centre line: horizontal bands a little taller than the smallest
/// symbol apart (every symbol of that size crosses some band's centre line), at full resolution for 2 px modules
/// and at half and quarter resolution for larger ones, and at the reduced resolutions also vertical bands turned a
/// quarter, for symbols turned 90 degrees (from 4 px modules). Each resolution is binarised once (local average)
/// and the strips are read without ZXing's own binarizer, so an empty frame costs about 1.4x one ZXing pass
/// (bench-scan prints the figures). A symbol needs its quiet zone (ISO/IEC 16022: one module) to be found.
class FrameDecoder {
public:
    std::vector<DecodedSymbol> decode(const std::uint8_t* luminance, int width, int height, int rowStride = 0) const;
    std::vector<DecodedSymbol> decode(const GrayImage& image) const
    {
        return decode(image.pixels.data(), image.width, image.height, image.width);
    }
    /// Only the search regions (no whole-frame pass): DataMatrix symbols off the centre lines. For tests and
    /// bench-scan.
    std::vector<DecodedSymbol> searchRegions(const std::uint8_t* luminance, int width, int height,
                                             int rowStride = 0) const;
};

} // namespace portside::devices
