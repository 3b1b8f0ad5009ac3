// Out-of-line destructors anchor each SDK class's vtable and type information in this library, so the host and
// every plugin module share one definition of each.

#include "portside/sdk/Checklist.h"
#include "portside/sdk/Host.h"
#include "portside/sdk/Printer.h"
#include "portside/sdk/Scanner.h"
#include "portside/sdk/Sync.h"

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
PrinterPlugin::~PrinterPlugin() = default;
SyncPlugin::~SyncPlugin() = default;

Validation ChecklistPlugin::validate(const Step&, const StepAnswer&, const PatientContext&) const
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
    }
    return "unknown";
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

} // namespace portside::sdk
