#pragma once

#include "portside/core/Catalog.h"
#include "portside/core/ParsedScan.h"
#include "portside/sdk/Checklist.h"

#include <string>

namespace portside::core {

/// The outcome of a scan at a step.
struct Verdict {
    enum class Level { Pass, Warn, Stop };
    Level level = Level::Stop;
    std::string rule;    ///< which rule decided: "unreadable", "wrong-patient", "unknown-product", "recalled",
                         ///< "expired", "no-expiry", "wrong-product", "heparin-concentration", "heparin-hit",
                         ///< "small-syringe", "lock-volume", "scan-warning", "ok"
    std::string message; ///< a sentence for the nurse: what was scanned, what is wrong, what to do
    const Product* product = nullptr;
};

/// "pass", "warn" or "stop".
const char* toString(Verdict::Level level);

/// The hard stops and warnings of shared/clinical/PORT-CARE.md for one scan at one step: wrong patient, unknown
/// product, wrong product for the step, recalled lot, expired, missing expiry, heparin concentration other than
/// ordered, any heparin for a patient with HIT or heparin allergy, a flush syringe under 10 mL. Everything else
/// that is unusual but allowed is a warning that needs a reason.
class SafetyRules {
public:
    explicit SafetyRules(const Catalog& catalog) : _catalog(catalog) {}

    /// `today` is YYYY-MM-DD in the ward's time zone.
    Verdict check(const ParsedScan& scan, const sdk::ScanExpectation& expect, const sdk::PatientContext& patient,
                  const std::string& today) const;

private:
    const Catalog& _catalog;
};

/// "Heparin 1,000 units/mL": numbers with thousands separators, as on the label.
std::string unitsText(double unitsPerMl);

} // namespace portside::core
