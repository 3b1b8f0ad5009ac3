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

inline Step confirmStep(const char* id, const char* title, const char* instruction, StepRole role = StepRole::Other)
{
    Step s;
    s.id = id;
    s.type = StepType::Confirm;
    s.role = role;
    s.title = title;
    s.instruction = instruction;
    return s;
}

inline Step scanStep(const char* id, const char* title, const char* instruction, const char* category, StepRole role,
                     const char* detail = "")
{
    Step s = confirmStep(id, title, instruction, role);
    s.type = StepType::Scan;
    s.expect.category = category;
    s.expect.detail = detail;
    return s;
}

inline Step choiceStep(const char* id, const char* title, const char* instruction, std::vector<Option> choices,
                       StepRole role = StepRole::Other)
{
    Step s = confirmStep(id, title, instruction, role);
    s.type = StepType::Choice;
    s.choices = std::move(choices);
    return s;
}

inline Step waitStep(const char* id, const char* title, const char* instruction, int seconds, StepRole role)
{
    Step s = confirmStep(id, title, instruction, role);
    s.type = StepType::TimedWait;
    s.waitSeconds = seconds;
    return s;
}

inline Step numberStep(const char* id, const char* title, const char* instruction, double minimum, double maximum,
                       double value, const char* unit, StepRole role = StepRole::Other)
{
    Step s = confirmStep(id, title, instruction, role);
    s.type = StepType::Number;
    s.minimum = minimum;
    s.maximum = maximum;
    s.defaultValue = value;
    s.unit = unit;
    return s;
}

inline Step assessmentStep(const char* id, const char* title, const char* instruction, std::vector<Option> findings,
                           StepRole role)
{
    Step s = confirmStep(id, title, instruction, role);
    s.type = StepType::Assessment;
    s.findings = std::move(findings);
    return s;
}

/// "Notify the prescriber": offered after a site finding or when there is no blood return; the answer is recorded.
inline Step notifyPrescriber(const char* id, const char* why)
{
    return choiceStep(
        id, N_("Notify the prescriber"), why,
        {{"notified", N_("Prescriber notified now")}, {"later", N_("Will notify after the procedure (hand over)")}},
        StepRole::NotifyPrescriber);
}

/// The site assessment every access and dressing change starts with (PORT-CARE.md, port access step 4), and the
/// "notify the prescriber" step that any finding leads to; the checklist goes on at `continueAt` either way.
inline void addSiteAssessment(std::vector<Step>& steps, const char* continueAt)
{
    Step site = assessmentStep(
        "site", N_("Assess the site"),
        N_("Look at and feel the skin over the port. Any yes: describe it in the note; you will be asked about "
           "notifying the prescriber."),
        {{"redness", N_("Redness")},
         {"swelling", N_("Swelling")},
         {"drainage", N_("Drainage")},
         {"tenderness", N_("Tenderness or pain")},
         {"warmth", N_("Warmth")}},
        StepRole::SiteAssessment);
    site.branches = {{"any-yes", "notify-site", ""}};
    site.next = continueAt;
    steps.push_back(site);
    steps.push_back(notifyPrescriber("notify-site", N_("A finding at the site: notify the prescriber, or hand it "
                                                       "over to be notified after the procedure.")));
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

/// Antiseptic choice, scrub and dry time. For a patient allergic to chlorhexidine only alcohol is offered; alcohol
/// alone always gets the longer scrub, whoever chooses it and why.
inline void addAntisepsis(std::vector<Step>& steps, const Antisepsis& times, const PatientContext& patient)
{
    std::vector<Option> options;
    if (!patient.chlorhexidineAllergy)
        options.push_back({"chg", /* xgettext:no-c-format */ N_("2% chlorhexidine in 70% alcohol")});
    options.push_back({"alcohol", N_("Alcohol only (chlorhexidine allergy)")});
    Step choose = choiceStep("antiseptic", N_("Skin antiseptic"), N_("Choose the antiseptic you use."), options,
                             StepRole::Antiseptic);
    choose.branches = {{"alcohol", "scrub-alcohol", ""}};
    steps.push_back(choose);
    Step scrub = waitStep("scrub", N_("Scrub the site"), N_("Scrub with back-and-forth friction for the whole time."),
                          times.scrubSeconds, StepRole::Scrub);
    scrub.next = "dry";
    steps.push_back(scrub);
    steps.push_back(waitStep("scrub-alcohol", N_("Scrub the site"),
                             N_("Alcohol alone: scrub with back-and-forth friction for the whole, longer time."),
                             times.alcoholScrubSeconds, StepRole::Scrub));
    steps.push_back(waitStep("dry", N_("Let the site dry"),
                             N_("Let the antiseptic dry completely. Do not blot or fan."), times.drySeconds,
                             StepRole::Dry));
}

inline Step identifyPatient()
{
    return scanStep("patient", N_("Identify the patient"),
                    N_("Scan the patient's wristband, then ask the patient's date of birth: two identifiers."),
                    "patient", StepRole::Wristband);
}

inline Step handHygiene()
{
    return confirmStep("hand-hygiene", N_("Hand hygiene"), N_("Clean your hands, then put on clean gloves."),
                       StepRole::HandHygiene);
}

/// The allergies the nurse asks about; an allergy answered here becomes a patient flag (StepRole::Allergies).
inline Step allergies()
{
    return choiceStep("allergies", N_("Allergies"), N_("Ask about and check the chart for allergies."),
                      {{"none", N_("No relevant allergy")},
                       {"chlorhexidine", N_("Chlorhexidine allergy")},
                       {"heparin", N_("Heparin allergy or HIT")},
                       {"both", N_("Chlorhexidine and heparin")}},
                      StepRole::Allergies);
}

inline Step hubScrub(int seconds)
{
    return waitStep("clean-hub", N_("Clean the hub"), N_("Scrub the needleless connector for the whole time."), seconds,
                    StepRole::HubScrub);
}

/// The Huber needle: scanned, then inserted.
inline void addNeedle(std::vector<Step>& steps)
{
    steps.push_back(scanStep("needle", N_("Scan the Huber needle"),
                             N_("Use the smallest gauge for the therapy and a length that sits level with the skin."),
                             "huber-needle", StepRole::Needle));
    steps.push_back(
        confirmStep("insert", N_("Insert the needle"),
                    N_("Stabilise the port and insert at 90 degrees until the needle meets the back of the reservoir."),
                    StepRole::NeedleInsert));
}

/// The dressing: its type chosen, then the dressing scanned (its catalog type must be the one chosen).
inline void addDressing(std::vector<Step>& steps)
{
    steps.push_back(choiceStep(
        "dressing-type", N_("Dressing"), N_("Choose the dressing you apply."),
        {{"tsm", N_("Transparent membrane (change within 7 days)")}, {"gauze", N_("Gauze (change within 2 days)")}},
        StepRole::DressingType));
    steps.push_back(scanStep("dressing", N_("Scan the dressing"), N_("Apply the dressing over the needle."), "dressing",
                             StepRole::Dressing));
}

/// The dressing-date label: confirmed by printing it (or by saying why there is no printed label).
inline Step labelDressing()
{
    return confirmStep("label", N_("Label the dressing"),
                       N_("Print the dressing-date label and stick it on the dressing."), StepRole::Label);
}

/// Saline flush scan and volume. Site settings: flush.volume_ml (10), flush.max_ml (20).
inline void addFlush(std::vector<Step>& steps, const Host* host, const char* suffix = "")
{
    const double volume = host ? host->settingNumber("flush.volume_ml", 10) : 10;
    const double maximum = host ? host->settingNumber("flush.max_ml", 20) : 20;
    Step scan = scanStep("saline", N_("Scan the saline flush"),
                         /* xgettext:no-c-format */ N_("0.9% sodium chloride in a syringe of 10 mL or larger."),
                         "saline-flush", StepRole::SalineFlush, N_("10 mL or larger"));
    scan.id += suffix;
    Step flush = numberStep("flush", N_("Flush the port"), N_("Flush with a push-pause technique."), 10, maximum,
                            volume, "mL", StepRole::FlushVolume);
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
                                   "heparin-lock", StepRole::Lock, N_("Heparin lock flush"))
                        : scanStep("lock", N_("Scan the saline lock"),
                                   N_("This patient has a saline-only lock (ordered, or heparin allergy or HIT)."),
                                   "saline-flush", StepRole::Lock, N_("Saline lock"));
    scan.expect.unitsPerMl = heparin ? patient.lock.unitsPerMl : 0;
    scan.expect.volumeMl = patient.lock.volumeMl;
    steps.push_back(scan);
    Step volume = numberStep("lock-volume", N_("Instil the lock"), N_("Instil the ordered volume, then clamp."), 1, 10,
                             patient.lock.volumeMl, "mL", StepRole::LockVolume);
    volume.warnBelow = patient.lock.volumeMl;
    volume.warnAbove = patient.lock.volumeMl;
    steps.push_back(volume);
}

/// Blood return, with the troubleshooting path of PORT-CARE.md: no return leads to push-pause and repositioning,
/// a second check, and "not ready for use" when there is still none. `continueAt` is the step after success.
inline void addBloodReturn(std::vector<Step>& steps, const char* continueAt)
{
    Step check = choiceStep("blood-return", N_("Blood return"), N_("Aspirate gently. Is there blood return?"),
                            {{"yes", N_("Yes, blood return")}, {"no", N_("No blood return")}}, StepRole::BloodReturn);
    check.branches = {{"yes", continueAt, ""}};
    steps.push_back(check);
    steps.push_back(confirmStep(
        "troubleshoot", N_("No blood return: troubleshoot"),
        N_("Do not give vesicants. Flush with push-pause, reposition the patient, ask them to cough and breathe "
           "deeply."),
        StepRole::Troubleshoot));
    Step retry =
        choiceStep("blood-return-retry", N_("Blood return now?"), N_("Aspirate gently again."),
                   {{"yes", N_("Yes, blood return")}, {"no", N_("Still no blood return")}}, StepRole::BloodReturn);
    retry.branches = {{"yes", continueAt, ""}, {"no", "not-ready", "not-ready-for-use"}};
    steps.push_back(retry);
}

/// The steps the "still no blood return" branch ends at: the port marked "not ready for use" and the prescriber
/// notified. Put them last, after a step whose `next` is "end". `withdraw`: the needle comes out (a maintenance
/// flush); otherwise it stays for the prescriber's decision.
inline void addNotReadyForUse(std::vector<Step>& steps, bool withdraw)
{
    steps.push_back(confirmStep(
        "not-ready", N_("Port not ready for use"),
        withdraw ? N_("Mark the port \"not ready for use\" and do not give vesicants. Clamp, withdraw the needle and "
                      "engage its safety guard.")
                 : N_("Mark the port \"not ready for use\" and do not give vesicants. Leave the needle secured for "
                      "the prescriber's decision."),
        StepRole::NotReady));
    Step notify = notifyPrescriber("notify-no-return", N_("There is no blood return: notify the prescriber now, or "
                                                          "hand it over to be notified."));
    notify.next = "end";
    steps.push_back(notify);
}

} // namespace portside::plugins
