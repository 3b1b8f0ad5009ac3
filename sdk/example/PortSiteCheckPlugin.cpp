// Port site skin check: a checklist plugin as a third party writes it, against the installed Portside SDK alone.
// A nurse checks the skin over an implanted port between uses: identifies the patient, looks for signs of infection
// or irritation, asks for a pain score, cleans the skin and lets it dry, and writes a note.
//
// What a checklist declares (sdk/README.md says more):
//   - every step's type and *role*: the kiosk reads roles (the wristband check, site findings, antisepsis, ...),
//     never step ids, so its rules and records work for this checklist too;
//   - the port state it needs before (portBefore) and what it changes after (effects);
//   - its texts as untranslated message ids (marked N_ for xgettext) of its own text domain, translated in po/.

#include <portside/sdk/Checklist.h>
#include <portside/sdk/Host.h>
#include <portside/sdk/PluginExport.h>

#include <cmath>

#define N_(text) text // a message id for xgettext; the kiosk translates it in the checklist's text domain

namespace {

using namespace portside::sdk;

Step makeStep(const char* id, StepType type, StepRole role, const char* title, const char* instruction)
{
    Step s;
    s.id = id;
    s.type = type;
    s.role = role;
    s.title = title;
    s.instruction = instruction;
    return s;
}

class PortSiteCheckPlugin final : public ChecklistPlugin {
public:
    std::string id() const override { return "port-site-check"; }
    std::string version() const override { return PLUGIN_VERSION; } // CMakeLists.txt's project version
    // Site settings are read here, with the value the checklist uses when the site has not set one.
    void start(Host& host) override { _drySeconds = static_cast<int>(host.settingNumber("antisepsis.dry_s", 30)); }
    void stop() override {}

    ChecklistDefinition definition(const PatientContext& patient) const override
    {
        ChecklistDefinition d;
        d.id = id();
        d.version = version();
        d.title = N_("Port site skin check");
        d.textDomain = "port-site-check"; // the catalogs' name: locale/<lang>/LC_MESSAGES/port-site-check.mo
        d.portBefore = PortRequirement::Any;
        // A skin check changes nothing in the port's state, so it declares no effects. A checklist that does lists
        // them, and the kiosk moves the due dates: e.g. {Effect::DressingApplied} after a new dressing.
        d.effects = {};

        auto& steps = d.steps;
        steps.push_back(makeStep("hand-hygiene", StepType::Confirm, StepRole::HandHygiene, N_("Hand hygiene"),
                                 N_("Clean your hands, then put on clean gloves.")));

        Step wristband = makeStep("patient", StepType::Scan, StepRole::Wristband, N_("Identify the patient"),
                                  N_("Scan the patient's wristband, then ask the patient's date of birth."));
        wristband.expect.category = "patient";
        steps.push_back(wristband);

        Step site = makeStep("site", StepType::Assessment, StepRole::SiteAssessment, N_("Look at the skin"),
                             N_("Look at and feel the skin over the port and around it. Any yes: describe it in "
                                "the note."));
        site.findings = {{"redness", N_("Redness")},
                         {"swelling", N_("Swelling")},
                         {"drainage", N_("Drainage")},
                         {"broken-skin", N_("Thin or broken skin over the port")}};
        site.branches = {{"any-yes", "notify", ""}}; // a finding asks about the prescriber
        site.next = "pain";                          // no finding: straight on to the pain score
        steps.push_back(site);

        Step notify = makeStep("notify", StepType::Choice, StepRole::NotifyPrescriber, N_("Notify the prescriber"),
                               N_("A finding at the site: notify the prescriber now, or hand it over."));
        notify.choices = {{"notified", N_("Prescriber notified now")},
                          {"later", N_("Will notify after the check (hand over)")}};
        steps.push_back(notify);

        Step pain = makeStep("pain", StepType::Number, StepRole::Other, N_("Pain at the port"),
                             N_("Ask the patient to score pain at the port from 0 (none) to 10 (worst)."));
        pain.minimum = 0;
        pain.maximum = 10;
        pain.defaultValue = 0;
        pain.unit = N_("points"); // shown after the value: "2 points"
        pain.warnAbove = 3;       // more than 3 needs a reason from the nurse: the kiosk asks for it
        steps.push_back(pain);

        Step antiseptic = makeStep("antiseptic", StepType::Choice, StepRole::Antiseptic, N_("Clean the skin"),
                                   N_("Clean the skin over the port with the antiseptic you choose."));
        if (!patient.chlorhexidineAllergy) // the patient's flags shape the steps
            antiseptic.choices.push_back({"chg", /* xgettext:no-c-format */ N_("2% chlorhexidine in 70% alcohol")});
        antiseptic.choices.push_back({"alcohol", N_("Alcohol only")});
        steps.push_back(antiseptic);

        Step dry = makeStep("dry", StepType::TimedWait, StepRole::Dry, N_("Let the skin dry"),
                            N_("Let the antiseptic dry completely. Do not blot or fan."));
        dry.waitSeconds = _drySeconds; // the kiosk will not let it be confirmed early
        steps.push_back(dry);

        steps.push_back(makeStep("note", StepType::Note, StepRole::Other, N_("Note"),
                                 N_("Anything else about the skin or the port (may be left empty).")));
        return d;
    }

    // Rules the step's declaration cannot say; the declared range (0 to 10) is checked by the kiosk before this.
    Validation validate(const Step& step, const StepAnswer& answer, const PatientContext&) const override
    {
        Validation v;
        if (step.id == "pain" && answer.number != std::floor(answer.number))
            v.problem = N_("Give the pain score as a whole number from 0 to 10.");
        return v;
    }

private:
    int _drySeconds = 30;
};

} // namespace

PORTSIDE_PLUGIN(PortSiteCheckPlugin)
