#include "portside/core/PortState.h"

#include "portside/core/TimeText.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
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

Clock::TimePoint plusDays(Clock::TimePoint t, double days)
{
    return t + std::chrono::duration_cast<Clock::TimePoint::duration>(std::chrono::duration<double>(days * 86400.0));
}

} // namespace

PortState PortState::compute(const EventStore& store, const PatientRecord& patient, const SiteSettings& settings,
                             Clock::TimePoint now)
{
    const double needleDays = number(settings, "due.needle_days", 7);
    const double tsmDays = number(settings, "due.dressing_tsm_days", 7);
    const double gauzeDays = number(settings, "due.dressing_gauze_days", 2);
    const double maintenanceWeeks =
        patient.maintenanceWeeks > 0 ? patient.maintenanceWeeks : number(settings, "due.maintenance_weeks", 4);

    PortState state;
    Clock::TimePoint dressingAt{};
    bool dressed = false;
    Poco::JSON::Parser parser;
    for (const auto& e : store.events({}, patient.id)) {
        if (e.type != "run-finished")
            continue;
        parser.reset();
        const auto payload = parser.parse(e.payload).extract<Poco::JSON::Object::Ptr>();
        const auto at = parseIsoTime(e.deviceTime);
        const auto effects = payload->getArray("effects");
        for (std::size_t i = 0; effects && i < effects->size(); ++i) {
            const std::string effect = effects->getElement<std::string>(static_cast<unsigned>(i));
            if (effect == "needle-inserted") {
                state.accessed = true;
                state.needleSince = at;
                state.notReadyForUse = payload->optValue<std::string>("outcome", "") == "not-ready-for-use";
            } else if (effect == "needle-removed") {
                state.accessed = false;
                state.needleSince.reset();
                state.notReadyForUse = false;
                state.dressing.clear();
                dressed = false;
            } else if (effect == "dressing-applied") {
                state.dressing = payload->optValue<std::string>("dressing", "tsm");
                dressingAt = at;
                dressed = true;
            } else if (effect == "port-flushed") {
                state.lastFlush = at;
            }
        }
    }
    auto add = [&](const char* what, Clock::TimePoint at) { state.dues.push_back({what, at, now > at}); };
    if (state.accessed && state.needleSince)
        add("needle-change", plusDays(*state.needleSince, needleDays));
    if (state.accessed && dressed)
        add("dressing-change", plusDays(dressingAt, state.dressing == "gauze" ? gauzeDays : tsmDays));
    if (!state.accessed && state.lastFlush)
        add("maintenance-flush", plusDays(*state.lastFlush, maintenanceWeeks * 7));
    std::sort(state.dues.begin(), state.dues.end(), [](const Due& a, const Due& b) {
        if (a.overdue != b.overdue)
            return a.overdue;
        return a.at < b.at;
    });
    return state;
}

} // namespace portside::core
