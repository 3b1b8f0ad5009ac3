#include "portside/devices/LabelPrinters.h"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace portside::devices {

namespace {

MediaSpec brotherMedia(const char* name, double w, double l, int printable, int length, int offset)
{
    return {name, w, l, printable, length, offset};
}

std::vector<MediaSpec> brotherQlMedia()
{
    // Brother QL raster reference: printable dots and head offsets at 300 dpi for the 720-dot head.
    return {brotherMedia("62", 62, 0, 696, 0, 12), brotherMedia("62x29", 62, 29, 696, 271, 12),
            brotherMedia("29", 29, 0, 306, 0, 408), brotherMedia("38", 38, 0, 413, 0, 295)};
}

PrinterModel brother(const char* name, const char* title, std::uint16_t product, bool compression, bool modeSwitch,
                     int headBytes = 90)
{
    PrinterModel m;
    m.name = name;
    m.title = title;
    m.language = PrinterModel::Language::BrotherRaster;
    m.dpi = 300;
    m.headBytes = headBytes;
    m.compression = compression;
    m.modeSwitch = modeSwitch;
    m.usbVendor = 0x04f9;
    m.usbProduct = product;
    m.media = brotherQlMedia();
    if (headBytes == 162) // QL-1100: 1296-dot head; the same tapes sit further in, and it takes 103 mm
        for (auto& media : m.media)
            media.offsetDots += 288;
    if (headBytes == 162)
        m.media.push_back(brotherMedia("103", 103, 0, 1164, 0, 61));
    return m;
}

void put(std::vector<std::uint8_t>& out, std::initializer_list<std::uint8_t> bytes)
{
    out.insert(out.end(), bytes);
}

std::vector<std::uint8_t> encodeBrother(const PrinterModel& model, const MediaSpec& media, const sdk::Raster& r)
{
    std::vector<std::uint8_t> out(200, 0x00); // invalidate: clears a job interrupted half-way
    put(out, {0x1b, 0x40});                   // ESC @ initialise
    if (model.modeSwitch)
        put(out, {0x1b, 0x69, 0x61, 0x01}); // ESC i a 1: raster mode
    const std::uint32_t lines = static_cast<std::uint32_t>(r.heightDots);
    const bool dieCut = media.lengthMm > 0;
    // ESC i z: print information: valid flags (kind, width, length, recover), media type, width, length, lines
    put(out, {0x1b, 0x69, 0x7a, static_cast<std::uint8_t>(0x80 | 0x02 | 0x04 | (dieCut ? 0x08 : 0)),
              static_cast<std::uint8_t>(dieCut ? 0x0b : 0x0a), static_cast<std::uint8_t>(media.widthMm),
              static_cast<std::uint8_t>(media.lengthMm), static_cast<std::uint8_t>(lines & 0xff),
              static_cast<std::uint8_t>((lines >> 8) & 0xff), static_cast<std::uint8_t>((lines >> 16) & 0xff),
              static_cast<std::uint8_t>(lines >> 24), 0x00, 0x00});
    put(out, {0x1b, 0x69, 0x4d, 0x40}); // ESC i M: auto cut
    put(out, {0x1b, 0x69, 0x41, 0x01}); // ESC i A: cut every label
    put(out, {0x1b, 0x69, 0x4b, 0x08}); // ESC i K: cut at end
    const int margin = dieCut ? 0 : 35; // feed margin in dots on endless tape
    put(out, {0x1b, 0x69, 0x64, static_cast<std::uint8_t>(margin & 0xff), static_cast<std::uint8_t>(margin >> 8)});
    if (model.compression)
        put(out, {0x4d, 0x02}); // M 2: TIFF compression
    const int rowBytes = (r.widthDots + 7) / 8;
    std::vector<std::uint8_t> line(static_cast<std::size_t>(model.headBytes));
    for (int y = 0; y < r.heightDots; ++y) {
        std::fill(line.begin(), line.end(), 0);
        // The head prints right to left: dot x of the label is head dot (offset + width - 1 - x) from the left.
        for (int x = 0; x < r.widthDots; ++x)
            if (r.bits[static_cast<std::size_t>(y) * rowBytes + x / 8] & (0x80 >> (x % 8))) {
                const int head = media.offsetDots + r.widthDots - 1 - x;
                line[static_cast<std::size_t>(head / 8)] |= static_cast<std::uint8_t>(0x80 >> (head % 8));
            }
        if (model.compression) {
            if (std::all_of(line.begin(), line.end(), [](std::uint8_t b) { return b == 0; })) {
                out.push_back(0x5a); // Z: an empty line
                continue;
            }
            const auto packed = packBits(line.data(), line.size());
            put(out, {0x67, 0x00, static_cast<std::uint8_t>(packed.size())});
            out.insert(out.end(), packed.begin(), packed.end());
        } else {
            put(out, {0x67, 0x00, static_cast<std::uint8_t>(line.size())});
            out.insert(out.end(), line.begin(), line.end());
        }
    }
    out.push_back(0x1a); // print with feeding (last page)
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
    put(out, {0x1b, 0x69});                                     // ESC i: graphics (300 x 300 dpi) mode
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
        m.push_back(brother("brother-ql-570", "Brother QL-570", 0x2028, false, false));
        m.push_back(brother("brother-ql-700", "Brother QL-700", 0x2042, false, false));
        m.push_back(brother("brother-ql-800", "Brother QL-800", 0x209b, true, true));
        m.push_back(brother("brother-ql-820nwb", "Brother QL-820NWB", 0x209d, true, true));
        m.push_back(brother("brother-ql-1100", "Brother QL-1100", 0x20a7, true, true, 162));
        for (int dpi : {203, 300}) {
            PrinterModel z;
            z.name = "zebra-zpl-" + std::to_string(dpi);
            z.title = "Zebra (ZPL) " + std::to_string(dpi) + " dpi";
            z.language = PrinterModel::Language::Zpl;
            z.dpi = dpi;
            z.usbVendor = 0x0a5f;
            auto d = [&](double mm) { return static_cast<int>(mm * dpi / 25.4); };
            z.media = {{"62x29", 62, 29, d(62), d(29), 0},
                       {"102x51", 102, 51, d(102), d(51), 0},
                       {"50x25", 50, 25, d(50), d(25), 0}};
            m.push_back(z);
        }
        PrinterModel dymo;
        dymo.name = "dymo-lw450";
        dymo.title = "DYMO LabelWriter 450";
        dymo.language = PrinterModel::Language::DymoRaster;
        dymo.dpi = 300;
        dymo.headBytes = 84;
        dymo.usbVendor = 0x0922;
        dymo.usbProduct = 0x0020;
        dymo.media = {{"57x32", 57, 32, 624, 378, 16}, {"89x36", 89, 36, 672, 425, 0}};
        m.push_back(dymo);
        for (int dpi : {203, 300}) {
            PrinterModel png;
            png.name = "png-" + std::to_string(dpi);
            png.title = "PNG file, " + std::to_string(dpi) + " dpi";
            png.language = PrinterModel::Language::Png;
            png.dpi = dpi;
            auto d = [&](double mm) { return static_cast<int>(mm * dpi / 25.4); };
            png.media = {{"62", 62, 0, d(59), 0, 0}, {"62x29", 62, 29, d(59), d(23), 0}};
            m.push_back(png);
        }
        return m;
    }();
    return models;
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
        st.message = "Wrong labels in the printer - load the roll the label needs.";
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
    sdk::PrinterStatus st;
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
        return st;
    }
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
    return st;
}

} // namespace portside::devices
