#pragma once

#include "portside/sdk/Printer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace portside::devices {

/// A label size a printer takes, as the printer's own reference describes it.
struct MediaSpec {
    std::string name; ///< "62" (endless), "62x29" (die-cut), "50x25", "62red" (DK-22251 black/red), ...
    double widthMm = 0;
    double lengthMm = 0;   ///< 0 for endless tape
    int printableDots = 0; ///< printable width in dots
    int lengthDots = 0;    ///< die-cut label length in dots; 0 for endless
    /// Brother: the left margin in pins counted from pin 0, which is the last bit of the last byte of a raster line
    /// (the manual's "number of offset pins"). DYMO: dots from the head's first dot (a multiple of 8, ESC B).
    int offsetDots = 0;
    int widthCode = 0;      ///< Brother: media width as ESC i z n3 sends it and status byte 10 reports it
    int lengthCode = 0;     ///< Brother: media length (ESC i z n4, status byte 17); 0 for endless
    int feedDots = 0;       ///< Brother: ESC i d margin (feed) amount in dots
    bool twoColour = false; ///< Brother: a black/red roll (DK-22251): ESC i K two-colour bit and `w` raster lines
    std::string source;     ///< the manual and section this row is taken from
};

/// A printer model: its command language, resolution, head and media. Drivers read these fields and never ask
/// which model they drive.
struct PrinterModel {
    enum class Language { BrotherRaster, Zpl, DymoRaster, Png };
    std::string name; ///< as `portside-cli printer models` lists it: "brother-ql-800", "zebra-zpl-203", ...
    std::string title;
    Language language = Language::Png;
    int dpi = 300;
    int headDots = 720;        ///< pins on the print head
    int headBytes = 90;        ///< bytes per raster line the head takes (Brother: 90; QL-1100: 162; DYMO: 84)
    bool compression = false;  ///< Brother: takes TIFF PackBits raster lines (M 02, Z)
    bool modeSwitch = false;   ///< Brother: needs ESC i a 1 (raster mode) before the job
    bool notifySwitch = false; ///< Brother: knows ESC i ! (automatic status notification on/off)
    int invalidateBytes = 0;   ///< Brother: NULs that open a job and clear one interrupted half-way
    std::uint16_t usbVendor = 0, usbProduct = 0;
    std::vector<MediaSpec> media;
    std::string source; ///< the manual and section this row is taken from
};

const std::vector<PrinterModel>& printerModels();
/// Throws std::invalid_argument listing the known names when `name` is none of them.
const PrinterModel& findPrinterModel(const std::string& name);
/// Throws std::invalid_argument listing the model's media when `name` is none of them.
const MediaSpec& findMedia(const PrinterModel& model, const std::string& name);

/// The label length to lay a label out for: the die-cut label's printable length, or on endless tape 29 mm, longer
/// on narrow tapes (a compact label stacks its lines).
double labelLengthMm(const PrinterModel& model, const MediaSpec& media);

/// The byte stream that prints `label` (one label) on the model and media. Throws std::invalid_argument when the
/// raster does not fit the media.
std::vector<std::uint8_t> encodeLabel(const PrinterModel& model, const MediaSpec& media, const sdk::Raster& label);

/// Brother QL: the 32-byte status reply, in words a nurse understands.
struct BrotherStatus {
    sdk::PrinterStatus status;
    int statusType = 0; ///< 0 reply, 1 printing completed, 2 error, 5 notification, 6 phase change
    int phase = 0;      ///< 0 receiving, 1 printing
    int mediaWidthMm = 0, mediaLengthMm = 0, mediaType = 0;
};
/// Throws std::invalid_argument when the reply is not a Brother status (wrong size or header).
BrotherStatus parseBrotherStatus(const std::uint8_t* reply, std::size_t length);

/// Zebra: the reply to ~HS (three bracketed lines). A silent or garbled printer is not ready.
sdk::PrinterStatus parseZebraHostStatus(const std::string& reply);
/// Zebra ~HS with the two counts that say whether a label is still to print (ZPL II Programming Guide, ~HS: string
/// 1 field 5 "number of formats in receive buffer", string 2 field 9 "labels remaining in batch"); -1 when missing.
struct ZebraHostStatus {
    sdk::PrinterStatus status;
    int formatsInBuffer = -1, labelsRemaining = -1;
};
ZebraHostStatus parseZebraHostStatusFields(const std::string& reply);

/// DYMO LabelWriter: the ESC A status byte (LabelWriter 400/450 Technical Reference: bit 1 top of form, bit 5 out of
/// paper, bit 6 paper jam, bit 7 error).
sdk::PrinterStatus parseDymoStatus(std::uint8_t status);

/// TIFF PackBits, as Brother raster lines use it.
std::vector<std::uint8_t> packBits(const std::uint8_t* data, std::size_t length);
/// A Brother raster line in compression mode. When PackBits would make it longer than the line, it is sent "as all
/// different" (Raster Command Reference QL-800/810W/820NWB v1.01, "M Select compression mode", p. 32): literal
/// runs only, 91 bytes for a 90-byte line.
std::vector<std::uint8_t> brotherCompressedLine(const std::uint8_t* data, std::size_t length);

} // namespace portside::devices
