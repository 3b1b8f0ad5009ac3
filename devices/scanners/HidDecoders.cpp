#include "portside/devices/HidDecoders.h"

#include <algorithm>

namespace portside::devices {

namespace {

constexpr std::uint8_t kLeftCtrl = 0x01, kLeftShift = 0x02, kLeftAlt = 0x04, kRightCtrl = 0x10, kRightShift = 0x20,
                       kRightAlt = 0x40;

/// US layout: usage -> {plain, shifted}; 0 when the usage is not a character.
std::pair<char, char> character(std::uint8_t usage)
{
    if (usage >= 0x04 && usage <= 0x1d)
        return {static_cast<char>('a' + usage - 0x04), static_cast<char>('A' + usage - 0x04)};
    static constexpr char kDigits[] = "1234567890";
    static constexpr char kShiftedDigits[] = "!@#$%^&*()";
    if (usage >= 0x1e && usage <= 0x27)
        return {kDigits[usage - 0x1e], kShiftedDigits[usage - 0x1e]};
    switch (usage) {
    case 0x2c: return {' ', ' '};
    case 0x2d: return {'-', '_'};
    case 0x2e: return {'=', '+'};
    case 0x2f: return {'[', '{'};
    case 0x30: return {']', '}'};
    case 0x31: return {'\\', '|'};
    case 0x33: return {';', ':'};
    case 0x34: return {'\'', '"'};
    case 0x35: return {'`', '~'};
    case 0x36: return {',', '<'};
    case 0x37: return {'.', '>'};
    case 0x38: return {'/', '?'};
    case 0x54: return {'/', '/'}; // keypad
    case 0x55: return {'*', '*'};
    case 0x56: return {'-', '-'};
    case 0x57: return {'+', '+'};
    default: return {0, 0};
    }
}

int keypadDigit(std::uint8_t usage)
{
    if (usage >= 0x59 && usage <= 0x61)
        return usage - 0x59 + 1; // keypad 1..9
    if (usage == 0x62)
        return 0;
    return -1;
}

} // namespace

std::optional<HidScan> HidKeyboardDecoder::feed(const std::uint8_t* report, std::size_t length)
{
    if (length < 3)
        return std::nullopt;
    const std::uint8_t modifiers = report[0];
    const bool shift = modifiers & (kLeftShift | kRightShift);
    const bool ctrl = modifiers & (kLeftCtrl | kRightCtrl);
    const bool alt = modifiers & (kLeftAlt | kRightAlt);
    std::vector<std::uint8_t> now;
    for (std::size_t i = 2; i < length && i < 8; ++i)
        if (report[i] > 0x03) // 0 none, 1-3 error states
            now.push_back(report[i]);

    // Alt released after keypad digits: the character with that code (Alt+029 = GS).
    if (_altHeld && !alt) {
        if (!_altDigits.empty()) { // at most three digits are kept: Alt+0029 and Alt+029 alike
            int code = 0;
            for (char d : _altDigits)
                code = code * 10 + (d - '0');
            if (code > 0 && code < 256)
                _buffer += static_cast<char>(code);
        }
        _altDigits.clear();
    }
    _altHeld = alt;

    std::optional<HidScan> scan;
    for (std::uint8_t usage : now) {
        if (std::find(_down.begin(), _down.end(), usage) != _down.end())
            continue;                         // still held from the last report: not a new key press
        if (usage == 0x28 || usage == 0x58) { // Enter, keypad Enter
            if (!_buffer.empty())
                scan = HidScan{_buffer, {}};
            _buffer.clear();
            continue;
        }
        if (alt && keypadDigit(usage) >= 0) {
            if (_altDigits.size() < 4)
                _altDigits += static_cast<char>('0' + keypadDigit(usage));
            continue;
        }
        if ((ctrl && (usage == 0x30 || usage == 0x22)) || usage == 0x41) { // Ctrl+], Ctrl+5, F8
            _buffer += '\x1d';
            continue;
        }
        if (keypadDigit(usage) >= 0) {
            _buffer += static_cast<char>('0' + keypadDigit(usage));
            continue;
        }
        const auto [plain, shifted] = character(usage);
        if (plain && !ctrl)
            _buffer += shift ? shifted : plain;
    }
    _down = std::move(now);
    return scan;
}

std::optional<HidScan> HidPosDecoder::feed(const std::uint8_t* report, std::size_t length)
{
    if (length < 6 || report[0] != kReportId || report[1] > kMaxData || 5u + report[1] > length) {
        ++_malformed;
        return std::nullopt;
    }
    if (_buffer.empty() && _aim.empty() && report[2] != 0)
        _aim = std::string("]") + static_cast<char>(report[2]) + static_cast<char>(report[3]);
    _buffer.append(reinterpret_cast<const char*>(report + 5), report[1]);
    const bool more = report[length - 1] & 0x01;
    if (more)
        return std::nullopt;
    HidScan scan{std::move(_buffer), std::move(_aim)};
    _buffer.clear();
    _aim.clear();
    if (scan.bytes.empty())
        return std::nullopt;
    return scan;
}

std::vector<std::vector<std::uint8_t>> HidPosDecoder::encode(const std::string& bytes, const std::string& aim)
{
    std::vector<std::vector<std::uint8_t>> reports;
    std::size_t offset = 0;
    do {
        std::vector<std::uint8_t> r(kReportSize, 0);
        const std::size_t n = std::min(kMaxData, bytes.size() - offset);
        r[0] = kReportId;
        r[1] = static_cast<std::uint8_t>(n);
        if (aim.size() == 3) {
            r[2] = static_cast<std::uint8_t>(aim[1]);
            r[3] = static_cast<std::uint8_t>(aim[2]);
        }
        std::copy(bytes.begin() + static_cast<long>(offset), bytes.begin() + static_cast<long>(offset + n),
                  r.begin() + 5);
        offset += n;
        r[kReportSize - 1] = offset < bytes.size() ? 0x01 : 0x00;
        reports.push_back(std::move(r));
    } while (offset < bytes.size());
    return reports;
}

} // namespace portside::devices
