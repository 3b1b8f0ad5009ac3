#include "portside/core/ChecklistRun.h"

#include "portside/core/ScanVerifier.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

namespace portside::core {

namespace {

constexpr const char* kEnd = "end";
constexpr const char* kAnyYes = "any-yes"; // an Assessment's branch taken when any finding is yes

bool blank(const std::string& text)
{
    return isBlank(text);
}

} // namespace

ChecklistRun::ChecklistRun(sdk::ChecklistDefinition definition, sdk::PatientContext patient, const Clock& clock,
                           const sdk::ChecklistPlugin* validator)
    : _definition(std::move(definition)), _patient(std::move(patient)), _clock(clock), _validator(validator),
      _openedAt(clock.now())
{
    const std::string name = "Checklist \"" + _definition.id + "\"";
    if (_definition.steps.empty())
        throw std::invalid_argument(name + " has no steps.");
    std::set<std::string> ids;
    for (const auto& step : _definition.steps)
        if (step.id.empty() || step.id == kEnd || !ids.insert(step.id).second)
            throw std::invalid_argument(name + " has a step with an empty, reserved or repeated id (\"" + step.id +
                                        "\").");
    auto known = [&](const std::string& target) { return target.empty() || target == kEnd || ids.count(target); };
    for (const auto& step : _definition.steps) {
        if (!known(step.next))
            throw std::invalid_argument(name + ": step \"" + step.id + "\" continues at \"" + step.next +
                                        "\", which does not exist.");
        for (const auto& branch : step.branches)
            if (!known(branch.gotoStep))
                throw std::invalid_argument(name + ": step \"" + step.id + "\" branches to \"" + branch.gotoStep +
                                            "\", which does not exist.");
    }
}

ChecklistRun ChecklistRun::resume(sdk::ChecklistDefinition definition, sdk::PatientContext patient, const Clock& clock,
                                  const sdk::ChecklistPlugin* validator, const std::vector<StepRecord>& records)
{
    ChecklistRun run(std::move(definition), std::move(patient), clock, validator);
    for (const auto& record : records) {
        if (run.finished())
            break;
        if (record.stepId != run.current().id)
            throw std::invalid_argument("The saved steps of this checklist do not match its definition (expected \"" +
                                        run.current().id + "\", found \"" + record.stepId +
                                        "\"); the plugin may have changed. Start the checklist again.");
        const Next next =
            run.nextAfter(run._current, record.kind == StepRecord::Kind::Confirmed ? &record.answer : nullptr);
        StepRecord restored = record;
        restored.index = run._current;
        restored.type = run.current().type;
        restored.role = run.current().role;
        run._records.push_back(std::move(restored));
        if (next.end) {
            run._state = State::Finished;
            run._outcome = next.outcome;
        } else {
            run._current = next.index;
            if (!next.outcome.empty())
                run._outcome = next.outcome;
        }
    }
    run._openedAt = clock.now();
    return run;
}

std::size_t ChecklistRun::currentIndex() const
{
    if (finished())
        throw std::logic_error("The checklist is over; there is no open step.");
    return _current;
}

const sdk::Step& ChecklistRun::current() const
{
    return _definition.steps[currentIndex()];
}

long long ChecklistRun::remainingWaitMs() const
{
    if (finished() || current().type != sdk::StepType::TimedWait)
        return 0;
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(_clock.now() - _openedAt).count();
    const long long total = static_cast<long long>(current().waitSeconds) * 1000;
    return std::max<long long>(0, total - elapsed);
}

const StepRecord* ChecklistRun::lastOfRole(sdk::StepRole role) const
{
    for (auto it = _records.rbegin(); it != _records.rend(); ++it)
        if (it->role == role && it->kind == StepRecord::Kind::Confirmed)
            return &*it;
    return nullptr;
}

sdk::ScanExpectation ChecklistRun::expectation() const
{
    sdk::ScanExpectation expect = current().expect;
    if (current().role == sdk::StepRole::Dressing && expect.dressingType.empty())
        if (const auto* chosen = lastOfRole(sdk::StepRole::DressingType))
            expect.dressingType = chosen->answer.choice;
    return expect;
}

std::size_t ChecklistRun::indexOf(const std::string& stepId) const
{
    for (std::size_t i = 0; i < _definition.steps.size(); ++i)
        if (_definition.steps[i].id == stepId)
            return i;
    throw std::logic_error("no step " + stepId); // excluded by the constructor's checks
}

ChecklistRun::Next ChecklistRun::nextAfter(std::size_t index, const sdk::StepAnswer* answer) const
{
    const auto& step = _definition.steps[index];
    std::string target;
    std::string outcome;
    std::string taken;
    if (answer && step.type == sdk::StepType::Choice)
        taken = answer->choice;
    if (answer && step.type == sdk::StepType::Assessment)
        for (const auto& [finding, yes] : answer->findings)
            if (yes)
                taken = kAnyYes;
    if (!taken.empty()) {
        for (const auto& branch : step.branches)
            if (branch.choice == taken) {
                target = branch.gotoStep;
                outcome = branch.outcome;
                break;
            }
    }
    if (target.empty())
        target = step.next;
    if (target == kEnd)
        return {0, true, outcome};
    if (!target.empty())
        return {indexOf(target), false, outcome};
    if (index + 1 >= _definition.steps.size())
        return {0, true, outcome};
    return {index + 1, false, outcome};
}

Text ChecklistRun::check(const sdk::Step& step, const sdk::StepAnswer& answer) const
{
    using sdk::StepType;
    Text warning;
    switch (step.type) {
    case StepType::Confirm:
    case StepType::Note: break;
    case StepType::Scan:
        if (_scanVerifier) {
            if (blank(answer.scan)) {
                warning = tr_("Nothing was scanned at this step: the product was checked by eye.");
                break;
            }
            const auto result = _scanVerifier->check(answer.scan, expectation(), _patient, answer.lot);
            if (result.verdict.level == Verdict::Level::Stop)
                throw StepRejected(result.verdict.message);
            if (result.verdict.level == Verdict::Level::Warn)
                warning = result.verdict.message;
        }
        break;
    case StepType::Number: {
        if (!std::isfinite(answer.number) || answer.number < step.minimum || answer.number > step.maximum)
            throw StepRejected(tr_("Enter a value from %1$s to %2$s %3$s; %4$s is outside that range.",
                                   {step.minimum, step.maximum, step.unit, answer.number}));
        const bool advisory = step.warnBelow != 0 || step.warnAbove != 0;
        if (advisory && (answer.number < step.warnBelow || answer.number > step.warnAbove))
            warning = tr_("%1$s %4$s is outside the usual %2$s to %3$s %4$s.",
                          {answer.number, step.warnBelow, step.warnAbove, step.unit});
        break;
    }
    case StepType::Choice: {
        const bool known = std::any_of(step.choices.begin(), step.choices.end(),
                                       [&](const sdk::Option& o) { return o.id == answer.choice; });
        if (!known)
            throw StepRejected(tr_("Choose one of the options before confirming."));
        break;
    }
    case StepType::Assessment: {
        bool anyYes = false;
        for (const auto& finding : step.findings) {
            auto it = answer.findings.find(finding.id);
            if (it == answer.findings.end())
                throw StepRejected(tr_("Answer yes or no for every finding (\"%s\" is not answered).",
                                       {Text(_definition.textDomain, finding.label)}));
            anyYes = anyYes || it->second;
        }
        if (anyYes && blank(answer.note))
            throw StepRejected(tr_("A finding is marked yes: describe it in the note before confirming."));
        break;
    }
    case StepType::TimedWait: {
        const long long left = remainingWaitMs();
        if (left > 0)
            throw StepRejected(tr_("Wait until the time is up (%s s left); it cannot be confirmed early.",
                                   {std::to_string((left + 999) / 1000)}));
        break;
    }
    }
    if (_validator) {
        const sdk::Validation verdict = _validator->validate(step, answer, _patient);
        if (!verdict.problem.empty())
            throw StepRejected(Text(_definition.textDomain, verdict.problem));
        if (!verdict.warning.empty())
            warning += Text(_definition.textDomain, verdict.warning);
    }
    if (!warning.empty() && blank(answer.overrideReason))
        throw OverrideNeeded(warning);
    return warning;
}

const StepRecord& ChecklistRun::advance(StepRecord record, RunChange::Kind kind)
{
    const Next next = nextAfter(_current, kind == RunChange::Kind::StepConfirmed ? &record.answer : nullptr);
    std::vector<RunChange> changes;
    changes.push_back({kind, &record, {}});
    const std::string outcome = next.outcome.empty() ? _outcome : next.outcome;
    if (next.end)
        changes.push_back({RunChange::Kind::Finished, nullptr, outcome});
    if (_listener)
        _listener(*this, changes); // may throw: nothing has changed yet
    _records.push_back(std::move(record));
    _outcome = outcome;
    if (next.end)
        _state = State::Finished;
    else
        _current = next.index;
    _openedAt = _clock.now();
    return _records.back();
}

const StepRecord& ChecklistRun::confirm(const sdk::StepAnswer& answer)
{
    const sdk::Step& step = current();
    StepRecord record;
    record.warning = check(step, answer).english();
    record.kind = StepRecord::Kind::Confirmed;
    record.index = _current;
    record.stepId = step.id;
    record.type = step.type;
    record.role = step.role;
    record.answer = answer;
    if (record.warning.empty())
        record.answer.overrideReason.clear(); // nothing was overridden
    record.time = _clock.now();
    return advance(std::move(record), RunChange::Kind::StepConfirmed);
}

const StepRecord& ChecklistRun::skip(const std::string& reason)
{
    const sdk::Step& step = current();
    if (!step.skippable)
        throw StepRejected(tr_("This step cannot be skipped."));
    if (blank(reason))
        throw StepRejected(tr_("Give a reason for skipping this step."));
    StepRecord record;
    record.kind = StepRecord::Kind::Skipped;
    record.index = _current;
    record.stepId = step.id;
    record.type = step.type;
    record.role = step.role;
    record.skipReason = reason;
    record.time = _clock.now();
    return advance(std::move(record), RunChange::Kind::StepSkipped);
}

void ChecklistRun::cancel(const std::string& reason)
{
    if (finished())
        throw StepRejected(tr_("The checklist is already over."));
    if (blank(reason))
        throw StepRejected(tr_("Give a reason for cancelling the checklist."));
    if (_listener)
        _listener(*this, {{RunChange::Kind::Cancelled, nullptr, reason}});
    _state = State::Cancelled;
    _cancelReason = reason;
}

void ChecklistRun::back(const std::string& reason)
{
    if (finished())
        throw StepRejected(tr_("The checklist is already over."));
    if (_records.empty())
        throw StepRejected(tr_("This is the first step; there is no step before it to go back to."));
    if (blank(reason))
        throw StepRejected(tr_("Say why the step before is done again."));
    const StepRecord undone = _records.back();
    if (_listener)
        _listener(*this, {{RunChange::Kind::Corrected, &undone, reason}});
    std::vector<StepRecord> kept(_records.begin(), _records.end() - 1);
    ChecklistRun rebuilt = resume(_definition, _patient, _clock, _validator, kept);
    _records = std::move(rebuilt._records);
    _current = rebuilt._current;
    _outcome = rebuilt._outcome;
    _state = State::Open;
    _openedAt = _clock.now();
}

} // namespace portside::core
