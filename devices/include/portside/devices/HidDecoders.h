#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace portside::devices {

/// A complete scan assembled from HID reports.
struct HidScan {
    std::string bytes; ///< GS as 0x1D; without the AIM identifier when the scanner sent one separately
    std::string aim;   ///< "]d2" etc. when known
};

/// USB HID boot-keyboard reports (8 bytes: modifiers, reserved, six key usages) to characters, as a keyboard-type
/// scanner types them (US layout). Only newly pressed keys count. Enter ends a scan. The ways scanners send GS all
/// become byte 0x1D: Ctrl+], Ctrl+5 (some wedges), F8 (a common scanner setting), and Alt + keypad 0 2 9. A leading
/// "]xx" AIM identifier stays in the bytes for the interpreter to read.
class HidKeyboardDecoder {
public:
    /// Feeds one report; returns a scan when Enter completes one.
    std::optional<HidScan> feed(const std::uint8_t* report, std::size_t length);
    /// Characters typed since the last scan (a scan cut short by an unplug).
    const std::string& pending() const { return _buffer; }

private:
    std::vector<std::uint8_t> _down; // usages held in the previous report
    std::string _buffer;
    std::string _altDigits;
    bool _altHeld = false;
};

/// USB HID POS barcode scanner reports (usage page 0x8C). Report layout used by this driver: byte 0 the report id
/// 0x02, byte 1 the count of data bytes in this report (at most 56), bytes 2-3 the AIM symbology identifier
/// without its "]" (such as "d2") or zeros, byte 4 reserved, bytes 5.. the data, and in the last byte bit 0 set
/// when more reports of the same scan follow. Data bytes are kept as they are, so GS arrives as 0x1D.
class HidPosDecoder {
public:
    static constexpr std::uint8_t kReportId = 0x02;
    static constexpr std::size_t kReportSize = 64;
    static constexpr std::size_t kMaxData = 56;

    /// Feeds one report; returns a scan when the last report of one arrives. A malformed report is ignored and
    /// counted.
    std::optional<HidScan> feed(const std::uint8_t* report, std::size_t length);
    std::size_t malformed() const { return _malformed; }
    bool inProgress() const { return !_buffer.empty(); }

    /// The reports a scanner would send for this scan (for emulated devices and tests).
    static std::vector<std::vector<std::uint8_t>> encode(const std::string& bytes, const std::string& aim);

private:
    std::string _buffer;
    std::string _aim;
    std::size_t _malformed = 0;
};

} // namespace portside::devices
