#pragma once

#include <optional>
#include <string>

namespace portside::app {

/// Tells a keyboard-wedge scanner's burst from a person typing, by timing: a scanner types a whole code in a few
/// milliseconds per character and ends it with Enter. Ctrl+] (ASCII 29), the usual way a wedge sends GS, becomes
/// byte 0x1D. Feed it every character with its time; it returns the scan when a burst ends.
class KeyboardWedge {
public:
    explicit KeyboardWedge(long maxGapMs = 50, std::size_t minLength = 4) : _maxGapMs(maxGapMs), _minLength(minLength)
    {
    }

    /// `key` is the character (13 or 10 for Enter, 29 for Ctrl+]); `timeMs` any monotonic clock.
    std::optional<std::string> feed(int key, long long timeMs);
    /// True while a burst is being collected (its characters should not reach other widgets).
    bool collecting() const { return _burst; }

private:
    long _maxGapMs;
    std::size_t _minLength;
    std::string _buffer;
    long long _last = 0;
    bool _burst = false;
};

} // namespace portside::app
