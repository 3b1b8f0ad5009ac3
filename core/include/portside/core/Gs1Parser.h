#pragma once

#include "portside/core/ParsedScan.h"

#include <string>
#include <string_view>

namespace portside::core {

/// GS1 element strings (as carried by GS1 DataMatrix, GS1-128, GS1 QR, GS1 DataBar; GS = byte 0x1D = FNC1), the
/// human-readable form with parentheses, and GS1 Digital Link URIs. Knows the AI table (fixed and variable
/// lengths, predefined-length AIs, numeric and character-set-82 fields), checks GTIN/SSCC/GLN/GSRN check digits
/// and real calendar dates (DD = 00 is the last day of the month), and the main required and exclusive AI pairs.
class Gs1Parser {
public:
    /// `referenceYear` decides the century of two-digit years (GS1 sliding window: up to 49 years back, 50 ahead).
    explicit Gs1Parser(int referenceYear = 2026) : _referenceYear(referenceYear) {}

    /// Parses an element string (no AIM identifier). Fills `out`; returns out.ok.
    bool parseElementString(std::string_view data, ParsedScan& out) const;
    /// Parses "(01)09506000134352(17)251231...".
    bool parseBracketed(std::string_view data, ParsedScan& out) const;
    /// Parses "https://example.com/01/09506000134352/10/ABC?17=251231".
    bool parseDigitalLink(std::string_view uri, ParsedScan& out) const;
    /// Accepts a GTIN-8, -12, -13 or -14 with a valid check digit and stores it as GTIN-14.
    bool parseGtin(std::string_view digits, ParsedScan& out) const;

    /// GS1 mod-10 check over all digits but the last.
    static bool checkDigitOk(std::string_view digits);
    /// True when the data starts with something that reads as an AI of the table.
    static bool startsWithKnownAi(std::string_view data);

private:
    bool finish(ParsedScan& out) const; // validates elements, fills the named fields
    int _referenceYear;
};

} // namespace portside::core
