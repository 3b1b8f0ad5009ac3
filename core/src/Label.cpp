#include "portside/core/Label.h"

#include <Poco/LocalDateTime.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <cstdio>

namespace portside::core {

const MonthNames& englishMonths()
{
    static const MonthNames names = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return names;
}

MonthNames translatedMonths(const Translator* translator)
{
    // TRANSLATORS: month abbreviations on the dressing label and the screens ("27 Nov 2026 14:30")
    static const char* const kMonths[] = {TR_NOOP("Jan"), TR_NOOP("Feb"), TR_NOOP("Mar"), TR_NOOP("Apr"),
                                          TR_NOOP("May"), TR_NOOP("Jun"), TR_NOOP("Jul"), TR_NOOP("Aug"),
                                          TR_NOOP("Sep"), TR_NOOP("Oct"), TR_NOOP("Nov"), TR_NOOP("Dec")};
    MonthNames months;
    for (std::size_t m = 0; m < 12; ++m)
        months[m] = tr_(kMonths[m]).str(translator);
    return months;
}

std::string labelDate(Clock::TimePoint time, const MonthNames& months)
{
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(time.time_since_epoch()).count();
    const Poco::LocalDateTime local{Poco::Timestamp(micros)};
    char text[64];
    std::snprintf(text, sizeof text, "%d %s %04d %02d:%02d", local.day(),
                  months.at(static_cast<std::size_t>(local.month() - 1)).c_str(), local.year(), local.hour(),
                  local.minute());
    return text;
}

LabelData sampleDressingData()
{
    return {{"title", "PORT DRESSING"},
            {"dressing", "27 Nov 2026 14:30 (TSM)"},
            {"needle", "27 Nov 2026 14:25, 22G x 19 mm"},
            {"due", "4 Dec 2026 14:30"},
            {"needleDue", "4 Dec 2026 14:25"},
            {"nurse", "SR"},
            {"record", "7d9f0c2e-5b1a-4c3e-9f6d-2a8b4e1c0f37"}};
}

} // namespace portside::core
