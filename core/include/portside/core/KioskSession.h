#pragma once

#include "portside/core/Catalog.h"
#include "portside/core/ChecklistRun.h"
#include "portside/core/Clock.h"
#include "portside/core/DemoData.h"
#include "portside/core/EventStore.h"
#include "portside/core/Label.h"
#include "portside/core/LockOrders.h"
#include "portside/core/PortState.h"
#include "portside/core/RunRecorder.h"
#include "portside/core/SafetyRules.h"
#include "portside/core/ScanInterpreter.h"
#include "portside/core/ScanVerifier.h"
#include "portside/core/SiteSettings.h"
#include "portside/core/StaffAuth.h"
#include "portside/core/Text.h"
#include "portside/sdk/Printer.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace portside::core {

class PluginManager;

/// Where the session sends labels: the kiosk's printer behind the print queue. The shell and the CLI implement it
/// with the raster renderer of devices/ (core draws nothing).
class LabelOutput {
public:
    virtual ~LabelOutput();
    /// The label size of the loaded media, in millimetres.
    virtual double widthMm() const = 0;
    virtual double heightMm() const = 0;
    /// The raster the label prints as, which is also its preview. Throws std::exception with a sentence.
    virtual sdk::Raster render(const LabelTemplate& layout, const LabelData& data) const = 0;
    /// Queues a rendered label; returns the print job's id. Throws std::exception with a sentence.
    virtual std::string submit(const sdk::Raster& label, const std::string& runId, const std::string& patient) = 0;
};

/// A staff member's role: what they may do at the kiosk.
enum class StaffRole { Nurse, Supervisor, Admin };

/// The open patient as the nurse sees them: the ward's record, the flags that change care (from the record or
/// answered at the bedside), the lock they get, the port.
struct PatientView {
    PatientRecord record;
    PortState port;
    bool heparinAllergyOrHit = false;     ///< recorded or answered at the bedside
    bool chlorhexidineAllergy = false;    ///< recorded or answered at the bedside
    bool heparinAllergyAtBedside = false; ///< answered at the bedside, not yet in the ward's record
    bool chlorhexidineAllergyAtBedside = false;
    sdk::LockOrder lock;      ///< the order, else the site's default for the patient's age; saline with HIT
    Text lockProblem;         ///< set when the order cannot be used: no lock is given
    std::string identifiedBy; ///< "wristband", "birth-date", or "resumed" (an interrupted run reopened)
};

/// A row of the ward list.
struct WardRow {
    PatientRecord record;
    PortState port;
    bool heparinAllergyOrHit = false;
    bool chlorhexidineAllergy = false;
};

/// A checklist the nurse may start for the open patient, or why not.
struct ChecklistOffer {
    std::string id;
    std::string title; ///< message id in textDomain
    std::string textDomain;
    bool offered = false;     ///< may be started now
    bool portDiffers = false; ///< not offered for the port state on record; may be started after recording that
                              ///< the port state differs (the supervisor sees it)
    bool interrupted = false; ///< this nurse's interrupted run of it reopens
    std::string openBy;       ///< another staff member whose run of it is open for this patient (name): it can be
                              ///< taken over, with a record of the handover
    Text why;                 ///< why it is not offered
};

/// How a scan step may be confirmed without a scan.
enum class NoScanFallback {
    NotOffered, ///< only a scan that passes: the step was stopped, the site allows no fallback, or no order
    WithReason, ///< with a reason
    WithWitness ///< with a reason and a second staff member's badge and PIN (patient identity, heparin)
};

/// The open step and what the nurse may do there.
struct StepState {
    const sdk::Step* step = nullptr;
    std::size_t number = 0; ///< 1-based: steps dealt with so far + 1
    std::size_t total = 0;  ///< steps in the definition
    sdk::ScanExpectation expect;
    bool stopped = false; ///< a STOP at this step has not been followed by a passing scan
    Text stopMessage;     ///< what that STOP said
    NoScanFallback noScan = NoScanFallback::NotOffered;
    Text noScanWhy; ///< why there is no fallback
    bool canSkip = false;
    long long waitMs = 0; ///< timed wait: milliseconds left
};

/// What a scan at the open step did.
struct ScanResult {
    Verdict verdict;
    bool confirmed = false;   ///< the step is recorded and the run moved on
    bool needsReason = false; ///< a warning: scan again with a reason to go on
    bool needsLot = false;    ///< the barcode has no lot and lots of the product are recalled: give the lot
};

/// A second staff member who saw a step done without a scan.
struct Witness {
    Witness(std::string badge_, std::string pin_) : badge(std::move(badge_)), pin(std::move(pin_)) {}
    /// The PIN hashed ahead, away from the GUI thread (KioskSession::pinChallenge, StaffAuth::prove).
    explicit Witness(StaffAuth::PinProof proof_) : badge(proof_.badge), proof(std::move(proof_)) {}
    std::string badge;
    std::string pin;
    std::optional<StaffAuth::PinProof> proof;
};

/// One line of a run's summary.
struct SummaryRow {
    Text step;
    Text answer;
    Clock::TimePoint time;
};

/// The label of the open (or just finished) run.
struct LabelState {
    bool wanted = false;  ///< the checklist prints a label
    std::string job;      ///< the newest print job for the run, empty when none
    std::string state;    ///< "queued", "sending", "printed", "failed"
    Text reason;          ///< why it failed
    bool printed = false; ///< a printer took a label of this run
    bool waiting = false; ///< the newest job is on its way or waits for the printer to be ready
    /// The newest job was sent but never confirmed by the printer (or the kiosk stopped while sending it): it may
    /// have printed. Never sent again on its own: a nurse looks, then says it is there (labelIsThere) or prints again.
    bool unconfirmed = false;
};

/// One nurse at one kiosk, and every clinical rule between them and the record: sign-in and role, the open
/// patient (opened by wristband, or from the ward list with the date of birth confirmed and recorded), start or
/// resume a checklist behind its port-state gate, a scan at the open step judged and recorded (a STOP is an event,
/// and no action on that step confirms it until a scan passes), confirm, skip, override and cancel with reasons,
/// the no-barcode fallback (with a witness for patient identity and heparin), allergies answered at the bedside,
/// the label's values and printing. The kiosk shell, `portside-cli bedside` and the crash harness drive this one
/// object, so a rule holds on every path or on none. Every method runs on the caller's thread (the GUI thread in
/// the shell); refusals are thrown as Problem (StepRejected, OverrideNeeded) with a sentence.
class KioskSession {
public:
    struct Services {
        EventStore& store;
        const Clock& clock;
        const SiteSettings& settings;
        const PluginManager& plugins;
        LabelOutput* labels = nullptr; ///< no printer: labels cannot be printed (the Label step takes a reason)
        const Translator* translator = nullptr; ///< for the label's printed words; English without one
    };

    explicit KioskSession(Services services);
    ~KioskSession();
    KioskSession(const KioskSession&) = delete;
    KioskSession& operator=(const KioskSession&) = delete;

    /// Reads the catalog and recalls again. The session also does this by itself when a sync has pulled new
    /// reference data (before a scan, opening a patient, starting a checklist).
    void reload();
    /// What a refresh changed, for the screen on show.
    enum class Refreshed {
        Nothing,       ///< no new reference data
        ReferenceData, ///< read again; the open run's steps are as they were (a screen keeps what is being entered)
        OpenRun,       ///< the open run follows a changed flag or lock order: its step is shown again
    };
    /// Reads reference data again when a sync has brought new (the session does this itself before a scan, opening a
    /// patient and starting a checklist): a changed flag or lock order applies to the open run at once.
    Refreshed refresh();
    /// The most a refresh changed since the last call (the session's own refreshes before a scan or a confirm
    /// included), for the screen to show: then back to Nothing.
    Refreshed takeNews();
    /// What is wrong with the site's settings for scanning (a bad wristband or badge pattern), as sentences; such a
    /// pattern is not used.
    const std::vector<Text>& setupProblems() const { return _setupProblems; }

    // --- sign-in ---------------------------------------------------------------------------------------------
    /// The badge number a scanned staff badge carries (GSRN 8017 or the site's badge pattern). Throws Problem
    /// when the scan is not a staff badge.
    std::string badgeFromScan(const std::string& bytes) const;
    /// Signs in with badge and PIN; throws Problem (never saying which part was wrong; lockout after repeated
    /// failures, kept in the store so a restart does not reset it). Signing in ends the previous session.
    void signIn(const std::string& badge, const std::string& pin);
    /// The same in two halves, so the slow PIN hash runs away from the GUI thread: pinChallenge() here,
    /// StaffAuth::prove() on a worker, then signIn(proof) here again.
    using PinProof = StaffAuth::PinProof;
    PinProof pinChallenge(const std::string& badge) const { return _auth.challenge(badge); }
    /// Hashes the PIN into the proof: slow (about 0.2 s), touches no store, safe on any thread.
    static void provePin(PinProof& proof, const std::string& pin) { StaffAuth::prove(proof, pin); }
    void signIn(const PinProof& proof);
    /// Ends the session: the open run stays open and reopens when the same nurse signs in again.
    void signOut();
    bool signedIn() const { return _staff.has_value(); }
    const StaffRecord& staff() const; ///< throws Problem when nobody is signed in
    StaffRole role() const;
    bool isSupervisor() const { return signedIn() && role() != StaffRole::Nurse; }
    /// Throws Problem unless a supervisor or admin is signed in.
    void requireSupervisor() const;
    /// Badges locked by wrong PINs, with their owner's name where known (supervisors).
    struct LockedBadge {
        std::string badge;
        std::string name;
        Clock::TimePoint until;
    };
    std::vector<LockedBadge> lockedBadges() const;
    /// Unlocks a badge (supervisors), recorded as "badge-unlocked".
    void unlockBadge(const std::string& badge);
    /// The interrupted run of the signed-in nurse, reopened with its patient; false when there is none.
    bool resumeInterrupted();

    // --- patients ----------------------------------------------------------------------------------------------
    /// The ward's patients with their port state, by bed.
    std::vector<WardRow> ward() const;
    /// Opens the patient whose wristband was scanned (first identifier) and records it. Throws Problem when the
    /// scan is not a wristband or the patient is not on this ward.
    const PatientView& openByWristband(const std::string& bytes);
    /// Opens a patient from the ward list; `birthDate` (YYYY-MM-DD) is what the patient said, checked against the
    /// record and recorded. Throws Problem when it does not match.
    const PatientView& openFromList(const std::string& patientId, const std::string& birthDate);
    void closePatient();
    bool patientOpen() const { return _patient.has_value(); }
    /// An interrupted run was reopened at sign-in: nothing is done in it until the patient is confirmed again, by
    /// their wristband (openByWristband) or the date of birth they say (openFromList) — the same patient, the run
    /// stays open.
    bool identityPending() const { return _patient && _patient->identifiedBy == "resumed"; }
    /// Why nothing more can be done in the open run (its patient's record changed in a way the steps already done
    /// cannot follow: it is to be cancelled), or empty.
    const Text& staleReason() const { return _stale; }
    const PatientView& patient() const; ///< throws Problem when no patient is open
    /// Another patient's display name by id (for "wrong patient" sentences); empty when unknown.
    std::string patientName(const std::string& id) const;

    // --- checklists --------------------------------------------------------------------------------------------
    /// The installed checklists for the open patient, each offered or with the reason it is not.
    std::vector<ChecklistOffer> checklists() const;
    /// Starts a checklist for the open patient (or reopens this nurse's interrupted run of it). When the port state
    /// on record does not allow it, `portDiffersReason` records that the nurse found the port otherwise; without
    /// one it is refused. Another staff member's open run of it is refused unless `takeOver`: then a "run-handover"
    /// is recorded and it reopens for this nurse. Throws Problem.
    void start(const std::string& checklistId, const std::string& portDiffersReason = {}, bool takeOver = false);
    bool running() const { return _run && !_run->finished(); }
    /// The run open or just ended (for its summary and label); nullptr when none.
    bool hasRun() const { return _run != nullptr; }
    const std::string& runId() const { return _runId; }
    const sdk::ChecklistDefinition& definition() const;
    const std::vector<StepRecord>& records() const;
    bool finished() const { return _run && _run->finished(); }
    bool cancelled() const { return _run && _run->state() == ChecklistRun::State::Cancelled; }
    const std::string& outcome() const;
    /// The open step and what may be done there. Throws Problem when no run is open.
    StepState step() const;

    /// A scan at the open step: judged, and recorded (a pass confirms the step, a STOP is recorded as an event
    /// and the step stays open). `reason` answers a warning; `lot` is the lot read from the package when asked.
    /// Throws Problem when there is no open scan step.
    ScanResult scan(const std::string& bytes, const std::string& reason = {}, const std::string& lot = {});
    /// Confirms the open step with an answer (not a scan step: scan() or confirmWithoutScan()). Throws
    /// StepRejected, or OverrideNeeded (confirm again with answer.overrideReason).
    void confirm(const sdk::StepAnswer& answer);
    /// Confirms the open scan step without a scan (the barcode will not read), where step().noScan allows it.
    void confirmWithoutScan(const std::string& reason, const std::optional<Witness>& witness = std::nullopt);
    /// Confirms the Label step without a printed label (no printer, out of labels), with the reason.
    void confirmWithoutLabel(const std::string& reason);
    void skip(const std::string& reason);
    /// Goes back to the step before, to be done again: a correction with a reason, recorded ("step-corrected"),
    /// never an edit of what was recorded. STOPs stay. Throws StepRejected at the first step.
    void back(const std::string& reason);
    void cancel(const std::string& reason);

    // --- label and summary --------------------------------------------------------------------------------------
    /// The label's values for the open or just finished run: dressing and needle date and time, when each is due,
    /// needle size, nurse initials, the record id; dates as "27 Nov 2026 14:30".
    LabelData labelData() const;
    /// The raster of the run's label (its preview). Throws Problem when there is no label or no printer.
    sdk::Raster labelPreview() const;
    /// Prints the run's label; a label of this run still waiting in the queue is not sent twice. Returns the job.
    std::string printLabel();
    LabelState labelState() const;
    /// The nurse found the label the printer never confirmed: it counts as printed, and the record says who
    /// checked. Throws Problem when no label waits to be checked.
    void labelIsThere();
    /// A test label through the same printer and queue (supervisors: the devices page); its job id.
    std::string printTestLabel();
    /// What a scan reads as, for the supervisor's scanner test: the wristband, badge or product and its fields.
    Text describeScan(const std::string& bytes) const;
    /// The run's steps as the nurse answered them, in words.
    std::vector<SummaryRow> summary() const;
    /// The demo's simulated scanner for the open patient: the wristband, another patient's, each catalog product.
    std::vector<DemoScanButton> demoScans() const;

    /// What a supervisor follows up, newest first: STOPs, steps done without a scan or label, overridden warnings,
    /// port states that differed from the record. Throws Problem unless a supervisor is signed in.
    struct ReviewItem {
        std::string time; ///< device time, ISO 8601
        std::string patient;
        std::string staff;
        Text what; ///< "STOP", "Not scanned", ...
        Text detail;
    };
    std::vector<ReviewItem> review(std::size_t limit = 200) const;

private:
    sdk::PatientContext context() const;
    void refreshPatient();
    Refreshed _news = Refreshed::Nothing;
    const PatientView& open(const PatientRecord& record, const std::string& method, const std::string& detail);
    sdk::ChecklistPlugin* plugin(const std::string& id) const;
    void attach(const std::string& runId, const std::string& staff);
    /// True when the open run was built again (or can go no further) for a changed flag or lock order.
    bool rebuildIfContextChanged();
    /// Before an action on the open step: reference data read again, and RunChanged thrown when the run had to
    /// follow a changed flag or lock order (what the nurse saw is not what the step asks now).
    void refreshBeforeStepAction();
    void requireFresh() const;
    void requireRun() const;
    void requireStaff() const;
    void finishDetails(const ChecklistRun& run, const std::vector<StepRecord>& records,
                       Poco::JSON::Object& payload) const;
    std::string today() const;
    std::string stepKey() const;
    void afterChange();

    Services _s;
    LockPolicy _policy;
    Catalog _catalog;
    ScanInterpreter _interpreter;
    SafetyRules _rules{_catalog};
    ScanVerifier _verifier{_interpreter, _rules, _s.clock};
    StaffAuth _auth;
    RunRecorder _recorder;
    std::optional<StaffRecord> _staff;
    std::optional<PatientView> _patient;
    PatientHistory _history;
    sdk::ChecklistPlugin* _plugin = nullptr;
    std::unique_ptr<ChecklistRun> _run;
    std::string _runId;
    std::string _runStaff;
    std::string _referenceVersion;
    Text _stale; ///< set when the open run no longer fits the patient: nothing more is done in it
    std::vector<Text> _setupProblems;
};

/// "nurse", "supervisor", "admin" as a role; an unknown role is a nurse (the least).
StaffRole staffRole(const std::string& role);

} // namespace portside::core
