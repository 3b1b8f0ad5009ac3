#include "portside/core/HibcParser.h"

#include "DateText.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>

namespace portside::core {

namespace {

using detail::allDigits;
using detail::daysInMonth;
using detail::formatDate;
using detail::fullYear;

constexpr const char* kTable = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%";

int value(char c)
{
    const char* p = c ? std::strchr(kTable, c) : nullptr;
    return p ? static_cast<int>(p - kTable) : -1;
}

bool alnum(std::string_view s)
{
    return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); });
}

int num(std::string_view s)
{
    int v = 0;
    for (char c : s)
        v = v * 10 + (c - '0');
    return v;
}

std::string iso(int year, int month, int day)
{
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
        return {};
    return formatDate(year, month, day);
}

bool fail(ParsedScan& out, std::string message)
{
    out.ok = false;
    out.error = std::move(message);
    return false;
}

} // namespace

char HibcParser::checkCharacter(std::string_view data)
{
    int sum = 0;
    for (char c : data) {
        const int v = value(c);
        if (v < 0)
            return '\0';
        sum += v;
    }
    return kTable[sum % 43];
}

bool HibcParser::parse(std::string_view data, ParsedScan& out) const
{
    out.scheme = "hibc";
    if (data.size() >= 2 && data.front() == '*' && data.back() == '*')
        data = data.substr(1, data.size() - 2); // Code 39 start and stop characters
    if (data.empty() || data[0] != '+')
        return fail(out, "An HIBC code starts with \"+\".");
    if (data.size() < 3)
        return fail(out, "The HIBC code is too short.");
    for (char c : data)
        if (value(c) < 0) {
            // Quoted readably: a byte outside printable ASCII as \xNN (the message goes into the record).
            const auto b = static_cast<unsigned char>(c);
            const char hex[] = "0123456789ABCDEF";
            const std::string shown =
                b >= 0x20 && b < 0x7F ? std::string(1, c) : std::string("\\x") + hex[b >> 4] + hex[b & 0xF];
            return fail(out, "The HIBC code contains a character HIBC does not use (\"" + shown + "\").");
        }
    const char check = data.back();
    const std::string_view body = data.substr(0, data.size() - 1);
    if (checkCharacter(body) != check)
        return fail(out, std::string("The HIBC check character is \"") + check + "\" but the data gives \"" +
                             checkCharacter(body) + "\"; the barcode is damaged or misread.");

    if (body.size() >= 2 && body[1] == '$') { // secondary data on its own: +$... with a link character before the check
        if (body.size() < 3)
            return fail(out, "The HIBC secondary code is too short.");
        return secondary(body.substr(1, body.size() - 2), out);
    }

    // Primary: + LIC(4, first alphabetic) PCN(1-13) UoM(1 digit); concatenated codes add "/" and the secondary.
    const std::size_t slash = body.find('/');
    const std::string_view primary =
        body.substr(1, slash == std::string_view::npos ? std::string_view::npos : slash - 1);
    if (primary.size() < 6)
        return fail(out,
                    "The HIBC primary data is too short: it needs a 4-character labeler code, a product code and a "
                    "unit of measure.");
    const std::string_view lic = primary.substr(0, 4);
    if (!(lic[0] >= 'A' && lic[0] <= 'Z') || !alnum(lic))
        return fail(out, "The HIBC labeler code \"" + std::string(lic) +
                             "\" must be 4 letters or digits, the first a "
                             "letter.");
    const std::string_view pcn = primary.substr(4, primary.size() - 5);
    if (pcn.empty() || pcn.size() > 13 || !alnum(pcn))
        return fail(out, "The HIBC product code \"" + std::string(pcn) + "\" must be 1 to 13 letters or digits.");
    const char uom = primary.back();
    if (uom < '0' || uom > '9')
        return fail(out, std::string("The HIBC unit of measure must be a digit, not \"") + uom + "\".");
    out.lic = std::string(lic);
    out.pcn = std::string(pcn);
    out.uom = std::string(1, uom);
    if (slash != std::string_view::npos && !secondary(body.substr(slash + 1), out))
        return false;
    out.ok = true;
    out.error.clear();
    return true;
}

bool HibcParser::secondary(std::string_view data, ParsedScan& out) const
{
    // Supplementary fields after a further "/": 14D expiry YYYYMMDD, 16D manufacture date, S serial.
    std::string_view supplementary;
    if (const std::size_t slash = data.find('/'); slash != std::string_view::npos) {
        supplementary = data.substr(slash + 1);
        data = data.substr(0, slash);
    }
    auto readDate = [&](char format, std::string_view& rest) -> bool {
        auto take = [&](std::size_t n) {
            const auto part = rest.substr(0, n);
            rest.remove_prefix(std::min(n, rest.size()));
            return part;
        };
        std::string date;
        switch (format) {
        case '2': { // MMDDYY
            const auto d = take(6);
            if (!allDigits(d) || d.size() != 6)
                return fail(out, "The HIBC expiry date (MMDDYY) is incomplete.");
            date = iso(fullYear(num(d.substr(4, 2)), _referenceYear), num(d.substr(0, 2)), num(d.substr(2, 2)));
            break;
        }
        case '3':
        case '4': { // YYMMDD, YYMMDDHH
            const auto d = take(format == '3' ? 6 : 8);
            if (!allDigits(d) || d.size() != (format == '3' ? 6u : 8u))
                return fail(out, "The HIBC expiry date (YYMMDD) is incomplete.");
            if (format == '4' && num(d.substr(6, 2)) > 23)
                return fail(out, "The HIBC expiry hour " + std::string(d.substr(6, 2)) + " does not exist (00 to 23).");
            date = iso(fullYear(num(d.substr(0, 2)), _referenceYear), num(d.substr(2, 2)), num(d.substr(4, 2)));
            break;
        }
        case '5':
        case '6': { // YYJJJ, YYJJJHH (Julian day)
            const auto d = take(format == '5' ? 5 : 7);
            if (!allDigits(d) || d.size() != (format == '5' ? 5u : 7u))
                return fail(out, "The HIBC expiry date (YYJJJ) is incomplete.");
            if (format == '6' && num(d.substr(5, 2)) > 23)
                return fail(out, "The HIBC expiry hour " + std::string(d.substr(5, 2)) + " does not exist (00 to 23).");
            const int year = fullYear(num(d.substr(0, 2)), _referenceYear);
            int day = num(d.substr(2, 3));
            const int yearDays = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 366 : 365;
            if (day < 1 || day > yearDays)
                return fail(out, "The HIBC expiry day of the year " + std::to_string(day) + " does not exist.");
            int month = 1;
            while (day > daysInMonth(year, month))
                day -= daysInMonth(year, month++);
            date = iso(year, month, day);
            break;
        }
        case '7': return true; // no expiry date
        default: {             // MMYY, the format code is the first digit of the month
            const auto d = take(4);
            if (!allDigits(d) || d.size() != 4)
                return fail(out, "The HIBC expiry date (MMYY) is incomplete.");
            const int year = fullYear(num(d.substr(2, 2)), _referenceYear);
            const int month = num(d.substr(0, 2));
            date = month >= 1 && month <= 12 ? iso(year, month, daysInMonth(year, month)) : "";
        }
        }
        if (date.empty())
            return fail(out, "The HIBC expiry date is not a real date.");
        out.expiry = date;
        return true;
    };

    if (data.rfind("$$", 0) == 0) {
        std::string_view rest = data.substr(2);
        const bool serial = !rest.empty() && rest[0] == '+';
        if (serial)
            rest.remove_prefix(1);
        if (rest.empty())
            return fail(out, "The HIBC secondary data ends after \"$$\".");
        if (rest[0] == '8' || rest[0] == '9') { // quantity: 2 or 5 digits, then a date format
            const std::size_t n = rest[0] == '8' ? 2 : 5;
            const auto q = rest.substr(1, n);
            if (!allDigits(q) || q.size() != n)
                return fail(out, "The HIBC quantity is incomplete.");
            out.quantity = std::string(q);
            rest.remove_prefix(1 + n);
            if (rest.empty())
                return fail(out, "The HIBC secondary data ends after the quantity.");
        }
        const char format = rest[0];
        if (format >= '2' && format <= '7')
            rest.remove_prefix(1);
        if (!readDate(format >= '2' && format <= '7' ? format : '0', rest))
            return false;
        if (rest.size() > 18)
            return fail(out, "The HIBC lot or serial is longer than 18 characters.");
        (serial ? out.serial : out.lot) = std::string(rest);
    } else if (data.rfind("$+", 0) == 0) {
        out.serial = std::string(data.substr(2));
    } else if (data.rfind("$", 0) == 0) {
        out.lot = std::string(data.substr(1));
    } else if (!data.empty() && allDigits(data.substr(0, std::min<std::size_t>(5, data.size()))) && data.size() >= 5) {
        // older form: YYJJJ followed by the lot
        std::string_view rest = data;
        if (!readDate('5', rest))
            return false;
        out.lot = std::string(rest);
    } else {
        return fail(out, "The HIBC secondary data \"" + std::string(data) + "\" has no format this kiosk knows.");
    }
    if (out.lot.size() > 18 || out.serial.size() > 18)
        return fail(out, "The HIBC lot or serial is longer than 18 characters.");

    while (!supplementary.empty()) {
        const std::size_t next = std::min(supplementary.find('/'), supplementary.size());
        const std::string_view field = supplementary.substr(0, next);
        if (field.rfind("14D", 0) == 0 && field.size() == 11 && allDigits(field.substr(3))) {
            const std::string date = iso(num(field.substr(3, 4)), num(field.substr(7, 2)), num(field.substr(9, 2)));
            if (date.empty())
                return fail(out, "The HIBC expiry date (14D) is not a real date.");
            // Two expiry dates that differ: which one is on the package is not for the kiosk to guess.
            if (!out.expiry.empty() && out.expiry != date)
                return fail(out, "The HIBC code gives two different expiry dates (" + out.expiry + " and " + date +
                                     "); it is misprinted. Check the package and do not use it if in doubt.");
            out.expiry = date;
        } else if (field.rfind("16D", 0) == 0 && field.size() == 11 && allDigits(field.substr(3))) {
            // manufacture date: checked, not used by the rules
            if (iso(num(field.substr(3, 4)), num(field.substr(7, 2)), num(field.substr(9, 2))).empty())
                return fail(out, "The HIBC manufacture date (16D) is not a real date.");
        } else if (field.rfind("S", 0) == 0) {
            const std::string serial(field.substr(1));
            if (!out.serial.empty() && out.serial != serial)
                return fail(out, "The HIBC code gives two different serial numbers (" + out.serial + " and " + serial +
                                     "); it is misprinted.");
            if (serial.empty() || serial.size() > 18)
                return fail(out, "The HIBC serial (S) must be 1 to 18 characters.");
            out.serial = serial;
        } else {
            return fail(out,
                        "The HIBC supplementary field \"" + std::string(field) + "\" is not one this kiosk knows.");
        }
        supplementary = next < supplementary.size() ? supplementary.substr(next + 1) : std::string_view();
    }
    out.ok = true;
    return true;
}

} // namespace portside::core
