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
    std::string version() const override { return "1.1.0"; }

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
        d.effects = {Effect::NeedleInserted, Effect::DressingApplied};
        d.dressingStep = "dressing-type";
        d.label = "dressing-date";
        auto& s = d.steps;

        s.push_back(confirmStep(
            "review", N_("Review the port and the order"),
            N_("Check the device type and whether it is power-injectable, that the catheter tip position is confirmed "
               "and documented, and that an order is present.")));
        s.push_back(identifyPatient());
        s.push_back(choiceStep("allergies", N_("Allergies"), N_("Ask about and check the chart for allergies."),
                               {{"none", N_("No relevant allergy")},
                                {"chlorhexidine", N_("Chlorhexidine allergy")},
                                {"heparin", N_("Heparin allergy or HIT")},
                                {"both", N_("Chlorhexidine and heparin")}}));
        s.push_back(handHygiene());
        s.push_back(siteAssessment());
        addAntisepsis(s, _antisepsis, patient);
        s.push_back(scanStep("needle", N_("Scan the Huber needle"),
                             N_("Use the smallest gauge for the therapy and a length that sits level with the skin."),
                             "huber-needle"));
        s.push_back(confirmStep(
            "insert", N_("Insert the needle"),
            N_("Stabilise the port and insert at 90 degrees until the needle meets the back of the reservoir.")));
        addBloodReturn(s, "saline");
        addFlush(s, _host);
        s.push_back(choiceStep("dressing-type", N_("Dressing"), N_("Choose the dressing you apply."),
                               {{"tsm", N_("Transparent membrane (change within 7 days)")},
                                {"gauze", N_("Gauze (change within 2 days)")}}));
        s.push_back(
            scanStep("dressing", N_("Scan the dressing"), N_("Apply the dressing over the needle."), "dressing"));
        Step label = confirmStep("label", N_("Label the dressing"),
                                 N_("Write or print the dressing-date label and stick it on the dressing."));
        label.next = "end";
        s.push_back(label);
        s.push_back(notReadyForUse());
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
