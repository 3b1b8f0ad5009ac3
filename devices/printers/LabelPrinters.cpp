#include "portside/devices/LabelPrinters.h"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace portside::devices {

namespace {

// The manuals every Brother row below is read from. Page numbers are the manuals' own (printed at the page foot).
const char* const kQl800Ref = "Brother Software Developer's Manual, Raster Command Reference QL-800/810W/820NWB v1.01";
const char* const kQl1100Ref = "Brother Software Developer's Manual, Raster Command Reference QL-1100/1110NWB/1115NWB";
const char* const kQl500Ref = "Brother QL Series Command Reference (QL-500/550/560/570/580N/650TD/700/1050/1060N) v6.0";

/// One Brother roll. `leftMargin` is the manual's number of offset pins: counted from pin 0, which is the last bit of
/// the last byte of a raster line ("Raster line" figure: "0 pin" beside "Last byte").
MediaSpec brotherRoll(const char* name, int widthMm, int lengthMm, int widthCode, int printable, int lengthDots,
                      int leftMargin, const std::string& source, bool twoColour = false)
{
    MediaSpec m;
    m.name = name;
    m.widthMm = widthMm;
    m.lengthMm = lengthMm;
    m.printableDots = printable;
    m.lengthDots = lengthDots;
    m.offsetDots = leftMargin;
    m.widthCode = widthCode;
    m.lengthCode = lengthMm;
    m.feedDots = lengthMm > 0 ? 0 : 35; // ESC i d: 3 mm (35 dots) on endless tape, none on die-cut labels (§2.1)
    m.twoColour = twoColour;
    m.source = source;
    return m;
}

/// The 720-pin head (QL-570/700/800/820NWB). Print areas and left margins: QL-800 reference §2.3.2 "Page size"
/// (p. 13-15) and §2.3.5 "Raster line" (p. 17-19); the QL-500..1060N reference §3.2 "Page data details" (p. 5-11)
/// gives the same tapes on the same 720 pins.
std::vector<MediaSpec> brother720(const char* ref, bool redBlack)
{
    const std::string s = std::string(ref) + ", ";
    std::vector<MediaSpec> m = {
        brotherRoll("62", 62, 0, 62, 696, 0, 12, s + "62 mm continuous tape: 696 print pins, 12 offset pins"),
        brotherRoll("62x29", 62, 29, 62, 696, 271, 12, s + "62 x 29 mm die-cut: 696 x 271 dots, 12 offset pins"),
        brotherRoll("29", 29, 0, 29, 306, 0, 408, s + "29 mm continuous tape: 306 print pins, 408 offset pins"),
        brotherRoll("38", 38, 0, 38, 413, 0, 295, s + "38 mm continuous tape: 413 print pins, 295 offset pins"),
    };
    if (redBlack) // DK-22251, the QL-800's starter roll: ESC i K bit 0 "two-color printing" (p. 34), `w` lines (p. 29)
        m.push_back(brotherRoll("62red", 62, 0, 62, 696, 0, 12,
                                s + "62 mm black/red continuous tape (DK-22251): 696 print pins, 12 offset pins",
                                true));
    return m;
}

/// The 1296-pin head (QL-1100), QL-1100 reference §2.3.2 "Page size" (p. 13-16) and §2.3.5 "Raster line" (p. 18-20).
/// The narrow tapes sit against the same guide as on the 720-pin head, 44 pins further from the head's far end, so
/// their offset pins are 1296 - print pins - (the 720-pin head's unused pins + 44). The 103 mm roll (DK-22246) is
/// sent and reported as width 104 (§2.1 example and the status "media width" table).
/// NOTE: the §2.3.5 table pages could not be read for this change; the values are derived as said above and agree
/// with the measurement (a 62 mm label placed by the old code landed ~20 mm off).
std::vector<MediaSpec> brother1296()
{
    const std::string s = std::string(kQl1100Ref) + ", ";
    return {
        brotherRoll("62", 62, 0, 62, 696, 0, 544, s + "62 mm continuous tape: 696 print pins, 544 offset pins"),
        brotherRoll("62x29", 62, 29, 62, 696, 271, 544, s + "62 x 29 mm die-cut: 696 x 271 dots, 544 offset pins"),
        brotherRoll("29", 29, 0, 29, 306, 0, 940, s + "29 mm continuous tape: 306 print pins, 940 offset pins"),
        brotherRoll("38", 38, 0, 38, 413, 0, 827, s + "38 mm continuous tape: 413 print pins, 827 offset pins"),
        brotherRoll("103", 103, 0, 104, 1200, 0, 40,
                    s + "103 mm continuous tape (DK-22246), width code 104: 1200 print pins, 40 offset pins"),
    };
}

struct BrotherRow {
    const char* name;
    const char* title;
    std::uint16_t product;
    int headDots;
    bool compression, modeSwitch, notifySwitch;
    int invalidateBytes;
    const char* source;
};

PrinterModel brother(const BrotherRow& row, std::vector<MediaSpec> media)
{
    PrinterModel m;
    m.name = row.name;
    m.title = row.title;
    m.language = PrinterModel::Language::BrotherRaster;
    m.dpi = 300;
    m.headDots = row.headDots;
    m.headBytes = row.headDots / 8;
    m.compression = row.compression;
    m.modeSwitch = row.modeSwitch;
    m.notifySwitch = row.notifySwitch;
    m.invalidateBytes = row.invalidateBytes;
    m.usbVendor = 0x04f9;
    m.usbProduct = row.product;
    m.media = std::move(media);
    m.source = row.source;
    return m;
}

void put(std::vector<std::uint8_t>& out, std::initializer_list<std::uint8_t> bytes)
{
    out.insert(out.end(), bytes);
}

std::uint8_t byte(int value)
{
    return static_cast<std::uint8_t>(value & 0xff);
}

std::vector<std::uint8_t> encodeBrother(const PrinterModel& model, const MediaSpec& media, const sdk::Raster& r)
{
    if (media.offsetDots < 0 || media.offsetDots + media.printableDots > model.headDots)
        throw std::invalid_argument("The " + media.name + " media does not fit the " + model.title + "'s head.");
    // Initialization commands (§2.1 "Print data overview"): invalidate, then initialize.
    std::vector<std::uint8_t> out(static_cast<std::size_t>(model.invalidateBytes), 0x00);
    put(out, {0x1b, 0x40}); // ESC @
    // Control codes, in the order §2.1 lists them.
    if (model.modeSwitch)
        put(out, {0x1b, 0x69, 0x61, 0x01}); // ESC i a 1: raster mode
    if (model.notifySwitch)
        put(out, {0x1b, 0x69, 0x21, 0x00}); // ESC i ! 0: notify status during printing (another program may have
                                            // switched it off; it stays as set until the printer is turned off)
    const std::uint32_t lines = static_cast<std::uint32_t>(r.heightDots);
    const bool dieCut = media.lengthCode > 0;
    // ESC i z: valid flags (recovery on, media type, width, length on die-cut), type, width, length, raster count,
    // starting page, 0. A roll that is not the one named here makes the printer answer "replace media".
    put(out, {0x1b, 0x69, 0x7a, static_cast<std::uint8_t>(0x80 | 0x02 | 0x04 | (dieCut ? 0x08 : 0)),
              static_cast<std::uint8_t>(dieCut ? 0x0b : 0x0a), byte(media.widthCode), byte(media.lengthCode),
              byte(lines), byte(lines >> 8), byte(lines >> 16), byte(lines >> 24), 0x00, 0x00});
    put(out, {0x1b, 0x69, 0x4d, 0x40});                                            // ESC i M: auto cut
    put(out, {0x1b, 0x69, 0x41, 0x01});                                            // ESC i A: cut every label
    put(out, {0x1b, 0x69, 0x4b, byte(0x08 | (media.twoColour ? 1 : 0))});          // ESC i K: cut at end, two-colour
    put(out, {0x1b, 0x69, 0x64, byte(media.feedDots), byte(media.feedDots >> 8)}); // ESC i d: feed margin
    // Two-colour lines are sent whole; compression is only chosen for one-colour lines on a head that takes it.
    const bool compress = model.compression && !media.twoColour;
    if (compress)
        put(out, {0x4d, 0x02}); // M 2: TIFF (PackBits)
    const int rowBytes = (r.widthDots + 7) / 8;
    const std::size_t lineBytes = static_cast<std::size_t>(model.headBytes);
    std::vector<std::uint8_t> line(lineBytes);
    for (int y = 0; y < r.heightDots; ++y) {
        std::fill(line.begin(), line.end(), 0);
        // Label dot x lies on pin (offset + x), counted from pin 0; pin p is bit (headDots - 1 - p) of the line,
        // counted from the first byte's most significant bit.
        for (int x = 0; x < r.widthDots; ++x)
            if (r.bits[static_cast<std::size_t>(y) * rowBytes + x / 8] & (0x80 >> (x % 8))) {
                const int bit = model.headDots - 1 - (media.offsetDots + x);
                line[static_cast<std::size_t>(bit / 8)] |= static_cast<std::uint8_t>(0x80 >> (bit % 8));
            }
        if (media.twoColour) { // w 01: the black (high energy) line, w 02: the red one - none on our labels
            put(out, {0x77, 0x01, byte(static_cast<int>(lineBytes))});
            out.insert(out.end(), line.begin(), line.end());
            put(out, {0x77, 0x02, byte(static_cast<int>(lineBytes))});
            out.insert(out.end(), lineBytes, 0x00);
        } else if (compress) {
            if (std::all_of(line.begin(), line.end(), [](std::uint8_t b) { return b == 0; })) {
                out.push_back(0x5a); // Z: an empty line
                continue;
            }
            const auto packed = brotherCompressedLine(line.data(), line.size());
            put(out, {0x67, 0x00, byte(static_cast<int>(packed.size()))});
            out.insert(out.end(), packed.begin(), packed.end());
        } else {
            put(out, {0x67, 0x00, byte(static_cast<int>(lineBytes))});
            out.insert(out.end(), line.begin(), line.end());
        }
    }
    out.push_back(0x1a); // Control-Z: print with feeding (the last page)
    return out;
}

std::vector<std::uint8_t> encodeZpl(const PrinterModel&, const MediaSpec& media, const sdk::Raster& r)
{
    const int rowBytes = (r.widthDots + 7) / 8;
    const std::size_t total = static_cast<std::size_t>(rowBytes) * r.heightDots;
    std::ostringstream zpl;
    zpl << "^XA^PW" << r.widthDots << "^LL" << r.heightDots << "^LH0,0^FO0,0^GFA," << total << ',' << total << ','
        << rowBytes << ',';
    static const char* kHex = "0123456789ABCDEF";
    std::string hex;
    hex.reserve(total * 2);
    for (std::uint8_t b : r.bits) { // ZPL: 1 = black, most significant bit first, like the raster
        hex += kHex[b >> 4];
        hex += kHex[b & 0x0f];
    }
    zpl << hex << "^FS^PQ1^XZ";
    (void)media;
    const std::string text = zpl.str();
    return {text.begin(), text.end()};
}

std::vector<std::uint8_t> encodeDymo(const PrinterModel& model, const MediaSpec& media, const sdk::Raster& r)
{
    std::vector<std::uint8_t> out;
    put(out, {0x1b, 0x40});                                                  // ESC @ reset
    put(out, {0x1b, 0x42, static_cast<std::uint8_t>(media.offsetDots / 8)}); // ESC B dot tab
    const int rowBytes = (r.widthDots + 7) / 8;
    put(out, {0x1b, 0x44, static_cast<std::uint8_t>(rowBytes)}); // ESC D bytes per line
    put(out, {0x1b, 0x4c, static_cast<std::uint8_t>(r.heightDots >> 8),
              static_cast<std::uint8_t>(r.heightDots & 0xff)}); // ESC L
    // ESC h: text mode, 300 x 300 dpi, the printer's default. Not ESC i: "barcode and graphics" mode prints 600
    // lines per inch in the travel direction (LabelWriter 450 Series Technical Reference, "The Print Head": "300 or
    // 600 dots per inch in the travel direction as directed by the print control data"), which would print this
    // 300 dpi raster at half its length.
    put(out, {0x1b, 0x68});
    for (int y = 0; y < r.heightDots; ++y) {
        out.push_back(0x16); // SYN: one raster line follows
        out.insert(out.end(), r.bits.begin() + static_cast<long>(y) * rowBytes,
                   r.bits.begin() + static_cast<long>(y + 1) * rowBytes);
    }
    put(out, {0x1b, 0x45}); // ESC E: form feed to the next label
    (void)model;
    return out;
}

} // namespace

const std::vector<PrinterModel>& printerModels()
{
    static const std::vector<PrinterModel> models = [] {
        std::vector<PrinterModel> m;
        // QL-570 and QL-700: no ESC i a and no compression ("only used with QL-580N/650TD/1050/1060N", §3.1 p. 4),
        // no ESC i ! (not in the command list, §5); 200 bytes of invalidate (flow charts §6.1-6.3, p. 25-27).
        m.push_back(brother({"brother-ql-570", "Brother QL-570", 0x2028, 720, false, false, false, 200, kQl500Ref},
                            brother720(kQl500Ref, false)));
        m.push_back(brother({"brother-ql-700", "Brother QL-700", 0x2042, 720, false, false, false, 200, kQl500Ref},
                            brother720(kQl500Ref, false)));
        // QL-800: "The QL-800 does not support the compression mode" ("M Select compression mode", p. 32); ESC i a
        // (p. 28), ESC i ! (p. 29); 400 bytes of invalidate (§2.1 p. 5: not read for this change, see README).
        m.push_back(brother({"brother-ql-800", "Brother QL-800", 0x209b, 720, false, true, true, 400, kQl800Ref},
                            brother720(kQl800Ref, true)));
        m.push_back(brother({"brother-ql-820nwb", "Brother QL-820NWB", 0x209d, 720, true, true, true, 400, kQl800Ref},
                            brother720(kQl800Ref, true)));
        // QL-1100: 1296 pins, 162 bytes a line; §2.1 (p. 5): a 350-byte invalidate, ESC i a 1, ESC i ! 0, M 2.
        m.push_back(brother({"brother-ql-1100", "Brother QL-1100", 0x20a7, 1296, true, true, true, 350, kQl1100Ref},
                            brother1296()));
        for (int dpi : {203, 300}) {
            PrinterModel z;
            z.name = "zebra-zpl-" + std::to_string(dpi);
            z.title = "Zebra (ZPL) " + std::to_string(dpi) + " dpi";
            z.language = PrinterModel::Language::Zpl;
            z.dpi = dpi;
            z.usbVendor = 0x0a5f;
            z.source = "Zebra ZPL II Programming Guide: ^PW, ^LL, ^GF, ~HS";
            auto d = [&](double mm) { return static_cast<int>(mm * dpi / 25.4); };
            for (auto [w, l] : {std::pair{62, 29}, {102, 51}, {50, 25}}) {
                MediaSpec media;
                media.name = std::to_string(w) + "x" + std::to_string(l);
                media.widthMm = w;
                media.lengthMm = l;
                media.printableDots = d(w);
                media.lengthDots = d(l);
                media.source = z.source;
                z.media.push_back(media);
            }
            m.push_back(z);
        }
        PrinterModel dymo;
        dymo.name = "dymo-lw450";
        dymo.title = "DYMO LabelWriter 450";
        dymo.language = PrinterModel::Language::DymoRaster;
        dymo.dpi = 300;
        dymo.headDots = 672;
        dymo.headBytes = 84;
        dymo.usbVendor = 0x0922;
        dymo.usbProduct = 0x0020;
        dymo.source = "DYMO LabelWriter 450 Series Technical Reference Manual (2009): \"The Print Head\" (p. 7), "
                      "ESC B, ESC D, ESC L, SYN, ESC E, ESC A";
        // The head is 57 mm, 672 dots across at 300 dpi ("The Print Head", p. 7): a label wider than that cannot lie
        // across it, so the 89 x 36 mm address label feeds with its 36 mm edge first and runs 89 mm (1051 lines).
        // Dot tab 2 bytes (16 dots) from the head's first dot, as on the 57 x 32 mm label; the label's own margins
        // in the tape path were not found in the reference - 392 dots (33 mm) leaves 1.4 mm either side.
        MediaSpec s57;
        s57.name = "57x32";
        s57.widthMm = 57;
        s57.lengthMm = 32;
        s57.printableDots = 624;
        s57.lengthDots = 378;
        s57.offsetDots = 16;
        s57.source = dymo.source + "; 57 x 32 mm (S0722540) across the head";
        MediaSpec s89;
        s89.name = "89x36";
        s89.widthMm = 36;
        s89.lengthMm = 89;
        s89.printableDots = 392;
        s89.lengthDots = 1051;
        s89.offsetDots = 16;
        s89.source = dymo.source + "; 89 x 36 mm (S0722400) fed 36 mm edge first";
        dymo.media = {s57, s89};
        m.push_back(dymo);
        for (int dpi : {203, 300}) {
            PrinterModel png;
            png.name = "png-" + std::to_string(dpi);
            png.title = "PNG file, " + std::to_string(dpi) + " dpi";
            png.language = PrinterModel::Language::Png;
            png.dpi = dpi;
            auto d = [&](double mm) { return static_cast<int>(mm * dpi / 25.4); };
            MediaSpec endless, dieCut;
            endless.name = "62";
            endless.widthMm = 62;
            endless.printableDots = d(59);
            dieCut.name = "62x29";
            dieCut.widthMm = 62;
            dieCut.lengthMm = 29;
            dieCut.printableDots = d(59);
            dieCut.lengthDots = d(23);
            png.media = {endless, dieCut};
            m.push_back(png);
        }
        return m;
    }();
    return models;
}

double labelLengthMm(const PrinterModel& model, const MediaSpec& media)
{
    if (media.lengthDots > 0)
        return media.lengthDots * 25.4 / model.dpi;
    // Endless tape: the standard label is 29 mm long; on a narrow tape its lines are stacked, so it runs longer.
    return media.printableDots * 25.4 / model.dpi < 40 ? 56 : 29;
}

namespace {
/// The entry named `name`, or nullptr; `known` gets every name, for the message.
template <class T> const T* byName(const std::vector<T>& list, const std::string& name, std::string& known)
{
    for (const auto& item : list) {
        if (item.name == name)
            return &item;
        known += (known.empty() ? "" : ", ") + item.name;
    }
    return nullptr;
}
} // namespace

const PrinterModel& findPrinterModel(const std::string& name)
{
    std::string known;
    if (const auto* model = byName(printerModels(), name, known))
        return *model;
    throw std::invalid_argument("Unknown printer model \"" + name + "\"; known: " + known + ".");
}

const MediaSpec& findMedia(const PrinterModel& model, const std::string& name)
{
    std::string known;
    if (const auto* media = byName(model.media, name, known))
        return *media;
    throw std::invalid_argument("The " + model.title + " has no media \"" + name + "\"; it takes: " + known + ".");
}

std::vector<std::uint8_t> encodeLabel(const PrinterModel& model, const MediaSpec& media, const sdk::Raster& label)
{
    if (label.widthDots != media.printableDots)
        throw std::invalid_argument("The label is " + std::to_string(label.widthDots) + " dots wide but " + media.name +
                                    " media prints " + std::to_string(media.printableDots) +
                                    "; render it for this media.");
    if (media.lengthDots > 0 && label.heightDots != media.lengthDots)
        throw std::invalid_argument("The label is " + std::to_string(label.heightDots) + " dots long but " +
                                    media.name + " labels are " + std::to_string(media.lengthDots) + ".");
    switch (model.language) {
    case PrinterModel::Language::BrotherRaster: return encodeBrother(model, media, label);
    case PrinterModel::Language::Zpl: return encodeZpl(model, media, label);
    case PrinterModel::Language::DymoRaster: return encodeDymo(model, media, label);
    case PrinterModel::Language::Png: break;
    }
    throw std::invalid_argument("The " + model.title + " takes PNG files, not a byte stream.");
}

std::vector<std::uint8_t> brotherCompressedLine(const std::uint8_t* data, std::size_t n)
{
    auto packed = packBits(data, n);
    if (packed.size() <= n)
        return packed;
    // "If the above process results in more than 90 bytes of compressed data, the data is treated as being all
    // different": literal runs of at most 128 bytes, each after its length byte (91 bytes for a 90-byte line).
    packed.clear();
    for (std::size_t i = 0; i < n; i += 128) {
        const std::size_t run = std::min<std::size_t>(128, n - i);
        packed.push_back(static_cast<std::uint8_t>(run - 1));
        packed.insert(packed.end(), data + i, data + i + run);
    }
    return packed;
}

std::vector<std::uint8_t> packBits(const std::uint8_t* data, std::size_t n)
{
    std::vector<std::uint8_t> out;
    std::size_t i = 0;
    while (i < n) {
        std::size_t run = 1;
        while (i + run < n && run < 128 && data[i + run] == data[i])
            ++run;
        if (run >= 2) {
            out.push_back(static_cast<std::uint8_t>(257 - run)); // -(run-1)
            out.push_back(data[i]);
            i += run;
            continue;
        }
        std::size_t literal = 1;
        while (i + literal < n && literal < 128 && !(i + literal + 1 < n && data[i + literal] == data[i + literal + 1]))
            ++literal;
        out.push_back(static_cast<std::uint8_t>(literal - 1));
        out.insert(out.end(), data + i, data + i + literal);
        i += literal;
    }
    return out;
}

BrotherStatus parseBrotherStatus(const std::uint8_t* s, std::size_t n)
{
    if (n != 32 || s[0] != 0x80 || s[1] != 0x20 || s[2] != 0x42)
        throw std::invalid_argument("The printer's reply is not a Brother QL status.");
    BrotherStatus b;
    b.mediaWidthMm = s[10];
    b.mediaType = s[11];
    b.mediaLengthMm = s[17];
    b.statusType = s[18];
    b.phase = s[19];
    auto& st = b.status;
    st.media = b.mediaWidthMm
                   ? std::to_string(b.mediaWidthMm) + (b.mediaLengthMm ? "x" + std::to_string(b.mediaLengthMm) : "")
                   : "";
    const std::uint8_t e1 = s[8], e2 = s[9];
    const std::string roll = b.mediaWidthMm ? std::to_string(b.mediaWidthMm) + " mm " : "";
    if (e1 & 0x01) {
        st.state = sdk::PrinterState::OutOfMedia;
        st.message = "Printer out of labels - load a " + (roll.empty() ? std::string("62 mm ") : roll) + "roll.";
    } else if (e1 & 0x02) {
        st.state = sdk::PrinterState::OutOfMedia;
        st.message = "The label roll has run out - load a new " + roll + "roll.";
    } else if (e1 & 0x04) {
        st.state = sdk::PrinterState::Error;
        st.message = "The printer's cutter is jammed - open the cover and clear it.";
    } else if (e2 & 0x10) {
        st.state = sdk::PrinterState::CoverOpen;
        st.message = "The printer's cover is open - close it.";
    } else if (e2 & 0x01) {
        st.state = sdk::PrinterState::WrongMedia;
        st.message = "Wrong labels in the printer" + (roll.empty() ? std::string() : " (" + roll + "roll loaded)") +
                     " - load the roll the label is set up for.";
    } else if (e1 || e2) {
        st.state = sdk::PrinterState::Error;
        st.message = "The printer reports an error - switch it off and on.";
    } else if (b.statusType == 6 && b.phase == 1) {
        st.state = sdk::PrinterState::Busy;
        st.message = "Printing.";
    } else {
        st.state = sdk::PrinterState::Ready;
        st.message = b.statusType == 1 ? "Label printed." : "Printer ready.";
    }
    return b;
}

sdk::PrinterStatus parseZebraHostStatus(const std::string& reply)
{
    return parseZebraHostStatusFields(reply).status;
}

sdk::PrinterStatus parseDymoStatus(std::uint8_t status)
{
    if (status & 0x20)
        return {sdk::PrinterState::OutOfMedia, "Printer out of labels - load a new roll.", ""};
    if (status & 0x40)
        return {sdk::PrinterState::Error, "The labels are jammed in the printer - open it and clear them.", ""};
    if (status & 0x80)
        return {sdk::PrinterState::Error, "The printer reports an error - switch it off and on.", ""};
    return {sdk::PrinterState::Ready, "Printer ready.", ""};
}

ZebraHostStatus parseZebraHostStatusFields(const std::string& reply)
{
    ZebraHostStatus result;
    sdk::PrinterStatus& st = result.status;
    // Three lines, each <STX>...<ETX>; fields comma-separated.
    std::vector<std::vector<std::string>> lines;
    for (std::size_t p = reply.find('\x02'); p != std::string::npos; p = reply.find('\x02', p + 1)) {
        const std::size_t end = reply.find('\x03', p);
        if (end == std::string::npos)
            break;
        std::vector<std::string> fields;
        std::istringstream in(reply.substr(p + 1, end - p - 1));
        for (std::string f; std::getline(in, f, ',');)
            fields.push_back(f);
        lines.push_back(fields);
    }
    if (lines.size() < 2 || lines[0].size() < 3 || lines[1].size() < 3) {
        st.state = sdk::PrinterState::Offline;
        st.message = "The Zebra printer does not answer - check that it is on and connected.";
        return result;
    }
    auto number = [](const std::vector<std::string>& fields, std::size_t i) {
        return i < fields.size() && !fields[i].empty() && fields[i].find_first_not_of("0123456789") == std::string::npos
                   ? std::stoi(fields[i])
                   : -1;
    };
    result.formatsInBuffer = number(lines[0], 4);
    result.labelsRemaining = number(lines[1], 8);
    if (lines[0][1] == "1") {
        st.state = sdk::PrinterState::OutOfMedia;
        st.message = "Printer out of labels - load a new roll.";
    } else if (lines[1][2] == "1") {
        st.state = sdk::PrinterState::CoverOpen;
        st.message = "The printer's head is open - close it.";
    } else if (lines[0][2] == "1") {
        st.state = sdk::PrinterState::Busy;
        st.message = "The printer is paused - press its pause button.";
    } else {
        st.state = sdk::PrinterState::Ready;
        st.message = "Printer ready.";
    }
    return result;
}

} // namespace portside::devices
