#include "portside/core/SafetyRules.h"

#include "portside/core/ChecklistRun.h"

namespace portside::core {

namespace {

Verdict stop(const char* rule, Text message, const Product* product = nullptr)
{
    return {Verdict::Level::Stop, rule, std::move(message), product};
}

Verdict warn(const char* rule, Text message, const Product* product)
{
    return {Verdict::Level::Warn, rule, std::move(message), product};
}

Text what(const std::string& category)
{
    if (category == "huber-needle")
        return tr_("a Huber needle");
    if (category == "saline-flush")
        return tr_("a saline flush syringe");
    if (category == "heparin-lock")
        return tr_("a heparin lock syringe");
    if (category == "dressing")
        return tr_("a dressing");
    return Text::verbatim("\"" + category + "\"");
}

Text dressingName(const std::string& type)
{
    if (type == "tsm")
        return tr_("a transparent membrane dressing");
    if (type == "gauze")
        return tr_("a gauze dressing");
    return Text::verbatim(type);
}

std::string joined(const std::vector<std::string>& items)
{
    std::string out;
    for (const auto& item : items)
        out += (out.empty() ? "" : ", ") + item;
    return out;
}

} // namespace

const char* toString(Verdict::Level level)
{
    switch (level) {
    case Verdict::Level::Pass: return "pass";
    case Verdict::Level::Warn: return "warn";
    case Verdict::Level::Stop: return "stop";
    }
    return "stop";
}

std::string unitsText(double unitsPerMl)
{
    std::string digits = formatNumber(unitsPerMl);
    const std::size_t dot = digits.find('.');
    std::string whole = digits.substr(0, dot);
    // Thousands apart by a narrow no-break space (ISO 80000-1), never a comma or a point: "10,000" reads as ten
    // where the comma is the decimal sign (French, German, Spanish), and "10.000" as ten in English.
    for (int i = static_cast<int>(whole.size()) - 3; i > 0; i -= 3)
        whole.insert(static_cast<std::size_t>(i), "\u202f");
    return whole + (dot == std::string::npos ? "" : digits.substr(dot));
}

Verdict SafetyRules::check(const ParsedScan& scan, const sdk::ScanExpectation& expect,
                           const sdk::PatientContext& patient, const std::string& today) const
{
    if (!scan.ok)
        return stop("unreadable", tr_("The barcode could not be used: %s", {scan.error}));

    if (expect.category == "patient" || expect.category == "staff") {
        const bool patientStep = expect.category == "patient";
        const std::string& id = patientStep ? scan.patient : scan.staff;
        if (id.empty())
            return stop("wrong-product", patientStep ? tr_("This is not a patient wristband. Scan the patient's "
                                                           "wristband.")
                                                     : tr_("This is not a staff badge. Scan your badge."));
        if (patientStep && id != patient.id)
            return stop("wrong-patient", tr_("WRONG PATIENT: this wristband (%s) is not the patient this checklist is "
                                             "for. Stop and check who the patient is.",
                                             {id}));
        return {Verdict::Level::Pass, "ok", patientStep ? tr_("Patient confirmed.") : tr_("Badge confirmed."), nullptr};
    }

    if (!scan.patient.empty() || !scan.staff.empty())
        return stop("wrong-product", tr_("This is a wristband or badge; this step needs %s.", {what(expect.category)}));
    const Product* product = _catalog.find(scan);
    if (!product)
        return stop("unknown-product",
                    scan.gtin.empty()
                        ? tr_("Unknown product: it is not in the ward's catalog. Do not use it; tell the supervisor.")
                        : tr_("Unknown product (GTIN %s): it is not in the ward's catalog. Do not use it; tell the "
                              "supervisor.",
                              {scan.gtin}));
    const std::string& name = product->name; // catalog names carry the strength as printed on the label
    if (const Recall* recalled = _catalog.recall(*product, scan.lot))
        return stop("recalled",
                    scan.lot.empty() ? tr_("RECALLED: %1$s - %2$s Do not use it; take one from another lot.",
                                           {name, recalled->reason})
                                     : tr_("RECALLED: %1$s, lot %2$s - %3$s Do not use it; take one from another lot.",
                                           {name, scan.lot, recalled->reason}),
                    product);
    if (product->heparinUnitsPerMl > 0 && patient.heparinAllergyOrHit)
        return stop("heparin-hit",
                    tr_("HEPARIN for a patient with heparin allergy or HIT. Do not use it; use a saline lock."),
                    product);
    if (product->category != expect.category) {
        if (expect.category == "heparin-lock" && product->category == "saline-flush")
            return stop("wrong-product",
                        tr_("%1$s scanned; this step needs the heparin lock the patient is ordered (%2$s units/mL).",
                            {name, unitsText(expect.unitsPerMl)}),
                        product);
        if (expect.category == "saline-flush" && product->heparinUnitsPerMl > 0)
            return stop("wrong-product", tr_("%s scanned; this step needs saline, not heparin.", {name}), product);
        return stop("wrong-product", tr_("%1$s scanned; this step needs %2$s.", {name, what(expect.category)}),
                    product);
    }
    if (expect.category == "heparin-lock" && !patient.lock.problem.empty())
        return stop("no-order",
                    tr_("This patient's lock order cannot be used: %s No lock is given until the order "
                        "is corrected.",
                        {patient.lock.problem}),
                    product);
    if (expect.unitsPerMl > 0 && product->heparinUnitsPerMl != expect.unitsPerMl)
        return stop("heparin-concentration",
                    tr_("Heparin %1$s units/mL scanned; this step needs %2$s units/mL. Use the correct syringe.",
                        {unitsText(product->heparinUnitsPerMl), unitsText(expect.unitsPerMl)}),
                    product);
    if (product->category == "dressing" && !expect.dressingType.empty()) {
        if (product->dressingType.empty())
            return warn("wrong-dressing",
                        tr_("The catalog does not say which type of dressing %s is. Check it is %s.",
                            {name, dressingName(expect.dressingType)}),
                        product);
        if (product->dressingType != expect.dressingType)
            return stop("wrong-dressing",
                        tr_("%1$s scanned, but %2$s was chosen. Apply the dressing you chose, or go back and choose "
                            "this type.",
                            {name, dressingName(expect.dressingType)}),
                        product);
    }
    const bool drug = product->category == "heparin-lock" || product->category == "saline-flush";
    // The lot first: a warning answered with a reason (no expiry on a device) must not let a recalled lot in unread.
    if (scan.lot.empty()) {
        const auto lots = _catalog.recalledLots(*product);
        if (!lots.empty())
            return warn("lot-unknown",
                        tr_("The barcode of %1$s has no lot, and lots %2$s of it are recalled. Read the lot on the "
                            "package and enter it.",
                            {name, joined(lots)}),
                        product);
    }
    if (scan.expiry.empty()) {
        Text message = tr_("The expiry date was not in the scan of %s.", {name});
        if (!scan.warnings.empty())
            message += Text::verbatim(scan.warnings.front());
        if (drug)
            return stop("no-expiry", message + tr_("Scan it again; a medicine is not given without a checked expiry."),
                        product);
        return warn("no-expiry", message + tr_("Check the date on the package."), product);
    }
    if (scan.expiry < today)
        return stop("expired", tr_("EXPIRED on %1$s: %2$s. Do not use it; take another.", {scan.expiry, name}),
                    product);
    // Any saline into the port, a flush or a saline lock: a small syringe builds up a pressure that can rupture the
    // catheter (PORT-CARE.md: 10 mL or larger).
    if (product->category == "saline-flush" && product->syringeMl > 0 && product->syringeMl < 10)
        return stop("small-syringe",
                    tr_("%1$s is a %2$s mL syringe; flush with a syringe of 10 mL or larger (smaller ones build up "
                        "high pressure).",
                        {name, product->syringeMl}),
                    product);
    if (expect.volumeMl > 0 && product->volumeMl > 0 && product->volumeMl < expect.volumeMl)
        return warn("lock-volume",
                    tr_("%1$s holds %2$s mL; the order is %3$s mL.", {name, product->volumeMl, expect.volumeMl}),
                    product);
    if (!scan.warnings.empty())
        return warn("scan-warning", Text::verbatim(scan.warnings.front()), product);
    return {Verdict::Level::Pass, "ok",
            scan.lot.empty() ? tr_("%1$s, expires %2$s.", {name, scan.expiry})
                             : tr_("%1$s, lot %2$s, expires %3$s.", {name, scan.lot, scan.expiry}),
            product};
}

} // namespace portside::core
