#include "KeyboardWedge.h"

#include <cctype>

namespace portside::app {

namespace {
bool isLetter(int key)
{
    return (key >= 'a' && key <= 'z') || (key >= 'A' && key <= 'Z');
}
} // namespace

KeyboardWedge::Result KeyboardWedge::feed(int key, bool shift, long long timeMs)
{
    Result result;
    const bool quick = !_typed.empty() && timeMs - _last <= _maxGapMs;
    if (!_typed.empty() && !quick) // a pause: what was held was typed by a person
        result.release = flush(timeMs);
    _last = timeMs;
    if (key == '\r' || key == '\n') {
        if (quick && _scanned.size() >= _minLength)
            result.scan = normalizeAim(_scanned);
        else {
            result.release += _typed;
            result.pass = true; // an Enter a person typed
        }
        _typed.clear();
        _scanned.clear();
        return result;
    }
    if (key == 29) {
        _typed += '\x1d';
        _scanned += '\x1d';
        return result;
    }
    if (key < 32 || key > 126) { // a key that types nothing here (Backspace, arrows, a non-ASCII character)
        result.release += _typed;
        _typed.clear();
        _scanned.clear();
        result.pass = true;
        return result;
    }
    _typed += static_cast<char>(key);
    _scanned += static_cast<char>(isLetter(key) ? (shift ? std::toupper(key) : std::tolower(key)) : key);
    return result;
}

std::string KeyboardWedge::flush(long long timeMs)
{
    if (_typed.empty() || timeMs - _last <= _maxGapMs)
        return {};
    std::string typed;
    typed.swap(_typed);
    _scanned.clear();
    return typed;
}

std::string KeyboardWedge::normalizeAim(const std::string& scan)
{
    // ISO/IEC 15424: "]" then the symbology's code character then a modifier digit. The code characters a ward's
    // labels use, in their one case: C Code 128, d Data Matrix, Q QR Code, E EAN/UPC, e GS1 DataBar, z Aztec,
    // L PDF417, A Code 39, I ITF. E and e differ only in case: EAN/UPC carries 8, 12 or 13 digits (plus add-ons
    // after a space), DataBar a GS1 element string of 16 or more characters.
    if (scan.size() < 3 || scan[0] != ']' || !isLetter(scan[1]))
        return scan;
    std::string out = scan;
    switch (std::tolower(static_cast<unsigned char>(scan[1]))) {
    case 'c': out[1] = 'C'; break;
    case 'd': out[1] = 'd'; break;
    case 'q': out[1] = 'Q'; break;
    case 'z': out[1] = 'z'; break;
    case 'l': out[1] = 'L'; break;
    case 'a': out[1] = 'A'; break;
    case 'i': out[1] = 'I'; break;
    case 'e': out[1] = scan.size() - 3 >= 16 ? 'e' : 'E'; break;
    default: break;
    }
    return out;
}

} // namespace portside::app
