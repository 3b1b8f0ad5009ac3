// Dressing change with the needle staying in (shared/clinical/PORT-CARE.md, "Dressing change").

#include "../common/StepBuilders.h"

#include "portside/sdk/PluginExport.h"

namespace {

using namespace portside::plugins;

class DressingChangePlugin final : public ChecklistPlugin {
public:
    std::string id() const override { return "dressing-change"; }
    std::string version() const override { return "2.0.0"; }
    void start(Host& host) override { _antisepsis.read(host); }
    void stop() override {}

    ChecklistDefinition definition(const PatientContext& patient) const override
    {
        ChecklistDefinition d = newDefinition(*this, N_("Dressing change"));
        d.portBefore = PortRequirement::Accessed;
        d.effects = {Effect::DressingApplied};
        d.label = "dressing-date";
        auto& s = d.steps;
        s.push_back(handHygiene());
        s.push_back(identifyPatient());
        s.push_back(confirmStep("remove-dressing", N_("Remove the old dressing"),
                                N_("Hold the needle steady while you remove the old dressing."),
                                StepRole::RemoveDressing));
        addSiteAssessment(s, "antiseptic");
        addAntisepsis(s, _antisepsis, patient);
        addDressing(s);
        s.push_back(labelDressing());
        return d;
    }

    LabelTemplate labelTemplate(double widthMm, double heightMm) const override
    {
        return dressingDateTemplate(widthMm, heightMm); // the dressing-date label on the dressing
    }

private:
    Antisepsis _antisepsis;
};

} // namespace

PORTSIDE_PLUGIN(DressingChangePlugin)
