#pragma once

#include "portside/core/EventStore.h"
#include "portside/core/SiteSettings.h"
#include "portside/core/Text.h"
#include "portside/sdk/Checklist.h"

#include <string>
#include <vector>

namespace portside::core {

/// What a site allows as a port lock (shared/clinical/PORT-CARE.md, "Lock solution"), and what it gives a patient
/// who has no order of their own. Checked where an order enters (the server's admin commands and CSV import, the
/// kiosk's reference data) and where it is used (the lock step).
struct LockPolicy {
    std::vector<double> allowedUnitsPerMl{0, 10, 100}; ///< lock.allowed_units_per_ml: 0 is a saline lock
    double minVolumeMl = 1;                            ///< lock.min_volume_ml
    double maxVolumeMl = 10;                           ///< lock.max_volume_ml
    int childYears = 2;                                ///< lock.child_years: "small children" are younger
    double childUnitsPerMl = 10;                       ///< lock.child_units_per_ml: the only heparin for them
    double childMaxVolumeMl = 2;                       ///< lock.child_volume_ml
    std::string defaultSolution = "heparin";           ///< lock.solution: for patients without their own order
    double defaultUnitsPerMl = 100;                    ///< lock.units_per_ml
    double defaultVolumeMl = 5;                        ///< lock.volume_ml

    /// The policy with the site's settings over PORT-CARE.md's defaults.
    static LockPolicy fromSettings(const SiteSettings& settings);
};

/// Whole years from a birth date (YYYY-MM-DD) to `today` (YYYY-MM-DD); -1 when either is not such a date.
int ageInYears(const std::string& birthDate, const std::string& today);

/// What is wrong with a lock order for this patient, or an empty text: heparin for a patient with HIT or heparin
/// allergy, a concentration the site does not allow, a volume outside the range, and for a child under
/// childYears anything but childUnitsPerMl heparin up to childMaxVolumeMl (or saline).
Text lockOrderProblem(const std::string& solution, double unitsPerMl, double volumeMl, const PatientRecord& patient,
                      const LockPolicy& policy, const std::string& today);

/// The lock a patient gets: their own order, else the site's default for their age; saline whatever was ordered
/// when they have HIT or a heparin allergy (recorded or answered at the bedside). `problem` is set when the order
/// cannot be used.
sdk::LockOrder effectiveLockOrder(const PatientRecord& patient, bool heparinAllergyOrHit, const LockPolicy& policy,
                                  const std::string& today);

} // namespace portside::core
