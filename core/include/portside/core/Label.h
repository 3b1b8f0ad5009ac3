#pragma once

#include "portside/core/Clock.h"
#include "portside/core/Text.h"
#include "portside/sdk/Label.h"

#include <array>
#include <map>
#include <string>
#include <vector>

namespace portside::core {

// Label layouts are part of the plugin API (checklist plugins supply theirs); core uses the same types.
using LabelElement = sdk::LabelElement;
using LabelTemplate = sdk::LabelTemplate;
using LabelData = sdk::LabelData;
using sdk::dressingDateTemplate;

/// Month names for labels; English unless the shell passes the translated ones.
using MonthNames = std::array<std::string, 12>;
const MonthNames& englishMonths();
/// The month abbreviations in the translator's language (core's catalog); English without one.
MonthNames translatedMonths(const Translator* translator);
/// "27 Nov 2026 14:30": day, month name, year, 24-hour time: never ambiguous between day and month.
std::string labelDate(Clock::TimePoint time, const MonthNames& months = englishMonths());

/// Sample data for the dressing-date label (for `label render` without --data and for previews).
LabelData sampleDressingData();

} // namespace portside::core
