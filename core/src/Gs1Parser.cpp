#include "portside/core/Gs1Parser.h"

#include "DateText.h"
#include "Gs1AiTable.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

// Written from the GS1 General Specifications (release 24: 3 the AIs, 7.8 element strings and FNC1, 7.9 check
// digits and the alphanumeric check pair, 7.11 character sets), the GS1 Digital Link URI Syntax standard (1.4: 4
// the URI grammar, primary keys and key qualifiers, data attributes in the query) and the GS1 Barcode Syntax
// Dictionary text in tools/gs1 (its header describes the format and attributes); the table itself is generated.

namespace portside::core {

namespace {

using detail::allDigits;
using detail::daysInMonth;
using detail::formatDate;
using detail::fullYear;
using gs1::AiEntry;
using gs1::Component;
using gs1::Lint;

constexpr char kGS = '\x1d';

// ---- character sets (General Specifications figures 7.11-1, 7.11-2, 7.11-3) ----

constexpr char kCset82[] = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
constexpr char kCset39[] = "#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
constexpr char kCset32[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"; // the check pair of alphanumeric keys (7.9.5)

struct CharTables {
    std::array<std::uint8_t, 256> cset{};   ///< bit 1 digit, 2 cset 82, 4 cset 39, 8 cset 64 (no '=')
    std::array<std::int8_t, 256> value82{}; ///< position in cset 82, -1 outside
    std::array<std::int8_t, 256> hex{};     ///< hex digit value, -1 otherwise
    std::array<std::uint8_t, 256> uri{};    ///< 1 for '/', 2 for '?' and '#' (the path ends), 3 for '%'
    std::bitset<1000> country, currency;    ///< ISO 3166-1 numeric, ISO 4217 numeric
    std::bitset<26 * 26> alpha2;            ///< ISO 3166-1 alpha-2
    CharTables()
    {
        value82.fill(-1);
        hex.fill(-1);
        for (int c = '0'; c <= '9'; ++c)
            cset[static_cast<std::size_t>(c)] |= 1;
        for (int i = 0; kCset82[i]; ++i) {
            cset[static_cast<unsigned char>(kCset82[i])] |= 2;
            value82[static_cast<unsigned char>(kCset82[i])] = static_cast<std::int8_t>(i);
        }
        for (int i = 0; kCset39[i]; ++i)
            cset[static_cast<unsigned char>(kCset39[i])] |= 4;
        for (int c = 0; c < 256; ++c)
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')
                cset[static_cast<std::size_t>(c)] |= 8;
        uri['/'] = 1;
        uri['?'] = uri['#'] = 2;
        uri['%'] = 3;
        for (int c = 0; c < 16; ++c) {
            hex[static_cast<std::size_t>("0123456789ABCDEF"[c])] = static_cast<std::int8_t>(c);
            hex[static_cast<std::size_t>("0123456789abcdef"[c])] = static_cast<std::int8_t>(c);
        }
        for (std::size_t i = 0; i < gs1::kIso3166NumericSize; ++i)
            country.set(gs1::kIso3166Numeric[i]);
        for (std::size_t i = 0; i < gs1::kIso4217NumericSize; ++i)
            currency.set(gs1::kIso4217Numeric[i]);
        for (const char* p = gs1::kIso3166Alpha2; p[0] && p[1]; p += 2)
            alpha2.set(static_cast<std::size_t>((p[0] - 'A') * 26 + (p[1] - 'A')));
    }
};

const CharTables kChars;

// ---- the dictionary's attributes, compiled once ----

/// An AI or a pattern such as "31nn": the AI's number divided by 10^wild equals `prefix`, and it has `length`
/// digits.
struct Pattern {
    std::uint8_t length = 0, wild = 0;
    std::uint16_t prefix = 0;
    char text[5] = {};
};

struct Group { // AIs joined by '+': all of them
    std::vector<Pattern> all;
};

struct Requirement { // one req= attribute: any one of its groups
    std::vector<Group> any;
};

struct Rules {
    std::vector<Requirement> req;
    std::vector<Pattern> ex;
    std::vector<std::vector<std::uint16_t>> qualifierPaths; ///< dlpkey alternatives, AI numbers (with length)
};

/// An AI as a number that keeps its length: 01 and 1 differ. Length in the top digits: 10000 * length + value.
constexpr std::uint32_t aiCode(std::uint32_t length, std::uint32_t value)
{
    return length * 10000 + value;
}

Pattern pattern(std::string_view text)
{
    Pattern p;
    p.length = static_cast<std::uint8_t>(text.size());
    std::memcpy(p.text, text.data(), std::min<std::size_t>(text.size(), 4));
    for (char c : text) {
        if (c == 'n')
            ++p.wild;
        else
            p.prefix = static_cast<std::uint16_t>(p.prefix * 10 + (c - '0'));
    }
    return p;
}

struct Index {
    std::array<std::int16_t, 100> two;
    std::array<std::int16_t, 1000> three;
    std::array<std::int16_t, 10000> four;
    std::vector<Rules> rules;
    std::vector<std::uint16_t> number; ///< each entry's AI as a number
    Index()
    {
        two.fill(-1);
        three.fill(-1);
        four.fill(-1);
        rules.resize(gs1::kAiTableSize);
        for (std::size_t i = 0; i < gs1::kAiTableSize; ++i) {
            const AiEntry& e = gs1::kAiTable[i];
            const int v = std::atoi(e.ai);
            number.push_back(static_cast<std::uint16_t>(v));
            (e.aiLength == 2   ? two[static_cast<std::size_t>(v)]
             : e.aiLength == 3 ? three[static_cast<std::size_t>(v)]
                               : four[static_cast<std::size_t>(v)]) = static_cast<std::int16_t>(i);
        }
        for (std::size_t i = 0; i < gs1::kAiTableSize; ++i) { // qualifiers name AIs later in the table
            const AiEntry& e = gs1::kAiTable[i];
            Rules& r = rules[i];
            for (std::string_view list : split(e.req, ' ')) {
                Requirement q;
                for (std::string_view alternative : split(list, ','))
                    q.any.push_back(group(alternative));
                r.req.push_back(std::move(q));
            }
            for (std::string_view list : split(e.ex, ' '))
                for (std::string_view one : split(list, ','))
                    r.ex.push_back(pattern(one));
            if (e.dlpkey)
                for (std::string_view path : split(e.dlpkey, '|')) {
                    std::vector<std::uint16_t> ais;
                    for (std::string_view q : split(path, ','))
                        ais.push_back(static_cast<std::uint16_t>(index(q)));
                    if (!ais.empty())
                        r.qualifierPaths.push_back(std::move(ais));
                }
        }
    }
    static std::vector<std::string_view> split(std::string_view s, char by)
    {
        std::vector<std::string_view> out;
        for (std::size_t i = 0; i < s.size();) {
            const std::size_t j = std::min(s.find(by, i), s.size());
            if (j > i)
                out.push_back(s.substr(i, j - i));
            i = j + 1;
        }
        return out;
    }
    static Group group(std::string_view text)
    {
        Group g;
        for (std::string_view one : split(text, '+'))
            g.all.push_back(pattern(one));
        return g;
    }
    int index(std::string_view ai) const
    {
        int v = 0;
        for (char c : ai)
            v = v * 10 + (c - '0');
        return ai.size() == 2   ? two[static_cast<std::size_t>(v)]
               : ai.size() == 3 ? three[static_cast<std::size_t>(v)]
                                : four[static_cast<std::size_t>(v)];
    }
};

const Index kIndex;

inline bool digit(char c)
{
    return c >= '0' && c <= '9';
}

/// The entry of the AI at the start of `data` (GS1 AIs are prefix-free: at most one of 2, 3 or 4 digits matches).
const AiEntry* lookup(std::string_view data)
{
    if (data.size() < 2 || !digit(data[0]) || !digit(data[1]))
        return nullptr;
    const int v2 = (data[0] - '0') * 10 + (data[1] - '0');
    if (kIndex.two[static_cast<std::size_t>(v2)] >= 0)
        return &gs1::kAiTable[kIndex.two[static_cast<std::size_t>(v2)]];
    if (data.size() < 3 || !digit(data[2]))
        return nullptr;
    const int v3 = v2 * 10 + (data[2] - '0');
    if (kIndex.three[static_cast<std::size_t>(v3)] >= 0)
        return &gs1::kAiTable[kIndex.three[static_cast<std::size_t>(v3)]];
    if (data.size() < 4 || !digit(data[3]))
        return nullptr;
    const int v4 = v3 * 10 + (data[3] - '0');
    if (kIndex.four[static_cast<std::size_t>(v4)] >= 0)
        return &gs1::kAiTable[kIndex.four[static_cast<std::size_t>(v4)]];
    return nullptr;
}

/// The entry for exactly this AI ("17", "3103"), or nullptr.
const AiEntry* exactly(std::string_view ai)
{
    const AiEntry* e = lookup(ai);
    return e && e->aiLength == ai.size() ? e : nullptr;
}

const Rules& rulesOf(const AiEntry* e)
{
    return kIndex.rules[static_cast<std::size_t>(e - gs1::kAiTable)];
}

std::uint16_t numberOf(const AiEntry* e)
{
    return kIndex.number[static_cast<std::size_t>(e - gs1::kAiTable)];
}

bool matches(const Pattern& p, const AiEntry* e)
{
    if (p.length != e->aiLength)
        return false;
    std::uint32_t v = numberOf(e);
    for (int i = 0; i < p.wild; ++i)
        v /= 10;
    return v == p.prefix;
}

// ---- messages ----

/// How a nurse or a supervisor reads an AI in a sentence; the dictionary's title where the kiosk has no better one.
const char* friendlyTitle(const AiEntry& e)
{
    static const struct {
        const char* ai;
        const char* title;
    } kTitles[] = {
        {"00", "SSCC"},
        {"01", "GTIN"},
        {"02", "contained GTIN"},
        {"03", "made-to-order GTIN"},
        {"10", "batch/lot"},
        {"11", "production date"},
        {"12", "due date"},
        {"13", "packaging date"},
        {"15", "best before date"},
        {"16", "sell by date"},
        {"17", "expiry date"},
        {"20", "variant"},
        {"21", "serial number"},
        {"22", "consumer product variant"},
        {"235", "third-party serial"},
        {"240", "additional product id"},
        {"241", "customer part number"},
        {"250", "secondary serial"},
        {"253", "GDTI"},
        {"254", "GLN extension"},
        {"255", "GCN"},
        {"30", "count of items"},
        {"37", "count of trade items"},
        {"401", "GINC"},
        {"402", "GSIN"},
        {"410", "ship to GLN"},
        {"411", "bill to GLN"},
        {"412", "purchased from GLN"},
        {"413", "ship for GLN"},
        {"414", "location GLN"},
        {"415", "invoicing party GLN"},
        {"416", "production GLN"},
        {"417", "party GLN"},
        {"7003", "expiry date and time"},
        {"7241", "AIDC media type"},
        {"7242", "version control number"},
        {"8003", "GRAI"},
        {"8004", "GIAI"},
        {"8006", "ITIP"},
        {"8010", "CPID"},
        {"8011", "CPID serial"},
        {"8013", "GMN"},
        {"8017", "GSRN of a provider (staff badge)"},
        {"8018", "GSRN of a recipient (patient wristband)"},
        {"8019", "service relation instance"},
        {"8026", "ITIP of pieces"},
        {"8030", "digital signature"},
        {"8110", "coupon code"},
        {"8112", "paperless coupon code"},
    };
    for (const auto& t : kTitles)
        if (std::strcmp(t.ai, e.ai) == 0)
            return t.title;
    return e.title;
}

std::string label(const AiEntry& e)
{
    return "(" + std::string(e.ai) + ") " + friendlyTitle(e);
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

bool fail(ParsedScan& out, std::string message)
{
    out.ok = false;
    out.error = std::move(message);
    return false;
}

int two(std::string_view s, std::size_t at)
{
    return (s[at] - '0') * 10 + (s[at + 1] - '0');
}

/// "251231" -> "2025-12-31"; DD 00 -> last day of the month. Empty on an impossible date.
std::string isoDate(std::string_view yymmdd, int referenceYear)
{
    const int yy = two(yymmdd, 0), mm = two(yymmdd, 2);
    int dd = two(yymmdd, 4);
    const int year = fullYear(yy, referenceYear);
    if (mm < 1 || mm > 12)
        return {};
    if (dd == 0)
        dd = daysInMonth(year, mm);
    if (dd > daysInMonth(year, mm))
        return {};
    return formatDate(year, mm, dd);
}

bool realDate(int year, int mm, int dd, bool dayZero)
{
    if (mm < 1 || mm > 12)
        return false;
    if (dd == 0)
        return dayZero;
    return dd <= daysInMonth(year, mm);
}

// ---- elements: AI and value, views into the scan or into a scratch buffer ----

/// Trivially constructible, so an array of them on the stack costs nothing until used.
struct Element {
    const AiEntry* spec;
    const char* data;
    std::size_t size;
    std::string_view value() const { return {data, size}; }
};

/// The elements of one scan; a handful live on the stack, a long scan spills to the heap.
class Elements {
public:
    void push(const AiEntry* spec, std::string_view value)
    {
        if (_n < 24) {
            _local[_n++] = {spec, value.data(), value.size()};
            return;
        }
        if (_heap.empty())
            _heap.assign(_local, _local + _n);
        _heap.push_back({spec, value.data(), value.size()});
        ++_n;
    }
    std::size_t size() const { return _n; }
    const Element& operator[](std::size_t i) const { return _heap.empty() ? _local[i] : _heap[i]; }

private:
    Element _local[24];
    std::vector<Element> _heap;
    std::size_t _n = 0;
};

/// Room for decoded values (Digital Link percent-decoding, a GTIN-13 made GTIN-14, "\(" in bracketed text): on the
/// stack for a scan of ordinary size, so a scan costs no allocation here. Views into it stay valid while it lives.
class Scratch {
public:
    explicit Scratch(std::size_t need)
    {
        if (need > sizeof _local) {
            _heap = std::make_unique<char[]>(need);
            _base = _heap.get();
        }
        _capacity = std::max(need, sizeof _local);
    }
    char* begin() { return _base + _used; }
    std::string_view commit(std::size_t n)
    {
        const std::string_view v(_base + _used, n);
        _used += n;
        return v;
    }
    std::size_t room() const { return _capacity - _used; }

private:
    char _local[768];
    std::unique_ptr<char[]> _heap;
    char* _base = _local;
    std::size_t _used = 0, _capacity = 0;
};

// ---- the linters ----

/// The GS1 mod-10 check of digits already known to be digits (the component's character set is checked first).
bool csum(std::string_view d)
{
    if (d.size() < 2)
        return false;
    int sum = 0;
    const std::size_t body = d.size() - 1;
    for (std::size_t i = 0; i < body; ++i)
        sum += (d[body - 1 - i] - '0') * ((i & 1) == 0 ? 3 : 1);
    return (10 - sum % 10) % 10 == d[body] - '0';
}

/// General Specifications 7.9.5: the characters before the pair, each by its cset 82 value, weighted by the
/// primes 2, 3, 5, 7, ... from the right; the sum modulo 1021 gives the pair as two characters of cset 32.
bool csumAlpha(std::string_view s)
{
    static constexpr int kPrimes[] = {2,  3,  5,  7,  11, 13, 17, 19, 23, 29, 31, 37,
                                      41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83};
    constexpr std::size_t kCount = sizeof kPrimes / sizeof kPrimes[0];
    if (s.size() < 3 || s.size() - 2 > kCount)
        return false;
    const std::size_t body = s.size() - 2;
    int sum = 0;
    for (std::size_t i = 0; i < body; ++i) {
        const int v = kChars.value82[static_cast<unsigned char>(s[i])];
        if (v < 0)
            return false;
        sum += v * kPrimes[body - 1 - i];
    }
    sum %= 1021;
    return s[body] == kCset32[sum >> 5] && s[body + 1] == kCset32[sum & 31];
}

bool iban(std::string_view s)
{
    // ISO 13616: two letters (a country), two check digits, then up to 30 letters or digits; mod 97 of the
    // rearranged number is 1.
    if (s.size() < 5 || s.size() > 34)
        return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        const bool upper = c >= 'A' && c <= 'Z';
        if (i < 2 ? !upper : i < 4 ? !digit(c) : !(upper || digit(c)))
            return false;
    }
    if (!kChars.alpha2.test(static_cast<std::size_t>((s[0] - 'A') * 26 + (s[1] - 'A'))))
        return false;
    int mod = 0;
    for (std::size_t k = 0; k < s.size(); ++k) {
        const char c = s[(k + 4) % s.size()];
        if (digit(c))
            mod = (mod * 10 + (c - '0')) % 97;
        else
            mod = (mod * 100 + (c - 'A' + 10)) % 97;
    }
    return mod == 1;
}

/// North American coupon code (AI 8110), its mandatory fields: GS1 Company Prefix VLI 0-6 and the prefix, offer code
/// (6), save value VLI 1-5 and value, primary purchase requirement VLI 1-5 and value, its code (0-4, 9) and the
/// family code (3); optional data fields follow, each led by its field digit.
bool couponCode(std::string_view s)
{
    if (!allDigits(s))
        return false;
    std::size_t p = 0;
    const auto take = [&](std::size_t n) { return p + n <= s.size() ? (p += n, true) : false; };
    const auto vli = [&](int lo, int hi, int base) -> int {
        if (p >= s.size())
            return -1;
        const int v = s[p++] - '0';
        return v < lo || v > hi ? -1 : v + base;
    };
    int n = vli(0, 6, 6);
    if (n < 0 || !take(static_cast<std::size_t>(n)) || !take(6))
        return false;
    if ((n = vli(1, 5, 0)) < 0 || !take(static_cast<std::size_t>(n)))
        return false;
    if ((n = vli(1, 5, 0)) < 0 || !take(static_cast<std::size_t>(n)))
        return false;
    if (p >= s.size() || !(s[p] <= '4' || s[p] == '9'))
        return false;
    ++p;
    return take(3);
}

/// Paperless coupon positive offer file (AI 8112): format code 0, coupon funder VLI 0-6 and its prefix, offer code
/// (6), serial number VLI 0-9 and serial (6 + VLI digits); further data may follow.
bool couponPosOffer(std::string_view s)
{
    if (!allDigits(s) || s[0] != '0')
        return false;
    std::size_t p = 1;
    if (p >= s.size() || s[p] > '6')
        return false;
    p += 1 + 6 + static_cast<std::size_t>(s[p] - '0') + 6;
    if (p >= s.size())
        return false;
    p += 1 + 6 + static_cast<std::size_t>(s[p] - '0');
    return p <= s.size();
}

std::string lintFailure(const AiEntry& e, Lint lint, std::string_view v, int referenceYear)
{
    // The sentence is only made when the rule fails: this runs for every element of every scan.
    const auto who = [&] { return label(e); };
    const auto quoted = [&] { return "\"" + printable(v) + "\""; };
    switch (lint) {
    case Lint::None: return {};
    case Lint::Csum:
        return csum(v)
                   ? std::string()
                   : who() + " " + std::string(v) + " has a wrong check digit; the barcode is damaged or misprinted.";
    case Lint::CsumAlpha:
        return csumAlpha(v) ? std::string()
                            : who() + " " + quoted() +
                                  " has a wrong check character pair; the barcode is damaged or misprinted.";
    case Lint::Key:
    case Lint::KeyOff1: {
        const std::size_t off = lint == Lint::KeyOff1 ? 1 : 0;
        bool ok = v.size() >= off + 4;
        for (std::size_t i = off; ok && i < off + 4; ++i)
            ok = digit(v[i]);
        return ok ? std::string()
                  : who() + " " + quoted() + " does not start with a GS1 Company Prefix (at least four digits).";
    }
    case Lint::Yymmd0:
    case Lint::Yymmdd:
        if (realDate(fullYear(two(v, 0), referenceYear), two(v, 2), two(v, 4), lint == Lint::Yymmd0))
            return {};
        return who() + " " + quoted() + " is not a real date (YYMMDD).";
    case Lint::Yyyymmdd:
        if (realDate(two(v, 0) * 100 + two(v, 2), two(v, 4), two(v, 6), false))
            return {};
        return who() + " " + quoted() + " is not a real date (YYYYMMDD).";
    case Lint::Hh:
        return two(v, 0) <= 23 ? std::string() : who() + " " + quoted() + " is not an hour of the day (00-23).";
    case Lint::Hhmi:
        return two(v, 0) <= 23 && two(v, 2) <= 59 ? std::string()
                                                  : who() + " " + quoted() + " is not a time of day (HHMM).";
    case Lint::Mi: return two(v, 0) <= 59 ? std::string() : who() + " " + quoted() + " is not a minute (00-59).";
    case Lint::Ss: return two(v, 0) <= 59 ? std::string() : who() + " " + quoted() + " is not a second (00-59).";
    case Lint::Iso3166:
    case Lint::Iso3166999: {
        const int c = (v[0] - '0') * 100 + two(v, 1);
        if (kChars.country.test(static_cast<std::size_t>(c)) || (lint == Lint::Iso3166999 && c == 999))
            return {};
        return who() + " " + quoted() + " is not an ISO 3166 country code.";
    }
    case Lint::Iso3166Alpha2:
        if (v[0] >= 'A' && v[0] <= 'Z' && v[1] >= 'A' && v[1] <= 'Z' &&
            kChars.alpha2.test(static_cast<std::size_t>((v[0] - 'A') * 26 + (v[1] - 'A'))))
            return {};
        return who() + " " + quoted() + " is not an ISO 3166 two-letter country code.";
    case Lint::Iso4217:
        if (kChars.currency.test(static_cast<std::size_t>((v[0] - '0') * 100 + two(v, 1))))
            return {};
        return who() + " " + quoted() + " is not an ISO 4217 currency code.";
    case Lint::Iban: return iban(v) ? std::string() : who() + " " + quoted() + " is not a valid IBAN.";
    case Lint::Pcenc:
        for (std::size_t i = 0; i < v.size(); ++i)
            if (v[i] == '%' && (i + 2 >= v.size() || kChars.hex[static_cast<unsigned char>(v[i + 1])] < 0 ||
                                kChars.hex[static_cast<unsigned char>(v[i + 2])] < 0))
                return who() + " " + quoted() + " has a '%' that does not start a percent-encoded character.";
        return {};
    case Lint::YesNo:
        return v == "0" || v == "1" ? std::string() : who() + " " + quoted() + " must be 0 (no) or 1 (yes).";
    case Lint::Hyphen: return v == "-" ? std::string() : who() + " " + quoted() + " may only be '-'.";
    case Lint::NonZero:
        return v.find_first_not_of('0') != std::string_view::npos ? std::string()
                                                                  : who() + " " + quoted() + " must not be zero.";
    case Lint::Zero: return v == "0" ? std::string() : who() + " " + quoted() + " must start with 0.";
    case Lint::Winding:
        return v == "0" || v == "1" || v == "9"
                   ? std::string()
                   : who() + " " + quoted() + " has a winding direction other than 0, 1 or 9.";
    case Lint::PieceOfTotal: {
        const int piece = two(v, 0), total = two(v, 2);
        return piece >= 1 && total >= 1 && piece <= total ? std::string()
                                                          : who() + " " + quoted() + " is not piece NN of MM pieces.";
    }
    case Lint::MediaType: {
        const int t = two(v, 0);
        return (t >= 1 && t <= 10) || t >= 80 ? std::string()
                                              : who() + " " + quoted() + " is not an AIDC media type (01-10, 80-99).";
    }
    case Lint::NoZeroPrefix:
        return v.size() > 1 && v[0] == '0' ? who() + " " + quoted() + " must not start with 0." : std::string();
    case Lint::Latitude:
        return std::string(v) <= "1800000000" ? std::string()
                                              : who() + " " + quoted() + " is not a latitude (0-1800000000).";
    case Lint::Longitude:
        return std::string(v) <= "3600000000" ? std::string()
                                              : who() + " " + quoted() + " is not a longitude (0-3600000000).";
    case Lint::ImporterIdx: {
        const char c = v[0];
        return (kChars.cset[static_cast<unsigned char>(c)] & 8) ? std::string()
                                                                : who() + " " + quoted() + " is not an importer index.";
    }
    case Lint::CouponCode:
        return couponCode(v) ? std::string() : who() + " " + quoted() + " is not a coupon code GS1 defines.";
    case Lint::CouponPosOffer:
        return couponPosOffer(v) ? std::string()
                                 : who() + " " + quoted() + " is not a paperless coupon code GS1 defines.";
    case Lint::PosInSeqSlash: {
        const bool ok = v.size() == 3 && digit(v[0]) && v[1] == '/' && digit(v[2]) && v[0] >= '1' && v[0] <= v[2];
        return ok ? std::string() : who() + " " + quoted() + " is not a position in a sequence (N/M).";
    }
    case Lint::Iso5218:
        return v == "0" || v == "1" || v == "2" || v == "9"
                   ? std::string()
                   : who() + " " + quoted() + " is not an ISO 5218 sex code (0, 1, 2 or 9).";
    case Lint::PackageType: {
        bool ok = !v.empty() && v.size() <= 4;
        for (char c : v)
            ok = ok && ((c >= 'A' && c <= 'Z') || digit(c));
        return ok ? std::string() : who() + " " + quoted() + " is not a package type code.";
    }
    case Lint::HasNonDigit:
        return allDigits(v) ? who() + " " + quoted() + " must hold a character that is not a digit." : std::string();
    }
    return {};
}

/// The rules of the healthcare AIs ((01), (17), (8017), (8018)) checked inline; false means "ask lintFailure", which
/// checks every rule and makes the sentence.
inline bool passesCommonLint(Lint lint, std::string_view v, int referenceYear)
{
    switch (lint) {
    case Lint::Csum: return csum(v);
    case Lint::Key: return v.size() >= 4 && digit(v[0]) && digit(v[1]) && digit(v[2]) && digit(v[3]);
    case Lint::KeyOff1: return v.size() >= 5 && digit(v[1]) && digit(v[2]) && digit(v[3]) && digit(v[4]);
    case Lint::Yymmd0:
    case Lint::Yymmdd: return realDate(fullYear(two(v, 0), referenceYear), two(v, 2), two(v, 4), lint == Lint::Yymmd0);
    default: return false;
    }
}

/// Applies the dictionary's specification to one value: each component takes its length from the front, optional
/// ones may be left out at the end, each is checked for its character set and linters. Empty when it holds.
std::string lint(const AiEntry& e, std::string_view value, int referenceYear)
{
    if (value.size() < e.minLength) {
        if (e.flags & gs1::kFixedLength)
            return label(e) + " is too short: it needs " + std::to_string(e.minLength) +
                   " characters, the barcode has \"" + printable(value) + "\".";
        return label(e) + " is too short: it needs at least " + std::to_string(e.minLength) + " characters, not \"" +
               printable(value) + "\".";
    }
    if (value.size() > e.maxLength)
        return label(e) + " is longer than " + std::to_string(e.maxLength) + " characters (\"" + printable(value) +
               "\").";
    std::size_t pos = 0;
    for (std::uint8_t k = 0; k < e.componentCount; ++k) {
        const Component& c = e.components[k];
        if (pos == value.size() && c.optional)
            break;
        const std::size_t left = value.size() - pos;
        std::size_t n = c.min == c.max ? c.max : std::min<std::size_t>(left, c.max);
        if (left < n || (c.min != c.max && left > c.max))
            return label(e) + " \"" + printable(value) + "\" does not have the form GS1 defines for it.";
        const std::string_view part = value.substr(pos, n);
        const std::uint8_t need = c.cset == 'N' ? 1 : c.cset == 'X' ? 2 : c.cset == 'Y' ? 4 : 8;
        if (c.cset == 'Z') {
            // Character set 64 (figure 7.11-3) with '=' padding only to complete the last group of four.
            const std::size_t data = part.find_last_not_of('=') + 1;
            bool ok = part.size() - data <= 2 && (data == part.size() || part.size() % 4 == 0) && data > 0;
            for (std::size_t i = 0; ok && i < data; ++i)
                ok = (kChars.cset[static_cast<unsigned char>(part[i])] & 8) != 0;
            if (!ok)
                return label(e) + " holds characters outside GS1's character set 64.";
        } else {
            std::size_t bad = 0;
            while (bad < n && (kChars.cset[static_cast<unsigned char>(part[bad])] & need))
                ++bad;
            if (bad < n) {
                if (c.cset == 'N')
                    return label(e) + " must be digits only, not \"" + printable(value) + "\".";
                return label(e) + " contains a character GS1 does not allow (\"" + printable(part.substr(bad, 1)) +
                       "\").";
            }
        }
        for (Lint l : c.lints) {
            if (l == Lint::None)
                break;
            if (passesCommonLint(l, part, referenceYear))
                continue;
            std::string why = lintFailure(e, l, part, referenceYear);
            if (!why.empty())
                return why;
        }
        pos += n;
    }
    if (pos != value.size())
        return label(e) + " \"" + printable(value) + "\" is longer than GS1 defines it.";
    return {};
}

std::string patternText(const Pattern& p)
{
    if (const AiEntry* e = p.wild == 0 ? exactly(std::string_view(p.text, p.length)) : nullptr)
        return label(*e);
    return "(" + std::string(p.text, p.length) + ")";
}

/// Pairs and requisites over all elements of the scan; duplicates with different values. Invalid pairs first: a
/// scan with both is named for the pair.
bool checkAssociations(const Elements& els, ParsedScan& out)
{
    const std::size_t n = els.size();
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (els[i].spec == els[j].spec && els[i].value() != els[j].value())
                return fail(out, label(*els[i].spec) + " appears twice with different values (\"" +
                                     printable(els[j].value()) + "\" and \"" + printable(els[i].value()) + "\").");
    const auto present = [&](const Pattern& p) {
        for (std::size_t k = 0; k < n; ++k)
            if (matches(p, els[k].spec))
                return true;
        return false;
    };
    for (std::size_t i = 0; i < n; ++i) {
        const Rules& r = rulesOf(els[i].spec);
        for (const Pattern& p : r.ex)
            for (std::size_t k = 0; k < n; ++k)
                if (els[k].spec != els[i].spec && matches(p, els[k].spec))
                    return fail(out, label(*els[i].spec) + " and " + label(*els[k].spec) +
                                         " cannot be in the same barcode (GS1 lists them as an invalid pair).");
    }
    for (std::size_t i = 0; i < n; ++i) {
        const Rules& r = rulesOf(els[i].spec);
        for (const Requirement& q : r.req) {
            bool met = false;
            for (const Group& g : q.any) {
                bool all = true;
                for (const Pattern& p : g.all)
                    all = all && present(p);
                if (all) {
                    met = true;
                    break;
                }
            }
            if (met)
                continue;
            std::vector<std::string> alternatives;
            for (const Group& g : q.any) {
                std::string text;
                for (const Pattern& p : g.all)
                    text += (text.empty() ? "" : " with ") + patternText(p);
                alternatives.push_back(text);
            }
            if (alternatives.size() == 1)
                return fail(out, label(*els[i].spec) + " needs " + alternatives[0] + ", which this barcode lacks.");
            std::string list;
            for (std::size_t a = 0; a < alternatives.size(); ++a)
                list += (a == 0 ? "" : a + 1 == alternatives.size() ? " or " : ", ") + alternatives[a];
            return fail(out, "(" + std::string(els[i].spec->ai) + ") is only valid with " + list +
                                 ", which this barcode lacks.");
        }
    }
    return true;
}

/// Every element linted, then pairs and requisites; on success the elements become the scan's AIs.
bool accept(const Elements& els, ParsedScan& out, int referenceYear)
{
    if (els.size() == 0)
        return fail(out, "The barcode holds no GS1 data.");
    for (std::size_t i = 0; i < els.size(); ++i) {
        std::string why = lint(*els[i].spec, els[i].value(), referenceYear);
        if (!why.empty())
            return fail(out, std::move(why));
    }
    if (!checkAssociations(els, out))
        return false;
    out.ais.reserve(els.size());
    for (std::size_t i = 0; i < els.size(); ++i)
        out.ais.emplace_back(std::string(els[i].spec->ai, els[i].spec->aiLength), std::string(els[i].value()));
    return true;
}

/// Splits an element string: fixed-length AIs by their length, the others at GS or the end.
bool splitElementString(std::string_view data, Elements& els, ParsedScan& out)
{
    std::size_t pos = 0;
    if (!data.empty() && data[0] == kGS)
        ++pos; // FNC1 in first position, sent as GS by some scanners
    if (pos >= data.size())
        return fail(out, "The barcode holds no data after its symbology identifier.");
    while (pos < data.size()) {
        const std::string_view rest = data.substr(pos);
        const AiEntry* spec = lookup(rest);
        if (!spec)
            return fail(out, "Unknown GS1 application identifier at \"" + printable(rest.substr(0, 6)) +
                                 "\"; the barcode is not a GS1 code this kiosk can read.");
        const std::size_t start = pos + spec->aiLength;
        if (spec->flags & gs1::kFixedLength) {
            const std::size_t n = spec->maxLength;
            const std::string_view value = data.substr(std::min(start, data.size()), n);
            if (value.size() < n || value.find(kGS) != std::string_view::npos)
                return fail(out, label(*spec) + " is too short: it needs " + std::to_string(n) +
                                     " characters, the barcode has \"" + printable(value.substr(0, value.find(kGS))) +
                                     "\".");
            els.push(spec, value);
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
            const std::string_view value = data.substr(std::min(start, data.size()), end - std::min(start, end));
            if (value.empty())
                return fail(out, label(*spec) + " is empty.");
            if (value.size() > spec->maxLength)
                return fail(out, label(*spec) + " is longer than " + std::to_string(spec->maxLength) +
                                     " characters (\"" + printable(value) +
                                     "\"); a separator may have been lost between two fields. Scan again.");
            els.push(spec, value);
            pos = end == data.size() ? end : end + 1;
        }
    }
    return true;
}

/// Splits "(01)...(10)..." into elements; "\(" is a '(' inside a value.
bool splitBracketed(std::string_view data, Elements& els, Scratch& scratch, ParsedScan& out)
{
    std::size_t pos = 0;
    if (data.empty())
        return fail(out, "The bracketed GS1 text is empty.");
    while (pos < data.size()) {
        if (data[pos] != '(')
            return fail(out, "Expected \"(\" at position " + std::to_string(pos + 1) + " of the bracketed GS1 text.");
        const std::size_t close = data.find(')', pos);
        if (close == std::string_view::npos)
            return fail(out, "A \"(\" in the bracketed GS1 text is not closed.");
        const std::string_view ai = data.substr(pos + 1, close - pos - 1);
        std::size_t next = close + 1;
        bool escaped = false;
        while (next < data.size() && data[next] != '(') {
            if (data[next] == '\\' && next + 1 < data.size() && data[next + 1] == '(') {
                escaped = true;
                ++next;
            }
            ++next;
        }
        std::string_view value = data.substr(close + 1, next - close - 1);
        const AiEntry* spec = exactly(ai);
        if (!spec)
            return fail(out, "Unknown GS1 application identifier (" + printable(ai) + ").");
        if (escaped) {
            char* w = scratch.begin();
            std::size_t n = 0;
            for (std::size_t i = 0; i < value.size(); ++i) {
                if (value[i] == '\\' && i + 1 < value.size() && value[i + 1] == '(')
                    ++i;
                w[n++] = value[i];
            }
            value = scratch.commit(n);
        }
        // A fixed-length value is exactly its length: one digit too many must not become part of the next field.
        if ((spec->flags & gs1::kFixedLength) && value.size() != spec->maxLength)
            return fail(out, label(*spec) + " has " + std::to_string(value.size()) + " characters (\"" +
                                 printable(value) + "\"); it must have exactly " + std::to_string(spec->maxLength) +
                                 ".");
        if (value.find(kGS) != std::string_view::npos)
            return fail(out, label(*spec) + " holds a separator character inside its value.");
        if (value.empty())
            return fail(out, label(*spec) + " is empty.");
        els.push(spec, value);
        pos = next;
    }
    return true;
}

/// A GTIN-8, -12 or -13 as GTIN-14 in the scratch buffer; a GTIN-14 as it is.
std::string_view gtin14(std::string_view d, Scratch& scratch)
{
    if (d.size() == 14)
        return d;
    char* w = scratch.begin();
    const std::size_t pad = 14 - d.size();
    std::memset(w, '0', pad);
    std::memcpy(w + pad, d.data(), d.size());
    return scratch.commit(14);
}

bool isGtinLength(std::size_t n)
{
    return n == 8 || n == 12 || n == 13 || n == 14;
}

/// Percent-decoding into the scratch buffer; '+' is a space only in a query (HTML form encoding), a '+' in a path
/// is a '+' (RFC 3986). False on a '%' that does not start two hex digits.
bool urlDecode(std::string_view s, bool plusIsSpace, Scratch& scratch, std::string_view& decoded)
{
    if (s.find('%') == std::string_view::npos && (!plusIsSpace || s.find('+') == std::string_view::npos)) {
        decoded = s;
        return true;
    }
    char* w = scratch.begin();
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%') {
            if (i + 2 >= s.size() || kChars.hex[static_cast<unsigned char>(s[i + 1])] < 0 ||
                kChars.hex[static_cast<unsigned char>(s[i + 2])] < 0)
                return false;
            w[n++] = static_cast<char>(kChars.hex[static_cast<unsigned char>(s[i + 1])] * 16 +
                                       kChars.hex[static_cast<unsigned char>(s[i + 2])]);
            i += 2;
        } else {
            w[n++] = s[i] == '+' && plusIsSpace ? ' ' : s[i];
        }
    }
    decoded = scratch.commit(n);
    return true;
}

/// "http://" or "https://", in either case (RFC 3986, 3.1: the scheme is case-insensitive).
std::size_t schemeLength(std::string_view uri)
{
    const auto is = [&](std::string_view word) {
        if (uri.size() < word.size())
            return false;
        for (std::size_t i = 0; i < word.size(); ++i) {
            const char c = uri[i], w = word[i];
            if (w >= 'a' && w <= 'z' ? (c | 0x20) != w : c != w)
                return false;
        }
        return true;
    };
    return is("https://") ? 8 : is("http://") ? 7 : 0;
}

/// "/22/, /10/, /21/ in that order or /235/": the paths a key's qualifiers may take.
std::string qualifierText(const Rules& r)
{
    std::string text;
    for (std::size_t a = 0; a < r.qualifierPaths.size(); ++a) {
        if (a)
            text += " or ";
        for (std::size_t k = 0; k < r.qualifierPaths[a].size(); ++k)
            text += (k ? ", /" : "/") + std::string(gs1::kAiTable[r.qualifierPaths[a][k]].ai) + "/";
        if (r.qualifierPaths[a].size() > 1)
            text += " in that order";
    }
    return text;
}

} // namespace

bool Gs1Parser::checkDigitOk(std::string_view d)
{
    if (!allDigits(d) || d.size() < 2)
        return false;
    int sum = 0;
    const std::size_t body = d.size() - 1;
    for (std::size_t i = 0; i < body; ++i) {
        const int digitValue = d[body - 1 - i] - '0';
        sum += (i % 2 == 0) ? digitValue * 3 : digitValue;
    }
    return (10 - sum % 10) % 10 == d[body] - '0';
}

bool Gs1Parser::startsWithKnownAi(std::string_view data)
{
    return lookup(data) != nullptr;
}

std::string Gs1Parser::dictionaryRelease()
{
    return gs1::kDictionaryRelease;
}

std::vector<Gs1AiDefinition> Gs1Parser::dictionary()
{
    static const char* const kLintNames[] = {"",
                                             "csum",
                                             "csumalpha",
                                             "key",
                                             "keyoff1",
                                             "yymmd0",
                                             "yymmdd",
                                             "yyyymmdd",
                                             "hh",
                                             "hhmi",
                                             "mi",
                                             "ss",
                                             "iso3166",
                                             "iso3166999",
                                             "iso3166alpha2",
                                             "iso4217",
                                             "iban",
                                             "pcenc",
                                             "yesno",
                                             "hyphen",
                                             "nonzero",
                                             "zero",
                                             "winding",
                                             "pieceoftotal",
                                             "mediatype",
                                             "nozeroprefix",
                                             "latitude",
                                             "longitude",
                                             "importeridx",
                                             "couponcode",
                                             "couponposoffer",
                                             "posinseqslash",
                                             "iso5218",
                                             "packagetype",
                                             "hasnondigit"};
    std::vector<Gs1AiDefinition> out;
    for (std::size_t i = 0; i < gs1::kAiTableSize; ++i) {
        const AiEntry& e = gs1::kAiTable[i];
        Gs1AiDefinition d;
        d.ai = e.ai;
        d.title = e.title;
        d.predefinedLength = e.flags & gs1::kPredefinedLength;
        d.fixedLength = e.flags & gs1::kFixedLength;
        d.digitalLinkAttribute = e.flags & gs1::kDigitalLinkAttribute;
        d.primaryKey = e.flags & gs1::kPrimaryKey;
        d.minLength = e.minLength;
        d.maxLength = e.maxLength;
        for (std::uint8_t k = 0; k < e.componentCount; ++k) {
            const Component& c = e.components[k];
            Gs1AiDefinition::Part p;
            p.cset = c.cset;
            p.min = c.min;
            p.max = c.max;
            p.optional = c.optional;
            for (Lint l : c.lints)
                if (l != Lint::None)
                    p.linters.emplace_back(kLintNames[static_cast<int>(l)]);
            d.parts.push_back(std::move(p));
        }
        d.req = e.req;
        d.ex = e.ex;
        d.dlpkey = e.dlpkey ? e.dlpkey : "";
        out.push_back(std::move(d));
    }
    return out;
}

bool Gs1Parser::parseElementString(std::string_view data, ParsedScan& out) const
{
    out.scheme = "gs1";
    Elements els;
    if (!splitElementString(data, els, out) || !accept(els, out, _referenceYear))
        return false;
    return finish(out);
}

bool Gs1Parser::parseBracketed(std::string_view data, ParsedScan& out) const
{
    out.scheme = "gs1";
    Elements els;
    Scratch scratch(data.size());
    if (!splitBracketed(data, els, scratch, out) || !accept(els, out, _referenceYear))
        return false;
    return finish(out);
}

bool Gs1Parser::parseGtin(std::string_view d, ParsedScan& out) const
{
    out.scheme = "gs1";
    if (!allDigits(d) || !isGtinLength(d.size()))
        return fail(out, "A GTIN has 8, 12, 13 or 14 digits; \"" + printable(d) + "\" is not one.");
    if (!checkDigitOk(d))
        return fail(out, "GTIN " + std::string(d) + " has a wrong check digit; the barcode is damaged or misprinted.");
    Scratch scratch(16);
    Elements els;
    els.push(exactly("01"), gtin14(d, scratch));
    if (!accept(els, out, _referenceYear))
        return false;
    return finish(out);
}

bool Gs1Parser::parseComposite(std::string_view linear, std::string_view component, ParsedScan& out) const
{
    out.scheme = "gs1";
    Elements els;
    Scratch scratch(linear.size() + component.size() + 16);
    if (allDigits(linear) && isGtinLength(linear.size())) {
        if (!checkDigitOk(linear))
            return fail(out, "GTIN " + std::string(linear) +
                                 " in the linear part has a wrong check digit; the barcode is damaged or misprinted.");
        els.push(exactly("01"), gtin14(linear, scratch));
    } else if (!linear.empty() && linear[0] == '(') {
        if (!splitBracketed(linear, els, scratch, out))
            return false;
    } else if (!splitElementString(linear, els, out)) {
        return false;
    }
    if (component.empty())
        return fail(out, "The composite barcode's 2D part is empty.");
    if (component[0] == '(' ? !splitBracketed(component, els, scratch, out) : !splitElementString(component, els, out))
        return false;
    if (!accept(els, out, _referenceYear))
        return false;
    return finish(out);
}

bool Gs1Parser::parseDigitalLink(std::string_view uri, ParsedScan& out) const
{
    out.scheme = "gs1";
    const std::size_t scheme = schemeLength(uri);
    if (scheme == 0)
        return fail(out, "A GS1 Digital Link must be an http or https address.");
    // One pass over the address: the host, then path segments up to '?' or '#', each decoded only when it holds a
    // '%'.
    std::size_t pathStart = scheme;
    while (pathStart < uri.size() && uri[pathStart] != '/' && uri[pathStart] != '?' && uri[pathStart] != '#')
        ++pathStart;
    if (pathStart >= uri.size() || uri[pathStart] != '/' || pathStart == scheme)
        return fail(out, "The GS1 Digital Link has no path with a GTIN.");
    Scratch scratch(uri.size() + 16);
    std::string_view segments[32];
    std::size_t count = 0;
    std::size_t pathEnd = pathStart + 1, segmentStart = pathStart + 1;
    bool percent = false;
    for (;; ++pathEnd) {
        const std::uint8_t kind = pathEnd == uri.size() ? 2 : kChars.uri[static_cast<unsigned char>(uri[pathEnd])];
        if (kind == 0)
            continue;
        const bool end = kind == 2;
        if (kind != 3) {
            if (!(end && pathEnd == segmentStart)) { // a trailing '/' is not a segment
                if (count == 32)
                    return fail(out, "The GS1 Digital Link path has too many segments.");
                const std::string_view raw = uri.substr(segmentStart, pathEnd - segmentStart);
                if (!percent)
                    segments[count++] = raw;
                else if (!urlDecode(raw, false, scratch, segments[count++]))
                    return fail(out,
                                "The GS1 Digital Link path has a '%' that does not start a percent-encoded character.");
            }
            if (end)
                break;
            segmentStart = pathEnd + 1;
            percent = false;
        } else {
            percent = true;
        }
    }
    const std::size_t queryStart = pathEnd < uri.size() && uri[pathEnd] == '?' ? pathEnd : uri.size();
    const std::size_t fragment = queryStart < uri.size() ? std::min(uri.find('#', queryStart), uri.size()) : pathEnd;
    // The primary key is the first segment naming a Digital Link primary key and followed by a value that can be
    // that key's; everything before it is the site's own path ("/00/shop/" is the site's).
    const auto keyValue = [](const AiEntry* e, std::string_view value) {
        if (std::strcmp(e->ai, "01") == 0) // Digital Link 1.2 grammar: gtin-value = 14 / 13 / 12 / 8 digits
            return allDigits(value) && isGtinLength(value.size());
        return value.size() >= e->minLength && value.size() <= e->maxLength;
    };
    std::size_t first = count;
    const AiEntry* key = nullptr;
    for (std::size_t i = 0; i + 1 < count; ++i) {
        const AiEntry* e = exactly(segments[i]);
        if (e && (e->flags & gs1::kPrimaryKey) && keyValue(e, segments[i + 1])) {
            first = i;
            key = e;
            break;
        }
    }
    if (!key)
        return fail(out, "The GS1 Digital Link names no GTIN, SSCC, GSRN or other GS1 key in its path.");
    if ((count - first) % 2 != 0)
        return fail(out, "The GS1 Digital Link path has an application identifier without a value.");

    Elements els;
    els.push(key, std::strcmp(key->ai, "01") == 0 ? gtin14(segments[first + 1], scratch) : segments[first + 1]);
    // Key qualifiers: only those the dictionary gives the key, each once, in one of its orders.
    const Rules& keyRules = rulesOf(key);
    const std::vector<std::uint16_t>* path0 = nullptr;
    std::size_t at = 0;
    for (std::size_t i = first + 2; i < count; i += 2) {
        const AiEntry* q = exactly(segments[i]);
        if (!q)
            return fail(out, "The GS1 Digital Link has an unknown application identifier (" + printable(segments[i]) +
                                 ") in its path.");
        const auto qi = static_cast<std::uint16_t>(q - gs1::kAiTable);
        bool placed = false;
        // Stay on the alternative chosen so far; the first qualifier chooses it.
        for (std::size_t a = 0; a < keyRules.qualifierPaths.size() && !placed; ++a) {
            const auto& seq = keyRules.qualifierPaths[a];
            if (path0 && path0 != &seq)
                continue;
            for (std::size_t k = path0 ? at : 0; k < seq.size(); ++k)
                if (seq[k] == qi) {
                    path0 = &seq;
                    at = k + 1;
                    placed = true;
                    break;
                }
        }
        if (!placed) {
            if (keyRules.qualifierPaths.empty())
                return fail(out, "The GS1 Digital Link path puts " + label(*q) + " after " + label(*key) +
                                     ", which takes no qualifiers; data such as this belongs in the query (?" +
                                     std::string(q->ai) + "=...).");
            return fail(out, "The GS1 Digital Link path puts " + label(*q) + " where " + label(*key) + " allows only " +
                                 qualifierText(keyRules) + ".");
        }
        els.push(q, segments[i + 1]);
    }
    if (queryStart < fragment) {
        const std::string_view query = uri.substr(queryStart + 1, fragment - queryStart - 1);
        for (std::size_t i = 0; i < query.size();) {
            const std::size_t amp = std::min(query.find('&', i), query.size());
            const std::string_view pair = query.substr(i, amp - i);
            i = amp + 1;
            const std::size_t eq = pair.find('=');
            if (eq == std::string_view::npos || !allDigits(pair.substr(0, eq)))
                continue; // not an AI: other query parameters are the site's (linkType, context, ...)
            const AiEntry* a = exactly(pair.substr(0, eq));
            if (!a)
                return fail(out, "The GS1 Digital Link has an unknown application identifier (" +
                                     printable(pair.substr(0, eq)) + ") in its query.");
            if (a->flags & gs1::kPrimaryKey)
                return fail(out, "The GS1 Digital Link has the key " + label(*a) +
                                     " in its query; a key belongs in the path.");
            for (const auto& seq : keyRules.qualifierPaths)
                for (std::uint16_t qi : seq)
                    if (&gs1::kAiTable[qi] == a)
                        return fail(out, "The GS1 Digital Link has " + label(*a) + " in its query; it qualifies " +
                                             label(*key) + " and belongs in the path (" + qualifierText(keyRules) +
                                             ").");
            if (!(a->flags & gs1::kDigitalLinkAttribute))
                return fail(out, "The GS1 Digital Link has " + label(*a) +
                                     " in its query; GS1 does not allow it as a Digital Link attribute.");
            std::string_view value;
            if (!urlDecode(pair.substr(eq + 1), true, scratch, value))
                return fail(out, "The GS1 Digital Link gives " + label(*a) +
                                     " with a '%' that does not start a percent-encoded character.");
            els.push(a, value);
        }
    }
    for (std::size_t i = 0; i < els.size(); ++i) {
        const AiEntry& e = *els[i].spec;
        if ((e.flags & gs1::kFixedLength) && els[i].value().size() != e.maxLength)
            return fail(out, "The GS1 Digital Link gives " + label(e) + " as \"" + printable(els[i].value()) +
                                 "\"; it must have exactly " + std::to_string(e.maxLength) + " characters.");
        if (els[i].value().empty())
            return fail(out, "The GS1 Digital Link gives " + label(e) + " without a value.");
        if (els[i].value().find(kGS) != std::string_view::npos)
            return fail(out, label(e) + " holds a separator character inside its value.");
    }
    if (!accept(els, out, _referenceYear))
        return false;
    return finish(out);
}

bool Gs1Parser::finish(ParsedScan& out) const
{
    const std::string* gtin = nullptr;
    const std::string* contained = nullptr;
    const std::string* expiry = nullptr;
    for (const auto& [k, v] : out.ais) {
        // By character, not by string comparison: this runs for every element of every scan.
        if (k.size() == 2 && k[0] == '0' && k[1] == '1')
            gtin = &v;
        else if (k.size() == 2 && k[0] == '0' && k[1] == '2')
            contained = &v;
        else if (k.size() == 2 && k[0] == '1' && k[1] == '0' && out.lot.empty())
            out.lot = v;
        else if (k.size() == 2 && k[0] == '1' && k[1] == '7')
            expiry = &v;
        else if (k.size() == 2 && k[0] == '2' && k[1] == '1' && out.serial.empty())
            out.serial = v;
        else if (k.size() == 4 && k.compare(0, 3, "801") == 0 && (k[3] == '7' || k[3] == '8'))
            (k[3] == '8' ? out.patient : out.staff) = v;
    }
    if (gtin)
        out.gtin = *gtin;
    else if (contained)
        out.gtin = *contained;
    if (expiry)
        out.expiry = isoDate(*expiry, _referenceYear);

    // A keyboard wedge that drops a GS turns "(10)ABC123 <GS> (17)251231" into lot "ABC12317251231": valid syntax,
    // wrong meaning. Say so when the lot ends in what reads as an expiry date.
    if (!expiry && out.lot.size() >= 8) {
        const std::string_view tail = std::string_view(out.lot).substr(out.lot.size() - 8);
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
