#pragma once

#include "portside/core/ParsedScan.h"

#include <string>
#include <string_view>
#include <vector>

namespace portside::core {

/// One AI as the GS1 Barcode Syntax Dictionary defines it: for tools, documentation and tests.
struct Gs1AiDefinition {
    /// One component of the value: 'N' digits, 'X' character set 82, 'Y' set 39, 'Z' set 64; its length (min ==
    /// max when fixed); whether it may be left out at the end; the dictionary's linters applied to it.
    struct Part {
        char cset = 'N';
        int min = 0, max = 0;
        bool optional = false;
        std::vector<std::string> linters;
    };
    std::string ai, title;
    bool predefinedLength = false;     ///< no FNC1 needed after it
    bool fixedLength = false;          ///< every part fixed and mandatory
    bool digitalLinkAttribute = false; ///< may be a Digital Link query attribute
    bool primaryKey = false;           ///< a Digital Link primary key
    int minLength = 0, maxLength = 0;
    std::vector<Part> parts;
    std::string req, ex, dlpkey; ///< the dictionary's attributes as written
};

/// GS1 element strings (as carried by GS1 DataMatrix, GS1-128, GS1 QR, GS1 DataBar; GS = byte 0x1D = FNC1), the
/// human-readable form with parentheses, GS1 Digital Link URIs and composite (linear + CC) scans, checked against
/// the GS1 Barcode Syntax Dictionary (generated into a table from its text: every AI, its components and linters,
/// its invalid pairs and requisites, its Digital Link key qualifiers). Unknown AIs, different values for one AI,
/// invalid pairs and missing requisites are refused with a sentence naming the AIs.
class Gs1Parser {
public:
    /// `referenceYear` decides the century of two-digit years (GS1 sliding window: up to 49 years back, 50 ahead).
    explicit Gs1Parser(int referenceYear = 2026) : _referenceYear(referenceYear) {}

    /// Parses an element string (no AIM identifier). Fills `out`; returns out.ok.
    bool parseElementString(std::string_view data, ParsedScan& out) const;
    /// Parses "(01)09506000134352(17)251231...". A '(' inside a value is written "\(".
    bool parseBracketed(std::string_view data, ParsedScan& out) const;
    /// Parses "https://example.com/01/09506000134352/10/ABC?17=251231".
    bool parseDigitalLink(std::string_view uri, ParsedScan& out) const;
    /// Accepts a GTIN-8, -12, -13 or -14 with a valid check digit and stores it as GTIN-14.
    bool parseGtin(std::string_view digits, ParsedScan& out) const;
    /// A composite symbol: the linear component (a GTIN's digits, bracketed text or an element string) and the 2D
    /// component (bracketed text or an element string), checked together as GS1 asks (pairs and requisites over
    /// the combined data).
    bool parseComposite(std::string_view linear, std::string_view component, ParsedScan& out) const;

    /// GS1 mod-10 check over all digits but the last.
    static bool checkDigitOk(std::string_view digits);
    /// True when the data starts with an AI of the dictionary.
    static bool startsWithKnownAi(std::string_view data);
    /// Every AI of the dictionary, in order.
    static std::vector<Gs1AiDefinition> dictionary();
    /// Which release of the dictionary the table was generated from.
    static std::string dictionaryRelease();

private:
    bool finish(ParsedScan& out) const; // fills the named fields from the AIs
    int _referenceYear;
};

} // namespace portside::core
