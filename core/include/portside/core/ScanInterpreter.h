#pragma once

#include "portside/core/Gs1Parser.h"
#include "portside/core/HibcParser.h"
#include "portside/core/ParsedScan.h"

#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace portside::core {

/// A site's own wristband or badge format, such as `^MRN(\d{7})$` for wristbands: the first group is the id.
struct SitePattern {
    std::string kind; ///< "patient" or "staff"
    std::regex pattern;
};

/// Turns a scanner's bytes into a ParsedScan: reads the AIM symbology identifier when the scanner sent one and
/// chooses the scheme from it (]d2 ]C1 ]Q3 ]e0 GS1; ]E0 ]E4 EAN/UPC; others by their data: HIBC, GS1 Digital Link,
/// the site's patterns). Without an identifier it accepts what is unambiguous: HIBC by its "+", Digital Link by its
/// address, bracketed GS1 text, a bare GTIN with a valid check digit, a GS1 element string that reads completely.
/// Composite symbols are read as one scan: "]E0<EAN-13>]e0<CC>" as one transmission, or "linear|CC" ('|' is outside
/// every GS1 character set).
class ScanInterpreter {
public:
    explicit ScanInterpreter(int referenceYear = 2026) : _gs1(referenceYear), _hibc(referenceYear) {}

    /// Adds a site pattern. Throws std::invalid_argument naming the pattern when it is not a valid regular
    /// expression or has no group.
    void addSitePattern(const std::string& kind, const std::string& regex);

    /// `bytes` may start with the AIM identifier ("]d2..."); GS is byte 0x1D.
    ParsedScan interpret(std::string_view bytes) const;
    ParsedScan interpret(std::string_view data, std::string_view aim) const;

private:
    ParsedScan read(std::string_view data, std::string_view aim) const;
    bool site(std::string_view data, ParsedScan& out) const;

    Gs1Parser _gs1;
    HibcParser _hibc;
    std::vector<SitePattern> _patterns;
};

} // namespace portside::core
