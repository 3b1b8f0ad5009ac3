#include "portside/core/DemoData.h"

#include "portside/core/ChecklistRun.h"
#include "portside/core/SafetyRules.h"
#include "portside/core/ScanVerifier.h"
#include "portside/core/StaffAuth.h"

namespace portside::core {

namespace {
struct DemoStaffMember {
    const char *badge, *name, *role, *pin;
};
// Six digits, the default minimum (StaffAuth::kMinPinLength); README's "Demo sign-in" names them.
const DemoStaffMember kDemoStaff[] = {{"1001", "Sam Rivera", "nurse", "123456"},
                                      {"2001", "Lee Chen", "supervisor", "246813"}};
} // namespace

std::vector<StaffRecord> demoStaff(int iterations)
{
    std::vector<StaffRecord> out;
    for (const auto& s : kDemoStaff)
        out.push_back(StaffAuth::make(s.badge, s.name, s.role, s.pin, iterations));
    return out;
}

std::vector<PatientRecord> demoPatients()
{
    PatientRecord ana;
    ana.id = "950600013435200008"; // GSRN with a valid check digit, as on the wristband
    ana.displayName = "Ana Garcia";
    ana.birthDate = "1961-03-02";
    ana.bed = "7-01";
    ana.portType = "chest port, single lumen";
    ana.powerInjectable = true;
    ana.lockSolution = "heparin";
    ana.lockUnitsPerMl = 100;
    ana.lockVolumeMl = 5;

    PatientRecord ben = ana;
    ben.id = "950600013435200015";
    ben.displayName = "Ben Okafor";
    ben.birthDate = "1974-11-19";
    ben.bed = "7-02";
    ben.powerInjectable = false;
    ben.heparinAllergyOrHit = true;
    ben.lockSolution = "saline";
    ben.lockUnitsPerMl = 0;

    PatientRecord chloe = ana;
    chloe.id = "950600013435200022";
    chloe.displayName = "Chloe Martin";
    chloe.birthDate = "2025-06-30";
    chloe.bed = "7-03";
    chloe.portType = "chest port, single lumen (paediatric)";
    chloe.powerInjectable = false;
    chloe.chlorhexidineAllergy = true;
    chloe.lockUnitsPerMl = 10;
    chloe.lockVolumeMl = 2;

    return {ana, ben, chloe};
}

Recall demoRecall()
{
    return {"09506003001002", "RC2407", "Manufacturer recall: particles found in this lot."};
}

void seedDemo(EventStore& store, int staffIterations)
{
    for (const auto& s : kDemoStaff) // each PIN hashed only when missing: hashing is slow on purpose
        if (!store.staff(s.badge))
            store.putStaff(StaffAuth::make(s.badge, s.name, s.role, s.pin, staffIterations));
    for (const auto& p : demoPatients())
        if (!store.patient(p.id))
            store.putPatient(p);
    for (const auto& product : demoProducts())
        store.putProduct(product);
    store.putRecall(demoRecall());
}

std::vector<Product> demoProducts()
{
    // GTINs under the GS1 demo prefix 950 with valid check digits. Heparin strengths are distinct products and are
    // told apart by GTIN, never by name.
    return {
        {"09506001002018", "", "huber-needle", "Huber needle 20G x 19 mm", 0, 0, 0, 20, 19, {}},
        {"09506001002216", "", "huber-needle", "Huber needle 22G x 19 mm", 0, 0, 0, 22, 19, {}},
        {"", "H123/HN2225", "huber-needle", "Huber needle 22G x 25 mm (HIBC)", 0, 0, 0, 22, 25, {}},
        {"09506002000105", "", "saline-flush", "Sodium chloride 0.9% 10 mL prefilled syringe", 0, 10, 10, 0, 0, {}},
        {"09506002000051", "", "saline-flush", "Sodium chloride 0.9% 5 mL prefilled syringe", 0, 5, 5, 0, 0, {}},
        {"09506003000104", "", "heparin-lock", "Heparin lock flush 10 units/mL 5 mL", 10, 5, 5, 0, 0, {}},
        {"09506003001002", "", "heparin-lock", "Heparin lock flush 100 units/mL 5 mL", 100, 5, 5, 0, 0, {}},
        {"09506003010004", "", "heparin-lock", "Heparin 1\u202f000 units/mL 5 mL", 1000, 5, 5, 0, 0, {}},
        {"09506003050000", "", "heparin-lock", "Heparin 5\u202f000 units/mL 1 mL", 5000, 1, 1, 0, 0, {}},
        {"09506003100002", "", "heparin-lock", "Heparin 10\u202f000 units/mL 1 mL", 10000, 1, 1, 0, 0, {}},
        {"09506004000011", "", "dressing", "Transparent membrane dressing 10 x 12 cm", 0, 0, 0, 0, 0, "tsm"},
        {"09506004000028", "", "dressing", "Gauze dressing 10 x 10 cm", 0, 0, 0, 0, 0, "gauze"},
    };
}

namespace {
/// YYMM00 a year from now: the last day of that month, as GS1 (17) writes it.
std::string nextYear(Clock::TimePoint now)
{
    const std::string today = localDate(now);
    return std::to_string(std::stoi(today.substr(0, 4)) + 1).substr(2) + today.substr(5, 2) + "00";
}

std::string demoBarcode(const Product& product, Clock::TimePoint now)
{
    return "]d201" + product.gtin + "17" + nextYear(now) + "10" + "D" + product.gtin.substr(8, 5);
}
} // namespace

std::string demoScanFor(const sdk::ScanExpectation& expect, const std::string& patientId, Clock::TimePoint now)
{
    if (expect.category == "patient")
        return "]C18018" + patientId;
    for (const auto& product : demoProducts()) {
        if (product.gtin.empty() || product.category != expect.category)
            continue;
        if (expect.category == "heparin-lock" && product.heparinUnitsPerMl != expect.unitsPerMl)
            continue;
        if (expect.category == "saline-flush" && product.syringeMl < 10)
            continue;
        if (expect.category == "dressing" && !expect.dressingType.empty() &&
            product.dressingType != expect.dressingType)
            continue;
        return demoBarcode(product, now);
    }
    return {};
}

std::vector<DemoScanButton> demoScanButtons(const EventStore& store, const std::string& patientId, Clock::TimePoint now)
{
    const std::string year = nextYear(now);
    std::vector<DemoScanButton> scans;
    scans.push_back({tr_("Wristband"), "]C18018" + patientId});
    for (const auto& p : store.patients())
        if (p.id != patientId) {
            scans.push_back({tr_("Another patient's wristband"), "]C18018" + p.id});
            break;
        }
    for (const auto& product : demoProducts()) {
        if (product.gtin.empty())
            continue;
        Text label = Text::verbatim(product.name);
        if (product.category == "heparin-lock")
            label = tr_("Heparin %s", {unitsText(product.heparinUnitsPerMl)});
        else if (product.category == "saline-flush")
            label = tr_("Saline %s mL", {formatNumber(product.syringeMl)});
        else if (product.category == "huber-needle")
            label = tr_("Needle %sG", {std::to_string(product.gauge)});
        else if (product.dressingType == "tsm")
            label = tr_("TSM dressing");
        else if (product.dressingType == "gauze")
            label = tr_("Gauze dressing");
        scans.push_back({label, demoBarcode(product, now)});
    }
    scans.push_back({tr_("Expired saline"), "]d20109506002000105"
                                            "17240100"
                                            "10OLD1"});
    scans.push_back({tr_("Recalled heparin 100"), "]d20109506003001002"
                                                  "17" +
                                                      year + "10RC2407"});
    scans.push_back({tr_("Heparin 100 without a lot"), "]d20109506003001002"
                                                       "17" +
                                                           year});
    return scans;
}

} // namespace portside::core
