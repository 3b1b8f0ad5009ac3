#include "EmulatedBrotherQl.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace portside::test {

void EmulatedBrotherQl::vanishAtLine(int line)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _vanishAt = line;
}

int EmulatedBrotherQl::lastJobLines() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _lastJobLines;
}

std::vector<std::uint8_t> EmulatedBrotherQl::status(int type, int phase, int error1) const
{
    std::vector<std::uint8_t> s(32, 0);
    s[0] = 0x80;
    s[1] = 0x20;
    s[2] = 0x42;
    s[3] = 0x34;
    s[4] = 0x38;
    s[5] = 0x30;
    s[8] = static_cast<std::uint8_t>(error1);
    s[10] = 62;
    s[11] = 0x0a;
    s[18] = static_cast<std::uint8_t>(type);
    s[19] = static_cast<std::uint8_t>(phase);
    return s;
}

void EmulatedBrotherQl::received(const std::uint8_t* data, std::size_t length)
{
    _buffer.insert(_buffer.end(), data, data + length);
    std::size_t i = 0;
    auto have = [&](std::size_t n) { return i + n <= _buffer.size(); };
    while (i < _buffer.size()) {
        const std::uint8_t b = _buffer[i];
        if (b == 0x00) { // invalidate
            ++i;
        } else if (b == 0x1b) {
            if (!have(2))
                break;
            if (_buffer[i + 1] == 0x40) { // initialise
                i += 2;
                continue;
            }
            if (_buffer[i + 1] != 0x69) {
                ++_errors;
                ++i;
                continue;
            }
            if (!have(3))
                break;
            const std::uint8_t c = _buffer[i + 2];
            std::size_t size = 0;
            switch (c) {
            case 0x53: size = 3; break;  // ESC i S
            case 0x61: size = 4; break;  // ESC i a n
            case 0x7a: size = 13; break; // ESC i z + 10
            case 0x4d:
            case 0x41:
            case 0x4b: size = 4; break;
            case 0x64: size = 5; break;
            default: ++_errors; size = 3;
            }
            if (!have(size))
                break;
            if (c == 0x53)
                queueIn(status(0, 0, _paperOut ? 0x01 : 0));
            if (c == 0x7a) {
                _declaredLines = _buffer[i + 7] | (_buffer[i + 8] << 8);
                _lines = 0;
            }
            i += size;
        } else if (b == 0x4d) { // compression
            if (!have(2))
                break;
            i += 2;
        } else if (b == 0x67) { // raster line
            if (!have(3) || !have(3 + _buffer[i + 2]))
                break;
            i += 3 + _buffer[i + 2];
            ++_lines;
        } else if (b == 0x5a) { // empty raster line
            ++i;
            ++_lines;
        } else if (b == 0x1a || b == 0x0c) { // print
            ++i;
            if (_paperOut) {
                queueIn(status(2, 0, 0x01)); // error: no media; nothing printed
            } else {
                queueIn(status(6, 1, 0)); // phase change: printing
                queueIn(status(1, 0, 0)); // printing completed
                ++_printed;
                _lastJobLines = _lines;
            }
        } else {
            ++_errors;
            ++i;
        }
        if (_vanishAt >= 0 && _lines >= _vanishAt) {
            _vanishAt = -1;
            _buffer.clear();
            vanish();
            return;
        }
    }
    _buffer.erase(_buffer.begin(), _buffer.begin() + static_cast<long>(std::min(i, _buffer.size())));
}

} // namespace portside::test
