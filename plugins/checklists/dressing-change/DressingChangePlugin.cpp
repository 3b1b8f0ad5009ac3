// Dressing change with the needle staying in (shared/clinical/PORT-CARE.md, "Dressing change").

#include "../common/StepBuilders.h"

#include "portside/sdk/PluginExport.h"

namespace {

using namespace portside::plugins;

class DressingChangePlugin final : public ChecklistPlugin {
public:
    std::string id() const override { return "dressing-change"; }
    std::string version() const override { return "1.0.0"; }
    void start(Host& host) override { _antisepsis.read(host); }
    void stop() override {}

    ChecklistDefinition definition(const PatientContext& patient) const override
    {
        ChecklistDefinition d = newDefinition(*this, N_("Dressing change"));
        d.effects = {Effect::DressingApplied};
        d.dressingStep = "dressing-type";
        d.label = "dressing-date";
        auto& s = d.steps;
        s.push_back(handHygiene());
        s.push_back(identifyPatient());
        s.push_back(confirmStep("remove-dressing", N_("Remove the old dressing"),
                                N_("Hold the needle steady while you remove the old dressing.")));
        s.push_back(siteAssessment());
        addAntisepsis(s, _antisepsis, patient);
        s.push_back(choiceStep("dressing-type", N_("Dressing"), N_("Choose the dressing you apply."),
                               {{"tsm", N_("Transparent membrane (change within 7 days)")},
                                {"gauze", N_("Gauze (change within 2 days)")}}));
        s.push_back(
            scanStep("dressing", N_("Scan the dressing"), N_("Apply the dressing over the needle."), "dressing"));
        s.push_back(confirmStep("label", N_("Label the dressing"),
                                N_("Write or print the dressing-date label and stick it on the dressing.")));
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
