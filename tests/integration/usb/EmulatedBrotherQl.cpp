#include "EmulatedBrotherQl.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <string>

// Everything here is read from Brother's references (tests/support/BrotherReference.h lists them, with the tables),
// not from the driver: no driver header is included. Pages are the manuals' own page numbers.

namespace portside::test {

namespace {

using brother::findModel;
using brother::findRoll;

std::string deviceId(const std::string& model)
{
    return "MFG:Brother;CMD:PT-CBP;MDL:" + model + ";CLS:PRINTER;";
}

/// TIFF PackBits as [800] "M Select compression mode" (p. 32) describes it; false when the data runs short.
bool unpack(const std::uint8_t* in, std::size_t n, std::vector<std::uint8_t>& out)
{
    out.clear();
    for (std::size_t i = 0; i < n;) {
        const int count = static_cast<std::int8_t>(in[i++]);
        if (count >= 0) {
            if (i + static_cast<std::size_t>(count) + 1 > n)
                return false;
            out.insert(out.end(), in + i, in + i + count + 1);
            i += static_cast<std::size_t>(count) + 1;
        } else {
            if (i >= n)
                return false;
            out.insert(out.end(), static_cast<std::size_t>(1 - count), in[i++]);
        }
    }
    return true;
}

} // namespace

EmulatedBrotherQl::EmulatedBrotherQl(const std::string& model, const std::string& roll)
    : EmulatedPrinterClassDevice(0x04f9, findModel(model).product, deviceId(model)), _model(&findModel(model)),
      _roll(&findRoll(*_model, roll))
{
}

void EmulatedBrotherQl::load(const std::string& roll)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _roll = &findRoll(*_model, roll);
}

void EmulatedBrotherQl::setAutoNotify(bool on)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _autoNotify = on;
}

void EmulatedBrotherQl::holdPrinting(bool hold)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _hold = hold;
}

void EmulatedBrotherQl::release()
{
    std::lock_guard<std::mutex> lock(_mutex);
    _hold = false;
    if (_printing)
        finishPrint();
}

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

int EmulatedBrotherQl::spoiled() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _spoiled;
}

int EmulatedBrotherQl::cancelled() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _cancelled;
}

bool EmulatedBrotherQl::printing() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _printing;
}

std::vector<std::string> EmulatedBrotherQl::violations() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _violations;
}

void EmulatedBrotherQl::violation(const std::string& rule)
{
    if (std::find(_violations.begin(), _violations.end(), rule) == _violations.end())
        _violations.push_back(rule);
}

// [800] "Status information" (p. 22-26): 80h, 20h, "B", series code "4", model code, "0", "0", 00h, error
// information 1 and 2, media width, media type, 00h, 00h, 3Fh, mode, 00h, media length, status type, phase type,
// phase number (2 bytes), notification number, then reserved.
std::vector<std::uint8_t> EmulatedBrotherQl::status(int type, int phase, int error1, int error2) const
{
    std::vector<std::uint8_t> s(32, 0);
    s[0] = 0x80;
    s[1] = 0x20;
    s[2] = 0x42;
    s[3] = 0x34;
    s[4] = _model->modelCode;
    s[5] = 0x30;
    s[6] = 0x30;
    s[8] = static_cast<std::uint8_t>(error1);
    s[9] = static_cast<std::uint8_t>(error2);
    s[10] = static_cast<std::uint8_t>(_roll->widthCode);
    s[11] = static_cast<std::uint8_t>(_roll->mediaType);
    s[14] = 0x3f;
    s[17] = static_cast<std::uint8_t>(_roll->lengthCode);
    s[18] = static_cast<std::uint8_t>(type);  // (5) status type: 0 reply, 1 printing completed, 2 error, 6 phase change
    s[19] = static_cast<std::uint8_t>(phase); // (6) phase type: 0 receiving state, 1 printing state
    return s;
}

void EmulatedBrotherQl::resetPage()
{
    _lines = 0;
    _declaredLines = 0;
    _pageBad = false;
    _mediaMismatch = false;
}

void EmulatedBrotherQl::checkLine(const std::uint8_t* data, std::size_t n)
{
    const std::size_t bytes = static_cast<std::size_t>(_model->pins / 8);
    std::vector<std::uint8_t> line;
    if (_compressed) {
        // "If the above process results in more than 90 bytes of compressed data, the data is treated as being all
        // different. As a result, the data will be 91 bytes" ([800] p. 32): never longer than the line in literal
        // runs (at most 128 bytes each after its length byte).
        if (n > bytes + (bytes + 127) / 128) {
            violation("a compressed raster line of " + std::to_string(n) +
                      " bytes: longer than the line sent as all "
                      "different (" +
                      std::to_string(bytes + (bytes + 127) / 128) + " bytes)");
            _pageBad = true;
        }
        if (!unpack(data, n, line) || line.size() != bytes) {
            violation("a compressed raster line that does not expand to " + std::to_string(bytes) + " bytes");
            _pageBad = true;
            return;
        }
    } else {
        // g: without compression, n is the line's whole byte count ([800] "g Raster graphics transfer", p. 29).
        if (n != bytes) {
            violation("a raster line of " + std::to_string(n) + " bytes; the " + _model->name + " takes " +
                      std::to_string(bytes));
            _pageBad = true;
            return;
        }
        line.assign(data, data + n);
    }
    // Pin p is bit (pins - 1 - p) counted from the first byte's most significant bit ([800] §2.3.5, "Raster line"
    // figure: pin 0 at the last byte).
    const int first = _roll->offsetPins, last = _roll->offsetPins + _roll->printPins - 1;
    for (std::size_t b = 0; b < line.size(); ++b)
        for (int bit = 0; bit < 8 && line[b]; ++bit)
            if (line[b] & (0x80 >> bit)) {
                const int pin = _model->pins - 1 - static_cast<int>(b * 8 + static_cast<std::size_t>(bit));
                if (pin < first || pin > last) {
                    violation("ink on pin " + std::to_string(pin) + ", outside the " + _roll->name +
                              " roll's print area (pins " + std::to_string(first) + "-" + std::to_string(last) + ")");
                    _pageBad = true;
                    return;
                }
            }
}

void EmulatedBrotherQl::finishPrint()
{
    _printing = false;
    if (_heldBad)
        ++_spoiled;
    else {
        ++_printed;
        _lastJobLines = _heldLines;
    }
    // [800] "(6) Phase type": when printing has finished the printer sends "printing completed" (unless an error
    // occurred) and the "receiving state" phase; flow chart 5.1 (p. 35) in that order.
    if (_jam) { // the error comes whatever the notification mode, in the printing phase
        queueIn(status(2, 1, 0x04, 0));
        return;
    }
    if (_autoNotify) {
        queueIn(status(1, 0, 0, 0));
        queueIn(status(6, 0, 0, 0));
    }
}

void EmulatedBrotherQl::endOfPage()
{
    // Errors are reported whatever the notification mode: flow charts 5.2-5.3 "Status (Error occurred)".
    if (_paperOut) {
        queueIn(status(2, 0, 0x01, 0)); // error information 1 bit 0: no media
        resetPage();
        return;
    }
    // [800] ESC i z (p. 31): "If the media is not correctly loaded ... an error status is returned (Bit 0 of Error
    // information 2 is set to ON)" - replace media. A black/red roll printed without ESC i K's two-colour bit
    // ([800] p. 34) is refused the same way (the reference names no other error for it).
    const bool redWithoutBit = _roll->redBlack && !_twoColourBit;
    if (redWithoutBit)
        violation("the black/red roll needs ESC i K's two-colour bit");
    if (_mediaMismatch || redWithoutBit) {
        queueIn(status(2, 0, 0, 0x01));
        resetPage();
        return;
    }
    if (_lines != _declaredLines) {
        violation("ESC i z declared " + std::to_string(_declaredLines) + " raster lines, " + std::to_string(_lines) +
                  " came");
        _pageBad = true;
    }
    if (_roll->lengthDots > 0 && _lines > _roll->lengthDots) {
        violation(std::to_string(_lines) + " raster lines on a label of " + std::to_string(_roll->lengthDots));
        _pageBad = true;
    }
    _printing = true;
    _heldLines = _lines;
    _heldBad = _pageBad;
    if (_autoNotify)
        queueIn(status(6, 1, 0, 0)); // phase change: printing state
    resetPage();
    if (!_hold)
        finishPrint();
}

void EmulatedBrotherQl::received(const std::uint8_t* data, std::size_t length)
{
    _buffer.insert(_buffer.end(), data, data + length);
    std::size_t i = 0;
    auto have = [&](std::size_t n) { return i + n <= _buffer.size(); };
    while (i < _buffer.size()) {
        const std::uint8_t b = _buffer[i];
        if (b == 0x00) { // NULL: invalidate ([800] p. 21), skipped
            ++_nuls;
            ++i;
            continue;
        }
        const int nuls = _nuls;
        if (b == 0x1b) {
            if (!have(2))
                break;
            if (_buffer[i + 1] == 0x40) { // ESC @ initialize: clears the print buffer ([800] p. 21, 27)
                if (_printing) {
                    violation("ESC @ while printing: the label was cancelled");
                    _printing = false;
                    ++_cancelled;
                }
                if (nuls < _model->invalidate)
                    violation("an invalidate of " + std::to_string(nuls) + " bytes; the " + _model->name +
                              " reference asks for " + std::to_string(_model->invalidate));
                _nuls = 0;
                _compressed = _twoColourBit = false; // the command mode (ESC i a) lasts until power-off (p. 28)
                resetPage();
                i += 2;
                continue;
            }
            _nuls = 0;
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
            case 0x7a: size = 13; break; // ESC i z n1..n10
            case 0x64: size = 5; break;  // ESC i d n1 n2
            case 0x61:                   // ESC i a n
            case 0x21:                   // ESC i ! n
            case 0x4d:                   // ESC i M n
            case 0x41:                   // ESC i A n
            case 0x4b: size = 4; break;  // ESC i K n
            default:
                ++_errors;
                violation("ESC i " + std::to_string(c) + " is no command of the reference");
                size = 3;
            }
            if (!have(size))
                break;
            const std::uint8_t* p = &_buffer[i];
            if (c == 0x53) {
                // "do not send this command while printing" ([800] ESC i S, p. 21)
                if (_printing)
                    violation("a status request while printing");
                queueIn(status(0, _printing ? 1 : 0, _paperOut ? 0x01 : 0, 0));
            } else if (c == 0x61) {
                if (!_model->dynamicMode)
                    violation(std::string("ESC i a is no command of the ") + _model->name);
                _rasterMode = p[3] == 0x01;
            } else if (c == 0x21) {
                if (!_model->notifyMode)
                    violation(std::string("ESC i ! is no command of the ") + _model->name);
                else
                    _autoNotify = p[3] == 0x00; // 0: notify (default), 1: do not notify ([800] p. 29)
            } else if (c == 0x7a) {
                // n1 valid flags: 02 media type, 04 width, 08 length ([800] p. 31)
                const int flags = p[3];
                if (((flags & 0x02) && p[4] != _roll->mediaType) || ((flags & 0x04) && p[5] != _roll->widthCode) ||
                    ((flags & 0x08) && p[6] != _roll->lengthCode))
                    _mediaMismatch = true;
                _declaredLines = p[7] | (p[8] << 8) | (p[9] << 16) | (p[10] << 24);
            } else if (c == 0x4b) {
                _twoColourBit = (p[3] & 0x01) != 0; // bit 0: two-color printing ([800] ESC i K, p. 34)
                if (_twoColourBit && !_model->twoColour)
                    violation(std::string("two-colour printing on the ") + _model->name);
            }
            i += size;
            continue;
        }
        _nuls = 0;
        if (b == 0x4d) { // M n: select compression mode ([800] p. 32)
            if (!have(2))
                break;
            if (_buffer[i + 1] == 0x02) {
                if (!_model->compression) {
                    violation(std::string("M 02: the ") + _model->name + " does not support the compression mode");
                    _pageBad = true;
                }
                _compressed = true; // read as compressed to find the lines; the page is spoiled all the same
            } else {
                _compressed = false;
            }
            i += 2;
        } else if (b == 0x67 || b == 0x77) { // g 00 n data / w {01,02} n data
            if (!have(3) || !have(3 + _buffer[i + 2]))
                break;
            if (_model->dynamicMode && !_rasterMode)
                violation("raster data before ESC i a 01 switched to raster mode");
            const bool red = b == 0x77 && _buffer[i + 1] == 0x02;
            if (b == 0x77 && (!_model->twoColour || !_twoColourBit)) {
                violation("a two-colour raster line (w) outside two-colour printing");
                _pageBad = true;
            }
            if (b == 0x67 && _twoColourBit) {
                violation("a one-colour raster line (g) in two-colour printing");
                _pageBad = true;
            }
            checkLine(&_buffer[i + 3], _buffer[i + 2]);
            if (!red)
                ++_lines;
            i += 3 + _buffer[i + 2];
        } else if (b == 0x5a) { // Z: zero raster graphics
            if (!_compressed || !_model->compression) {
                violation(std::string("Z (an empty compressed line) outside compression mode on the ") + _model->name);
                _pageBad = true;
            }
            ++i;
            ++_lines;
        } else if (b == 0x1a || b == 0x0c) { // Control-Z / FF: print
            ++i;
            endOfPage();
        } else {
            char text[64];
            std::snprintf(text, sizeof text, "byte %02x is no command", b);
            violation(text);
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
