#include "EmulatedLabelPrinters.h"

#include <cstdio>
#include <cstring>

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

void EmulatedZebra::received(const std::uint8_t* data, std::size_t length)
{
    _text.append(reinterpret_cast<const char*>(data), length);
    for (std::size_t p; (p = _text.find("~HS")) != std::string::npos;) {
        _text.erase(p, 3);
        const std::string reply = std::string("\x02"
                                              "030,") +
                                  (_paperOut ? "1" : "0") +
                                  ",0,0245,000,0,0,0,000,0,0,0\x03\r\n\x02"
                                  "001,0,0,0,1,2,6,0,00000000,1,000\x03\r\n"
                                  "\x02"
                                  "1234,0\x03\r\n";
        queueIn(std::vector<std::uint8_t>(reply.begin(), reply.end()));
    }
    for (std::size_t end; (end = _text.find("^XZ")) != std::string::npos;) {
        const std::string format = _text.substr(0, end);
        _text.erase(0, end + 3);
        std::size_t total = 0, again = 0, perRow = 0;
        int consumed = 0;
        const auto gf = format.find("^GFA,");
        if (format.rfind("^XA", 0) != 0 || gf == std::string::npos ||
            std::sscanf(format.c_str() + gf, "^GFA,%zu,%zu,%zu,%n", &total, &again, &perRow, &consumed) != 3 ||
            format.find("^FS", gf) - gf - static_cast<std::size_t>(consumed) != 2 * total) {
            ++_errors;
            continue;
        }
        if (!_paperOut)
            ++_printed;
    }
}

int EmulatedDymo::lastLabelLines() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _lastLines;
}

void EmulatedDymo::received(const std::uint8_t* data, std::size_t length)
{
    _buffer.insert(_buffer.end(), data, data + length);
    std::size_t i = 0;
    while (i < _buffer.size()) {
        if (_buffer[i] == 0x16) { // SYN + one line
            if (_rowBytes == 0) {
                ++_errors;
                ++i;
                continue;
            }
            if (i + 1 + static_cast<std::size_t>(_rowBytes) > _buffer.size())
                break;
            i += 1 + static_cast<std::size_t>(_rowBytes);
            ++_lines;
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
        std::size_t size = c == 0x40 || c == 0x69 || c == 0x45 ? 2 : c == 0x42 || c == 0x44 ? 3 : c == 0x4c ? 4 : 2;
        if (i + size > _buffer.size())
            break;
        if (c == 0x44)
            _rowBytes = _buffer[i + 2];
        if (c == 0x45) { // form feed: the label comes out
            if (!_paperOut)
                ++_printed;
            _lastLines = _lines;
            _lines = 0;
        }
        i += size;
    }
    _buffer.erase(_buffer.begin(), _buffer.begin() + static_cast<long>(i));
}

} // namespace portside::test
