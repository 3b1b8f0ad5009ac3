#pragma once
// Two modules compile this same class, TwinPlugin, with a different id each (TWIN_ID), to show that equal class
// names in two plugins do not shadow each other.

#include "portside/sdk/Checklist.h"
#include "portside/sdk/PluginExport.h"

class TwinPlugin final : public portside::sdk::ChecklistPlugin {
public:
    std::string id() const override { return TWIN_ID; }
    std::string version() const override { return TWIN_VERSION; }
    void start(portside::sdk::Host&) override { _started = true; }
    void stop() override {}
    portside::sdk::ChecklistDefinition definition(const portside::sdk::PatientContext&) const override
    {
        portside::sdk::ChecklistDefinition d;
        d.id = id();
        d.title = TWIN_ID;
        d.version = version();
        portside::sdk::Step step;
        step.id = std::string("only-step-of-") + TWIN_ID;
        d.steps.push_back(step);
        return d;
    }
    bool started() const { return _started; }

private:
    bool _started = false;
};
