#pragma once
// The GS1 Barcode Syntax Dictionary as data (internal to portside-core). Gs1AiTable.cpp is generated from the
// dictionary text by tools/gs1/generate-ai-table.py; this header says what its rows mean.

#include <cstddef>
#include <cstdint>

namespace portside::core::gs1 {

/// The dictionary's "linters": content rules for one component of an AI's value, by the names the dictionary uses.
enum class Lint : std::uint8_t {
    None,
    Csum,           ///< GS1 mod-10 check digit (General Specifications 7.9.1)
    CsumAlpha,      ///< GS1 check character pair for alphanumeric keys (7.9.5)
    Key,            ///< a GS1 key: starts with a GS1 Company Prefix (at least 4 digits)
    KeyOff1,        ///< the same, after one leading indicator digit
    Yymmd0,         ///< YYMMDD, DD 00 meaning the month's last day
    Yymmdd,         ///< YYMMDD, a real date
    Yyyymmdd,       ///< YYYYMMDD, a real date
    Hh,             ///< hour 00-23
    Hhmi,           ///< hour 00-23 and minute 00-59
    Mi,             ///< minute 00-59
    Ss,             ///< second 00-59
    Iso3166,        ///< ISO 3166-1 numeric country code
    Iso3166999,     ///< the same, or 999
    Iso3166Alpha2,  ///< ISO 3166-1 alpha-2 country code
    Iso4217,        ///< ISO 4217 numeric currency code
    Iban,           ///< ISO 13616 IBAN: country, mod-97 check
    Pcenc,          ///< percent-encoding: every '%' starts two hex digits
    YesNo,          ///< 0 or 1
    Hyphen,         ///< the character '-'
    NonZero,        ///< not all zeros
    Zero,           ///< the digit 0
    Winding,        ///< winding direction 0, 1 or 9
    PieceOfTotal,   ///< NNMM: piece NN of MM, 1 <= NN <= MM
    MediaType,      ///< AIDC media type: 01-10 or 80-99
    NoZeroPrefix,   ///< no leading zero unless the value is "0"
    Latitude,       ///< 10 digits, 0 to 1800000000
    Longitude,      ///< 10 digits, 0 to 3600000000
    ImporterIdx,    ///< one character of - 0-9 A-Z _ a-z
    CouponCode,     ///< North American coupon code (AI 8110)
    CouponPosOffer, ///< paperless coupon positive offer file (AI 8112)
    PosInSeqSlash,  ///< "N/M": position N in a sequence of M
    Iso5218,        ///< sex code 0, 1, 2 or 9
    PackageType,    ///< UN/ECE Recommendation 21 package type: 1-4 characters A-Z 0-9
    HasNonDigit,    ///< at least one character that is not a digit
};

/// One component of an AI's value: a character set ('N' digits, 'X' cset 82, 'Y' cset 39, 'Z' cset 64), its
/// length (min == max when fixed), whether it may be left out at the end, and up to three linters.
struct Component {
    char cset;
    std::uint8_t min, max;
    bool optional;
    Lint lints[3];
};

enum Flags : std::uint8_t {
    kPredefinedLength = 1,     ///< "*": no FNC1 needed after it (General Specifications figure 7.8.5-2)
    kDigitalLinkAttribute = 2, ///< "?": may be a Digital Link data attribute (in the query)
    kFixedLength = 4,          ///< every component fixed and mandatory
    kPrimaryKey = 8,           ///< "dlpkey": a Digital Link primary key
};

/// One AI of the dictionary.
struct AiEntry {
    const char* ai;
    std::uint8_t aiLength;
    std::uint8_t flags;
    std::uint8_t minLength, maxLength; ///< of the whole value
    std::uint8_t componentCount;
    Component components[5];
    const char* req;    ///< "req=" values, space-separated: each a comma list of alternatives, '+' joins AIs
    const char* ex;     ///< "ex=" values, space-separated comma lists; 'n' stands for any digit
    const char* dlpkey; ///< nullptr when not a primary key; else qualifier paths, '|' between alternatives
    const char* title;  ///< the dictionary's title
};

extern const char* const kDictionaryRelease;
extern const AiEntry kAiTable[];
extern const std::size_t kAiTableSize;
extern const std::uint16_t kIso3166Numeric[];
extern const std::size_t kIso3166NumericSize;
extern const char kIso3166Alpha2[]; ///< two letters per country, sorted
extern const std::uint16_t kIso4217Numeric[];
extern const std::size_t kIso4217NumericSize;

} // namespace portside::core::gs1
