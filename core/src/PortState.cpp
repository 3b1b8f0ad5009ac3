#include "portside/core/PortState.h"

#include "portside/core/TimeText.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <date/tz.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace portside::core {

namespace {

double number(const SiteSettings& settings, const std::string& key, double fallback)
{
    const std::string text = settings.get(key, "");
    char* end = nullptr;
    const double value = text.empty() ? fallback : std::strtod(text.c_str(), &end);
    return (text.empty() || (end && *end == '\0' && value > 0)) ? value : fallback;
}

} // namespace

DueIntervals DueIntervals::fromSettings(const SiteSettings& settings)
{
    DueIntervals d;
    d.needleDays = number(settings, "due.needle_days", d.needleDays);
    d.tsmDays = number(settings, "due.dressing_tsm_days", d.tsmDays);
    d.gauzeDays = number(settings, "due.dressing_gauze_days", d.gauzeDays);
    d.maintenanceWeeks = number(settings, "due.maintenance_weeks", d.maintenanceWeeks);
    d.zone = settings.get("site.time_zone", "");
    return d;
}

namespace {

/// The zone named, else TZ's, else this machine's; nullptr when the machine has no time zone data at all.
const date::time_zone* zoneFor(const std::string& name)
{
    const auto locate = [](const std::string& n) -> const date::time_zone* {
        try {
            return n.empty() ? nullptr : date::locate_zone(n);
        } catch (const std::exception&) {
            return nullptr;
        }
    };
    if (const auto* z = locate(name))
        return z;
    if (const char* tz = std::getenv("TZ"); tz && *tz)
        if (const auto* z = locate(*tz == ':' ? tz + 1 : tz))
            return z;
    try {
        return date::current_zone();
    } catch (const std::exception&) {
        return locate("UTC");
    }
}

} // namespace

bool knownTimeZone(const std::string& zone)
{
    try {
        return !zone.empty() && date::locate_zone(zone) != nullptr;
    } catch (const std::exception&) {
        return false;
    }
}

std::string useSiteTimeZone(const SiteSettings& settings)
{
    const std::string zone = settings.get("site.time_zone", "");
    if (zone.empty())
        return {};
    if (!knownTimeZone(zone))
        return "site.time_zone \"" + zone + "\" is not a time zone this machine knows; the machine's own zone is used.";
    ::setenv("TZ", zone.c_str(), 1);
    ::tzset();
    return {};
}

Clock::TimePoint plusDays(Clock::TimePoint t, double days, const std::string& zone)
{
    const double whole = std::floor(days);
    const auto rest =
        std::chrono::duration_cast<Clock::TimePoint::duration>(std::chrono::duration<double>((days - whole) * 86400.0));
    const auto* tz = zoneFor(zone);
    if (!tz) // no time zone data on this machine: days of 24 hours
        return t +
               std::chrono::duration_cast<Clock::TimePoint::duration>(std::chrono::duration<double>(days * 86400.0));
    const auto local = tz->to_local(t) + date::days(static_cast<long>(whole));
    // A wall-clock time that falls twice (autumn) is taken the first time; one that does not exist (spring) is the
    // moment the clocks went forward.
    return tz->to_sys(local, date::choose::earliest) + rest;
}

void PatientHistory::clearStops(const std::string& key, const std::string& checklist, const std::string& stepId)
{
    auto it = stops.find(key);
    if (it == stops.end())
        return;
    auto& list = it->second;
    list.erase(std::remove_if(list.begin(), list.end(),
                              [&](const OpenStop& s) { return s.checklist == checklist && s.stepId == stepId; }),
               list.end());
    if (list.empty())
        stops.erase(it);
}

std::string stopKey(const sdk::ChecklistDefinition& definition, std::size_t stepIndex)
{
    const auto& step = definition.steps.at(stepIndex);
    if (step.role == sdk::StepRole::Other)
        return definition.id + "/" + step.id;
    int place = 1;
    for (std::size_t i = 0; i < stepIndex; ++i)
        place += definition.steps[i].role == step.role;
    const std::string role = sdk::toString(step.role);
    return place == 1 ? role : role + "#" + std::to_string(place);
}

PortState PortState::compute(const EventStore& store, const PatientRecord& patient, const SiteSettings& settings,
                             Clock::TimePoint now)
{
    return PatientHistory::compute(store.patientEvents(patient.id), patient, settings, now).port;
}

PatientHistory PatientHistory::compute(const std::vector<Event>& events, const PatientRecord& patient,
                                       const SiteSettings& settings, Clock::TimePoint now)
{
    const auto intervals = DueIntervals::fromSettings(settings);
    const double maintenanceWeeks =
        patient.maintenanceWeeks > 0 ? patient.maintenanceWeeks : intervals.maintenanceWeeks;

    PatientHistory history;
    PortState& state = history.port;
    std::map<std::string, std::string> checklistOfRun;
    Poco::JSON::Parser parser;
    auto parse = [&](const std::string& json) {
        parser.reset();
        return parser.parse(json).extract<Poco::JSON::Object::Ptr>();
    };
    for (const auto& e : events) {
        if (e.patient != patient.id)
            continue;
        if (e.type == "run-started") {
            checklistOfRun[e.runId] = parse(e.payload)->optValue<std::string>("checklist", "");
            continue;
        }
        if (e.type == "scan-stopped") {
            const auto payload = parse(e.payload);
            OpenStop stop;
            stop.key = payload->optValue<std::string>("key", "");
            stop.runId = e.runId;
            stop.checklist = payload->optValue<std::string>("checklist", "");
            stop.stepId = payload->optValue<std::string>("step", "");
            stop.rule = payload->optValue<std::string>("rule", "");
            stop.message = payload->optValue<std::string>("message", "");
            stop.scan = payload->optValue<std::string>("scan", "");
            stop.time = e.deviceTime;
            stop.staff = e.staff;
            if (!stop.key.empty())
                history.stops[stop.key].push_back(stop);
            continue;
        }
        if (e.type == "step-confirmed") {
            const auto payload = parse(e.payload);
            const std::string role = payload->optValue<std::string>("role", "other");
            const auto answer = payload->getObject("answer");
            if (role == "allergies" && answer) {
                const std::string choice = answer->optValue<std::string>("choice", "");
                history.chlorhexidineAllergy =
                    history.chlorhexidineAllergy || choice == "chlorhexidine" || choice == "both";
                history.heparinAllergyOrHit = history.heparinAllergyOrHit || choice == "heparin" || choice == "both";
            }
            // A scan that passed at a step ends the stops that happened at that very step.
            if (answer && !answer->optValue<std::string>("scan", "").empty() && payload->has("key"))
                history.clearStops(payload->getValue<std::string>("key"), checklistOfRun[e.runId],
                                   payload->optValue<std::string>("step", ""));
            continue;
        }
        if (e.type != "run-finished")
            continue;
        const auto payload = parse(e.payload);
        const auto at = parseIsoTime(e.deviceTime);
        const auto effects = payload->getArray("effects");
        for (std::size_t i = 0; effects && i < effects->size(); ++i) {
            const std::string effect = effects->getElement<std::string>(static_cast<unsigned>(i));
            if (effect == "needle-inserted") {
                state.accessed = true;
                state.needleSince = at;
                const auto needle = payload->getObject("needle");
                state.needle = needle ? needle->optValue<std::string>("size", "") : std::string();
            } else if (effect == "needle-removed") {
                state.accessed = false;
                state.needleSince.reset();
                state.needle.clear();
                state.dressing.clear();
                state.dressedAt.reset();
            } else if (effect == "dressing-applied") {
                state.dressing = payload->optValue<std::string>("dressing", "tsm");
                state.dressedAt = at;
            } else if (effect == "port-flushed") {
                state.lastFlush = at;
            } else if (effect == "ready-for-use") {
                state.notReadyForUse = false;
            } else if (effect == "not-ready-for-use") {
                state.notReadyForUse = true;
            }
        }
    }
    auto add = [&](const char* what, Clock::TimePoint at) { state.dues.push_back({what, at, now > at}); };
    if (state.accessed && state.needleSince)
        add("needle-change", plusDays(*state.needleSince, intervals.needleDays, intervals.zone));
    if (state.accessed && state.dressedAt)
        add("dressing-change", plusDays(*state.dressedAt, intervals.dressingDays(state.dressing), intervals.zone));
    if (!state.accessed && state.lastFlush)
        add("maintenance-flush", plusDays(*state.lastFlush, maintenanceWeeks * 7, intervals.zone));
    std::sort(state.dues.begin(), state.dues.end(), [](const Due& a, const Due& b) {
        if (a.overdue != b.overdue)
            return a.overdue;
        return a.at < b.at;
    });
    return history;
}

} // namespace portside::core
