#pragma once

#include "portside/core/Clock.h"
#include "portside/core/SafetyRules.h"
#include "portside/core/ScanInterpreter.h"

#include <string_view>

namespace portside::core {

/// A scan at a step, read and judged: what the checklist engine and the shell both ask.
struct ScanCheck {
    ParsedScan scan;
    Verdict verdict;
};

/// Reads a scanner's bytes with the interpreter and judges them with the safety rules against the open step and
/// the patient, dated by the injected clock.
class ScanVerifier {
public:
    ScanVerifier(const ScanInterpreter& interpreter, const SafetyRules& rules, const Clock& clock)
        : _interpreter(interpreter), _rules(rules), _clock(clock)
    {
    }
    /// `typedLot` is the lot the nurse read from the package when the barcode carries none.
    ScanCheck check(std::string_view bytes, const sdk::ScanExpectation& expect, const sdk::PatientContext& patient,
                    const std::string& typedLot = {}) const;
    const ScanInterpreter& interpreter() const { return _interpreter; }

private:
    const ScanInterpreter& _interpreter;
    const SafetyRules& _rules;
    const Clock& _clock;
};

/// Local date "YYYY-MM-DD" of a time point.
std::string localDate(Clock::TimePoint time);

} // namespace portside::core
