#include "portside/core/Label.h"

#include <Poco/LocalDateTime.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <cstdio>

namespace portside::core {

LabelTemplate dressingDateTemplate(double w, double h)
{
    LabelTemplate t;
    t.id = "dressing-date";
    t.widthMm = w;
    t.heightMm = h;
    const double code = std::min(h - 6, 16.0); // DataMatrix side
    const double textWidth = w - code - 5;
    const double line = (h - 3) / 5;
    auto text = [&](int row, const char* field, const char* prefix, double size, bool bold) {
        LabelElement e;
        e.kind = LabelElement::Kind::Text;
        e.xMm = 1.5;
        e.yMm = 1.5 + row * line;
        e.widthMm = textWidth;
        e.heightMm = line;
        e.field = field;
        e.text = prefix;
        e.sizePt = size;
        e.bold = bold;
        e.wrap = !bold; // details may take two lines; titles and the due date stay on one
        t.elements.push_back(e);
    };
    text(0, "title", "", 11, true);
    text(1, "dressing", "Dressing: ", 9, false);
    text(2, "needle", "Needle: ", 9, false);
    text(3, "due", "Change by: ", 10, true);
    text(4, "nurse", "Nurse: ", 9, false);
    LabelElement matrix;
    matrix.kind = LabelElement::Kind::DataMatrix;
    matrix.xMm = w - code - 1.5;
    matrix.yMm = (h - code) / 2;
    matrix.widthMm = matrix.heightMm = code;
    matrix.field = "record";
    t.elements.push_back(matrix);
    return t;
}

const MonthNames& englishMonths()
{
    static const MonthNames names = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return names;
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
            {"nurse", "SR"},
            {"record", "7d9f0c2e-5b1a-4c3e-9f6d-2a8b4e1c0f37"}};
}

} // namespace portside::core
