#include "portside/core/LockOrders.h"

#include "portside/core/ChecklistRun.h"
#include "portside/core/SafetyRules.h"

#include <Poco/DateTime.h>
#include <Poco/NumberParser.h>
#include <Poco/StringTokenizer.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace portside::core {

namespace {

double setting(const SiteSettings& settings, const std::string& key, double fallback)
{
    const std::string text = settings.get(key, "");
    double value = 0;
    return !text.empty() && Poco::NumberParser::tryParseFloat(text, value) && std::isfinite(value) ? value : fallback;
}

bool validDate(const std::string& date, int& y, int& m, int& d)
{
    if (date.size() != 10 || date[4] != '-' || date[7] != '-')
        return false;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
        if (date[i] < '0' || date[i] > '9')
            return false;
    y = std::atoi(date.substr(0, 4).c_str());
    m = std::atoi(date.substr(5, 2).c_str());
    d = std::atoi(date.substr(8, 2).c_str());
    return Poco::DateTime::isValid(y, m, d); // 2025-02-29 is not a date
}

std::string allowedText(const LockPolicy& policy)
{
    std::string out;
    for (double units : policy.allowedUnitsPerMl)
        if (units > 0)
            out += (out.empty() ? "" : ", ") + unitsText(units);
    return out.empty() ? "-" : out;
}

} // namespace

LockPolicy LockPolicy::fromSettings(const SiteSettings& settings)
{
    LockPolicy p;
    const std::string allowed = settings.get("lock.allowed_units_per_ml", "");
    if (!allowed.empty()) {
        std::vector<double> units;
        for (const auto& token : Poco::StringTokenizer(
                 allowed, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY)) {
            double value = 0;
            if (Poco::NumberParser::tryParseFloat(token, value) && value >= 0)
                units.push_back(value);
        }
        if (!units.empty())
            p.allowedUnitsPerMl = units;
    }
    p.minVolumeMl = setting(settings, "lock.min_volume_ml", p.minVolumeMl);
    p.maxVolumeMl = setting(settings, "lock.max_volume_ml", p.maxVolumeMl);
    p.childYears = static_cast<int>(setting(settings, "lock.child_years", p.childYears));
    p.childUnitsPerMl = setting(settings, "lock.child_units_per_ml", p.childUnitsPerMl);
    p.childMaxVolumeMl = setting(settings, "lock.child_volume_ml", p.childMaxVolumeMl);
    p.defaultSolution = settings.get("lock.solution", p.defaultSolution);
    p.defaultUnitsPerMl = setting(settings, "lock.units_per_ml", p.defaultUnitsPerMl);
    p.defaultVolumeMl = setting(settings, "lock.volume_ml", p.defaultVolumeMl);
    return p;
}

int ageInYears(const std::string& birthDate, const std::string& today)
{
    int by = 0, bm = 0, bd = 0, ty = 0, tm = 0, td = 0;
    if (!validDate(birthDate, by, bm, bd) || !validDate(today, ty, tm, td))
        return -1;
    int age = ty - by;
    if (tm < bm || (tm == bm && td < bd))
        --age;
    return age;
}

Text lockOrderProblem(const std::string& solution, double unitsPerMl, double volumeMl, const PatientRecord& patient,
                      const LockPolicy& policy, const std::string& today)
{
    if (solution != "heparin" && solution != "saline")
        return tr_("The lock solution must be heparin or saline, not \"%s\".", {solution});
    if (!std::isfinite(volumeMl) || volumeMl < policy.minVolumeMl || volumeMl > policy.maxVolumeMl)
        return tr_("The lock volume %1$s mL is outside the site's range of %2$s to %3$s mL.",
                   {volumeMl, policy.minVolumeMl, policy.maxVolumeMl});
    if (solution == "saline")
        return {};
    if (patient.heparinAllergyOrHit)
        return tr_("A patient with a heparin allergy or HIT cannot have a heparin lock ordered; order a saline lock.");
    const auto& allowed = policy.allowedUnitsPerMl;
    if (!std::isfinite(unitsPerMl) || unitsPerMl <= 0 ||
        std::find(allowed.begin(), allowed.end(), unitsPerMl) == allowed.end())
        return tr_("Heparin %1$s units/mL is not a lock this site allows (allowed: %2$s units/mL, or saline).",
                   {unitsText(unitsPerMl), allowedText(policy)});
    const int age = ageInYears(patient.birthDate, today);
    if (age < 0)
        return tr_("The date of birth is missing or not a date (YYYY-MM-DD); a heparin lock needs it to check the "
                   "child's dose.");
    if (age < policy.childYears && (unitsPerMl != policy.childUnitsPerMl || volumeMl > policy.childMaxVolumeMl))
        return tr_("A child under %1$s years gets heparin %2$s units/mL, at most %3$s mL; the order is %4$s units/mL, "
                   "%5$s mL.",
                   {std::to_string(policy.childYears), unitsText(policy.childUnitsPerMl), policy.childMaxVolumeMl,
                    unitsText(unitsPerMl), volumeMl});
    return {};
}

sdk::LockOrder effectiveLockOrder(const PatientRecord& patient, bool heparinAllergyOrHit, const LockPolicy& policy,
                                  const std::string& today)
{
    sdk::LockOrder order;
    if (patient.lockSolution.empty()) {
        // No order of the patient's own: the site's default, the paediatric one for small children.
        const int age = ageInYears(patient.birthDate, today);
        order.solution = policy.defaultSolution;
        const bool child = age >= 0 && age < policy.childYears;
        order.unitsPerMl =
            order.solution == "heparin" ? (child ? policy.childUnitsPerMl : policy.defaultUnitsPerMl) : 0;
        order.volumeMl = child ? std::min(policy.defaultVolumeMl, policy.childMaxVolumeMl) : policy.defaultVolumeMl;
    } else {
        order.solution = patient.lockSolution;
        order.unitsPerMl = order.solution == "heparin" ? patient.lockUnitsPerMl : 0;
        order.volumeMl = patient.lockVolumeMl;
    }
    if (heparinAllergyOrHit || patient.heparinAllergyOrHit) {
        // Never heparin: a saline lock of the same volume (PORT-CARE.md: "offer saline lock").
        order.solution = "saline";
        order.unitsPerMl = 0;
    }
    PatientRecord checked = patient;
    checked.heparinAllergyOrHit = false; // handled above: the order is saline now
    order.problem =
        lockOrderProblem(order.solution, order.unitsPerMl, order.volumeMl, checked, policy, today).english();
    return order;
}

} // namespace portside::core
