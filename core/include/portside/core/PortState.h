#pragma once

#include "portside/core/Clock.h"
#include "portside/core/EventStore.h"
#include "portside/core/SiteSettings.h"
#include "portside/sdk/Checklist.h"

#include <map>
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

/// How long a needle, a dressing and a port without use go before they are due: site settings with PORT-CARE.md's
/// defaults (due.needle_days 7, due.dressing_tsm_days 7, due.dressing_gauze_days 2, due.maintenance_weeks 4).
struct DueIntervals {
    double needleDays = 7;
    double tsmDays = 7;
    double gauzeDays = 2;
    double maintenanceWeeks = 4;
    std::string
        zone; ///< the site's time zone (site.time_zone, an IANA name such as "Europe/Berlin"; empty: this machine's)
    static DueIntervals fromSettings(const SiteSettings& settings);
    /// "gauze" or "tsm" (anything else counts as a transparent membrane).
    double dressingDays(const std::string& type) const { return type == "gauze" ? gauzeDays : tsmDays; }
};

/// A time point some days later on the calendar of `zone` (an IANA name; empty: the TZ variable, else this machine's
/// zone): whole days keep the wall-clock time (7 days from 10:00 is 10:00, whether a daylight-saving change falls in
/// between or not), a fraction of a day is added as hours.
Clock::TimePoint plusDays(Clock::TimePoint time, double days, const std::string& zone = {});
/// Whether `zone` is a time zone this machine knows (tzdata).
bool knownTimeZone(const std::string& zone);
/// Makes the site's time zone (site.time_zone) this process's local time (TZ), so that every date shown and printed
/// and every due date agree. Call once at start, before other threads. Returns a sentence when the setting names no
/// known zone (the machine's zone stays), else empty.
std::string useSiteTimeZone(const SiteSettings& settings);

/// A patient's port as the completed checklists left it. Derived from the events alone (run-finished events carry
/// their effects, the dressing's type and the needle), so it is the same on every kiosk and after every restart.
struct PortState {
    bool accessed = false;
    bool notReadyForUse = false; ///< no blood return at the last check; stays until blood return is confirmed
    std::optional<Clock::TimePoint> needleSince;
    std::string needle;   ///< the needle in place, such as "22G x 19 mm", when it was scanned
    std::string dressing; ///< "tsm" or "gauze" while accessed
    std::optional<Clock::TimePoint> dressedAt;
    std::optional<Clock::TimePoint> lastFlush;
    std::vector<Due> dues; ///< overdue first, then soonest first

    /// Replays the patient's finished runs. Intervals are site settings with PORT-CARE.md's defaults:
    /// due.needle_days (7), due.dressing_tsm_days (7), due.dressing_gauze_days (2), due.maintenance_weeks (4,
    /// or the patient's own maintenanceWeeks).
    static PortState compute(const EventStore& store, const PatientRecord& patient, const SiteSettings& settings,
                             Clock::TimePoint now);
};

/// A STOP at a step that no passing scan at that very step (checklist and step) has followed yet. Until one does,
/// every step of the same key — that step in this run or a restarted one, and another checklist's step of the same
/// role — takes only a scan that passes.
struct OpenStop {
    std::string key;       ///< the step's role ("lock"), or "<checklist>/<step id>" for a step without one
    std::string runId;     ///< the run it happened in
    std::string checklist; ///< the checklist and step it happened at: only a passing scan there ends it
    std::string stepId;
    std::string rule;    ///< the rule that stopped ("heparin-concentration", ...)
    std::string message; ///< what the nurse was told, in English
    std::string scan;    ///< what was scanned
    std::string time;    ///< device time, ISO 8601
    std::string staff;
};

/// What a patient's record on this kiosk says beyond the port: allergies the nurse answered at the bedside and
/// STOPs not yet followed by a passing scan. Derived from events, like PortState.
struct PatientHistory {
    PortState port;
    bool heparinAllergyOrHit = false;  ///< answered at the bedside (added to the reference record's flags)
    bool chlorhexidineAllergy = false; ///< answered at the bedside
    std::map<std::string, std::vector<OpenStop>> stops; ///< by step key (stopKey): each STOP not yet followed by a
                                                        ///< passing scan at the very step it happened at

    static PatientHistory compute(const std::vector<Event>& events, const PatientRecord& patient,
                                  const SiteSettings& settings, Clock::TimePoint now);
    /// A scan passed at this step: the STOPs that happened at it end.
    void clearStops(const std::string& key, const std::string& checklist, const std::string& stepId);
};

/// The key under which a STOP at a step is remembered: the step's role ("lock"), with its place among the steps of
/// that role when the checklist has several ("saline-flush#2": the second flush of blood sampling); checklist and
/// step id for a step without a role. The same key in another checklist is the same step for the patient.
std::string stopKey(const sdk::ChecklistDefinition& definition, std::size_t stepIndex);

} // namespace portside::core
