#pragma once
// Small builders the port-care checklist plugins share, so each plugin reads as its list of steps.
// Header-only: each plugin module compiles its own copy (plugins share nothing but the SDK at run time).

#include "portside/sdk/Checklist.h"
#include "portside/sdk/Host.h"

#include <utility>
#include <vector>

#define N_(text) text // marks a message id for xgettext; the shell translates it in the plugin's text domain

namespace portside::plugins {

using namespace portside::sdk;

/// A definition for this plugin: its id and version, the title, and its text domain "portside-<id>".
inline ChecklistDefinition newDefinition(const Plugin& plugin, const char* title)
{
    ChecklistDefinition d;
    d.id = plugin.id();
    d.version = plugin.version();
    d.title = title;
    d.textDomain = "portside-" + d.id;
    return d;
}

inline Step confirmStep(const char* id, const char* title, const char* instruction)
{
    Step s;
    s.id = id;
    s.type = StepType::Confirm;
    s.title = title;
    s.instruction = instruction;
    return s;
}

inline Step scanStep(const char* id, const char* title, const char* instruction, const char* category,
                     const char* detail = "")
{
    Step s = confirmStep(id, title, instruction);
    s.type = StepType::Scan;
    s.expect.category = category;
    s.expect.detail = detail;
    return s;
}

inline Step choiceStep(const char* id, const char* title, const char* instruction, std::vector<Option> choices)
{
    Step s = confirmStep(id, title, instruction);
    s.type = StepType::Choice;
    s.choices = std::move(choices);
    return s;
}

inline Step waitStep(const char* id, const char* title, const char* instruction, int seconds)
{
    Step s = confirmStep(id, title, instruction);
    s.type = StepType::TimedWait;
    s.waitSeconds = seconds;
    return s;
}

inline Step numberStep(const char* id, const char* title, const char* instruction, double minimum, double maximum,
                       double value, const char* unit)
{
    Step s = confirmStep(id, title, instruction);
    s.type = StepType::Number;
    s.minimum = minimum;
    s.maximum = maximum;
    s.defaultValue = value;
    s.unit = unit;
    return s;
}

inline Step assessmentStep(const char* id, const char* title, const char* instruction, std::vector<Option> findings)
{
    Step s = confirmStep(id, title, instruction);
    s.type = StepType::Assessment;
    s.findings = std::move(findings);
    return s;
}

/// The site assessment every access and dressing change starts with (PORT-CARE.md, port access step 4).
inline Step siteAssessment()
{
    return assessmentStep(
        "site", N_("Assess the site"),
        N_("Look at and feel the skin over the port. Any yes: describe it in the note and consider notifying the "
           "prescriber."),
        {{"redness", N_("Redness")},
         {"swelling", N_("Swelling")},
         {"drainage", N_("Drainage")},
         {"tenderness", N_("Tenderness or pain")},
         {"warmth", N_("Warmth")}});
}

/// Site settings for skin antisepsis: scrub and dry times; alcohol alone scrubs longer.
struct Antisepsis {
    int scrubSeconds = 30;
    int alcoholScrubSeconds = 60;
    int drySeconds = 30;
    void read(const Host& host)
    {
        scrubSeconds = static_cast<int>(host.settingNumber("antisepsis.scrub_s", 30));
        alcoholScrubSeconds = static_cast<int>(host.settingNumber("antisepsis.alcohol_scrub_s", 60));
        drySeconds = static_cast<int>(host.settingNumber("antisepsis.dry_s", 30));
    }
};

/// Antiseptic choice, scrub and dry time; for a patient allergic to chlorhexidine only alcohol is offered and the
/// scrub is the longer one.
inline void addAntisepsis(std::vector<Step>& steps, const Antisepsis& times, const PatientContext& patient)
{
    std::vector<Option> options;
    if (!patient.chlorhexidineAllergy)
        options.push_back({"chg", /* xgettext:no-c-format */ N_("2% chlorhexidine in 70% alcohol")});
    options.push_back({"alcohol", N_("Alcohol only (chlorhexidine allergy)")});
    steps.push_back(choiceStep("antiseptic", N_("Skin antiseptic"), N_("Choose the antiseptic you use."), options));
    steps.push_back(waitStep("scrub", N_("Scrub the site"),
                             N_("Scrub with back-and-forth friction for the whole time."),
                             patient.chlorhexidineAllergy ? times.alcoholScrubSeconds : times.scrubSeconds));
    steps.push_back(waitStep("dry", N_("Let the site dry"),
                             N_("Let the antiseptic dry completely. Do not blot or fan."), times.drySeconds));
}

inline Step identifyPatient()
{
    return scanStep("patient", N_("Identify the patient"),
                    N_("Scan the patient's wristband, then ask the patient's date of birth: two identifiers."),
                    "patient");
}

inline Step handHygiene()
{
    return confirmStep("hand-hygiene", N_("Hand hygiene"), N_("Clean your hands, then put on clean gloves."));
}

/// Saline flush scan and volume. Site settings: flush.volume_ml (10), flush.max_ml (20).
inline void addFlush(std::vector<Step>& steps, const Host* host, const char* suffix = "")
{
    const double volume = host ? host->settingNumber("flush.volume_ml", 10) : 10;
    const double maximum = host ? host->settingNumber("flush.max_ml", 20) : 20;
    Step scan = scanStep("saline", N_("Scan the saline flush"),
                         /* xgettext:no-c-format */ N_("0.9% sodium chloride in a syringe of 10 mL or larger."),
                         "saline-flush", N_("10 mL or larger"));
    scan.id += suffix;
    Step flush =
        numberStep("flush", N_("Flush the port"), N_("Flush with a push-pause technique."), 10, maximum, volume, "mL");
    flush.id += suffix;
    steps.push_back(scan);
    steps.push_back(flush);
}

/// The lock: the patient's ordered solution; heparin is never offered to a patient with HIT or a heparin allergy.
inline void addLock(std::vector<Step>& steps, const PatientContext& patient)
{
    const bool heparin = patient.lock.solution == "heparin" && !patient.heparinAllergyOrHit;
    Step scan = heparin ? scanStep("lock", N_("Scan the heparin lock"),
                                   N_("Check the concentration on the syringe against the order before you scan."),
                                   "heparin-lock", N_("Heparin lock flush"))
                        : scanStep("lock", N_("Scan the saline lock"),
                                   N_("This patient has a saline-only lock (ordered, or heparin allergy or HIT)."),
                                   "saline-flush", N_("Saline lock"));
    scan.expect.unitsPerMl = heparin ? patient.lock.unitsPerMl : 0;
    scan.expect.volumeMl = patient.lock.volumeMl;
    steps.push_back(scan);
    Step volume = numberStep("lock-volume", N_("Instil the lock"), N_("Instil the ordered volume, then clamp."), 1, 10,
                             patient.lock.volumeMl, "mL");
    volume.warnBelow = patient.lock.volumeMl;
    volume.warnAbove = patient.lock.volumeMl;
    steps.push_back(volume);
}

/// Blood return, with the troubleshooting path of PORT-CARE.md: no return leads to push-pause and repositioning,
/// a second check, and "not ready for use" when there is still none. `continueAt` is the step after success.
inline void addBloodReturn(std::vector<Step>& steps, const char* continueAt)
{
    Step check = choiceStep("blood-return", N_("Blood return"), N_("Aspirate gently. Is there blood return?"),
                            {{"yes", N_("Yes, blood return")}, {"no", N_("No blood return")}});
    check.branches = {{"yes", continueAt, ""}};
    steps.push_back(check);
    steps.push_back(confirmStep(
        "troubleshoot", N_("No blood return: troubleshoot"),
        N_("Do not give vesicants. Flush with push-pause, reposition the patient, ask them to cough and breathe "
           "deeply.")));
    Step retry = choiceStep("blood-return-retry", N_("Blood return now?"), N_("Aspirate gently again."),
                            {{"yes", N_("Yes, blood return")}, {"no", N_("Still no blood return")}});
    retry.branches = {{"yes", continueAt, ""}, {"no", "not-ready", "not-ready-for-use"}};
    steps.push_back(retry);
}

/// The step the "still no blood return" branch ends at; put it last, after a step whose `next` is "end".
inline Step notReadyForUse()
{
    Step s =
        confirmStep("not-ready", N_("Port not ready for use"),
                    N_("Mark the port \"not ready for use\", do not give vesicants, and notify the prescriber now."));
    s.next = "end";
    return s;
}

} // namespace portside::plugins
