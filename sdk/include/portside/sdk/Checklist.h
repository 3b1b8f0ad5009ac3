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

/// What a step is, in the care of the port. The host reads roles, never step ids: the label, due dates, port-state
/// gates, the bedside allergy flow, stops that survive a restart and the FHIR export all work for any checklist
/// that declares its steps' roles. A step that is none of these keeps StepRole::Other.
enum class StepRole {
    Other,
    Review,           ///< review of the device and the order
    Wristband,        ///< Scan: the patient's wristband (first identifier; without a scan a witness is needed)
    StaffBadge,       ///< Scan: a staff badge
    Allergies,        ///< Choice: options "none", "chlorhexidine", "heparin" (heparin allergy or HIT), "both"; an
                      ///< allergy answered here becomes a recorded patient flag for this run and the next ones
    HandHygiene,      ///< Confirm
    RemoveDressing,   ///< Confirm
    SiteAssessment,   ///< Assessment of the skin over the port
    NotifyPrescriber, ///< Choice: options "notified" and "later"; offered after a finding or no blood return
    Antiseptic,       ///< Choice: options "chg" and "alcohol"
    Scrub,            ///< TimedWait: skin scrub (alcohol alone scrubs longer)
    Dry,              ///< TimedWait: antiseptic dry time
    HubScrub,         ///< TimedWait: needleless connector scrub
    Needle,           ///< Scan: the Huber needle
    NeedleInsert,     ///< Confirm
    BloodReturn,      ///< Choice: options "yes" and "no"
    Troubleshoot,     ///< Confirm: no blood return
    SalineFlush,      ///< Scan: a saline flush syringe
    FlushVolume,      ///< Number: volume flushed (mL), after a SalineFlush scan
    Discard,          ///< Number: blood discarded (mL)
    DrawSamples,      ///< Confirm
    Lock,             ///< Scan: the lock solution the patient is ordered (heparin or saline)
    LockVolume,       ///< Number: volume of the lock instilled (mL), after a Lock scan
    Clamp,            ///< Confirm
    Withdraw,         ///< Confirm: the needle comes out
    SafetyGuard,      ///< Confirm
    DressingType,     ///< Choice: options "tsm" and "gauze"
    Dressing,         ///< Scan: the dressing applied; its catalog type must be the type chosen
    Label,            ///< Confirm: the dressing-date label is stuck on; confirmed by a printed label or a reason
    NotReady          ///< Confirm: the port is marked "not ready for use"
};

/// "other", "wristband", "needle", "saline-flush", "lock", ... (lower case with dashes); fromString gives Other for
/// a name it does not know.
PORTSIDE_SDK_API const char* toString(StepRole role);
PORTSIDE_SDK_API StepRole stepRoleFromString(const std::string& name);

/// What a Scan step expects to be scanned.
struct ScanExpectation {
    std::string category;     ///< "patient", "staff", "huber-needle", "saline-flush", "heparin-lock", "dressing"
    std::string detail;       ///< extra constraint in plain words (message id), such as "10 mL or larger"
    double unitsPerMl = 0;    ///< heparin-lock: the ordered concentration; a different one is a hard stop
    double volumeMl = 0;      ///< heparin-lock, saline-flush: the ordered volume
    std::string dressingType; ///< dressing: "tsm" or "gauze" when the run chose one; another type is a hard stop
};

/// One step of a checklist. Texts are untranslated message ids of the plugin's text domain.
struct Step {
    std::string id;
    StepType type = StepType::Confirm;
    StepRole role = StepRole::Other;
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

    std::vector<Branch> branches; ///< Choice: where some options lead; Assessment: the choice "any-yes" leads where
                                  ///< a step goes when any finding is yes
    std::string next;             ///< step id to continue at after this step, "end", or empty for the following step
    bool skippable = false;       ///< may be skipped with a reason
};

/// What a completed checklist changes in the patient's port state; the kiosk computes due dates from these.
enum class Effect {
    NeedleInserted,  ///< the port is accessed from now; needle change due after the needle interval
    NeedleRemoved,   ///< the port is de-accessed; needle and dressing dues end
    DressingApplied, ///< dressing change due after the interval of the dressing's type (the scanned dressing's
                     ///< catalog type, else the type chosen at the DressingType step)
    PortFlushed,     ///< maintenance flush due after the maintenance interval
    ReadyForUse,     ///< blood return was confirmed: a "not ready for use" flag ends
    NotReadyForUse   ///< no blood return: the patient is flagged "not ready for use" until a ReadyForUse
};

/// "needle-inserted", "needle-removed", "dressing-applied", "port-flushed", "ready-for-use", "not-ready-for-use".
PORTSIDE_SDK_API const char* toString(Effect effect);

/// The port state a checklist starts from. The host offers the checklist only in that state; a nurse who finds
/// the port otherwise records that the port state differs from the record (the supervisor sees it).
enum class PortRequirement {
    Any,
    Accessed,   ///< a needle is in place (de-access, dressing change, blood sampling)
    NotAccessed ///< no needle (port access; flush and lock, which accesses and de-accesses)
};

/// A checklist as a plugin defines it.
struct ChecklistDefinition {
    std::string id;         ///< same as the plugin id
    std::string title;      ///< message id
    std::string version;    ///< plugin version that defined it
    std::string textDomain; ///< gettext domain of the plugin's catalogs
    std::vector<Step> steps;
    PortRequirement portBefore = PortRequirement::Any;
    std::vector<Effect> effects; ///< applied when the checklist finishes without an outcome (not when cancelled)
    /// Applied instead of `effects` when the checklist ends through a branch with this outcome, such as
    /// "not-ready-for-use" -> {NeedleInserted, NotReadyForUse}. An outcome not listed applies no effect.
    std::map<std::string, std::vector<Effect>> outcomeEffects;
    std::string label; ///< id of the label printed at the Label step ("dressing-date"), or empty
};

/// The lock solution ordered for a patient.
struct LockOrder {
    std::string solution = "heparin"; ///< "heparin" or "saline"
    double unitsPerMl = 100;          ///< heparin concentration (10, 100, ...); 0 for saline
    double volumeMl = 5;
    std::string problem; ///< set by the host when the order cannot be used (a sentence); no lock may be given
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
    std::string lot;                      ///< Scan: the lot read from the package when the barcode has none
    std::string overrideReason;           ///< why a warning is overridden; needed when the step warns
    std::string witness;                  ///< badge of the second staff member who witnessed a step without a scan
    std::string printJob;                 ///< Label: the print job the printer took
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
