#include "EmulatedLabelPrinters.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace portside::test {

void EmulatedPrinterClassDevice::setPaperOut(bool out)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _paperOut = out;
}

int EmulatedPrinterClassDevice::printed() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _printed;
}

int EmulatedPrinterClassDevice::errors() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _errors;
}

std::vector<std::uint8_t> EmulatedPrinterClassDevice::descriptors() const
{
    return {0x12,
            0x01,
            0x00,
            0x02,
            0x00,
            0x00,
            0x00,
            0x40,
            static_cast<std::uint8_t>(_vendor & 0xff),
            static_cast<std::uint8_t>(_vendor >> 8),
            static_cast<std::uint8_t>(_product & 0xff),
            static_cast<std::uint8_t>(_product >> 8),
            0x00,
            0x01,
            0x01,
            0x02,
            0x03,
            0x01,
            0x09,
            0x02,
            0x20,
            0x00,
            0x01,
            0x01,
            0x00,
            0xc0,
            0x01,
            0x09,
            0x04,
            0x00,
            0x00,
            0x02,
            0x07,
            0x01,
            0x02,
            0x00,
            0x07,
            0x05,
            0x02,
            0x02,
            0x00,
            0x02,
            0x00,
            0x07,
            0x05,
            0x81,
            0x02,
            0x00,
            0x02,
            0x00};
}

int EmulatedPrinterClassDevice::control(const std::uint8_t* setup, std::uint8_t* data, int length)
{
    if (setup[0] == 0xa1 && setup[1] == 0) {
        const int total = static_cast<int>(_deviceId.size()) + 2;
        std::vector<std::uint8_t> reply{static_cast<std::uint8_t>(total >> 8), static_cast<std::uint8_t>(total & 0xff)};
        reply.insert(reply.end(), _deviceId.begin(), _deviceId.end());
        const int n = std::min(length, total);
        std::memcpy(data, reply.data(), static_cast<std::size_t>(n));
        return n;
    }
    if (setup[0] == 0xa1 && setup[1] == 1 && length >= 1) {
        data[0] = _paperOut ? 0x38 : 0x18; // 0x20 paper empty, 0x10 selected, 0x08 no error
        return 1;
    }
    return -1;
}

namespace {

void addOnce(std::vector<std::string>& list, const std::string& rule)
{
    if (std::find(list.begin(), list.end(), rule) == list.end())
        list.push_back(rule);
}

} // namespace

EmulatedZebra::EmulatedZebra(int dpi, const std::string& label)
    : EmulatedPrinterClassDevice(0x0a5f, 0x00d1, "MFG:Zebra Technologies;CMD:ZPL;MDL:ZD420;CLS:PRINTER;")
{
    int w = 0, l = 0;
    if (std::sscanf(label.c_str(), "%dx%d", &w, &l) != 2)
        throw std::invalid_argument("no emulated Zebra label " + label);
    _widthDots = static_cast<int>(w * dpi / 25.4); // a dot is 1/dpi inch
    _lengthDots = static_cast<int>(l * dpi / 25.4);
}

void EmulatedZebra::setPaperOut(bool out)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _paperOut = out;
    if (!out)
        printWaiting();
}

int EmulatedZebra::spoiled() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _spoiled;
}

std::vector<std::string> EmulatedZebra::violations() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _violations;
}

void EmulatedZebra::printWaiting()
{
    _printed += _waiting;
    _waiting = 0;
}

void EmulatedZebra::received(const std::uint8_t* data, std::size_t length)
{
    _text.append(reinterpret_cast<const char*>(data), length);
    for (std::size_t end; (end = _text.find("^XZ")) != std::string::npos;) {
        const std::string format = _text.substr(0, end);
        _text.erase(0, end + 3);
        std::size_t total = 0, again = 0, perRow = 0;
        int consumed = 0, width = 0, length = 0;
        const auto gf = format.find("^GFA,");
        if (format.rfind("^XA", 0) != 0 || gf == std::string::npos ||
            std::sscanf(format.c_str() + gf, "^GFA,%zu,%zu,%zu,%n", &total, &again, &perRow, &consumed) != 3 ||
            perRow == 0 || format.find("^FS", gf) - gf - static_cast<std::size_t>(consumed) != 2 * total) {
            ++_errors;
            addOnce(_violations, "a format without a whole ^GFA graphic");
            continue;
        }
        const auto pw = format.find("^PW"), ll = format.find("^LL");
        if (pw != std::string::npos)
            width = std::atoi(format.c_str() + pw + 3);
        if (ll != std::string::npos)
            length = std::atoi(format.c_str() + ll + 3);
        const int graphicWidth = static_cast<int>(perRow * 8), rows = static_cast<int>(total / perRow);
        bool bad = false;
        if (width > _widthDots || length > _lengthDots) {
            addOnce(_violations, "^PW" + std::to_string(width) + "/^LL" + std::to_string(length) + " larger than the " +
                                     std::to_string(_widthDots) + " x " + std::to_string(_lengthDots) + " dot label");
            bad = true;
        }
        if (graphicWidth > _widthDots + 7 || rows > _lengthDots) {
            addOnce(_violations, "a graphic of " + std::to_string(graphicWidth) + " x " + std::to_string(rows) +
                                     " dots on a " + std::to_string(_widthDots) + " x " + std::to_string(_lengthDots) +
                                     " dot label");
            bad = true;
        }
        if (bad)
            ++_spoiled;
        else
            ++_waiting;
        if (!_paperOut)
            printWaiting();
    }
    for (std::size_t p; (p = _text.find("~HS")) != std::string::npos;) {
        _text.erase(p, 3);
        char line1[64], line2[64];
        std::snprintf(line1, sizeof line1, "030,%d,0,%04d,%03d,0,0,0,000,0,0,0", _paperOut ? 1 : 0, _lengthDots,
                      _waiting);
        std::snprintf(line2, sizeof line2, "001,0,0,0,1,2,6,0,%08d,1,000", _waiting);
        const std::string reply =
            std::string("\x02") + line1 + "\x03\r\n\x02" + line2 + "\x03\r\n\x02" + "1234,0\x03\r\n";
        queueIn(std::vector<std::uint8_t>(reply.begin(), reply.end()));
    }
}

EmulatedDymo::EmulatedDymo(const std::string& label)
    : EmulatedPrinterClassDevice(0x0922, 0x0020, "MFG:DYMO;CMD: ;MDL:LabelWriter 450;CLS:PRINTER;")
{
    if (label == "57x32") {
        _labelDots = 672; // the whole 57 mm head
        _labelLines = 378;
    } else if (label == "89x36") {
        _labelDots = 425; // 36 mm across the head: the label is wider than the 57 mm head the other way
        _labelLines = 1051;
    } else {
        throw std::invalid_argument("no emulated DYMO label " + label);
    }
}

int EmulatedDymo::lastLabelLines() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _lastLines;
}

int EmulatedDymo::spoiled() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _spoiled;
}

std::vector<std::string> EmulatedDymo::violations() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _violations;
}

void EmulatedDymo::received(const std::uint8_t* data, std::size_t length)
{
    _buffer.insert(_buffer.end(), data, data + length);
    std::size_t i = 0;
    while (i < _buffer.size()) {
        if (_buffer[i] == 0x16) { // SYN + one line of ESC D bytes, placed after ESC B bytes of tab
            const std::size_t n = static_cast<std::size_t>(_rowBytes);
            if (i + 1 + n > _buffer.size())
                break;
            for (std::size_t b = 0; b < n; ++b)
                for (int bit = 0; bit < 8; ++bit)
                    if (_buffer[i + 1 + b] & (0x80 >> bit)) {
                        const int dot = _tab * 8 + static_cast<int>(b) * 8 + bit;
                        if (dot >= _labelDots && !_bad) {
                            addOnce(_violations, "ink on dot " + std::to_string(dot) + ", beyond the label's " +
                                                     std::to_string(_labelDots) + " dots");
                            _bad = true;
                        }
                    }
            i += 1 + n;
            ++_lines;
            _topOfForm = false;
            if (_lines * 300 > _labelLines * _linesPerInch && !_bad) {
                addOnce(_violations, "more than the label's " + std::to_string(_labelLines) + " lines");
                _bad = true;
            }
            continue;
        }
        if (_buffer[i] != 0x1b) {
            ++_errors;
            ++i;
            continue;
        }
        if (i + 2 > _buffer.size())
            break;
        const std::uint8_t c = _buffer[i + 1];
        std::size_t size = c == 0x42 || c == 0x44 ? 3 : c == 0x4c ? 4 : 2;
        if (i + size > _buffer.size())
            break;
        if (c == 0x42)
            _tab = _buffer[i + 2];
        if (c == 0x68 || c == 0x40)
            _linesPerInch = 300; // ESC h (and the reset's default)
        if (c == 0x69)
            _linesPerInch = 600; // ESC i: each line is half as long on the label
        if (c == 0x44)
            _rowBytes = _buffer[i + 2];
        if (c == 0x44 && _tab + _rowBytes > 84)
            addOnce(_violations, "dot tab and bytes per line beyond the head's 84 bytes");
        if (c == 0x41) { // ESC A: status byte (400 series reference, "Status byte")
            std::uint8_t st = 0x01;
            if (_topOfForm)
                st |= 0x02;
            if (_paperOut)
                st |= 0x20 | 0x80;
            queueIn({st});
        }
        if (c == 0x45) { // ESC E: form feed - the label comes out
            if (_paperOut) {
                // nothing printed
            } else if (_bad) {
                ++_spoiled;
            } else if (_lines * 300 < _labelLines * _linesPerInch * 9 / 10) {
                // The image ends well before the label does: at 600 lines per inch a 300 dpi raster comes out at
                // half its length, text squashed and the DataMatrix stretched.
                addOnce(_violations, "the image covers " + std::to_string(_lines * 254 / _linesPerInch / 10) +
                                         " of the label's " + std::to_string(_labelLines * 254 / 3000) + " mm");
                ++_spoiled;
            } else {
                ++_printed;
                _lastLines = _lines;
            }
            _lines = 0;
            _bad = false;
            _topOfForm = true;
        }
        i += size;
    }
    _buffer.erase(_buffer.begin(), _buffer.begin() + static_cast<long>(i));
}

} // namespace portside::test
