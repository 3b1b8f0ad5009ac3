#pragma once

#include <optional>
#include <string>

namespace portside::app {

/// Tells a keyboard-wedge scanner's burst from a person typing, by timing: a scanner types a whole code in a few
/// milliseconds per character and ends it with Enter. Every character is held until it is known which it was: a
/// burst that ends in Enter is a scan; anything else is handed back, every character in order, to go where the
/// person typed it (so fast typing in a note loses nothing).
///
/// A wedge types each capital with Shift held, so a letter's case is read from Shift, not from the character the
/// keyboard layout made of it: with Caps Lock on (which inverts letters) a scan still reads as the scanner sent it.
/// The AIM symbology identifier (`]d2`, `]C1`, `]Q3`, `]e0`, `]E0`) is read whatever the case of its letter.
/// Ctrl+] (ASCII 29), the usual way a wedge sends GS, becomes byte 0x1D.
class KeyboardWedge {
public:
    explicit KeyboardWedge(long maxGapMs = 50, std::size_t minLength = 4) : _maxGapMs(maxGapMs), _minLength(minLength)
    {
    }

    /// What to do with a key.
    struct Result {
        std::optional<std::string> scan; ///< a whole scan, as the scanner sent it
        std::string release;             ///< held characters that were typed by a person: insert them where typed
        bool pass = false;               ///< let this key itself go on to the focused control (after `release`)
    };

    /// `key` is the character the keyboard produced (13 or 10 for Enter, 29 for Ctrl+], a negative value for a
    /// key that types nothing, such as an arrow or Backspace); `shift` whether Shift was held; `timeMs` any
    /// monotonic clock.
    Result feed(int key, bool shift, long long timeMs);
    /// Called when no key came for a while: characters held longer than a scanner's gap were typed by a person.
    std::string flush(long long timeMs);
    /// True while characters are held.
    bool holding() const { return !_typed.empty(); }

    /// A scan's AIM identifier with its letter in the case the AIM specification gives it; the rest unchanged.
    static std::string normalizeAim(const std::string& scan);

private:
    long _maxGapMs;
    std::size_t _minLength;
    std::string _typed;   ///< the characters as they arrived (what a person meant)
    std::string _scanned; ///< the characters as a scanner meant them (case from Shift)
    long long _last = 0;
};

} // namespace portside::app
