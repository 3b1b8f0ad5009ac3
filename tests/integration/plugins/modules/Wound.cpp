// A checklist plugin as a third party would ship it, built in two versions (WOUND_VERSION) to install, upgrade and
// roll back: its one step's title says which version runs.
#include "portside/sdk/Checklist.h"
#include "portside/sdk/PluginExport.h"

class WoundCheck final : public portside::sdk::ChecklistPlugin {
public:
    std::string id() const override { return "wound-check"; }
    std::string version() const override { return WOUND_VERSION; }
    void start(portside::sdk::Host&) override {}
    void stop() override {}
    portside::sdk::ChecklistDefinition definition(const portside::sdk::PatientContext&) const override
    {
        portside::sdk::ChecklistDefinition d;
        d.id = id();
        d.title = "Wound check";
        d.version = version();
        portside::sdk::Step step;
        step.id = "look";
        step.title = "Look at the wound (version " WOUND_VERSION ")";
        d.steps.push_back(step);
        return d;
    }
};
PORTSIDE_PLUGIN(WoundCheck)
