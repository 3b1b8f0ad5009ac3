#include "portside/core/KioskSession.h"

#include "portside/core/DemoData.h"
#include "portside/core/PluginManager.h"
#include "portside/core/TimeText.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <sstream>
#include <utility>

namespace portside::core {

LabelOutput::~LabelOutput() = default;

namespace {

using sdk::StepRole;

bool blank(const std::string& text)
{
    return isBlank(text);
}

std::string json(const Poco::JSON::Object& o)
{
    std::ostringstream out;
    o.stringify(out);
    return out.str();
}

bool hasRole(const sdk::ChecklistDefinition& d, StepRole role)
{
    return std::any_of(d.steps.begin(), d.steps.end(), [&](const sdk::Step& s) { return s.role == role; });
}

/// A heparin lock: the step that gives heparin, where a missing scan needs a witness.
bool heparinStep(const sdk::Step& step)
{
    return step.type == sdk::StepType::Scan && step.expect.category == "heparin-lock";
}

Text dressingWord(const std::string& type)
{
    return type == "gauze" ? tr_("gauze") : tr_("TSM");
}

std::string needleSize(const Product& p)
{
    return std::to_string(p.gauge) + "G x " + formatNumber(p.lengthMm) + " mm";
}

} // namespace

StaffRole staffRole(const std::string& role)
{
    if (role == "admin")
        return StaffRole::Admin;
    if (role == "supervisor")
        return StaffRole::Supervisor;
    return StaffRole::Nurse;
}

KioskSession::KioskSession(Services services)
    : _s(services), _policy(LockPolicy::fromSettings(services.settings)),
      _interpreter(std::stoi(localDate(services.clock.now()).substr(0, 4))), _auth(services.store, services.clock),
      _recorder(services.store, [this](const ChecklistRun& run, const std::vector<StepRecord>& records,
                                       Poco::JSON::Object& payload) { finishDetails(run, records, payload); })
{
    for (const char* kind : {"patient", "staff"}) {
        const std::string pattern = _s.settings.get(std::string("scan.") + kind + "_pattern", "");
        if (pattern.empty())
            continue;
        try {
            _interpreter.addSitePattern(kind, pattern);
        } catch (const std::exception& e) {
            _setupProblems.push_back(Text::verbatim(e.what()));
        }
    }
    reload();
}

KioskSession::~KioskSession() = default;

void KioskSession::reload()
{
    _referenceVersion = _s.store.meta("reference_version");
    _catalog = Catalog();
    _s.store.loadCatalog(_catalog);
    if (_patient)
        refreshPatient();
}

KioskSession::Refreshed KioskSession::refresh()
{
    if (_s.store.meta("reference_version") == _referenceVersion)
        return Refreshed::Nothing;
    try {
        reload();
    } catch (...) {
        _news = Refreshed::OpenRun; // the open patient (and run) are gone: the screen must not stay on them
        throw;
    }
    // A flag or an order that changed applies to the open run at once.
    const auto result = rebuildIfContextChanged() ? Refreshed::OpenRun : Refreshed::ReferenceData;
    _news = std::max(_news, result);
    return result;
}

KioskSession::Refreshed KioskSession::takeNews()
{
    return std::exchange(_news, Refreshed::Nothing);
}

void KioskSession::refreshBeforeStepAction()
{
    if (refresh() == Refreshed::OpenRun)
        throw RunChanged(tr_("The patient's record changed while this step was open (allergies or the lock order). "
                             "Nothing was recorded: check the step again."));
}

std::string KioskSession::today() const
{
    return localDate(_s.clock.now());
}

// --- sign-in -------------------------------------------------------------------------------------------------------

std::string KioskSession::badgeFromScan(const std::string& bytes) const
{
    const auto scan = _interpreter.interpret(bytes);
    if (!scan.ok)
        throw Problem(tr_("The barcode could not be used: %s", {scan.error}));
    if (scan.staff.empty())
        throw Problem(scan.patient.empty() ? tr_("This is not a staff badge. Scan your badge or type your number.")
                                           : tr_("This is a patient's wristband. Scan your own badge to sign in."));
    return scan.staff;
}

void KioskSession::signIn(const std::string& badge, const std::string& pin)
{
    auto proof = _auth.challenge(badge);
    StaffAuth::prove(proof, pin);
    signIn(proof);
}

void KioskSession::signIn(const PinProof& proof)
{
    signOut();
    const auto result = _auth.signIn(proof);
    if (!result.staff)
        throw Problem(result.message);
    _staff = result.staff;
}

void KioskSession::signOut()
{
    _staff.reset();
    _patient.reset();
    _run.reset(); // an open run stays open in the record and reopens for the same nurse
    _stale = {};
    _runId.clear();
    _plugin = nullptr;
}

const StaffRecord& KioskSession::staff() const
{
    requireStaff();
    return *_staff;
}

StaffRole KioskSession::role() const
{
    return staffRole(staff().role);
}

void KioskSession::requireStaff() const
{
    if (!_staff)
        throw Problem(tr_("Sign in first."));
}

void KioskSession::requireSupervisor() const
{
    requireStaff();
    if (role() == StaffRole::Nurse)
        throw Problem(tr_("Only a supervisor may do this. Ask a supervisor to sign in."));
}

namespace {
/// A lot's letters and digits only, in upper case, with the characters people mistype for one another read as one
/// (O and 0, I L and 1, S and 5, B and 8, Z and 2): what a recall is compared with when a person typed the lot.
std::string lotSkeleton(const std::string& lot)
{
    std::string out;
    for (char c : comparableLot(lot)) {
        if (!std::isalnum(static_cast<unsigned char>(c)))
            continue;
        char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        switch (u) {
        case 'O': u = '0'; break;
        case 'I':
        case 'L': u = '1'; break;
        case 'S': u = '5'; break;
        case 'B': u = '8'; break;
        case 'Z': u = '2'; break;
        default: break;
        }
        out += u;
    }
    return out;
}
} // namespace

std::vector<KioskSession::LockedBadge> KioskSession::lockedBadges() const
{
    requireSupervisor();
    std::vector<LockedBadge> out;
    for (const auto& [badge, until] : _auth.lockedBadges()) {
        const auto staff = _s.store.staff(badge);
        out.push_back({badge, staff ? staff->name : std::string(), until});
    }
    return out;
}

void KioskSession::unlockBadge(const std::string& badge)
{
    requireSupervisor();
    _auth.unlock(badge);
    Poco::JSON::Object payload;
    payload.set("badge", validUtf8(badge));
    NewEvent e;
    e.type = "badge-unlocked";
    e.staff = _staff->badge;
    e.payload = json(payload);
    _s.store.append({e});
}

bool KioskSession::resumeInterrupted()
{
    requireStaff();
    const auto open = _recorder.findOpen({}, _staff->badge);
    if (!open)
        return false;
    const auto record = _s.store.patient(open->patient);
    if (!record || !plugin(open->checklistId))
        throw Problem(tr_("An interrupted checklist could not be reopened: its patient or plugin is no longer here."));
    this->open(*record, "resumed", open->runId);
    start(open->checklistId);
    return true;
}

// --- patients ------------------------------------------------------------------------------------------------------

std::vector<WardRow> KioskSession::ward() const
{
    requireStaff();
    std::vector<WardRow> rows;
    const auto now = _s.clock.now();
    for (const auto& p : _s.store.patients()) {
        try {
            const auto h = PatientHistory::compute(_s.store.patientEvents(p.id), p, _s.settings, now);
            rows.push_back({p, h.port, p.heparinAllergyOrHit || h.heparinAllergyOrHit,
                            p.chlorhexidineAllergy || h.chlorhexidineAllergy});
        } catch (const std::exception&) {
            // One unreadable record does not take the ward list with it; that patient is shown as not ready
            // for use, and opening them says why.
            PortState port;
            port.notReadyForUse = true;
            rows.push_back({p, port, true, true});
        }
    }
    return rows;
}

const PatientView& KioskSession::openByWristband(const std::string& bytes)
{
    requireStaff();
    refresh();
    const auto scan = _interpreter.interpret(bytes);
    if (!scan.ok)
        throw Problem(tr_("The barcode could not be used: %s", {scan.error}));
    if (scan.patient.empty())
        throw Problem(tr_("This is not a patient wristband. Scan the patient's wristband."));
    const auto record = _s.store.patient(scan.patient);
    if (!record)
        throw Problem(tr_("No patient with wristband %s is on this ward. Check the wristband; the patient may not "
                          "have arrived in the ward's list yet.",
                          {scan.patient}));
    if (running() && _patient && _patient->record.id != record->id)
        throw Problem(tr_("WRONG PATIENT: this wristband is %1$s's; the open checklist is for %2$s. Check who the "
                          "patient is. Finish or cancel that checklist before opening another patient.",
                          {record->displayName, _patient->record.displayName}));
    return open(*record, "wristband", bytes);
}

const PatientView& KioskSession::openFromList(const std::string& patientId, const std::string& birthDate)
{
    requireStaff();
    refresh();
    const auto record = _s.store.patient(patientId);
    if (!record)
        throw Problem(tr_("This patient is no longer on the ward's list."));
    if (running() && _patient && _patient->record.id != record->id)
        throw Problem(tr_("A checklist is open for another patient. Finish or cancel it first."));
    if (record->birthDate.empty())
        throw Problem(tr_("The record has no date of birth to check. Scan the patient's wristband instead."));
    if (birthDate != record->birthDate)
        throw Problem(tr_("The date of birth does not match the record. Ask the patient again, or scan the "
                          "wristband. Make sure this is the right patient."));
    return open(*record, "birth-date", birthDate);
}

const PatientView& KioskSession::open(const PatientRecord& record, const std::string& method, const std::string& detail)
{
    if (method != "resumed") {
        // The identification is part of the record: who confirmed whom, and how.
        Poco::JSON::Object payload;
        payload.set("method", method);
        if (method == "wristband")
            payload.set("scan", detail);
        NewEvent e;
        e.type = "patient-identified";
        e.patient = record.id;
        e.staff = _staff->badge;
        e.payload = json(payload);
        _s.store.append({e});
    }
    if (!running() || !_patient || _patient->record.id != record.id) {
        _run.reset();
        _runId.clear();
        _plugin = nullptr;
        _stale = {};
    }
    PatientView view;
    view.record = record;
    view.identifiedBy = method;
    _patient = std::move(view);
    refreshPatient();
    return *_patient;
}

void KioskSession::refreshPatient()
{
    // All or nothing: the patient's view (flags, STOPs, port state, lock) is built aside and only then replaces the
    // one in use. When the record cannot be read, no patient stays open: nothing may be done for them on a view
    // that lacks an allergy or a STOP.
    PatientView view = *_patient;
    PatientHistory history;
    try {
        if (auto fresh = _s.store.patient(view.record.id))
            view.record = *fresh;
        const auto& p = view.record;
        history = PatientHistory::compute(_s.store.patientEvents(p.id), p, _s.settings, _s.clock.now());
        view.port = history.port;
        view.heparinAllergyAtBedside = history.heparinAllergyOrHit && !p.heparinAllergyOrHit;
        view.chlorhexidineAllergyAtBedside = history.chlorhexidineAllergy && !p.chlorhexidineAllergy;
        view.heparinAllergyOrHit = p.heparinAllergyOrHit || history.heparinAllergyOrHit;
        view.chlorhexidineAllergy = p.chlorhexidineAllergy || history.chlorhexidineAllergy;
        view.lock = effectiveLockOrder(p, view.heparinAllergyOrHit, _policy, today());
        PatientRecord checked = p;
        checked.heparinAllergyOrHit = false;
        view.lockProblem =
            lockOrderProblem(view.lock.solution, view.lock.unitsPerMl, view.lock.volumeMl, checked, _policy, today());
    } catch (const std::exception& e) {
        const std::string name = view.record.displayName;
        _patient.reset();
        _run.reset();
        _runId.clear();
        _plugin = nullptr;
        _history = {};
        if (dynamic_cast<const Problem*>(&e))
            throw;
        throw Problem(tr_("The record of %1$s cannot be read on this kiosk (%2$s). Nothing can be done for them here "
                          "until a supervisor has looked at it.",
                          {name, validUtf8(e.what())}));
    }
    _patient = std::move(view);
    _history = std::move(history);
}

void KioskSession::closePatient()
{
    if (running())
        throw Problem(tr_("A checklist is open for this patient. Finish or cancel it first."));
    _patient.reset();
    _run.reset();
    _runId.clear();
    _plugin = nullptr;
}

const PatientView& KioskSession::patient() const
{
    if (!_patient)
        throw Problem(tr_("Open a patient first: scan the wristband or choose them on the ward list."));
    return *_patient;
}

std::string KioskSession::patientName(const std::string& id) const
{
    const auto record = _s.store.patient(id);
    return record ? record->displayName : std::string();
}

sdk::PatientContext KioskSession::context() const
{
    const auto& view = patient();
    sdk::PatientContext ctx;
    ctx.id = view.record.id;
    ctx.heparinAllergyOrHit = view.heparinAllergyOrHit;
    ctx.chlorhexidineAllergy = view.chlorhexidineAllergy;
    ctx.accessed = view.port.accessed;
    ctx.powerInjectable = view.record.powerInjectable;
    ctx.portType = view.record.portType;
    ctx.lock = view.lock;
    return ctx;
}

// --- checklists ----------------------------------------------------------------------------------------------------

sdk::ChecklistPlugin* KioskSession::plugin(const std::string& id) const
{
    for (auto* c : _s.plugins.checklists())
        if (c->id() == id)
            return c;
    return nullptr;
}

std::vector<ChecklistOffer> KioskSession::checklists() const
{
    requireStaff();
    const auto ctx = context();
    const auto& view = patient();
    std::vector<ChecklistOffer> offers;
    const auto open = _recorder.openRuns(view.record.id);
    for (auto* c : _s.plugins.checklists()) {
        const auto d = c->definition(ctx);
        ChecklistOffer o;
        o.id = d.id;
        o.title = d.title;
        o.textDomain = d.textDomain;
        o.offered = true;
        for (const auto& run : open) {
            if (run.checklistId != d.id)
                continue;
            if (run.staff == _staff->badge) {
                o.interrupted = true;
            } else if (o.openBy.empty()) {
                // Someone else's run of it is open for this patient: not a second one beside it.
                const auto owner = _s.store.staff(run.staff);
                o.openBy = owner ? owner->name : run.staff;
                o.offered = false;
                o.why = tr_("%1$s started this checklist for this patient at %2$s and has not finished it. Take it "
                            "over (recorded), or ask them to finish it.",
                            {o.openBy, displayTime(parseIsoTime(run.startedAt))});
            }
        }
        if (o.interrupted || !o.openBy.empty()) {
            o.offered = o.interrupted;
            offers.push_back(o);
            continue;
        }
        if (d.portBefore == sdk::PortRequirement::Accessed && !view.port.accessed) {
            o.offered = false;
            o.portDiffers = true;
            o.why = tr_("The record says the port is not accessed. If you find a needle in place, record that the "
                        "port state differs.");
        } else if (d.portBefore == sdk::PortRequirement::NotAccessed && view.port.accessed) {
            o.offered = false;
            o.portDiffers = true;
            o.why = tr_("The port is accessed (needle in since %s). If the needle is out, record that the port state "
                        "differs.",
                        {displayTime(*view.port.needleSince)});
        }
        if (hasRole(d, StepRole::Lock) && !view.lockProblem.empty()) {
            o.offered = false;
            o.portDiffers = false;
            o.why = tr_("The lock order cannot be used: %s", {view.lockProblem});
        }
        offers.push_back(o);
    }
    return offers;
}

void KioskSession::start(const std::string& checklistId, const std::string& portDiffersReason, bool takeOver)
{
    requireStaff();
    refresh();
    const auto& view = patient();
    if (running())
        throw Problem(tr_("A checklist is already open. Finish or cancel it first."));
    auto* checklist = plugin(checklistId);
    if (!checklist)
        throw Problem(tr_("The checklist \"%s\" is not installed on this kiosk.", {checklistId}));
    _plugin = checklist;
    const auto ctx = context();
    // Another nurse's open run of it: taken over (recorded), or refused with who and since when.
    for (const auto& run : _recorder.openRuns(view.record.id))
        if (run.checklistId == checklistId && run.staff != _staff->badge) {
            if (!takeOver)
                for (const auto& offer : checklists())
                    if (offer.id == checklistId)
                        throw Problem(offer.why);
            _recorder.handOver(run, _staff->badge);
            break;
        }
    // An interrupted run of this nurse for this patient reopens where it stopped.
    if (const auto open = _recorder.findOpen(view.record.id, _staff->badge); open && open->checklistId == checklistId) {
        auto resumed = std::make_unique<ChecklistRun>(
            ChecklistRun::resume(checklist->definition(ctx), ctx, _s.clock, checklist, _recorder.records(open->runId)));
        _run = std::move(resumed);
        _runId = open->runId;
        _runStaff = open->staff;
        attach(_runId, _runStaff);
        rebuildIfContextChanged();
        return;
    }
    const auto definition = checklist->definition(ctx);
    std::vector<NewEvent> before;
    for (const auto& offer : checklists()) {
        if (offer.id != checklistId || offer.offered)
            continue;
        if (!offer.portDiffers || blank(portDiffersReason))
            throw Problem(offer.why);
        if (!offer.openBy.empty())
            throw Problem(offer.why);
        Poco::JSON::Object payload;
        payload.set("checklist", checklistId);
        payload.set("recorded", view.port.accessed ? "accessed" : "not-accessed");
        payload.set("found", view.port.accessed ? "not-accessed" : "accessed");
        payload.set("reason", portDiffersReason);
        NewEvent e;
        e.type = "port-state-differs";
        e.patient = view.record.id;
        e.staff = _staff->badge;
        e.payload = json(payload);
        before.push_back(e);
    }
    auto run = std::make_unique<ChecklistRun>(definition, ctx, _s.clock, checklist);
    run->setScanVerifier(&_verifier);
    _runId = _recorder.start(*run, _staff->badge, before);
    _runStaff = _staff->badge;
    _run = std::move(run);
    _stale = {};
}

void KioskSession::attach(const std::string& runId, const std::string& staff)
{
    _run->setScanVerifier(&_verifier);
    _recorder.attach(*_run, runId, staff);
}

void KioskSession::requireRun() const
{
    requireStaff();
    if (!_run)
        throw Problem(tr_("No checklist is open."));
}

const sdk::ChecklistDefinition& KioskSession::definition() const
{
    requireRun();
    return _run->definition();
}

const std::vector<StepRecord>& KioskSession::records() const
{
    requireRun();
    return _run->records();
}

const std::string& KioskSession::outcome() const
{
    requireRun();
    return _run->outcome();
}

std::string KioskSession::stepKey() const
{
    return stopKey(_run->definition(), _run->currentIndex());
}

StepState KioskSession::step() const
{
    requireRun();
    if (!running())
        throw Problem(tr_("The checklist is over; there is no open step."));
    StepState st;
    const auto& step = _run->current();
    st.step = &step;
    st.number = _run->records().size() + 1;
    st.total = _run->definition().steps.size();
    st.waitMs = _run->remainingWaitMs();
    if (step.type == sdk::StepType::Scan)
        st.expect = _run->expectation();
    const auto stop = _history.stops.find(stepKey());
    st.stopped = step.type == sdk::StepType::Scan && stop != _history.stops.end();
    if (st.stopped)
        st.stopMessage = Text::verbatim(stop->second.back().message);
    const bool protectedScan = step.role == StepRole::Wristband || step.role == StepRole::Lock;
    st.canSkip = step.skippable && !st.stopped && !(step.type == sdk::StepType::Scan && protectedScan);
    if (step.type == sdk::StepType::Scan) {
        if (st.stopped) {
            st.noScanWhy = tr_("After a STOP this step is done only with a scan that passes.");
        } else if (_s.settings.get("scan.no_barcode", "allowed") == "never") {
            st.noScanWhy = tr_("This site does not allow steps without a scan.");
        } else if (step.role == StepRole::Lock && !patient().lockProblem.empty()) {
            st.noScanWhy = tr_("The lock order cannot be used: %s", {patient().lockProblem});
        } else {
            // Patient identity and every lock (heparin, or the saline that keeps heparin from a patient with HIT)
            // need a second staff member; other products a reason.
            st.noScan = step.role == StepRole::Wristband || step.role == StepRole::Lock || heparinStep(step)
                            ? NoScanFallback::WithWitness
                            : NoScanFallback::WithReason;
        }
    }
    return st;
}

ScanResult KioskSession::scan(const std::string& bytes, const std::string& reason, const std::string& lot)
{
    requireRun();
    if (!running() || _run->current().type != sdk::StepType::Scan)
        throw Problem(tr_("A barcode was scanned, but this step does not take a scan. Nothing was recorded."));
    // A recall or a changed order pulled a moment ago counts now. A fresh scan is judged against the order as it is
    // now (its verdict says what the step needs), so it goes on where a confirm would be refused; a reason or a lot
    // answers a question the nurse saw, so a run that changed since refuses it.
    if (reason.empty() && lot.empty())
        refresh();
    else
        refreshBeforeStepAction();
    requireFresh();
    const auto& step = _run->current();
    const auto expect = _run->expectation();
    const auto ctx = _run->patient();
    // A lot typed from the package: as people type it, but compared as the label prints it. A lot barcode scanned
    // into the lot field (with its AIM identifier or AI) counts as the lot it holds.
    // A lot barcode on its own is "(10)" and the lot, which GS1 does not read without a GTIN: the AI is taken off here.
    std::string typedLot = comparableLot(lot);
    if (typedLot.size() > 3 && typedLot[0] == ']') {
        const std::string aim = typedLot.substr(0, 3);
        typedLot.erase(0, 3);
        if ((aim == "]C1" || aim == "]D2" || aim == "]Q3" || aim == "]E0") && typedLot.compare(0, 2, "10") == 0)
            typedLot.erase(0, 2); // a GS1 symbol (in upper case here) carries element strings: AI 10 first
    } else if (typedLot.compare(0, 4, "(10)") == 0) {
        typedLot.erase(0, 4);
    }
    for (char c : typedLot)
        if (static_cast<unsigned char>(c) >= 0x80)
            throw Problem(tr_("Type the lot exactly as it is printed on the package: letters, digits and the signs "
                              "printed with them."));
    ScanResult result;
    if (!lot.empty() && typedLot.empty())
        throw Problem(tr_("Type the lot exactly as it is printed on the package."));
    if (lot.empty() && !_interpreter.interpret(bytes).staff.empty())
        // A staff badge (a witness's, scanned at the wrong moment) is no product and no wristband: nothing is
        // recorded, and the step keeps every way it had.
        throw Problem(tr_("That is a staff badge. Scan the product or the wristband this step asks for."));
    ScanCheck check = _verifier.check(bytes, expect, ctx, typedLot);
    if (!typedLot.empty() && check.verdict.product && check.verdict.level != Verdict::Level::Stop) {
        // What was typed may hold more than the lot: "LOT RC2407", a date or a serial scanned with it, a hyphen.
        // A recalled lot anywhere in it, letters and digits compared, is a STOP; a false stop costs a second look.
        // A part of a recalled lot typed ("2407" for RC2407) is as likely the recalled lot misread: it stops too.
        const std::string typed = lotSkeleton(typedLot);
        if (typed.size() < 3)
            throw Problem(tr_("Type the whole lot as it is printed on the package."));
        for (const auto& recalled : _catalog.recalledLots(*check.verdict.product)) {
            const std::string r = lotSkeleton(recalled);
            if (!r.empty() && (typed.find(r) != std::string::npos || r.find(typed) != std::string::npos)) {
                check.verdict = {Verdict::Level::Stop, "recalled",
                                 tr_("RECALLED: lot %1$s of %2$s is recalled, and the lot entered (%3$s) holds it. Do "
                                     "not use it; take another.",
                                     {recalled, check.verdict.product->name, typedLot}),
                                 check.verdict.product};
                break;
            }
        }
        if (check.verdict.level != Verdict::Level::Stop) {
            // Otherwise it must be a lot GS1 could print: at most 20 characters of its character set.
            bool cset82 = typedLot.size() <= 20;
            for (char c : typedLot)
                cset82 = cset82 && c > 0x20 && c < 0x7F && c != '#' && c != '$' && c != '@' && c != '[' && c != '\\' &&
                         c != ']' && c != '^' && c != '`' && c != '{' && c != '|' && c != '}' && c != '~';
            if (!cset82)
                throw Problem(tr_("That is not a lot as it is printed on a package (at most 20 letters, digits and "
                                  "signs). Type only the lot."));
        }
    }
    if (check.verdict.level == Verdict::Level::Warn && _history.stops.count(stepKey()))
        // After a STOP at this step only a scan that passes outright is taken: a warning answered with a reason
        // would let the stopped product back in by another reading of it (a lost separator, a missing expiry).
        check.verdict = {Verdict::Level::Stop, "after-stop",
                         tr_("This step was stopped; only a scan that passes without a warning is taken now. %s",
                             {check.verdict.message}),
                         check.verdict.product};
    if (step.role == StepRole::Lock && !patient().lockProblem.empty() && check.verdict.level != Verdict::Level::Stop)
        check.verdict = {Verdict::Level::Stop, "no-order",
                         tr_("This patient's lock order cannot be used: %s No lock is given until the order is "
                             "corrected.",
                             {patient().lockProblem}),
                         check.verdict.product};
    if (check.verdict.rule == "wrong-patient") {
        const std::string other = patientName(check.scan.patient);
        if (!other.empty())
            check.verdict.message = tr_("WRONG PATIENT: this wristband is %1$s's (%2$s); this checklist is for %3$s. "
                                        "Stop and check who the patient is.",
                                        {other, check.scan.patient, patient().record.displayName});
    }
    result.verdict = check.verdict;
    if (check.verdict.level == Verdict::Level::Stop) {
        // A STOP is part of the record: what was scanned, the rule, the step. The step stays open.
        const auto& st = _run->current();
        Poco::JSON::Object payload;
        payload.set("checklist", _run->definition().id);
        payload.set("step", st.id);
        payload.set("role", sdk::toString(st.role));
        payload.set("key", stepKey());
        payload.set("rule", check.verdict.rule);
        payload.set("message", check.verdict.message.english());
        payload.set("scan", bytes);
        payload.set("expected", expect.category);
        if (expect.unitsPerMl > 0)
            payload.set("orderedUnitsPerMl", expect.unitsPerMl);
        if (check.verdict.product) {
            payload.set("product", check.verdict.product->name);
            payload.set("gtin", check.verdict.product->gtin);
        }
        if (!check.scan.lot.empty())
            payload.set("lot", check.scan.lot);
        if (!check.scan.expiry.empty())
            payload.set("expiry", check.scan.expiry);
        NewEvent e;
        e.type = "scan-stopped";
        e.runId = _runId;
        e.patient = ctx.id;
        e.staff = _staff->badge;
        e.payload = json(payload);
        _s.store.append({e});
        OpenStop stop;
        stop.key = stepKey();
        stop.runId = _runId;
        stop.checklist = _run->definition().id;
        stop.stepId = st.id;
        stop.rule = check.verdict.rule;
        stop.message = check.verdict.message.english();
        stop.scan = bytes;
        stop.staff = _staff->badge;
        _history.stops[stop.key].push_back(stop);
        return result;
    }
    if (check.verdict.level == Verdict::Level::Warn) {
        if (check.verdict.rule == "lot-unknown") { // only without a typed lot: with one, the lot is checked
            result.needsLot = true;
            return result;
        }
        if (blank(reason)) {
            result.needsReason = true;
            return result;
        }
    }
    sdk::StepAnswer answer;
    answer.scan = bytes;
    if (!blank(typedLot) && _interpreter.interpret(bytes).lot.empty())
        answer.lot = typedLot; // read from the package: the barcode has none
    answer.overrideReason = check.verdict.level == Verdict::Level::Warn ? reason : std::string();
    const std::string key = stepKey(), checklist = _run->definition().id, stepId = step.id;
    _run->confirm(answer); // the engine judges the scan again: a stop there is a stop here
    _history.clearStops(key, checklist, stepId);
    result.confirmed = true;
    afterChange();
    return result;
}

void KioskSession::confirm(const sdk::StepAnswer& given)
{
    requireRun();
    if (!running())
        throw Problem(tr_("The checklist is over; there is no open step."));
    refreshBeforeStepAction();
    requireFresh();
    const auto& step = _run->current();
    if (step.type == sdk::StepType::Scan)
        throw StepRejected(tr_("Scan the barcode to confirm this step."));
    sdk::StepAnswer answer = given;
    answer.scan.clear();
    answer.lot.clear();
    answer.witness.clear();
    answer.printJob.clear();
    if (step.role == StepRole::Label) {
        const auto label = labelState();
        if (!label.printed)
            throw StepRejected(label.wanted && _s.labels
                                   ? tr_("Print the label and wait until the printer has taken it, or say why there is "
                                         "no printed label.")
                                   : tr_("There is no label printer here: say why, and write the label by hand."));
        answer.printJob = label.job;
    }
    _run->confirm(answer);
    afterChange();
}

void KioskSession::confirmWithoutScan(const std::string& reason, const std::optional<Witness>& witness)
{
    requireRun();
    if (!running() || _run->current().type != sdk::StepType::Scan)
        throw Problem(tr_("This step is not a scan step."));
    refreshBeforeStepAction();
    requireFresh();
    const auto st = step();
    if (st.noScan == NoScanFallback::NotOffered)
        throw StepRejected(st.noScanWhy);
    if (blank(reason))
        throw StepRejected(tr_("Say why the barcode could not be scanned."));
    sdk::StepAnswer answer;
    answer.overrideReason = reason;
    if (st.noScan == NoScanFallback::WithWitness) {
        if (!witness || blank(witness->badge))
            throw StepRejected(tr_("A second staff member must witness this step without a scan: their badge and "
                                   "PIN."));
        if (witness->badge == _staff->badge)
            throw StepRejected(tr_("The witness must be someone else than the nurse signed in."));
        const auto checked = witness->proof && witness->proof->badge == witness->badge
                                 ? _auth.signIn(*witness->proof)
                                 : _auth.signIn(witness->badge, witness->pin);
        if (!checked.staff) {
            // A refused witness is part of the record: who asked whom, at which step (a badge locked out by wrong
            // PINs given at someone else's kiosk can then be traced).
            Poco::JSON::Object payload;
            payload.set("checklist", _run->definition().id);
            payload.set("step", st.step->id);
            payload.set("witness", validUtf8(witness->badge));
            NewEvent e;
            e.type = "witness-refused";
            e.runId = _runId;
            e.patient = _patient->record.id;
            e.staff = _staff->badge;
            e.payload = json(payload);
            _s.store.append({e});
            throw StepRejected(tr_("The witness could not be confirmed: %s", {checked.message}));
        }
        answer.witness = checked.staff->badge;
    }
    _run->confirm(answer);
    afterChange();
}

void KioskSession::confirmWithoutLabel(const std::string& reason)
{
    requireRun();
    if (!running() || _run->current().role != StepRole::Label)
        throw Problem(tr_("This step is not the label step."));
    refreshBeforeStepAction();
    requireFresh();
    if (blank(reason))
        throw StepRejected(tr_("Say why there is no printed label."));
    sdk::StepAnswer answer;
    answer.note = "No printed label: " + reason;
    _run->confirm(answer);
    afterChange();
}

void KioskSession::skip(const std::string& reason)
{
    requireRun();
    if (!running())
        throw Problem(tr_("The checklist is over; there is no open step."));
    refreshBeforeStepAction();
    requireFresh();
    const auto st = step();
    if (st.stopped)
        throw StepRejected(tr_("After a STOP this step cannot be skipped: it is done only with a scan that passes."));
    if (!st.canSkip)
        throw StepRejected(tr_("This step cannot be skipped."));
    _run->skip(reason);
    afterChange();
}

void KioskSession::cancel(const std::string& reason)
{
    requireRun();
    _run->cancel(reason);
}

void KioskSession::back(const std::string& reason)
{
    requireRun();
    if (!running())
        throw Problem(tr_("The checklist is over; there is no open step."));
    refreshBeforeStepAction();
    requireFresh();
    // The step before opens again; what was recorded for it stays, marked corrected ("step-corrected"). A STOP
    // recorded at any step stays with it: going back and forth does not end one.
    _run->back(reason);
    rebuildIfContextChanged();
}

void KioskSession::afterChange()
{
    const auto& last = _run->records().back();
    if (_run->finished() || last.role == StepRole::Allergies)
        refreshPatient(); // the port state, due dates and flags the run changed
    rebuildIfContextChanged();
}

bool KioskSession::rebuildIfContextChanged()
{
    // What the run was built for (its patient's flags and lock) must be what the patient is now: an allergy
    // answered at the bedside, or a flag or an order that a sync brought, changes the rest of this run at once.
    if (!_run || _run->finished() || !_patient)
        return false;
    const auto now = context();
    const auto& then = _run->patient();
    if (now.heparinAllergyOrHit == then.heparinAllergyOrHit && now.chlorhexidineAllergy == then.chlorhexidineAllergy &&
        now.lock.solution == then.lock.solution && now.lock.unitsPerMl == then.lock.unitsPerMl &&
        now.lock.volumeMl == then.lock.volumeMl && now.lock.problem == then.lock.problem)
        return false;
    try {
        _run = std::make_unique<ChecklistRun>(
            ChecklistRun::resume(_plugin->definition(now), now, _s.clock, _plugin, _run->records()));
        attach(_runId, _runStaff);
        _stale = {};
    } catch (const std::exception&) {
        // The steps already done do not fit the checklist the patient needs now: nothing more is done in this run.
        _stale = tr_("The patient's record changed during this checklist (allergies or the lock order) in a way it "
                     "cannot follow. Cancel it and start it again.");
    }
    return true;
}

void KioskSession::requireFresh() const
{
    if (!_stale.empty())
        throw StepRejected(_stale);
    if (identityPending())
        throw StepRejected(tr_("This checklist for %s was interrupted. Confirm the patient again before it goes on: "
                               "scan their wristband, or ask their date of birth.",
                               {_patient->record.displayName}));
}

// --- labels and summary --------------------------------------------------------------------------------------------

void KioskSession::finishDetails(const ChecklistRun& run, const std::vector<StepRecord>& records,
                                 Poco::JSON::Object& payload) const
{
    std::string dressing;
    for (const auto& r : records) {
        if (r.kind != StepRecord::Kind::Confirmed)
            continue;
        if (r.role == StepRole::DressingType && dressing.empty())
            dressing = r.answer.choice;
        if ((r.role == StepRole::Dressing || r.role == StepRole::Needle) && !r.answer.scan.empty()) {
            const auto scan = _interpreter.interpret(r.answer.scan);
            const Product* product = scan.ok ? _catalog.find(scan) : nullptr;
            if (!product)
                continue;
            if (r.role == StepRole::Dressing && !product->dressingType.empty())
                dressing = product->dressingType; // the dressing applied decides its due date
            if (r.role == StepRole::Needle) {
                Poco::JSON::Object::Ptr needle = new Poco::JSON::Object;
                needle->set("size", needleSize(*product));
                needle->set("gtin", product->gtin.empty() ? product->hibc : product->gtin);
                needle->set("lot", scan.lot.empty() ? r.answer.lot : scan.lot);
                payload.set("needle", needle);
            }
        }
    }
    (void)run;
    if (!dressing.empty())
        payload.set("dressing", dressing);
}

LabelData KioskSession::labelData() const
{
    requireRun();
    const Translator* t = _s.translator;
    const MonthNames months = translatedMonths(t);
    const auto& port = patient().port;
    const auto now = _s.clock.now();
    Clock::TimePoint dressedAt = now;
    std::optional<Clock::TimePoint> needleAt;
    std::string dressingType, needle;
    for (const auto& r : _run->records()) {
        if (r.kind != StepRecord::Kind::Confirmed)
            continue;
        if (r.role == StepRole::DressingType)
            dressingType = r.answer.choice;
        if (r.role == StepRole::Dressing) {
            dressedAt = r.time;
            if (!r.answer.scan.empty())
                if (const auto* p = _catalog.find(_interpreter.interpret(r.answer.scan)))
                    if (!p->dressingType.empty())
                        dressingType = p->dressingType;
        }
        if (r.role == StepRole::Needle && !r.answer.scan.empty())
            if (const auto* p = _catalog.find(_interpreter.interpret(r.answer.scan)))
                needle = needleSize(*p);
        if (r.role == StepRole::NeedleInsert || (r.role == StepRole::Needle && !needleAt))
            needleAt = r.time;
    }
    if (!needleAt && port.accessed && port.needleSince) {
        needleAt = port.needleSince; // a dressing change: the needle placed earlier
        needle = port.needle;
    }
    if (dressingType.empty())
        dressingType = "tsm";
    const auto intervals = DueIntervals::fromSettings(_s.settings);
    LabelData data;
    data["title"] = tr_("PORT DRESSING").str(t);
    data["dressing"] = labelDate(dressedAt, months) + " (" + dressingWord(dressingType).str(t) + ")";
    // The size as the record keeps it ("22G x 15.9 mm"), its length in the label's language ("15,9" in German).
    if (t)
        if (const auto point = needle.find('.'); point != std::string::npos)
            needle.replace(point, 1, t->decimalSign());
    data["needle"] =
        (needleAt ? labelDate(*needleAt, months) : std::string("-")) + (needle.empty() ? "" : ", " + needle);
    data["due"] = labelDate(plusDays(dressedAt, intervals.dressingDays(dressingType), intervals.zone), months);
    data["needleDue"] =
        needleAt ? labelDate(plusDays(*needleAt, intervals.needleDays, intervals.zone), months) : std::string("-");
    std::string initials;
    const std::string& name = _staff->name;
    for (std::size_t i = 0; i < name.size(); ++i)
        if (i == 0 || name[i - 1] == ' ') { // the first character of each word, all of its UTF-8 bytes
            std::size_t end = i + 1;
            while (end < name.size() && (static_cast<unsigned char>(name[end]) & 0xC0) == 0x80)
                ++end;
            initials += name.substr(i, end - i);
        }
    data["nurse"] = initials.empty() ? "-" : initials;
    data["record"] = _runId;
    data["prefix.dressing"] = tr_("Dressing: ").str(t);
    data["prefix.needle"] = tr_("Needle: ").str(t);
    data["prefix.due"] = tr_("Dressing due: ").str(t);
    data["prefix.needleDue"] = tr_("Needle due: ").str(t);
    data["prefix.nurse"] = tr_("Nurse: ").str(t);
    return data;
}

sdk::Raster KioskSession::labelPreview() const
{
    requireRun();
    if (_run->definition().label.empty())
        throw Problem(tr_("This checklist prints no label."));
    if (!_s.labels)
        throw Problem(tr_("There is no label printer here."));
    const auto layout = _plugin->labelTemplate(_s.labels->widthMm(), _s.labels->heightMm());
    if (layout.elements.empty())
        throw Problem(tr_("The checklist has no label for this printer's labels."));
    try {
        return _s.labels->render(layout, labelData());
    } catch (const Problem&) {
        throw;
    } catch (const std::exception& e) {
        throw Problem(Text::verbatim(e.what()));
    }
}

std::string KioskSession::printLabel()
{
    requireRun();
    refresh(); // the label shows the patient as the record has them now
    if (running())
        requireFresh();
    // Only what the run has done goes on the label: at its Label step, or a reprint once it is over.
    if (running() && _run->current().role != StepRole::Label)
        throw Problem(tr_("The label is printed at the Label step, once the needle and the dressing are recorded."));
    if (cancelled())
        throw Problem(tr_("This checklist was cancelled: it prints no label."));
    const auto st = labelState();
    if (st.waiting)
        return st.job; // a second tap: this label is already on its way, or waits for the printer
    const auto raster = labelPreview();
    try {
        return _s.labels->submit(raster, _runId, patient().record.id);
    } catch (const std::exception& e) {
        throw Problem(Text::verbatim(e.what()));
    }
}

std::string KioskSession::printTestLabel()
{
    requireSupervisor();
    if (!_s.labels)
        throw Problem(tr_("There is no label printer here."));
    try {
        const auto raster =
            _s.labels->render(dressingDateTemplate(_s.labels->widthMm(), _s.labels->heightMm()), sampleDressingData());
        return _s.labels->submit(raster, "test-label", {});
    } catch (const std::exception& e) {
        throw Problem(Text::verbatim(e.what()));
    }
}

Text KioskSession::describeScan(const std::string& bytes) const
{
    requireSupervisor();
    const auto scan = _interpreter.interpret(bytes);
    const std::string aim = scan.symbology.empty() ? std::string("-") : scan.symbology;
    if (!scan.ok)
        return tr_("Read, but not understood (%s): %s", {aim, scan.error});
    if (!scan.patient.empty()) {
        const std::string name = patientName(scan.patient);
        return tr_("Wristband %s (%s), %s", {scan.patient, name.empty() ? "-" : name, aim});
    }
    if (!scan.staff.empty())
        return tr_("Staff badge %s, %s", {scan.staff, aim});
    const std::string product = scan.gtin.empty() ? scan.lic + scan.pcn : scan.gtin;
    const auto item = _catalog.find(scan);
    return tr_("Product %s (%s), lot %s, expires %s, %s",
               {product, item ? item->name : std::string("-"), scan.lot.empty() ? "-" : scan.lot,
                scan.expiry.empty() ? "-" : scan.expiry, aim});
}

LabelState KioskSession::labelState() const
{
    requireRun();
    LabelState st;
    st.wanted = !_run->definition().label.empty();
    bool anyUnconfirmed = false;
    for (const auto& job : _s.store.printJobsOfRun(_runId)) {
        st.job = job.id;
        st.state = job.state;
        // queued or being sent, or failed and retried by the queue once the printer is ready (not a job cut off by a
        // stop of the kiosk: that one waits for a nurse to decide)
        st.waiting = job.state == "queued" || job.state == "sending" || (job.state == "failed" && job.attempts >= 0);
        const bool unconfirmed = job.state == "failed" && job.attempts < 0;
        anyUnconfirmed = anyUnconfirmed || unconfirmed;
        // The driver's sentence is English and names the cause; the nurse's sentence says what to do.
        st.reason = unconfirmed ? tr_("The printer did not confirm the label: it may have printed. Look at the "
                                      "printer. If the label is there, say so; if not, print it again.")
                                : Text::verbatim(job.reason);
        st.printed = st.printed || job.state == "printed";
    }
    // Any copy that may have printed can be the one found at the printer, not only the newest.
    st.unconfirmed = anyUnconfirmed && !st.printed;
    return st;
}

void KioskSession::labelIsThere()
{
    requireRun();
    const auto st = labelState();
    if (!st.unconfirmed)
        throw Problem(tr_("No label waits to be checked at the printer."));
    std::optional<PrintJob> job;
    for (auto& j : _s.store.printJobsOfRun(_runId))
        if (j.state == "failed" && j.attempts < 0)
            job = j; // the newest that may have printed
    if (!job)
        throw Problem(tr_("No label waits to be checked at the printer."));
    // A copy still waiting for the printer is not wanted any more: it would be a second label.
    for (auto& j : _s.store.printJobsOfRun(_runId))
        if (j.state == "queued" || (j.state == "failed" && j.attempts >= 0)) {
            j.state = "cancelled";
            j.reason = "Not printed: the label was found at the printer.";
            j.updated = isoTime(_s.clock.now());
            _s.store.putPrintJob(j);
        }
    job->state = "printed";
    job->reason = "Found at the printer by " + staff().badge + " (the printer had not confirmed it).";
    job->updated = isoTime(_s.clock.now());
    // Who vouched for the label is part of the record, like every other confirmation.
    Poco::JSON::Object payload;
    payload.set("job", job->id);
    NewEvent e;
    e.type = "label-found-at-printer";
    e.runId = _runId;
    e.patient = _patient->record.id;
    e.staff = staff().badge;
    e.payload = json(payload);
    _s.store.append({e});
    _s.store.putPrintJob(*job);
}

std::vector<SummaryRow> KioskSession::summary() const
{
    requireRun();
    const auto& def = _run->definition();
    std::vector<SummaryRow> rows;
    for (const auto& r : _run->records()) {
        const auto& step = def.steps.at(r.index);
        SummaryRow row;
        row.step = Text(def.textDomain, step.title);
        row.time = r.time;
        const auto& a = r.answer;
        if (r.kind == StepRecord::Kind::Skipped) {
            row.answer = tr_("Skipped: %s", {r.skipReason});
            rows.push_back(row);
            continue;
        }
        switch (step.type) {
        case sdk::StepType::Choice:
            for (const auto& o : step.choices)
                if (o.id == a.choice)
                    row.answer = Text(def.textDomain, o.label);
            break;
        case sdk::StepType::Number: row.answer = Text::number(a.number) + Text::verbatim(step.unit); break;
        case sdk::StepType::Assessment: {
            Text found;
            for (const auto& f : step.findings) {
                auto it = a.findings.find(f.id);
                if (it != a.findings.end() && it->second)
                    found = found.empty() ? Text(def.textDomain, f.label)
                                          : tr_("%1$s, %2$s", {found, Text(def.textDomain, f.label)});
            }
            row.answer = found.empty() ? tr_("No findings") : tr_("%1$s: %2$s", {found, a.note});
            break;
        }
        case sdk::StepType::TimedWait: row.answer = tr_("Waited %s s", {std::to_string(step.waitSeconds)}); break;
        case sdk::StepType::Scan:
            if (a.scan.empty()) {
                row.answer = a.witness.empty() ? tr_("Not scanned: %s", {a.overrideReason})
                                               : tr_("Not scanned: %1$s (witness %2$s)", {a.overrideReason, a.witness});
            } else {
                const auto scan = _interpreter.interpret(a.scan);
                const auto* product = scan.ok ? _catalog.find(scan) : nullptr;
                const std::string lot = scan.lot.empty() ? a.lot : scan.lot;
                Text what = product                ? Text::verbatim(product->name)
                            : scan.patient.empty() ? tr_("Scanned")
                                                   : tr_("Wristband scanned");
                row.answer = lot.empty() ? what : tr_("%1$s, lot %2$s", {what, lot});
            }
            break;
        default:
            if (step.role == StepRole::Label)
                row.answer = a.printJob.empty() ? Text::verbatim(a.note) : tr_("Label printed");
            else
                row.answer = a.note.empty() ? tr_("Done") : Text::verbatim(a.note);
        }
        if (!r.warning.empty() && step.type != sdk::StepType::Scan)
            row.answer += tr_("(override: %s)", {a.overrideReason});
        else if (!r.warning.empty() && !a.scan.empty())
            row.answer += tr_("(override: %s)", {a.overrideReason});
        rows.push_back(row);
    }
    return rows;
}

std::vector<DemoScanButton> KioskSession::demoScans() const
{
    return demoScanButtons(_s.store, patient().record.id, _s.clock.now());
}

std::vector<KioskSession::ReviewItem> KioskSession::review(std::size_t limit) const
{
    requireSupervisor();
    std::vector<ReviewItem> items;
    const auto events = _s.store.events();
    Poco::JSON::Parser parser;
    for (auto it = events.rbegin(); it != events.rend() && items.size() < limit; ++it) {
        const auto& e = *it;
        if (e.type != "scan-stopped" && e.type != "port-state-differs" && e.type != "step-confirmed" &&
            e.type != "witness-refused" && e.type != "step-corrected" && e.type != "label-found-at-printer")
            continue;
        ReviewItem item{e.deviceTime, e.patient, e.staff, {}, {}};
        Poco::JSON::Object::Ptr payload;
        try {
            parser.reset();
            payload = parser.parse(e.payload).extract<Poco::JSON::Object::Ptr>();
        } catch (const std::exception& error) {
            item.what = tr_("Record cannot be read");
            item.detail = tr_("Event %1$s: %2$s", {std::to_string(e.seq), validUtf8(error.what())});
            items.push_back(std::move(item));
            continue;
        }
        if (e.type == "step-corrected") {
            item.what = tr_("Step done again");
            item.detail = tr_("%1$s: %2$s", {payload->optValue<std::string>("step", ""),
                                             payload->optValue<std::string>("reason", "")});
        } else if (e.type == "label-found-at-printer") {
            // Printed by the nurse's word, not the printer's: worth a look if the printer does this often.
            item.what = tr_("Label found at the printer");
            item.detail = tr_("The printer never confirmed print job %s; the nurse found the label.",
                              {payload->optValue<std::string>("job", "")});
        } else if (e.type == "witness-refused") {
            item.what = tr_("Witness refused");
            item.detail = tr_("%1$s: badge %2$s", {payload->optValue<std::string>("step", ""),
                                                   payload->optValue<std::string>("witness", "")});
        } else if (e.type == "scan-stopped") {
            item.what = tr_("STOP");
            item.detail = Text::verbatim(payload->optValue<std::string>("message", ""));
        } else if (e.type == "port-state-differs") {
            item.what = tr_("Port state differed from the record");
            item.detail =
                tr_("%1$s: recorded %2$s, found %3$s. %4$s",
                    {payload->optValue<std::string>("checklist", ""), payload->optValue<std::string>("recorded", ""),
                     payload->optValue<std::string>("found", ""), payload->optValue<std::string>("reason", "")});
        } else {
            const auto answer = payload->getObject("answer");
            const std::string type = payload->optValue<std::string>("type", "");
            const std::string step = payload->optValue<std::string>("step", "");
            if (type == "scan" && answer && answer->optValue<std::string>("scan", "").empty()) {
                item.what = tr_("Not scanned");
                const std::string witness = answer->optValue<std::string>("witness", "");
                item.detail = witness.empty()
                                  ? tr_("%1$s: %2$s", {step, answer->optValue<std::string>("overrideReason", "")})
                                  : tr_("%1$s: %2$s (witness %3$s)",
                                        {step, answer->optValue<std::string>("overrideReason", ""), witness});
            } else if (payload->has("warning")) {
                item.what = tr_("Warning overridden");
                item.detail = tr_("%1$s: %2$s Reason: %3$s", {step, payload->optValue<std::string>("warning", ""),
                                                              payload->optValue<std::string>("override", "")});
            } else {
                continue;
            }
        }
        items.push_back(std::move(item));
    }
    return items;
}

} // namespace portside::core
