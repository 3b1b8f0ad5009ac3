// Port access: the checklist a nurse follows to access an implanted port with a Huber needle
// (shared/clinical/PORT-CARE.md, "Port access"). Every number is a site setting with the guide's default.

#include "portside/sdk/Checklist.h"
#include "portside/sdk/Host.h"
#include "portside/sdk/PluginExport.h"

#include <cmath>

#define N_(text) text // marks a message id for xgettext; the shell translates it in this plugin's text domain

namespace {

using namespace portside::sdk;

Step confirmStep(const char* id, const char* title, const char* instruction)
{
    Step s;
    s.id = id;
    s.type = StepType::Confirm;
    s.title = title;
    s.instruction = instruction;
    return s;
}

Step scanStep(const char* id, const char* title, const char* instruction, const char* category, const char* detail = "")
{
    Step s = confirmStep(id, title, instruction);
    s.type = StepType::Scan;
    s.expect = {category, detail};
    return s;
}

Step choiceStep(const char* id, const char* title, const char* instruction, std::vector<Option> choices)
{
    Step s = confirmStep(id, title, instruction);
    s.type = StepType::Choice;
    s.choices = std::move(choices);
    return s;
}

Step waitStep(const char* id, const char* title, const char* instruction, int seconds)
{
    Step s = confirmStep(id, title, instruction);
    s.type = StepType::TimedWait;
    s.waitSeconds = seconds;
    return s;
}

class PortAccessPlugin final : public ChecklistPlugin {
public:
    std::string id() const override { return "port-access"; }
    std::string version() const override { return "1.0.0"; }

    void start(Host& host) override
    {
        _scrubSeconds = static_cast<int>(host.settingNumber("port-access.scrub_s", 30));
        _drySeconds = static_cast<int>(host.settingNumber("port-access.dry_s", 30));
        _flushMl = host.settingNumber("port-access.flush_ml", 10);
        _flushMaxMl = host.settingNumber("port-access.flush_max_ml", 20);
        if (_scrubSeconds < 1 || _drySeconds < 1 || _flushMl < 10 || _flushMaxMl < _flushMl)
            throw std::invalid_argument("the site settings for port access are out of range (scrub and dry time must "
                                        "be positive, the flush at least 10 mL)");
    }
    void stop() override {}

    ChecklistDefinition definition() const override
    {
        ChecklistDefinition d;
        d.id = id();
        d.version = version();
        d.title = N_("Port access");
        d.textDomain = "portside-port-access";

        d.steps.push_back(confirmStep("review", N_("Review the port and the order"),
            N_("Check the device type and whether it is power-injectable, that the catheter tip position is confirmed "
               "and documented, and that an order is present.")));
        d.steps.push_back(scanStep("patient", N_("Identify the patient"),
            N_("Scan the patient's wristband, then ask the patient's date of birth: two identifiers."), "patient"));
        d.steps.push_back(choiceStep("allergies", N_("Allergies"), N_("Ask about and check the chart for allergies."),
            {{"none", N_("No relevant allergy")},
             {"chlorhexidine", N_("Chlorhexidine allergy")},
             {"heparin", N_("Heparin allergy or HIT")},
             {"both", N_("Chlorhexidine and heparin")}}));
        d.steps.push_back(confirmStep("hand-hygiene", N_("Hand hygiene"),
            N_("Clean your hands, then put on clean gloves.")));

        Step assess = confirmStep("site", N_("Assess the site"),
            N_("Look at and feel the skin over the port. Any yes: describe it in the note and consider notifying the "
               "prescriber."));
        assess.type = StepType::Assessment;
        assess.findings = {{"redness", N_("Redness")},
                           {"swelling", N_("Swelling")},
                           {"drainage", N_("Drainage")},
                           {"tenderness", N_("Tenderness or pain")},
                           {"warmth", N_("Warmth")}};
        d.steps.push_back(assess);

        d.steps.push_back(choiceStep("antiseptic", N_("Skin antiseptic"), N_("Choose the antiseptic you use."),
            {{"chg", /* xgettext:no-c-format */ N_("2% chlorhexidine in 70% alcohol")},
             {"alcohol", N_("Alcohol only (chlorhexidine allergy)")}}));
        d.steps.push_back(waitStep("scrub", N_("Scrub the site"),
            N_("Scrub with back-and-forth friction for the whole time."), _scrubSeconds));
        d.steps.push_back(waitStep("dry", N_("Let the site dry"),
            N_("Let the antiseptic dry completely. Do not blot or fan."), _drySeconds));
        d.steps.push_back(scanStep("needle", N_("Scan the Huber needle"),
            N_("Use the smallest gauge for the therapy and a length that sits level with the skin."), "huber-needle"));
        d.steps.push_back(confirmStep("insert", N_("Insert the needle"),
            N_("Stabilise the port and insert at 90 degrees until the needle meets the back of the reservoir.")));
        d.steps.push_back(choiceStep("blood-return", N_("Blood return"), N_("Aspirate gently. Is there blood return?"),
            {{"yes", N_("Yes, blood return")}, {"no", N_("No blood return")}}));
        d.steps.push_back(scanStep("saline", N_("Scan the saline flush"),
            /* xgettext:no-c-format */ N_("0.9% sodium chloride in a syringe of 10 mL or larger."), "saline-flush", N_("10 mL or larger")));

        Step flush = confirmStep("flush", N_("Flush the port"), N_("Flush with a push-pause technique."));
        flush.type = StepType::Number;
        flush.minimum = 10;
        flush.maximum = _flushMaxMl;
        flush.defaultValue = _flushMl;
        flush.unit = "mL";
        d.steps.push_back(flush);

        d.steps.push_back(choiceStep("dressing-type", N_("Dressing"), N_("Choose the dressing you apply."),
            {{"tsm", N_("Transparent membrane (change within 7 days)")}, {"gauze", N_("Gauze (change within 2 days)")}}));
        d.steps.push_back(scanStep("dressing", N_("Scan the dressing"), N_("Apply the dressing over the needle."),
                                   "dressing"));
        d.steps.push_back(confirmStep("label", N_("Label the dressing"),
            N_("Write or print the dressing-date label and stick it on the dressing.")));
        return d;
    }

    std::string validate(const Step& step, const StepAnswer& answer) const override
    {
        if (step.id == "flush" && std::fmod(answer.number, 1.0) != 0.0)
            return N_("Enter the flush volume in whole millilitres.");
        return {};
    }

private:
    int _scrubSeconds = 30;
    int _drySeconds = 30;
    double _flushMl = 10;
    double _flushMaxMl = 20;
};

} // namespace

PORTSIDE_PLUGIN(PortAccessPlugin)
