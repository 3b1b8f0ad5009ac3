#include "portside/core/ScanVerifier.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/LocalDateTime.h>
#include <Poco/Timestamp.h>

namespace portside::core {

std::string localDate(Clock::TimePoint time)
{
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(time.time_since_epoch()).count();
    return Poco::DateTimeFormatter::format(Poco::LocalDateTime(Poco::Timestamp(micros)), "%Y-%m-%d");
}

ScanCheck ScanVerifier::check(std::string_view bytes, const sdk::ScanExpectation& expect,
                              const sdk::PatientContext& patient, const std::string& typedLot) const
{
    ScanCheck result;
    result.scan = _interpreter.interpret(bytes);
    if (result.scan.ok && result.scan.lot.empty() && !typedLot.empty())
        result.scan.lot = typedLot;
    result.verdict = _rules.check(result.scan, expect, patient, localDate(_clock.now()));
    return result;
}

} // namespace portside::core
