#include "portside/core/Gs1Parser.h"

#include "DateText.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <vector>

namespace portside::core {

namespace {

using detail::allDigits;
using detail::daysInMonth;
using detail::formatDate;
using detail::fullYear;

constexpr char kGS = '\x1d';

enum class Format : char {
    Numeric = 'N',  ///< digits
    Text = 'X',     ///< GS1 character set 82
    Date = 'D',     ///< YYMMDD, DD may be 00
    Checked = 'C',  ///< digits whose last is a GS1 mod-10 check digit
    DateTime = 'T', ///< YYMMDDHHMM: a real date (DD 00 not allowed) and time of day, as (7003) has it
    Base64 = '6'    ///< GS1 AI encodable character set 64 (file-safe base64: A-Z a-z 0-9 - _, = padding at the end)
};

struct AiSpec {
    const char* ai; ///< the AI; for "nnn" + decimal indicator entries, the three-digit stem
    int aiLength;   ///< digits of the AI itself (2, 3 or 4)
    int fixed;      ///< data length when fixed, 0 when variable
    int maximum;    ///< maximum data length
    Format format;
    const char* title; ///< how a person calls it, for messages
};

// The GS1 General Specifications AI table, as far as healthcare supplies, wristbands and badges use it. Four-digit
// measure AIs (310n..369n, 390n..395n) are listed by their three-digit stem with aiLength 4.
constexpr AiSpec kAis[] = {
    {"00", 2, 18, 18, Format::Checked, "SSCC"},
    {"01", 2, 14, 14, Format::Checked, "GTIN"},
    {"02", 2, 14, 14, Format::Checked, "contained GTIN"},
    {"10", 2, 0, 20, Format::Text, "batch/lot"},
    {"11", 2, 6, 6, Format::Date, "production date"},
    {"12", 2, 6, 6, Format::Date, "due date"},
    {"13", 2, 6, 6, Format::Date, "packaging date"},
    {"15", 2, 6, 6, Format::Date, "best before date"},
    {"16", 2, 6, 6, Format::Date, "sell by date"},
    {"17", 2, 6, 6, Format::Date, "expiry date"},
    {"20", 2, 2, 2, Format::Numeric, "variant"},
    {"21", 2, 0, 20, Format::Text, "serial number"},
    {"22", 2, 0, 20, Format::Text, "consumer product variant"},
    {"235", 3, 0, 28, Format::Text, "third-party serial"},
    {"240", 3, 0, 30, Format::Text, "additional product id"},
    {"241", 3, 0, 30, Format::Text, "customer part number"},
    {"242", 3, 0, 6, Format::Numeric, "made-to-order variation"},
    {"243", 3, 0, 20, Format::Text, "packaging component"},
    {"250", 3, 0, 30, Format::Text, "secondary serial"},
    {"251", 3, 0, 30, Format::Text, "reference to source entity"},
    {"253", 3, 0, 30, Format::Text, "GDTI"},
    {"254", 3, 0, 20, Format::Text, "GLN extension"},
    {"255", 3, 0, 25, Format::Numeric, "GCN"},
    {"30", 2, 0, 8, Format::Numeric, "count of items"},
    {"31", 4, 6, 6, Format::Numeric, "measure"},
    {"32", 4, 6, 6, Format::Numeric, "measure"},
    {"33", 4, 6, 6, Format::Numeric, "measure"},
    {"34", 4, 6, 6, Format::Numeric, "measure"},
    {"35", 4, 6, 6, Format::Numeric, "measure"},
    {"36", 4, 6, 6, Format::Numeric, "measure"},
    {"37", 2, 0, 8, Format::Numeric, "count of trade items"},
    {"390", 4, 0, 15, Format::Numeric, "amount payable"},
    {"391", 4, 0, 18, Format::Numeric, "amount payable with currency"},
    {"392", 4, 0, 15, Format::Numeric, "price"},
    {"393", 4, 0, 18, Format::Numeric, "price with currency"},
    {"394", 4, 4, 4, Format::Numeric, "discount"},
    {"395", 4, 6, 6, Format::Numeric, "amount per unit"},
    {"400", 3, 0, 30, Format::Text, "order number"},
    {"401", 3, 0, 30, Format::Text, "GINC"},
    {"402", 3, 17, 17, Format::Checked, "GSIN"},
    {"403", 3, 0, 30, Format::Text, "routing code"},
    {"410", 3, 13, 13, Format::Checked, "ship to GLN"},
    {"411", 3, 13, 13, Format::Checked, "bill to GLN"},
    {"412", 3, 13, 13, Format::Checked, "purchased from GLN"},
    {"413", 3, 13, 13, Format::Checked, "ship for GLN"},
    {"414", 3, 13, 13, Format::Checked, "location GLN"},
    {"415", 3, 13, 13, Format::Checked, "invoicing party GLN"},
    {"416", 3, 13, 13, Format::Checked, "production GLN"},
    {"417", 3, 13, 13, Format::Checked, "party GLN"},
    {"420", 3, 0, 20, Format::Text, "ship to postal code"},
    {"421", 3, 0, 12, Format::Text, "ship to postal code with country"},
    {"422", 3, 3, 3, Format::Numeric, "country of origin"},
    {"423", 3, 0, 15, Format::Numeric, "country of initial processing"},
    {"424", 3, 3, 3, Format::Numeric, "country of processing"},
    {"425", 3, 0, 15, Format::Numeric, "country of disassembly"},
    {"426", 3, 3, 3, Format::Numeric, "country of full process chain"},
    {"7001", 4, 13, 13, Format::Numeric, "NATO stock number"},
    {"7002", 4, 0, 30, Format::Text, "meat classification"},
    {"7003", 4, 10, 10, Format::DateTime, "expiry date and time"},
    {"7004", 4, 0, 4, Format::Numeric, "active potency"},
    {"7005", 4, 0, 12, Format::Text, "catch area"},
    {"7006", 4, 6, 6, Format::Date, "first freeze date"},
    {"7007", 4, 0, 12, Format::Numeric, "harvest date"},
    {"7008", 4, 0, 3, Format::Text, "species"},
    {"7009", 4, 0, 10, Format::Text, "fishing gear"},
    {"7010", 4, 0, 2, Format::Text, "production method"},
    {"7020", 4, 0, 20, Format::Text, "refurbishment lot"},
    {"7021", 4, 0, 20, Format::Text, "functional status"},
    {"7022", 4, 0, 20, Format::Text, "revision status"},
    {"7023", 4, 0, 30, Format::Text, "GIAI of assembly"},
    {"710", 3, 0, 20, Format::Text, "NHRN (Germany)"},
    {"711", 3, 0, 20, Format::Text, "NHRN (France)"},
    {"712", 3, 0, 20, Format::Text, "NHRN (Spain)"},
    {"713", 3, 0, 20, Format::Text, "NHRN (Brazil)"},
    {"714", 3, 0, 20, Format::Text, "NHRN (Portugal)"},
    {"715", 3, 0, 20, Format::Text, "NHRN (USA)"},
    {"7240", 4, 0, 20, Format::Text, "protocol id"},
    {"7241", 4, 2, 2, Format::Numeric, "AIDC media type"},
    {"7242", 4, 0, 25, Format::Text, "version control number"},
    {"8001", 4, 14, 14, Format::Numeric, "roll product dimensions"},
    {"8002", 4, 0, 20, Format::Text, "mobile phone id"},
    {"8003", 4, 0, 30, Format::Text, "GRAI"},
    {"8004", 4, 0, 30, Format::Text, "GIAI"},
    {"8005", 4, 6, 6, Format::Numeric, "price per unit"},
    {"8006", 4, 18, 18, Format::Numeric, "ITIP"},
    {"8007", 4, 0, 34, Format::Text, "IBAN"},
    {"8008", 4, 0, 12, Format::Numeric, "production date and time"},
    {"8009", 4, 0, 50, Format::Text, "sensor indicator"},
    {"8010", 4, 0, 30, Format::Text, "CPID"},
    {"8011", 4, 0, 12, Format::Numeric, "CPID serial"},
    {"8012", 4, 0, 20, Format::Text, "software version"},
    {"8013", 4, 0, 25, Format::Text, "GMN"},
    {"8017", 4, 18, 18, Format::Checked, "GSRN of a provider (staff badge)"},
    {"8018", 4, 18, 18, Format::Checked, "GSRN of a recipient (patient wristband)"},
    {"8019", 4, 0, 10, Format::Numeric, "service relation instance"},
    {"8020", 4, 0, 25, Format::Text, "payment slip reference"},
    {"8026", 4, 18, 18, Format::Numeric, "ITIP of pieces"},
    {"8030", 4, 0, 90, Format::Base64, "digital signature"},
    {"8110", 4, 0, 70, Format::Text, "coupon code"},
    {"8111", 4, 4, 4, Format::Numeric, "loyalty points"},
    {"8112", 4, 0, 70, Format::Text, "paperless coupon code"},
    {"8200", 4, 0, 70, Format::Text, "product URL"},
    {"90", 2, 0, 30, Format::Text, "internal"},
    {"91", 2, 0, 90, Format::Text, "company internal"},
    {"92", 2, 0, 90, Format::Text, "company internal"},
    {"93", 2, 0, 90, Format::Text, "company internal"},
    {"94", 2, 0, 90, Format::Text, "company internal"},
    {"95", 2, 0, 90, Format::Text, "company internal"},
    {"96", 2, 0, 90, Format::Text, "company internal"},
    {"97", 2, 0, 90, Format::Text, "company internal"},
    {"98", 2, 0, 90, Format::Text, "company internal"},
    {"99", 2, 0, 90, Format::Text, "company internal"},
};

/// Element strings whose length GS1 predefines by their first two digits (General Specifications, figure 7.8.5-2):
/// only after these may the next AI follow without a separator. Every other AI, fixed length or not, ends at a GS
/// (FNC1) or the end of the data.
bool predefinedLength(std::string_view ai)
{
    const int two = (ai[0] - '0') * 10 + (ai[1] - '0');
    return two <= 4 || (two >= 11 && two <= 20) || (two >= 31 && two <= 36) || two == 41;
}

/// GS1 AI encodable character set 64 (General Specifications, figure 7.11-3): padding '=' only at the end.
bool cset64(std::string_view value)
{
    const std::size_t data = value.find_last_not_of('=') + 1;
    // Padding only completes the last group of four (RFC 4648, 4; GS1's cset 64 linter): at most two, and only then.
    if (value.size() - data > 2 || (data < value.size() && value.size() % 4 != 0))
        return false;
    for (std::size_t i = 0; i < data; ++i) {
        const char c = value[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    }
    return true;
}

/// GS1 AI encodable character set 82.
bool cset82(char c)
{
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
        return true;
    return std::strchr("!\"%&'()*+,-./:;<=>?_", c) != nullptr && c != '\0';
}

/// Table entries by the AI's first two digits, built once: a scan's lookup looks at a handful of entries, not the
/// whole table.
const std::vector<const AiSpec*>& bucket(int firstTwoDigits)
{
    static const auto buckets = [] {
        std::array<std::vector<const AiSpec*>, 100> b;
        for (const auto& spec : kAis)
            b[static_cast<std::size_t>((spec.ai[0] - '0') * 10 + (spec.ai[1] - '0'))].push_back(&spec);
        return b;
    }();
    return buckets[static_cast<std::size_t>(firstTwoDigits)];
}

/// Looks up the AI at the start of `data`.
const AiSpec* lookup(std::string_view data)
{
    if (data.size() < 2 || data[0] < '0' || data[0] > '9' || data[1] < '0' || data[1] > '9')
        return nullptr;
    for (const AiSpec* spec : bucket((data[0] - '0') * 10 + (data[1] - '0'))) {
        const std::size_t stem = std::strlen(spec->ai);
        const auto length = static_cast<std::size_t>(spec->aiLength);
        if (data.size() < length || data.compare(0, stem, spec->ai) != 0)
            continue;
        if (!allDigits(data.substr(0, length)))
            continue;
        return spec;
    }
    return nullptr;
}

std::string label(const AiSpec& spec, std::string_view ai)
{
    return "(" + std::string(ai) + ") " + spec.title;
}

std::string printable(std::string_view text)
{
    // Quoted in messages and the record, so always readable text: a byte outside printable ASCII as \xNN.
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : text) {
        const auto b = static_cast<unsigned char>(c);
        if (c == kGS)
            out += "<GS>";
        else if (b < 0x20 || b >= 0x7F)
            out += std::string("\\x") + hex[b >> 4] + hex[b & 0xF];
        else
            out += c;
    }
    return out;
}

/// "251231" -> "2025-12-31"; DD 00 -> last day of the month. Empty on an impossible date.
std::string isoDate(std::string_view yymmdd, int referenceYear)
{
    const int yy = (yymmdd[0] - '0') * 10 + (yymmdd[1] - '0');
    const int mm = (yymmdd[2] - '0') * 10 + (yymmdd[3] - '0');
    int dd = (yymmdd[4] - '0') * 10 + (yymmdd[5] - '0');
    const int year = fullYear(yy, referenceYear);
    if (mm < 1 || mm > 12)
        return {};
    if (dd == 0)
        dd = daysInMonth(year, mm);
    if (dd > daysInMonth(year, mm))
        return {};
    return formatDate(year, mm, dd);
}

/// Percent-decoding; '+' is a space only in a query (HTML form encoding), a '+' in a path is a '+' (RFC 3986).
std::string urlDecode(std::string_view s, bool plusIsSpace)
{
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += s[i] == '+' && plusIsSpace ? ' ' : s[i];
        }
    }
    return out;
}

bool fail(ParsedScan& out, std::string message)
{
    out.ok = false;
    out.error = std::move(message);
    return false;
}

} // namespace

bool Gs1Parser::checkDigitOk(std::string_view d)
{
    if (!allDigits(d) || d.size() < 2)
        return false;
    int sum = 0;
    const std::size_t body = d.size() - 1;
    for (std::size_t i = 0; i < body; ++i) {
        const int digit = d[body - 1 - i] - '0';
        sum += (i % 2 == 0) ? digit * 3 : digit;
    }
    return (10 - sum % 10) % 10 == d[body] - '0';
}

bool Gs1Parser::startsWithKnownAi(std::string_view data)
{
    return lookup(data) != nullptr;
}

bool Gs1Parser::parseElementString(std::string_view data, ParsedScan& out) const
{
    out.scheme = "gs1";
    std::size_t pos = 0;
    if (!data.empty() && data[0] == kGS)
        ++pos; // FNC1 in first position, sent as GS by some scanners
    if (pos >= data.size())
        return fail(out, "The barcode holds no data after its symbology identifier.");
    while (pos < data.size()) {
        const std::string_view rest = data.substr(pos);
        const AiSpec* spec = lookup(rest);
        if (!spec)
            return fail(out, "Unknown GS1 application identifier at \"" + printable(rest.substr(0, 6)) +
                                 "\"; the barcode is not a GS1 code this kiosk can read.");
        const auto aiLength = static_cast<std::size_t>(spec->aiLength);
        const std::string ai(rest.substr(0, aiLength));
        std::size_t start = pos + aiLength;
        std::string value;
        if (spec->fixed) {
            const auto n = static_cast<std::size_t>(spec->fixed);
            const std::size_t end = std::min(data.size(), start + n);
            value = std::string(data.substr(start, end - start));
            if (value.size() < n || value.find(kGS) != std::string::npos)
                return fail(out, label(*spec, ai) + " is too short: it needs " + std::to_string(n) +
                                     " characters, the "
                                     "barcode has \"" +
                                     printable(value) + "\".");
            pos = start + n;
            // One superfluous separator after a fixed-length field is tolerated. A missing one after a fixed-length
            // AI whose length GS1 does not predefine (figure 7.8.5-2) is tolerated too, though GS1 calls the data
            // non-conformant: the value's length is fixed, so what follows cannot be misread, and keyboard-wedge
            // scanners drop the separator - a wristband (8018)(8019) refused at the bedside is the worse outcome.
            if (pos < data.size() && data[pos] == kGS)
                ++pos;
        } else {
            std::size_t end = data.find(kGS, start);
            if (end == std::string_view::npos)
                end = data.size();
            value = std::string(data.substr(start, end - start));
            if (value.empty())
                return fail(out, label(*spec, ai) + " is empty.");
            if (value.size() > static_cast<std::size_t>(spec->maximum))
                return fail(out, label(*spec, ai) + " is longer than " + std::to_string(spec->maximum) +
                                     " characters (\"" + printable(value) +
                                     "\"); a separator may have been lost between "
                                     "two fields. Scan again.");
            pos = end == data.size() ? end : end + 1;
        }
        switch (spec->format) {
        case Format::Numeric:
            if (!allDigits(value))
                return fail(out, label(*spec, ai) + " must be digits only, not \"" + printable(value) + "\".");
            break;
        case Format::Checked:
            if (!allDigits(value))
                return fail(out, label(*spec, ai) + " must be digits only, not \"" + printable(value) + "\".");
            if (!checkDigitOk(value))
                return fail(out, label(*spec, ai) + " " + value +
                                     " has a wrong check digit; the barcode is damaged "
                                     "or misprinted.");
            break;
        case Format::Date:
            if (!allDigits(value) || isoDate(value, _referenceYear).empty())
                return fail(out, label(*spec, ai) + " \"" + printable(value) + "\" is not a real date (YYMMDD).");
            break;
        case Format::Text:
            for (char c : value)
                if (!cset82(c))
                    return fail(out, label(*spec, ai) + " contains a character GS1 does not allow (\"" +
                                         printable(std::string(1, c)) + "\").");
            break;
        case Format::DateTime: {
            const auto two = [&](std::size_t at) { return (value[at] - '0') * 10 + (value[at + 1] - '0'); };
            if (!allDigits(value) || value.compare(4, 2, "00") == 0 ||
                isoDate(value.substr(0, 6), _referenceYear).empty())
                return fail(out, label(*spec, ai) + " \"" + printable(value) + "\" is not a real date (YYMMDDHHMM).");
            if (two(6) > 23 || two(8) > 59)
                return fail(out, label(*spec, ai) + " \"" + printable(value) + "\" is not a time of day (HHMM).");
            break;
        }
        case Format::Base64:
            if (!cset64(value))
                return fail(out, label(*spec, ai) + " holds characters outside GS1's character set 64.");
            break;
        }
        for (const auto& [k, v] : out.ais)
            if (k == ai && v != value)
                return fail(out, label(*spec, ai) + " appears twice with different values.");
        out.ais.emplace_back(ai, value);
    }
    return finish(out);
}

bool Gs1Parser::parseBracketed(std::string_view data, ParsedScan& out) const
{
    std::string elements;
    std::size_t pos = 0;
    while (pos < data.size()) {
        if (data[pos] != '(')
            return fail(out, "Expected \"(\" at position " + std::to_string(pos + 1) + " of the bracketed GS1 text.");
        const std::size_t close = data.find(')', pos);
        if (close == std::string_view::npos)
            return fail(out, "A \"(\" in the bracketed GS1 text is not closed.");
        const std::string_view ai = data.substr(pos + 1, close - pos - 1);
        const std::size_t next = std::min(data.find('(', close), data.size());
        const std::string_view value = data.substr(close + 1, next - close - 1);
        const AiSpec* spec = lookup(ai);
        if (!spec || ai.size() != static_cast<std::size_t>(spec->aiLength))
            return fail(out, "Unknown GS1 application identifier (" + std::string(ai) + ").");
        // A fixed-length value is exactly its length: one digit too many must not become part of the next field.
        if (spec->fixed && value.size() != static_cast<std::size_t>(spec->fixed))
            return fail(out, label(*spec, ai) + " has " + std::to_string(value.size()) + " characters (\"" +
                                 printable(value) + "\"); it must have exactly " + std::to_string(spec->fixed) + ".");
        if (value.find(kGS) != std::string_view::npos)
            return fail(out, label(*spec, ai) + " holds a separator character inside its value.");
        elements += std::string(ai) + std::string(value);
        if (next < data.size() && !predefinedLength(ai))
            elements += kGS;
        pos = next;
    }
    return parseElementString(elements, out);
}

bool Gs1Parser::parseGtin(std::string_view d, ParsedScan& out) const
{
    out.scheme = "gs1";
    if (!allDigits(d) || (d.size() != 8 && d.size() != 12 && d.size() != 13 && d.size() != 14))
        return fail(out, "A GTIN has 8, 12, 13 or 14 digits; \"" + printable(d) + "\" is not one.");
    if (!checkDigitOk(d))
        return fail(out, "GTIN " + std::string(d) + " has a wrong check digit; the barcode is damaged or misprinted.");
    out.ais.emplace_back("01", std::string(14 - d.size(), '0') + std::string(d));
    return finish(out);
}

bool Gs1Parser::parseDigitalLink(std::string_view uri, ParsedScan& out) const
{
    out.scheme = "gs1";
    const std::size_t scheme = uri.find("://");
    if (scheme == std::string_view::npos)
        return fail(out, "A GS1 Digital Link must be an http or https address.");
    const std::size_t pathStart = uri.find('/', scheme + 3);
    if (pathStart == std::string_view::npos)
        return fail(out, "The GS1 Digital Link has no path with a GTIN.");
    const std::size_t queryStart = std::min(uri.find('?', pathStart), uri.size());
    const std::size_t fragment = std::min(uri.find('#', pathStart), uri.size());
    const std::string_view path = uri.substr(pathStart, std::min(queryStart, fragment) - pathStart);

    std::vector<std::string> segments;
    for (std::size_t i = 1; i <= path.size();) {
        const std::size_t slash = std::min(path.find('/', i), path.size());
        segments.emplace_back(urlDecode(path.substr(i, slash - i), false));
        i = slash + 1;
    }
    // The primary key is the first segment naming a Digital Link primary key and followed by a value; everything
    // before it is the site's own path. (GS1 Digital Link URI Syntax: the keys of the Barcode Syntax Dictionary.)
    static const char* const kPrimaryKeys[] = {"00",   "01",   "253",  "255",  "401",  "402",  "414", "417",
                                               "8003", "8004", "8006", "8010", "8013", "8017", "8018"};
    // A key whose value cannot be that key's (a site's own "/00/shop/") is part of the site's path.
    const auto keyValue = [](const std::string& key, const std::string& value) {
        const AiSpec* spec = lookup(key);
        if (!spec || value.empty())
            return false;
        if (key == "01")
            return allDigits(value) &&
                   (value.size() == 8 || value.size() == 12 || value.size() == 13 || value.size() == 14);
        if (spec->fixed)
            return value.size() == static_cast<std::size_t>(spec->fixed);
        return true;
    };
    std::size_t first = segments.size();
    for (std::size_t i = 0; i + 1 < segments.size() && first == segments.size(); ++i)
        for (const char* key : kPrimaryKeys)
            if (segments[i] == key && keyValue(key, segments[i + 1])) {
                first = i;
                break;
            }
    if (first == segments.size())
        return fail(out, "The GS1 Digital Link names no GTIN, SSCC or GSRN in its path.");
    if ((segments.size() - first) % 2 != 0)
        return fail(out, "The GS1 Digital Link path has an application identifier without a value.");
    std::string elements;
    auto add = [&](const std::string& ai, std::string value) -> bool {
        const AiSpec* spec = lookup(ai);
        if (!spec || ai.size() != static_cast<std::size_t>(spec->aiLength))
            return fail(out, "The GS1 Digital Link has an unknown application identifier (" + ai + ").");
        // GS1 Digital Link 1.2 grammar: gtin-value = 14DIGIT / 13DIGIT / 12DIGIT / 8DIGIT; stored as GTIN-14.
        if (ai == "01" && allDigits(value) && (value.size() == 8 || value.size() == 12 || value.size() == 13))
            value = std::string(14 - value.size(), '0') + value;
        if (spec->fixed && value.size() != static_cast<std::size_t>(spec->fixed))
            return fail(out, "The GS1 Digital Link gives " + label(*spec, ai) + " as \"" + printable(value) +
                                 "\"; it must have exactly " + std::to_string(spec->fixed) + " characters.");
        if (value.find(kGS) != std::string::npos)
            return fail(out, label(*spec, ai) + " holds a separator character inside its value.");
        elements += ai + value;
        elements += kGS;
        return true;
    };
    for (std::size_t i = first; i < segments.size(); i += 2)
        if (!add(segments[i], segments[i + 1]))
            return false;
    if (queryStart < uri.size()) {
        const std::string_view query =
            uri.substr(queryStart + 1, fragment > queryStart ? fragment - queryStart - 1 : std::string_view::npos);
        for (std::size_t i = 0; i < query.size();) {
            const std::size_t amp = std::min(query.find('&', i), query.size());
            const std::string_view pair = query.substr(i, amp - i);
            const std::size_t eq = pair.find('=');
            if (eq != std::string_view::npos && allDigits(pair.substr(0, eq)))
                if (!add(std::string(pair.substr(0, eq)), urlDecode(pair.substr(eq + 1), true)))
                    return false;
            i = amp + 1;
        }
    }
    if (!elements.empty())
        elements.pop_back();
    return parseElementString(elements, out);
}

bool Gs1Parser::finish(ParsedScan& out) const
{
    auto has = [&](const char* ai) { return !out.ai(ai).empty(); };
    if (has("01") && has("02"))
        return fail(out, "(01) GTIN and (02) contained GTIN cannot be in the same barcode.");
    if (has("02") && !has("37"))
        return fail(out, "(02) contained GTIN needs (37) count of trade items.");
    for (const char* needsItem : {"10", "17", "21", "11", "15", "16"})
        if (has(needsItem) && !has("01") && !has("02") && !has("8006") && !has("8026"))
            return fail(out, std::string("(") + needsItem +
                                 ") is only valid with (01) GTIN or (02) contained GTIN, "
                                 "which this barcode lacks.");
    if (has("21") && has("02"))
        return fail(out, "(21) serial number is not allowed with (02) contained GTIN.");

    out.gtin = out.ai("01").empty() ? out.ai("02") : out.ai("01");
    out.lot = out.ai("10");
    out.serial = out.ai("21");
    if (has("17"))
        out.expiry = isoDate(out.ai("17"), _referenceYear);
    out.patient = out.ai("8018");
    out.staff = out.ai("8017");

    // A keyboard wedge that drops a GS turns "(10)ABC123 <GS> (17)251231" into lot "ABC12317251231": valid syntax,
    // wrong meaning. Say so when the lot ends in what reads as an expiry date.
    if (!has("17") && out.lot.size() >= 8) {
        const std::string tail = out.lot.substr(out.lot.size() - 8);
        if (tail.compare(0, 2, "17") == 0 && allDigits(tail.substr(2)) &&
            !isoDate(tail.substr(2), _referenceYear).empty())
            out.warnings.push_back("The lot \"" + out.lot +
                                   "\" ends in what looks like an expiry date and the barcode "
                                   "has no expiry: the scanner may have dropped a separator. Scan again.");
    }
    out.ok = true;
    out.error.clear();
    return true;
}

} // namespace portside::core
