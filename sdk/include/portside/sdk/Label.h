#pragma once

#include "portside/sdk/Export.h"

#include <map>
#include <string>
#include <vector>

namespace portside::sdk {

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

/// A label layout in millimetres, for one label size. An empty template (no elements) means "no label".
struct LabelTemplate {
    std::string id;
    double widthMm = 0;
    double heightMm = 0;
    std::vector<LabelElement> elements;
};

/// Values for a template's fields. The dressing-date template uses: title, dressing, needle, due (dressing change),
/// needleDue (needle change), nurse, record; and the translated prefixes prefix.dressing, prefix.needle, prefix.due,
/// prefix.needleDue, prefix.nurse when the host gives them (a field "prefix.<field>" replaces an element's `text`).
using LabelData = std::map<std::string, std::string>;

/// The standard dressing-date label (PORT-CARE.md, port access step 11) laid out for `widthMm` x `heightMm`:
/// dressing and needle date/time, when each is due for change, needle size, nurse initials and a DataMatrix of the
/// record id. Labels narrower than 40 mm, or too short for a 30 mm text column beside the DataMatrix (50 x 25 mm), get
/// a compact layout: the due dates large on lines of their own, the needle, the nurse, and a smaller DataMatrix - or,
/// on narrow tapes, the record id as text.
PORTSIDE_SDK_API LabelTemplate dressingDateTemplate(double widthMm = 62, double heightMm = 29);
/// The compact layout on its own: narrow tapes (29, 38 mm) and short labels (50 x 25 mm) get it from
/// dressingDateTemplate, and the renderer falls back to it when the standard layout's text does not fit (a long date
/// or language). The due dates large, each on its own, the needle, the nurse; the record id as text where there is
/// no room for a DataMatrix a scanner reads, a smaller DataMatrix beside the text where there is.
PORTSIDE_SDK_API LabelTemplate compactDressingDateTemplate(double widthMm, double heightMm);

} // namespace portside::sdk
