#pragma once
// Small helpers the barcode parsers share (internal to portside-core).

#include <algorithm>
#include <string>
#include <string_view>

namespace portside::core::detail {

inline bool allDigits(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

inline int daysInMonth(int year, int month)
{
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

/// The year of a two-digit year by GS1's sliding window: up to 49 years back, 50 ahead of the reference year.
inline int fullYear(int yy, int referenceYear)
{
    int year = referenceYear / 100 * 100 + yy;
    const int diff = yy - referenceYear % 100;
    if (diff > 50)
        year -= 100;
    else if (diff < -49)
        year += 100;
    return year;
}

/// "YYYY-MM-DD" without printf: this runs for every scan.
inline std::string formatDate(int year, int month, int day)
{
    std::string out = "0000-00-00";
    for (int i = 3; i >= 0; --i, year /= 10)
        out[static_cast<std::size_t>(i)] = static_cast<char>('0' + year % 10);
    out[5] = static_cast<char>('0' + month / 10);
    out[6] = static_cast<char>('0' + month % 10);
    out[8] = static_cast<char>('0' + day / 10);
    out[9] = static_cast<char>('0' + day % 10);
    return out;
}

} // namespace portside::core::detail
