#include "portside/core/KioskHost.h"

namespace portside::core {

KioskHost::~KioskHost() = default; // here, so the type information lives in portside-core for every plugin

} // namespace portside::core
