#pragma once

#include "portside/core/Clock.h"
#include "portside/core/EventStore.h"
#include "portside/core/SiteSettings.h"

#include <optional>
#include <string>
#include <vector>

namespace portside::core {

/// One date the kiosk tracks for a patient's port.
struct Due {
    std::string what; ///< "needle-change", "dressing-change", "maintenance-flush"
    Clock::TimePoint at;
    bool overdue = false;
};

/// A patient's port as the completed checklists left it. Derived from the events alone (run-finished events carry
/// their effects and dressing type), so it is the same on every kiosk and after every restart.
struct PortState {
    bool accessed = false;
    bool notReadyForUse = false; ///< the last access ended with no blood return
    std::optional<Clock::TimePoint> needleSince;
    std::string dressing; ///< "tsm" or "gauze" while accessed
    std::optional<Clock::TimePoint> lastFlush;
    std::vector<Due> dues; ///< overdue first, then soonest first

    /// Replays the patient's finished runs. Intervals are site settings with PORT-CARE.md's defaults:
    /// due.needle_days (7), due.dressing_tsm_days (7), due.dressing_gauze_days (2), due.maintenance_weeks (4,
    /// or the patient's own maintenanceWeeks).
    static PortState compute(const EventStore& store, const PatientRecord& patient, const SiteSettings& settings,
                             Clock::TimePoint now);
};

} // namespace portside::core
