// A plugin that refuses to start, as one with an invalid site setting would.
#define TWIN_ID "fails-start"
#define TWIN_VERSION "1.0.0"
#include "portside/sdk/Checklist.h"
#include "portside/sdk/PluginExport.h"

#include <stdexcept>

class FailsStart final : public portside::sdk::ChecklistPlugin {
public:
    std::string id() const override { return "fails-start"; }
    std::string version() const override { return "1.0.0"; }
    void start(portside::sdk::Host&) override { throw std::runtime_error("the dry time setting is not a number"); }
    void stop() override {}
    portside::sdk::ChecklistDefinition definition(const portside::sdk::PatientContext&) const override { return {}; }
};
PORTSIDE_PLUGIN(FailsStart)
