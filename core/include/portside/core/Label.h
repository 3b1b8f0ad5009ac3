#pragma once

#include "portside/core/Clock.h"

#include <array>
#include <map>
#include <string>
#include <vector>

namespace portside::core {

/// One thing printed on a label, placed in millimetres from the label's top-left corner.
struct LabelElement {
    enum class Kind { Text, DataMatrix };
    Kind kind = Kind::Text;
    double xMm = 0, yMm = 0, widthMm = 0, heightMm = 0;
    std::string field;  ///< the data field it shows; empty for fixed text
    std::string text;   ///< fixed text, or a prefix before the field's value ("Change by: ")
    double sizePt = 10; ///< Text: preferred size; shrunk (down to minSizePt) until it fits its box
    double minSizePt = 5;
    bool bold = false;
    bool wrap = false; ///< Text: may wrap onto more lines within its box
};

/// A label layout in millimetres. Width is the printable width of the media; height 0 means endless media (the
/// layout's own height is used).
struct LabelTemplate {
    std::string id;
    double widthMm = 0;
    double heightMm = 0;
    std::vector<LabelElement> elements;
};

/// Values for a template's fields.
using LabelData = std::map<std::string, std::string>;

/// The dressing-date label (PORT-CARE.md, port access step 11), laid out for `widthMm` x `heightMm` media:
/// dressing and needle date/time, next change due, needle size, nurse initials and a DataMatrix of the record id.
LabelTemplate dressingDateTemplate(double widthMm = 62, double heightMm = 29);

/// Month names for labels; English unless the shell passes the translated ones.
using MonthNames = std::array<std::string, 12>;
const MonthNames& englishMonths();
/// "27 Nov 2026 14:30": day, month name, year, 24-hour time: never ambiguous between day and month.
std::string labelDate(Clock::TimePoint time, const MonthNames& months = englishMonths());

/// Sample data for the dressing-date label (for `label render` without --data and for previews).
LabelData sampleDressingData();

} // namespace portside::core
