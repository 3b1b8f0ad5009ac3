#pragma once

#include <string>
#include <utility>
#include <vector>

namespace portside::core {

/// What a barcode said, once interpreted: the scheme, every element in order, and the fields the safety rules
/// use. When `ok` is false, `error` is a sentence naming the field and the problem.
struct ParsedScan {
    bool ok = false;
    std::string error;
    std::string scheme;    ///< "gs1", "hibc" or "site"
    std::string symbology; ///< AIM identifier such as "]d2", empty when the scanner sent none
    std::vector<std::pair<std::string, std::string>> ais; ///< GS1 application identifiers and values, in order

    std::string gtin; ///< GTIN-14
    std::string lot;
    std::string serial;
    std::string expiry;                  ///< YYYY-MM-DD (a GS1 day 00 is already the month's last day)
    std::string lic, pcn, uom, quantity; ///< HIBC
    std::string patient;                 ///< GSRN (8018) or a site wristband pattern
    std::string staff;                   ///< GSRN (8017) or a site badge pattern
    std::vector<std::string> warnings;   ///< valid, but suspicious: a sentence each

    /// The value of an AI, or empty.
    std::string ai(const std::string& id) const
    {
        for (const auto& [k, v] : ais)
            if (k == id)
                return v;
        return {};
    }
};

} // namespace portside::core
