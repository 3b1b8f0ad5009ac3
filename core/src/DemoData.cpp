#include "portside/core/DemoData.h"

#include "portside/core/StaffAuth.h"

namespace portside::core {

void seedDemo(EventStore& store)
{
    if (!store.staff("1001"))
        store.putStaff(StaffAuth::make("1001", "Sam Rivera", "nurse", "1234"));
    if (!store.staff("2001"))
        store.putStaff(StaffAuth::make("2001", "Lee Chen", "supervisor", "2468"));

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

    for (const auto& p : {ana, ben, chloe})
        if (!store.patient(p.id))
            store.putPatient(p);
}

} // namespace portside::core
