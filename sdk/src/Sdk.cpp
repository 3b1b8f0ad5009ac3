// Out-of-line destructors anchor each SDK class's vtable and type information in this library, so the host and
// every plugin module share one definition of each.

#include "portside/sdk/Checklist.h"
#include "portside/sdk/Host.h"
#include "portside/sdk/Label.h"
#include "portside/sdk/Printer.h"
#include "portside/sdk/Scanner.h"
#include "portside/sdk/Sync.h"

#include <algorithm>
#include <cstdlib>

namespace portside::sdk {

Host::~Host() = default;

double Host::settingNumber(const std::string& key, double fallback) const
{
    const std::string text = setting(key, "");
    if (text.empty())
        return fallback;
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    return (end && *end == '\0') ? value : fallback;
}

Plugin::~Plugin() = default;
ChecklistPlugin::~ChecklistPlugin() = default;
ScanSink::~ScanSink() = default;
ScannerPlugin::~ScannerPlugin() = default;
Viewfinder::~Viewfinder() = default;
PrinterPlugin::~PrinterPlugin() = default;
PrintUnconfirmed::~PrintUnconfirmed() = default;
SyncPlugin::~SyncPlugin() = default;

Validation ChecklistPlugin::validate(const Step&, const StepAnswer&, const PatientContext&) const
{
    return {};
}

LabelTemplate ChecklistPlugin::labelTemplate(double, double) const
{
    return {};
}

const char* toString(Effect effect)
{
    switch (effect) {
    case Effect::NeedleInserted: return "needle-inserted";
    case Effect::NeedleRemoved: return "needle-removed";
    case Effect::DressingApplied: return "dressing-applied";
    case Effect::PortFlushed: return "port-flushed";
    case Effect::ReadyForUse: return "ready-for-use";
    case Effect::NotReadyForUse: return "not-ready-for-use";
    }
    return "unknown";
}

namespace {
struct RoleName {
    StepRole role;
    const char* name;
};
constexpr RoleName kRoles[] = {
    {StepRole::Other, "other"},
    {StepRole::Review, "review"},
    {StepRole::Wristband, "wristband"},
    {StepRole::StaffBadge, "staff-badge"},
    {StepRole::Allergies, "allergies"},
    {StepRole::HandHygiene, "hand-hygiene"},
    {StepRole::RemoveDressing, "remove-dressing"},
    {StepRole::SiteAssessment, "site-assessment"},
    {StepRole::NotifyPrescriber, "notify-prescriber"},
    {StepRole::Antiseptic, "antiseptic"},
    {StepRole::Scrub, "scrub"},
    {StepRole::Dry, "dry"},
    {StepRole::HubScrub, "hub-scrub"},
    {StepRole::Needle, "needle"},
    {StepRole::NeedleInsert, "needle-insert"},
    {StepRole::BloodReturn, "blood-return"},
    {StepRole::Troubleshoot, "troubleshoot"},
    {StepRole::SalineFlush, "saline-flush"},
    {StepRole::FlushVolume, "flush-volume"},
    {StepRole::Discard, "discard"},
    {StepRole::DrawSamples, "draw-samples"},
    {StepRole::Lock, "lock"},
    {StepRole::LockVolume, "lock-volume"},
    {StepRole::Clamp, "clamp"},
    {StepRole::Withdraw, "withdraw"},
    {StepRole::SafetyGuard, "safety-guard"},
    {StepRole::DressingType, "dressing-type"},
    {StepRole::Dressing, "dressing"},
    {StepRole::Label, "label"},
    {StepRole::NotReady, "not-ready"},
};
} // namespace

const char* toString(StepRole role)
{
    for (const auto& r : kRoles)
        if (r.role == role)
            return r.name;
    return "other";
}

StepRole stepRoleFromString(const std::string& name)
{
    for (const auto& r : kRoles)
        if (name == r.name)
            return r.role;
    return StepRole::Other;
}

const char* toString(PluginKind kind)
{
    switch (kind) {
    case PluginKind::Checklist: return "checklist";
    case PluginKind::Scanner: return "scanner";
    case PluginKind::Printer: return "printer";
    case PluginKind::Sync: return "sync";
    }
    return "unknown";
}

const char* toString(StepType type)
{
    switch (type) {
    case StepType::Confirm: return "confirm";
    case StepType::Scan: return "scan";
    case StepType::Number: return "number";
    case StepType::Choice: return "choice";
    case StepType::Assessment: return "assessment";
    case StepType::TimedWait: return "timed-wait";
    case StepType::Note: return "note";
    }
    return "unknown";
}

LabelTemplate compactDressingDateTemplate(double w, double h)
{
    LabelTemplate t;
    t.id = "dressing-date";
    t.widthMm = w;
    t.heightMm = h;
    const double margin = 1.0;
    const bool matrix = w >= 40; // a short, wide label keeps a (smaller) DataMatrix beside the text
    const double code = matrix ? std::min(h - 2 * margin, 14.0) : 0;
    const double textWidth = w - 2 * margin - (matrix ? code + 1.5 : 0);
    struct Row {
        const char* field;
        const char* prefix;
        double weight, size;
        bool bold, wrap;
    };
    std::vector<Row> rows;
    if (!matrix)
        rows.push_back({"title", "", 1.0, 9, true, false});
    rows.push_back({"due", "Dressing due: ", 2.4, 12, true, true});
    rows.push_back({"needleDue", "Needle due: ", 2.4, 12, true, true});
    rows.push_back({"needle", "Needle: ", 2.2, 10, true, true});
    rows.push_back({"nurse", "Nurse: ", 1.0, 8, false, false});
    if (!matrix)
        rows.push_back({"record", "", 2.0, 6, false, true});
    double total = 0;
    for (const auto& r : rows)
        total += r.weight;
    double y = margin;
    for (const auto& r : rows) {
        LabelElement e;
        e.kind = LabelElement::Kind::Text;
        e.xMm = margin;
        e.yMm = y;
        e.widthMm = textWidth;
        e.heightMm = (h - 2 * margin) * r.weight / total;
        e.field = r.field;
        e.text = r.prefix;
        e.sizePt = r.size;
        e.minSizePt = 5;
        e.bold = r.bold;
        e.wrap = r.wrap;
        t.elements.push_back(e);
        y += e.heightMm;
    }
    if (matrix) {
        LabelElement m;
        m.kind = LabelElement::Kind::DataMatrix;
        m.xMm = w - margin - code;
        m.yMm = (h - code) / 2;
        m.widthMm = m.heightMm = code;
        m.field = "record";
        t.elements.push_back(m);
    }
    return t;
}

LabelTemplate dressingDateTemplate(double w, double h)
{
    // The standard layout needs a text column of 30 mm beside its DataMatrix; narrower labels get the compact one.
    if (w < 40 || w - std::min(h - 6, 16.0) - 5 < 30)
        return compactDressingDateTemplate(w, h);
    LabelTemplate t;
    t.id = "dressing-date";
    t.widthMm = w;
    t.heightMm = h;
    const double code = std::min(h - 6, 16.0); // DataMatrix side
    const double textWidth = w - code - 5;
    const double line = (h - 3) / 6;
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
    text(3, "due", "Dressing due: ", 10, true);
    text(4, "needleDue", "Needle due: ", 10, true);
    text(5, "nurse", "Nurse: ", 9, false);
    LabelElement matrix;
    matrix.kind = LabelElement::Kind::DataMatrix;
    matrix.xMm = w - code - 1.5;
    matrix.yMm = (h - code) / 2;
    matrix.widthMm = matrix.heightMm = code;
    matrix.field = "record";
    t.elements.push_back(matrix);
    return t;
}

} // namespace portside::sdk
