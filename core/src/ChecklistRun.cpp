#include "portside/core/ChecklistRun.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace portside::core {

ChecklistRun::ChecklistRun(sdk::ChecklistDefinition definition, const Clock& clock, const sdk::ChecklistPlugin* validator)
    : _definition(std::move(definition)), _clock(clock), _validator(validator), _openedAt(clock.now())
{
    if (_definition.steps.empty())
        throw std::invalid_argument("Checklist \"" + _definition.id + "\" has no steps.");
}

const sdk::Step& ChecklistRun::current() const
{
    if (finished())
        throw std::logic_error("The checklist is finished; there is no open step.");
    return _definition.steps[_records.size()];
}

long long ChecklistRun::remainingWaitMs() const
{
    if (finished() || current().type != sdk::StepType::TimedWait)
        return 0;
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(_clock.now() - _openedAt).count();
    const long long total = static_cast<long long>(current().waitSeconds) * 1000;
    return std::max<long long>(0, total - elapsed);
}

void ChecklistRun::check(const sdk::Step& step, const sdk::StepAnswer& answer) const
{
    using sdk::StepType;
    switch (step.type) {
    case StepType::Confirm:
    case StepType::Scan:
    case StepType::Note:
        break;
    case StepType::Number:
        if (!std::isfinite(answer.number) || answer.number < step.minimum || answer.number > step.maximum)
            throw StepRejected("Enter a value from " + formatNumber(step.minimum) + " to " + formatNumber(step.maximum) +
                               (step.unit.empty() ? "" : " " + step.unit) + "; " + formatNumber(answer.number) +
                               " is outside that range.");
        break;
    case StepType::Choice: {
        const bool known = std::any_of(step.choices.begin(), step.choices.end(),
                                       [&](const sdk::Option& o) { return o.id == answer.choice; });
        if (!known)
            throw StepRejected("Choose one of the options before confirming.");
        break;
    }
    case StepType::Assessment: {
        bool anyYes = false;
        for (const auto& finding : step.findings) {
            auto it = answer.findings.find(finding.id);
            if (it == answer.findings.end())
                throw StepRejected("Answer yes or no for every finding (\"" + finding.label + "\" is not answered).");
            anyYes = anyYes || it->second;
        }
        if (anyYes && answer.note.find_first_not_of(" \t\r\n") == std::string::npos)
            throw StepRejected("A finding is marked yes: describe it in the note before confirming.");
        break;
    }
    case StepType::TimedWait: {
        const long long left = remainingWaitMs();
        if (left > 0)
            throw StepRejected("Wait until the time is up (" + std::to_string((left + 999) / 1000) +
                               " s left); it cannot be confirmed early.");
        break;
    }
    }
    if (_validator) {
        const std::string problem = _validator->validate(step, answer);
        if (!problem.empty())
            throw StepRejected(problem);
    }
}

const StepRecord& ChecklistRun::confirm(const sdk::StepAnswer& answer)
{
    const sdk::Step& step = current();
    check(step, answer);
    StepRecord record;
    record.index = _records.size();
    record.stepId = step.id;
    record.type = step.type;
    record.answer = answer;
    record.confirmedAt = _clock.now();
    if (_onConfirmed)
        _onConfirmed(*this, record); // may throw: the step then stays open
    _records.push_back(std::move(record));
    _openedAt = _clock.now();
    return _records.back();
}

std::string formatNumber(double value)
{
    std::ostringstream out;
    out.precision(10);
    out << value;
    return out.str();
}

} // namespace portside::core
