#pragma once

#include "portside/sdk/Label.h"
#include "portside/sdk/Plugin.h"

#include <map>
#include <string>
#include <vector>

namespace portside::sdk {

/// What the nurse does at a step.
enum class StepType {
    Confirm,    ///< confirm that something was done
    Scan,       ///< scan a product, wristband or badge that must match an expectation
    Number,     ///< enter a number in a range, with a unit
    Choice,     ///< pick one of several options
    Assessment, ///< answer several yes/no findings; any "yes" needs a note
    TimedWait,  ///< wait a set time (such as antiseptic dry time); cannot be confirmed early
    Note        ///< free text, may be empty
};

/// "confirm", "scan", "number", "choice", "assessment", "timed-wait" or "note".
PORTSIDE_SDK_API const char* toString(StepType type);

/// One option of a Choice step or one finding of an Assessment step. `label` is an untranslated message id of
/// the plugin's text domain.
struct Option {
    std::string id;
    std::string label;
};

/// Where the run goes after a Choice step when a given option was chosen.
struct Branch {
    std::string choice;   ///< the option id that takes this branch
    std::string gotoStep; ///< step id to continue at; "end" finishes the checklist; empty continues as usual
    std::string outcome;  ///< recorded as the run's outcome when taken, such as "not-ready-for-use"; may be empty
};

/// What a Scan step expects to be scanned.
struct ScanExpectation {
    std::string category;  ///< "patient", "staff", "huber-needle", "saline-flush", "heparin-lock", "dressing"
    std::string detail;    ///< extra constraint in plain words (message id), such as "10 mL or larger"
    double unitsPerMl = 0; ///< heparin-lock: the ordered concentration; a different one is a hard stop
    double volumeMl = 0;   ///< heparin-lock, saline-flush: the ordered volume
};

/// One step of a checklist. Texts are untranslated message ids of the plugin's text domain.
struct Step {
    std::string id;
    StepType type = StepType::Confirm;
    std::string title;
    std::string instruction;

    std::vector<Option> choices;  ///< Choice: the options
    std::vector<Option> findings; ///< Assessment: the yes/no findings

    double minimum = 0;      ///< Number: smallest accepted value
    double maximum = 0;      ///< Number: largest accepted value
    double defaultValue = 0; ///< Number: value offered
    std::string unit;        ///< Number: unit shown after the value, such as "mL"

    double warnBelow = 0; ///< Number: values under this (but within the range) need an override reason
    double warnAbove = 0; ///< Number: values over this need an override reason; both 0 = no advisory range

    int waitSeconds = 0; ///< TimedWait: how long

    ScanExpectation expect; ///< Scan: what must be scanned

    std::vector<Branch> branches; ///< Choice: where some options lead
    std::string next;             ///< step id to continue at after this step, "end", or empty for the following step
    bool skippable = false;       ///< may be skipped with a reason
};

/// What a completed checklist changes in the patient's port state; the kiosk computes due dates from these.
enum class Effect {
    NeedleInserted,  ///< the port is accessed from now; needle change due after the needle interval
    NeedleRemoved,   ///< the port is de-accessed; needle and dressing dues end
    DressingApplied, ///< dressing change due after the interval of the dressing type chosen at `dressingStep`
    PortFlushed      ///< maintenance flush due after the maintenance interval
};

/// "needle-inserted", "needle-removed", "dressing-applied", "port-flushed".
PORTSIDE_SDK_API const char* toString(Effect effect);

/// A checklist as a plugin defines it.
struct ChecklistDefinition {
    std::string id;         ///< same as the plugin id
    std::string title;      ///< message id
    std::string version;    ///< plugin version that defined it
    std::string textDomain; ///< gettext domain of the plugin's catalogs
    std::vector<Step> steps;
    std::vector<Effect> effects; ///< applied when the checklist finishes (not when cancelled)
    std::string dressingStep;    ///< id of the Choice step whose option ("tsm" or "gauze") is the dressing type
    std::string label;           ///< id of the label printed when the checklist finishes ("dressing-date"), or empty
};

/// The lock solution ordered for a patient.
struct LockOrder {
    std::string solution = "heparin"; ///< "heparin" or "saline"
    double unitsPerMl = 100;          ///< heparin concentration (10, 100, ...); 0 for saline
    double volumeMl = 5;
};

/// What a checklist may know about the patient it runs for.
struct PatientContext {
    std::string id; ///< the patient identifier (wristband GSRN or MRN)
    bool heparinAllergyOrHit = false;
    bool chlorhexidineAllergy = false;
    bool accessed = false; ///< a needle is in place now
    bool powerInjectable = false;
    std::string portType; ///< such as "chest port, single lumen"
    LockOrder lock;       ///< the order, with the site default when the patient has none
};

/// A plugin's verdict on an answer beyond the declarative rules.
struct Validation {
    std::string problem; ///< not acceptable: a sentence saying what is wrong and what to do
    std::string warning; ///< acceptable only with an override reason: a sentence saying what is unusual
};

/// What the nurse gave at a step. Which fields matter depends on the step type.
struct StepAnswer {
    std::string choice;                   ///< Choice: the option id
    double number = 0;                    ///< Number
    std::map<std::string, bool> findings; ///< Assessment: finding id -> yes
    std::string note;                     ///< Assessment (needed when any finding is yes), Note, or a remark
    std::string scan;                     ///< Scan: what was scanned (empty when checked by eye)
    std::string overrideReason;           ///< why a warning is overridden; needed when the step warns
};

/// A port-care checklist such as port access or dressing change.
class PORTSIDE_SDK_API ChecklistPlugin : public Plugin {
public:
    ~ChecklistPlugin() override;
    PluginKind kind() const override { return PluginKind::Checklist; }

    /// The steps for this patient, built from the site settings read in start() and the patient's orders.
    virtual ChecklistDefinition definition(const PatientContext& patient) const = 0;

    /// Checks an answer beyond the declarative rules of the step. The default accepts everything.
    virtual Validation validate(const Step& step, const StepAnswer& answer, const PatientContext& patient) const;

    /// The layout of the label named by definition().label, for the printer's label size in millimetres. The
    /// default: no label (an empty template).
    virtual LabelTemplate labelTemplate(double widthMm, double heightMm) const;
};

} // namespace portside::sdk
