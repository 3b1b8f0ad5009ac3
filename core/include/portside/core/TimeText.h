#pragma once

#include "portside/core/Clock.h"

#include <string>

namespace portside::core {

/// ISO 8601 UTC text of a time point, to the millisecond ("2026-11-27T14:30:00.000Z").
std::string isoTime(Clock::TimePoint time);
/// Parses isoTime()'s text back. Throws std::invalid_argument naming the text when it is not such a time.
Clock::TimePoint parseIsoTime(const std::string& text);
/// "27 Nov 2026 14:30" in local time: never ambiguous between day and month.
std::string displayTime(Clock::TimePoint time);

} // namespace portside::core
