#pragma once

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

/// What a Scan step expects to be scanned.
struct ScanExpectation {
    std::string category; ///< "patient", "staff", "huber-needle", "saline-flush", "heparin-lock", "dressing"
    std::string detail;   ///< extra constraint in plain words, such as "10 mL or larger"
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

    int waitSeconds = 0; ///< TimedWait: how long

    ScanExpectation expect; ///< Scan: what must be scanned
};

/// A checklist as a plugin defines it.
struct ChecklistDefinition {
    std::string id;         ///< same as the plugin id
    std::string title;      ///< message id
    std::string version;    ///< plugin version that defined it
    std::string textDomain; ///< gettext domain of the plugin's catalogs
    std::vector<Step> steps;
};

/// What the nurse gave at a step. Which fields matter depends on the step type.
struct StepAnswer {
    std::string choice;                  ///< Choice: the option id
    double number = 0;                   ///< Number
    std::map<std::string, bool> findings; ///< Assessment: finding id -> yes
    std::string note;                    ///< Assessment (needed when any finding is yes), Note, or a remark
};

/// A port-care checklist such as port access or dressing change.
class PORTSIDE_SDK_API ChecklistPlugin : public Plugin {
public:
    ~ChecklistPlugin() override;
    PluginKind kind() const override { return PluginKind::Checklist; }

    /// The steps, built from the site settings read in start().
    virtual ChecklistDefinition definition() const = 0;

    /// Checks an answer beyond the declarative rules of the step. Returns an empty string when it is acceptable,
    /// otherwise a sentence saying what is wrong and what to do.
    virtual std::string validate(const Step& step, const StepAnswer& answer) const;
};

} // namespace portside::sdk
