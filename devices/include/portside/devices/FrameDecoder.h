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

/// Finds barcodes in camera frames and images with ZXing-C++. Debian's ZXing-C++ 1.4 finds a DataMatrix only when
/// it crosses the image's horizontal centre line, so when a frame yields no DataMatrix the decoder also searches
/// horizontal bands whose centre lines are an eighth of the frame apart.
class FrameDecoder {
public:
    std::vector<DecodedSymbol> decode(const std::uint8_t* luminance, int width, int height, int rowStride = 0) const;
    std::vector<DecodedSymbol> decode(const GrayImage& image) const
    {
        return decode(image.pixels.data(), image.width, image.height, image.width);
    }
};

} // namespace portside::devices
