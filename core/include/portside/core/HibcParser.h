#pragma once

#include "portside/core/ParsedScan.h"

#include <string_view>

namespace portside::core {

/// HIBC (Health Industry Bar Code, ANSI/HIBC 2.6): primary data (`+` LIC PCN UoM), secondary data (`+$...` on its
/// own, or after `/` in a concatenated code) with every `$`, `$$` and `$$+` form of quantity, expiry and lot or
/// serial, supplementary `/14D` expiry and `/16D` manufacture dates, and the mod-43 check character over the whole
/// string. Code 39 start/stop asterisks are removed first.
class HibcParser {
public:
    explicit HibcParser(int referenceYear = 2026) : _referenceYear(referenceYear) {}
    bool parse(std::string_view data, ParsedScan& out) const;

    /// The HIBC mod-43 check character of `data`.
    static char checkCharacter(std::string_view data);

private:
    bool secondary(std::string_view data, ParsedScan& out) const;
    int _referenceYear;
};

} // namespace portside::core
