#pragma once

#include "portside/core/Clock.h"
#include "portside/core/EventStore.h"
#include "portside/core/StaffAuth.h"
#include "portside/core/Text.h"
#include "portside/sdk/Checklist.h"

#include <vector>

namespace portside::core {

/// Puts the demo ward into a store: two staff (nurse 1001 with PIN 123456, supervisor 2001 with PIN 246813) and three
/// patients whose orders and flags exercise the checklists (a heparin 100 units/mL lock; HIT with a saline lock; a
/// child with a 10 units/mL lock and a chlorhexidine allergy). Reference data only: idempotent, no events.
/// `staffIterations`: the PIN hashes' PBKDF2 rounds; fewer than the default only where tests sign in many times.
void seedDemo(EventStore& store, int staffIterations = StaffAuth::kIterations);

std::vector<StaffRecord> demoStaff(int iterations = StaffAuth::kIterations);
std::vector<PatientRecord> demoPatients();
Recall demoRecall();

/// The demo catalog: Huber needles (GS1 and HIBC), saline 10 and 5 mL, heparin 10, 100, 1,000, 5,000 and
/// 10,000 units/mL, dressings. seedDemo() also recalls lot RC2407 of heparin 100 units/mL.
std::vector<Product> demoProducts();

/// A button of the demo's simulated scanner.
struct DemoScanButton {
    Text label;
    std::string bytes;
};

/// What the demo's simulated scanner offers for a patient: their wristband, another patient's, every GTIN product
/// of the demo catalog as a GS1 DataMatrix would send it (expiring in a year), an expired saline, the recalled
/// heparin lot, and a heparin barcode without a lot.
/// What the demo scanner sends for the product a step expects (a demo catalog product that passes, expiring in a
/// year), or the patient's wristband; empty when the demo catalog has nothing for it.
std::string demoScanFor(const sdk::ScanExpectation& expect, const std::string& patientId, Clock::TimePoint now);

std::vector<DemoScanButton> demoScanButtons(const EventStore& store, const std::string& patientId,
                                            Clock::TimePoint now);

} // namespace portside::core
