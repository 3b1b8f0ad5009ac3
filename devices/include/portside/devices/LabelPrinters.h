#pragma once

#include "portside/sdk/Printer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace portside::devices {

/// A label size a printer takes.
struct MediaSpec {
    std::string name; ///< "62" (endless), "62x29" (die-cut), "50x25", ...
    double widthMm = 0;
    double lengthMm = 0;   ///< 0 for endless tape
    int printableDots = 0; ///< printable width in dots
    int lengthDots = 0;    ///< die-cut label length in dots; 0 for endless
    int offsetDots = 0;    ///< Brother: where the printable area starts on the head
};

/// A printer model: its command language, resolution, head and media.
struct PrinterModel {
    enum class Language { BrotherRaster, Zpl, DymoRaster, Png };
    std::string name; ///< as `portside-cli printer models` lists it: "brother-ql-800", "zebra-zpl-203", ...
    std::string title;
    Language language = Language::Png;
    int dpi = 300;
    int headBytes = 90;       ///< bytes per raster line the head takes (Brother: 90; QL-1100: 162; DYMO: 84)
    bool compression = false; ///< Brother: TIFF PackBits raster lines
    bool modeSwitch = false;  ///< Brother: needs ESC i a 1 (raster mode) before the job
    std::uint16_t usbVendor = 0, usbProduct = 0;
    std::vector<MediaSpec> media;
};

const std::vector<PrinterModel>& printerModels();
/// Throws std::invalid_argument listing the known names when `name` is none of them.
const PrinterModel& findPrinterModel(const std::string& name);
/// Throws std::invalid_argument listing the model's media when `name` is none of them.
const MediaSpec& findMedia(const PrinterModel& model, const std::string& name);

/// The byte stream that prints `label` (one label) on the model and media. Throws std::invalid_argument when the
/// raster does not fit the media.
std::vector<std::uint8_t> encodeLabel(const PrinterModel& model, const MediaSpec& media, const sdk::Raster& label);

/// Brother QL: the 32-byte status reply, in words a nurse understands.
struct BrotherStatus {
    sdk::PrinterStatus status;
    int statusType = 0; ///< 0 reply, 1 printing completed, 2 error, 5 notification, 6 phase change
    int phase = 0;      ///< 0 receiving, 1 printing
    int mediaWidthMm = 0, mediaLengthMm = 0;
};
/// Throws std::invalid_argument when the reply is not a Brother status (wrong size or header).
BrotherStatus parseBrotherStatus(const std::uint8_t* reply, std::size_t length);

/// Zebra: the reply to ~HS (three bracketed lines). A silent or garbled printer is not ready.
sdk::PrinterStatus parseZebraHostStatus(const std::string& reply);

/// TIFF PackBits, as Brother raster lines use it.
std::vector<std::uint8_t> packBits(const std::uint8_t* data, std::size_t length);

} // namespace portside::devices
