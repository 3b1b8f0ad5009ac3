#pragma once
// Brother QL facts for the test doubles and the test decoders, read from Brother's references and written here, not
// taken from the driver (which has its own table in devices/printers/LabelPrinters.cpp):
//   [800]  Software Developer's Manual, Raster Command Reference QL-800/810W/820NWB, v1.01
//   [1100] Software Developer's Manual, Raster Command Reference QL-1100/1110NWB/1115NWB, v1.00
//   [500]  Brother QL Series Command Reference QL-500/550/560/570/580N/650TD/700/1050/1060N, v6.0
// Pages are the manuals' own page numbers.

#include <cstdint>
#include <stdexcept>
#include <string>

namespace portside::test::brother {

struct Roll {
    const char* name;
    int widthCode;  ///< status byte 10 and ESC i z n3
    int lengthCode; ///< status byte 17 and ESC i z n4 (0: continuous)
    int mediaType;  ///< status byte 11 and ESC i z n2: 0x0A continuous length tape, 0x0B die-cut labels
    int printPins;  ///< pins of the print area
    int offsetPins; ///< pins between pin 0 (the last bit of a raster line) and the print area
    int lengthDots; ///< die-cut: print length in dots
    bool redBlack;  ///< DK-22251
};

struct Model {
    const char* name;
    std::uint16_t product;
    int pins;               ///< pins on the head
    bool compression;       ///< takes M 02 (TIFF)
    bool dynamicMode;       ///< knows ESC i a
    bool notifyMode;        ///< knows ESC i !
    bool twoColour;         ///< takes black/red rolls (ESC i K bit 0, `w` lines)
    int invalidate;         ///< the invalidate length the reference asks for
    std::uint8_t modelCode; ///< status byte 4
};

// [500] §3.1 (p. 4): ESC i a and TIFF compression "only used with QL-580N/650TD/1050/1060N"; ESC i ! is not among its
// commands (§5); flow charts §6.1-6.3 (p. 25-27): "Send 200 bytes of Invalid command". [800] §2.1 (p. 5): a 400-byte
// invalidate (page not read for this change: taken from the issue and cross-checked, see README), ESC i a (p. 28),
// ESC i ! (p. 29), `w` two-colour lines (p. 29), "The QL-800 does not support the compression mode" (p. 32).
// [1100] §2.1 (p. 5): "Sends a 350-byte invalidate command", ESC i a 1, ESC i ! 0; M (p. 34); 1296 pins (§2.3.5).
// The model codes (status byte 4) other than the QL-800's were not found; the driver does not read them.
inline const Model kModels[] = {
    {"QL-570", 0x2028, 720, false, false, false, false, 200, 0x4f},
    {"QL-700", 0x2042, 720, false, false, false, false, 200, 0x35},
    {"QL-800", 0x209b, 720, false, true, true, true, 400, 0x38},
    {"QL-820NWB", 0x209d, 720, true, true, true, true, 400, 0x41},
    {"QL-1100", 0x20a7, 1296, true, true, true, false, 350, 0x43},
};

// [800] §2.3.2 "Page size" (p. 13-15) and §2.3.5 "Raster line" (p. 17-19); [500] §3.2 (p. 5-11) for the same tapes on
// the same 720 pins. Offset pins count from pin 0, which the "Raster line" figure puts at the last byte of the line.
inline const Roll kRolls720[] = {
    {"62", 62, 0, 0x0a, 696, 12, 0, false},   {"62x29", 62, 29, 0x0b, 696, 12, 271, false},
    {"29", 29, 0, 0x0a, 306, 408, 0, false},  {"38", 38, 0, 0x0a, 413, 295, 0, false},
    {"62red", 62, 0, 0x0a, 696, 12, 0, true},
};
// [1100] §2.3.5 (p. 18-20): the tapes lie against the far guide, 44 pins further in than on the 720-pin head; the
// 103 mm roll is width 104 ([1100] §2.1 example "103 mm x 164 mm" die-cut sent as 68h = 104). The table pages were not
// read for this change (see README): rows derived as stated.
inline const Roll kRolls1296[] = {
    {"62", 62, 0, 0x0a, 696, 544, 0, false},   {"62x29", 62, 29, 0x0b, 696, 544, 271, false},
    {"29", 29, 0, 0x0a, 306, 940, 0, false},   {"38", 38, 0, 0x0a, 413, 827, 0, false},
    {"103", 104, 0, 0x0a, 1200, 40, 0, false},
};

inline const Model& findModel(const std::string& name)
{
    for (const auto& m : kModels)
        if (name == m.name)
            return m;
    throw std::invalid_argument("no emulated Brother " + name);
}

inline const Roll& findRoll(const Model& model, const std::string& name)
{
    if (model.pins == 1296) {
        for (const auto& r : kRolls1296)
            if (name == r.name)
                return r;
    } else {
        for (const auto& r : kRolls720)
            if (name == r.name && (!r.redBlack || model.twoColour))
                return r;
    }
    throw std::invalid_argument("the emulated " + std::string(model.name) + " takes no roll " + name);
}

} // namespace portside::test::brother
