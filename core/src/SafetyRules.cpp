#include "portside/core/SafetyRules.h"

#include "portside/core/ChecklistRun.h"

namespace portside::core {

namespace {

Verdict stop(const char* rule, std::string message, const Product* product = nullptr)
{
    return {Verdict::Level::Stop, rule, std::move(message), product};
}

std::string what(const std::string& category)
{
    if (category == "huber-needle")
        return "a Huber needle";
    if (category == "saline-flush")
        return "a saline flush syringe";
    if (category == "heparin-lock")
        return "a heparin lock syringe";
    if (category == "dressing")
        return "a dressing";
    return "\"" + category + "\"";
}

std::string productText(const Product& p)
{
    return p.name; // catalog names carry the strength as printed on the label
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
    for (int i = static_cast<int>(whole.size()) - 3; i > 0; i -= 3)
        whole.insert(static_cast<std::size_t>(i), ",");
    return whole + (dot == std::string::npos ? "" : digits.substr(dot));
}

Verdict SafetyRules::check(const ParsedScan& scan, const sdk::ScanExpectation& expect,
                           const sdk::PatientContext& patient, const std::string& today) const
{
    if (!scan.ok)
        return stop("unreadable", "The barcode could not be used: " + scan.error);

    if (expect.category == "patient" || expect.category == "staff") {
        const bool patientStep = expect.category == "patient";
        const std::string& id = patientStep ? scan.patient : scan.staff;
        if (id.empty())
            return stop("wrong-product", patientStep ? "This is not a patient wristband. Scan the patient's wristband."
                                                     : "This is not a staff badge. Scan your badge.");
        if (patientStep && id != patient.id)
            return stop("wrong-patient", "WRONG PATIENT: this wristband (" + id +
                                             ") is not the patient this checklist is "
                                             "for. Stop and check who the patient is.");
        return {Verdict::Level::Pass, "ok", patientStep ? "Patient confirmed." : "Badge confirmed.", nullptr};
    }

    if (!scan.patient.empty() || !scan.staff.empty())
        return stop("wrong-product", "This is a wristband or badge; this step needs " + what(expect.category) + ".");
    const Product* product = _catalog.find(scan);
    if (!product)
        return stop("unknown-product", "Unknown product" +
                                           (scan.gtin.empty() ? std::string() : " (GTIN " + scan.gtin + ")") +
                                           ": it is not in the ward's catalog. Do not use it; tell the supervisor.");
    const std::string name = productText(*product);
    if (const Recall* recalled = _catalog.recall(*product, scan.lot))
        return stop("recalled",
                    "RECALLED: " + name + (scan.lot.empty() ? "" : ", lot " + scan.lot) + " - " + recalled->reason +
                        " Do not use it; take one from another lot.",
                    product);
    if (product->heparinUnitsPerMl > 0 && patient.heparinAllergyOrHit)
        return stop("heparin-hit",
                    "HEPARIN for a patient with heparin allergy or HIT. Do not use it; use a saline "
                    "lock.",
                    product);
    if (product->category != expect.category) {
        if (expect.category == "heparin-lock" && product->category == "saline-flush")
            return stop("wrong-product",
                        name + " scanned; this step needs the heparin lock the patient is ordered (" +
                            unitsText(expect.unitsPerMl) + " units/mL).",
                        product);
        if (expect.category == "saline-flush" && product->heparinUnitsPerMl > 0)
            return stop("wrong-product", name + " scanned; this step needs saline, not heparin.", product);
        return stop("wrong-product", name + " scanned; this step needs " + what(expect.category) + ".", product);
    }
    if (expect.unitsPerMl > 0 && product->heparinUnitsPerMl != expect.unitsPerMl)
        return stop("heparin-concentration",
                    "Heparin " + unitsText(product->heparinUnitsPerMl) +
                        " units/mL scanned; this "
                        "step needs " +
                        unitsText(expect.unitsPerMl) +
                        " units/mL. Use the correct "
                        "syringe.",
                    product);
    if (scan.expiry.empty()) {
        std::string message = "The expiry date was not in the scan of " + name + ".";
        if (!scan.warnings.empty())
            message += " " + scan.warnings.front();
        const bool drug = product->category == "heparin-lock" || product->category == "saline-flush";
        if (drug)
            return stop("no-expiry", message + " Scan it again; a medicine is not given without a checked expiry.",
                        product);
        return {Verdict::Level::Warn, "no-expiry", message + " Check the date on the package.", product};
    }
    if (scan.expiry < today)
        return stop("expired", "EXPIRED on " + scan.expiry + ": " + name + ". Do not use it; take another.", product);
    if (product->category == "saline-flush" && expect.volumeMl == 0 && product->syringeMl > 0 &&
        product->syringeMl < 10)
        return stop("small-syringe",
                    name + " is a " + formatNumber(product->syringeMl) +
                        " mL syringe; flush with a "
                        "syringe of 10 mL or larger (smaller ones build up high pressure).",
                    product);
    if (expect.volumeMl > 0 && product->volumeMl > 0 && product->volumeMl < expect.volumeMl)
        return {Verdict::Level::Warn, "lock-volume",
                name + " holds " + formatNumber(product->volumeMl) + " mL; the order is " +
                    formatNumber(expect.volumeMl) + " mL.",
                product};
    if (!scan.warnings.empty())
        return {Verdict::Level::Warn, "scan-warning", scan.warnings.front(), product};
    return {Verdict::Level::Pass, "ok",
            name + (scan.lot.empty() ? "" : ", lot " + scan.lot) + ", expires " + scan.expiry + ".", product};
}

} // namespace portside::core
