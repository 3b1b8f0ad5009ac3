#pragma once

#include "portside/core/EventStore.h"

#include <vector>

namespace portside::core {

/// Puts the demo ward into a store: two staff (nurse 1001 with PIN 1234, supervisor 2001 with PIN 2468) and three
/// patients whose orders and flags exercise the checklists (a heparin 100 units/mL lock; HIT with a saline lock; a
/// child with a 10 units/mL lock and a chlorhexidine allergy). Reference data only: idempotent, no events.
void seedDemo(EventStore& store);

std::vector<StaffRecord> demoStaff();
std::vector<PatientRecord> demoPatients();
Recall demoRecall();

/// The demo catalog: Huber needles (GS1 and HIBC), saline 10 and 5 mL, heparin 10, 100, 1,000, 5,000 and
/// 10,000 units/mL, dressings. seedDemo() also recalls lot RC2407 of heparin 100 units/mL.
std::vector<Product> demoProducts();

} // namespace portside::core
