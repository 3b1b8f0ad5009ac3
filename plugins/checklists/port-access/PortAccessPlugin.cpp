// Port access: accessing an implanted port with a Huber needle (shared/clinical/PORT-CARE.md, "Port access").
// Every number is a site setting with the guide's default.

#include "../common/StepBuilders.h"

#include "portside/sdk/PluginExport.h"

#include <cmath>

namespace {

using namespace portside::plugins;

class PortAccessPlugin final : public ChecklistPlugin {
public:
    std::string id() const override { return "port-access"; }
    std::string version() const override { return "2.0.0"; }

    void start(Host& host) override
    {
        _host = &host;
        _antisepsis.read(host);
        if (_antisepsis.scrubSeconds < 1 || _antisepsis.drySeconds < 1 ||
            host.settingNumber("flush.volume_ml", 10) < 10)
            throw std::invalid_argument("the site settings for port access are out of range (scrub and dry time must "
                                        "be positive, the flush at least 10 mL)");
    }
    void stop() override { _host = nullptr; }

    ChecklistDefinition definition(const PatientContext& patient) const override
    {
        ChecklistDefinition d = newDefinition(*this, N_("Port access"));
        d.portBefore = PortRequirement::NotAccessed;
        d.effects = {Effect::NeedleInserted, Effect::DressingApplied, Effect::ReadyForUse};
        // No blood return: the needle stays in for the prescriber's decision, the port is not ready for use.
        d.outcomeEffects["not-ready-for-use"] = {Effect::NeedleInserted, Effect::NotReadyForUse};
        d.label = "dressing-date";
        auto& s = d.steps;

        s.push_back(confirmStep(
            "review", N_("Review the port and the order"),
            N_("Check the device type and whether it is power-injectable, that the catheter tip position is confirmed "
               "and documented, and that an order is present."),
            StepRole::Review));
        s.push_back(identifyPatient());
        s.push_back(allergies());
        s.push_back(handHygiene());
        addSiteAssessment(s, "antiseptic");
        addAntisepsis(s, _antisepsis, patient);
        addNeedle(s);
        addBloodReturn(s, "saline");
        addFlush(s, _host);
        addDressing(s);
        Step label = labelDressing();
        label.next = "end";
        s.push_back(label);
        addNotReadyForUse(s, false);
        return d;
    }

    Validation validate(const Step& step, const StepAnswer& answer, const PatientContext& patient) const override
    {
        if (step.id == "flush" && std::fmod(answer.number, 1.0) != 0.0)
            return {N_("Enter the flush volume in whole millilitres."), ""};
        if (step.id == "allergies" && answer.choice == "none" &&
            (patient.chlorhexidineAllergy || patient.heparinAllergyOrHit))
            return {"", N_("The patient's record lists an allergy or HIT, but none was chosen.")};
        return {};
    }

    LabelTemplate labelTemplate(double widthMm, double heightMm) const override
    {
        return dressingDateTemplate(widthMm, heightMm); // the dressing-date label on the dressing
    }

private:
    const Host* _host = nullptr;
    Antisepsis _antisepsis;
};

} // namespace

PORTSIDE_PLUGIN(PortAccessPlugin)
