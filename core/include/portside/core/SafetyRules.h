#pragma once

#include "portside/core/Catalog.h"
#include "portside/core/ParsedScan.h"
#include "portside/core/Text.h"
#include "portside/sdk/Checklist.h"

#include <string>

namespace portside::core {

/// The outcome of a scan at a step.
struct Verdict {
    enum class Level { Pass, Warn, Stop };
    Level level = Level::Stop;
    std::string rule; ///< which rule decided: "unreadable", "wrong-patient", "unknown-product", "recalled",
                      ///< "expired", "no-expiry", "wrong-product", "heparin-concentration", "heparin-hit",
                      ///< "small-syringe", "wrong-dressing", "lock-volume", "lot-unknown", "scan-warning",
                      ///< "no-order", "ok"
    Text message;     ///< a sentence for the nurse: what was scanned, what is wrong, what to do
    const Product* product = nullptr;
};

/// "pass", "warn" or "stop".
const char* toString(Verdict::Level level);

/// The hard stops and warnings of shared/clinical/PORT-CARE.md for one scan at one step: wrong patient, unknown
/// product, wrong product for the step, recalled lot, expired, missing expiry on a medicine, heparin concentration
/// other than ordered, any heparin for a patient with HIT or heparin allergy, a flush syringe under 10 mL, a
/// dressing of another type than the one chosen, a lock for a patient whose order cannot be used. Everything else
/// that is unusual but allowed is a warning that needs a reason; a scan without a lot of a product with recalled
/// lots is a warning that asks for the lot.
class SafetyRules {
public:
    explicit SafetyRules(const Catalog& catalog) : _catalog(catalog) {}

    /// `today` is YYYY-MM-DD in the ward's time zone.
    Verdict check(const ParsedScan& scan, const sdk::ScanExpectation& expect, const sdk::PatientContext& patient,
                  const std::string& today) const;

private:
    const Catalog& _catalog;
};

/// "1 000" (a narrow no-break space between thousands): read the same in every language, never as a decimal.
std::string unitsText(double unitsPerMl);

} // namespace portside::core
