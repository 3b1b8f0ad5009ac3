#include "portside/core/DemoData.h"

#include "portside/core/StaffAuth.h"

namespace portside::core {

std::vector<StaffRecord> demoStaff()
{
    return {StaffAuth::make("1001", "Sam Rivera", "nurse", "1234"),
            StaffAuth::make("2001", "Lee Chen", "supervisor", "2468")};
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

void seedDemo(EventStore& store)
{
    for (const auto& s : demoStaff())
        if (!store.staff(s.badge))
            store.putStaff(s);
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
        {"09506001002018", "", "huber-needle", "Huber needle 20G x 19 mm", 0, 0, 0, 20, 19},
        {"09506001002216", "", "huber-needle", "Huber needle 22G x 19 mm", 0, 0, 0, 22, 19},
        {"", "H123/HN2225", "huber-needle", "Huber needle 22G x 25 mm (HIBC)", 0, 0, 0, 22, 25},
        {"09506002000105", "", "saline-flush", "Sodium chloride 0.9% 10 mL prefilled syringe", 0, 10, 10, 0, 0},
        {"09506002000051", "", "saline-flush", "Sodium chloride 0.9% 5 mL prefilled syringe", 0, 5, 5, 0, 0},
        {"09506003000104", "", "heparin-lock", "Heparin lock flush 10 units/mL 5 mL", 10, 5, 5, 0, 0},
        {"09506003001002", "", "heparin-lock", "Heparin lock flush 100 units/mL 5 mL", 100, 5, 5, 0, 0},
        {"09506003010004", "", "heparin-lock", "Heparin 1,000 units/mL 5 mL", 1000, 5, 5, 0, 0},
        {"09506003050000", "", "heparin-lock", "Heparin 5,000 units/mL 1 mL", 5000, 1, 1, 0, 0},
        {"09506003100002", "", "heparin-lock", "Heparin 10,000 units/mL 1 mL", 10000, 1, 1, 0, 0},
        {"09506004000011", "", "dressing", "Transparent membrane dressing 10 x 12 cm", 0, 0, 0, 0, 0},
        {"09506004000028", "", "dressing", "Gauze dressing 10 x 10 cm", 0, 0, 0, 0, 0},
    };
}

} // namespace portside::core
