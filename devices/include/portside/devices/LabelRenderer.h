#pragma once

#include "portside/core/Label.h"
#include "portside/sdk/Printer.h"

#include <stdexcept>
#include <string>

namespace portside::devices {

/// Text that does not fit its place even at its smallest size, a field with no value, a media too small: a
/// sentence naming the field. Labels never clip silently.
class LabelError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};
/// Text that does not fit its place even at its smallest size.
class TextDoesNotFit : public LabelError {
public:
    using LabelError::LabelError;
};

/// Renders a label template with Cairo and Pango (text in every locale) into the 1-bit raster a printer prints at
/// its resolution; the same raster is the on-screen preview. Text shrinks (and wraps where allowed) to fit its box;
/// the DataMatrix (ZXing-C++'s writer) keeps a quiet zone of at least one module. A dressing-date label whose text
/// does not fit the standard layout (a two-digit day on a 57 mm label, a longer language) is drawn in the compact
/// layout instead (sdk::compactDressingDateTemplate): a nurse gets a label, not a refusal.
class LabelRenderer {
public:
    /// `widthDots` and `heightDots` are the printable area at `dpi`; heightDots 0 takes the template's height.
    sdk::Raster render(const core::LabelTemplate& label, const core::LabelData& data, int dpi, int widthDots,
                       int heightDots = 0) const;

private:
    sdk::Raster draw(const core::LabelTemplate& label, const core::LabelData& data, int dpi, int widthDots,
                     int heightDots) const;
};

/// Saves a raster as a 1-bit-looking PNG (black on white). Throws std::runtime_error naming the file.
void saveRasterPng(const sdk::Raster& raster, const std::string& path);

} // namespace portside::devices
