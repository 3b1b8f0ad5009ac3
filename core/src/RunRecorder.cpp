#include "portside/core/RunRecorder.h"

#include "portside/core/PortState.h"
#include "portside/core/TimeText.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/UUIDGenerator.h>

#include <sstream>

namespace portside::core {

namespace {

std::string text(const Poco::JSON::Object& object)
{
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

Poco::JSON::Object::Ptr parse(const std::string& json)
{
    Poco::JSON::Parser parser;
    return parser.parse(json).extract<Poco::JSON::Object::Ptr>();
}

Poco::JSON::Object::Ptr answerObject(const sdk::StepAnswer& a, const sdk::Step& step);

std::string recordPayload(const ChecklistRun& run, const StepRecord& r)
{
    const auto& step = run.definition().steps.at(r.index);
    Poco::JSON::Object payload;
    payload.set("index", static_cast<unsigned>(r.index));
    payload.set("step", r.stepId);
    payload.set("type", sdk::toString(r.type));
    payload.set("role", sdk::toString(step.role));
    if (r.kind == StepRecord::Kind::Confirmed) {
        payload.set("answer", answerObject(r.answer, step));
        if (step.type == sdk::StepType::Scan)
            payload.set("key", stopKey(run.definition(), r.index)); // the step as STOPs remember it
        if (step.type == sdk::StepType::Scan && !run.finished() && run.currentIndex() == r.index) {
            // What the step asked for, so the record (and an auditor) can judge the scan without the plugin.
            const auto expect = run.expectation();
            Poco::JSON::Object::Ptr expected = new Poco::JSON::Object;
            expected->set("category", expect.category);
            if (expect.unitsPerMl > 0)
                expected->set("unitsPerMl", expect.unitsPerMl);
            if (expect.volumeMl > 0)
                expected->set("volumeMl", expect.volumeMl);
            if (!expect.dressingType.empty())
                expected->set("dressingType", expect.dressingType);
            payload.set("expected", expected);
        }
        if (!r.warning.empty()) {
            payload.set("warning", r.warning);
            payload.set("override", r.answer.overrideReason);
        }
    } else {
        payload.set("reason", r.skipReason);
    }
    return text(payload);
}

std::string finishPayload(const ChecklistRun& run, const std::vector<StepRecord>& before, const StepRecord* last,
                          const std::string& outcome, const RunRecorder::FinishDetails& details)
{
    Poco::JSON::Object payload;
    payload.set("outcome", outcome);
    Poco::JSON::Array effects;
    for (auto effect : effectsOf(run.definition(), outcome))
        effects.add(std::string(sdk::toString(effect)));
    payload.set("effects", effects);
    std::vector<StepRecord> records = before;
    if (last)
        records.push_back(*last);
    // The dressing type chosen; the caller may know better from the dressing scanned (FinishDetails).
    for (const auto& r : records)
        if (r.role == sdk::StepRole::DressingType && r.kind == StepRecord::Kind::Confirmed)
            payload.set("dressing", r.answer.choice);
    if (details)
        details(run, records, payload);
    return text(payload);
}

Poco::JSON::Object::Ptr answerObject(const sdk::StepAnswer& a, const sdk::Step& step)
{
    Poco::JSON::Object::Ptr ptr = new Poco::JSON::Object;
    Poco::JSON::Object& json = *ptr;
    if (!a.choice.empty())
        json.set("choice", a.choice);
    if (step.type == sdk::StepType::Number) {
        json.set("value", a.number);
        json.set("unit", step.unit);
    }
    if (step.type == sdk::StepType::TimedWait)
        json.set("waitedSeconds", step.waitSeconds);
    if (!a.findings.empty()) {
        Poco::JSON::Object findings;
        for (const auto& [id, yes] : a.findings)
            findings.set(id, yes);
        json.set("findings", findings);
    }
    if (!a.note.empty())
        json.set("note", a.note);
    if (!a.scan.empty())
        json.set("scan", a.scan);
    if (!a.lot.empty())
        json.set("lot", a.lot);
    if (!a.overrideReason.empty())
        json.set("overrideReason", a.overrideReason);
    if (!a.witness.empty())
        json.set("witness", a.witness);
    if (!a.printJob.empty())
        json.set("printJob", a.printJob);
    return ptr;
}

} // namespace

std::vector<sdk::Effect> effectsOf(const sdk::ChecklistDefinition& definition, const std::string& outcome)
{
    if (outcome.empty())
        return definition.effects;
    const auto it = definition.outcomeEffects.find(outcome);
    return it == definition.outcomeEffects.end() ? std::vector<sdk::Effect>{} : it->second;
}

std::string answerToJson(const sdk::StepAnswer& a, const sdk::Step& step)
{
    return text(*answerObject(a, step));
}

sdk::StepAnswer answerFromJson(const std::string& json)
{
    const auto obj = parse(json);
    sdk::StepAnswer a;
    a.choice = obj->optValue<std::string>("choice", "");
    a.number = obj->optValue<double>("value", 0);
    a.note = obj->optValue<std::string>("note", "");
    a.scan = obj->optValue<std::string>("scan", "");
    a.lot = obj->optValue<std::string>("lot", "");
    a.overrideReason = obj->optValue<std::string>("overrideReason", "");
    a.witness = obj->optValue<std::string>("witness", "");
    a.printJob = obj->optValue<std::string>("printJob", "");
    if (auto findings = obj->getObject("findings"))
        for (const auto& [id, value] : *findings)
            a.findings[id] = value.convert<bool>();
    return a;
}

std::string RunRecorder::start(ChecklistRun& run, const std::string& staff, std::vector<NewEvent> before)
{
    const std::string runId = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
    Poco::JSON::Object payload;
    payload.set("checklist", run.definition().id);
    payload.set("version", run.definition().version);
    NewEvent started;
    started.type = "run-started";
    started.runId = runId;
    started.patient = run.patient().id;
    started.staff = staff;
    started.payload = text(payload);
    for (auto& e : before)
        e.runId = runId;
    before.insert(before.begin(), started);
    _store.append(before);
    attach(run, runId, staff);
    return runId;
}

void RunRecorder::attach(ChecklistRun& run, const std::string& runId, const std::string& staff)
{
    run.onChange([this, runId, staff](const ChecklistRun& r, const std::vector<RunChange>& changes) {
        std::vector<NewEvent> events;
        const StepRecord* last = nullptr;
        for (const auto& change : changes) {
            NewEvent e;
            e.runId = runId;
            e.patient = r.patient().id;
            e.staff = staff;
            switch (change.kind) {
            case RunChange::Kind::StepConfirmed:
            case RunChange::Kind::StepSkipped:
                e.type = change.kind == RunChange::Kind::StepConfirmed ? "step-confirmed" : "step-skipped";
                e.payload = recordPayload(r, *change.record);
                last = change.record;
                break;
            case RunChange::Kind::Finished:
                e.type = "run-finished";
                e.payload = finishPayload(r, r.records(), last, change.text, _finishDetails);
                break;
            case RunChange::Kind::Corrected: {
                // The step taken back: which one and why; its own event stays as it was.
                e.type = "step-corrected";
                Poco::JSON::Object payload;
                payload.set("step", change.record->stepId);
                payload.set("index", static_cast<unsigned>(change.record->index));
                payload.set("role", sdk::toString(change.record->role));
                payload.set("reason", change.text);
                e.payload = text(payload);
                break;
            }
            case RunChange::Kind::Cancelled: {
                e.type = "run-cancelled";
                Poco::JSON::Object payload;
                payload.set("reason", change.text);
                e.payload = text(payload);
                break;
            }
            }
            events.push_back(std::move(e));
        }
        _store.append(events); // throws StoreError: the run then stays where it was
    });
}

Event RunRecorder::correct(const Event& original, const std::string& staff, const std::string& correctedPayload,
                           const std::string& reason)
{
    if (isBlank(reason))
        throw StepRejected(tr_("Give a reason for the correction."));
    Poco::JSON::Object payload;
    payload.set("corrected", parse(correctedPayload));
    payload.set("reason", reason);
    NewEvent e;
    e.type = "correction";
    e.runId = original.runId;
    e.patient = original.patient;
    e.staff = staff;
    e.corrects = original.uuid;
    e.payload = text(payload);
    return _store.append({e}).at(0);
}

std::vector<OpenRun> RunRecorder::openRuns(const std::string& patient) const
{
    std::vector<OpenRun> runs;
    for (const auto& e : _store.openRuns(patient, {})) {
        const auto payload = parse(e.payload);
        OpenRun run{e.runId,
                    payload->getValue<std::string>("checklist"),
                    payload->getValue<std::string>("version"),
                    e.patient,
                    e.staff,
                    e.deviceTime};
        for (const auto& later : _store.events(e.runId)) // the owner is whoever took it over last
            if (later.type == "run-handover")
                run.staff = parse(later.payload)->getValue<std::string>("to");
        runs.push_back(std::move(run));
    }
    return runs;
}

std::optional<OpenRun> RunRecorder::findOpen(const std::string& patient, const std::string& staff) const
{
    for (auto& run : openRuns(patient))
        if (staff.empty() || run.staff == staff)
            return run;
    return std::nullopt;
}

void RunRecorder::handOver(const OpenRun& run, const std::string& to)
{
    Poco::JSON::Object payload;
    payload.set("checklist", run.checklistId);
    payload.set("from", run.staff);
    payload.set("to", to);
    NewEvent e;
    e.type = "run-handover";
    e.runId = run.runId;
    e.patient = run.patient;
    e.staff = to;
    e.payload = text(payload);
    _store.append({e});
}

std::vector<StepRecord> RunRecorder::records(const std::string& runId) const
{
    std::vector<StepRecord> result;
    for (const auto& e : _store.events(runId)) {
        if (e.type == "step-corrected") { // the last step recorded was taken back to be done again
            if (!result.empty())
                result.pop_back();
            continue;
        }
        if (e.type != "step-confirmed" && e.type != "step-skipped")
            continue;
        const auto payload = parse(e.payload);
        StepRecord r;
        r.kind = e.type == "step-confirmed" ? StepRecord::Kind::Confirmed : StepRecord::Kind::Skipped;
        r.index = payload->getValue<unsigned>("index");
        r.stepId = payload->getValue<std::string>("step");
        r.role = sdk::stepRoleFromString(payload->optValue<std::string>("role", "other"));
        if (r.kind == StepRecord::Kind::Confirmed) {
            std::ostringstream answer;
            payload->getObject("answer")->stringify(answer);
            r.answer = answerFromJson(answer.str());
            r.warning = payload->optValue<std::string>("warning", "");
        } else {
            r.skipReason = payload->optValue<std::string>("reason", "");
        }
        r.time = parseIsoTime(e.deviceTime);
        result.push_back(std::move(r));
    }
    return result;
}

} // namespace portside::core
