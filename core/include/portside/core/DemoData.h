#pragma once

#include "portside/core/EventStore.h"

namespace portside::core {

/// Puts the demo ward into a store: two staff (nurse 1001 with PIN 1234, supervisor 2001 with PIN 2468) and three
/// patients whose orders and flags exercise the checklists (a heparin 100 units/mL lock; HIT with a saline lock; a
/// child with a 10 units/mL lock and a chlorhexidine allergy). Reference data only: idempotent, no events.
void seedDemo(EventStore& store);

} // namespace portside::core
