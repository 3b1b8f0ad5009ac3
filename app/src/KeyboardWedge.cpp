#include "KeyboardWedge.h"

namespace portside::app {

std::optional<std::string> KeyboardWedge::feed(int key, long long timeMs)
{
    const bool quick = !_buffer.empty() && timeMs - _last <= _maxGapMs;
    _last = timeMs;
    if (key == '\r' || key == '\n') {
        std::optional<std::string> scan;
        if (quick && _burst && _buffer.size() >= _minLength)
            scan = _buffer;
        _buffer.clear();
        _burst = false;
        return scan;
    }
    if (!quick) { // a pause: whatever came before was typed by a person
        _buffer.clear();
        _burst = false;
    } else if (_buffer.size() >= 2) {
        _burst = true;
    }
    if (key == 29)
        _buffer += '\x1d';
    else if (key >= 32 && key < 127)
        _buffer += static_cast<char>(key);
    return std::nullopt;
}

} // namespace portside::app
