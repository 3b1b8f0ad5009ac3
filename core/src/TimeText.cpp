#include "portside/core/TimeText.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Exception.h>
#include <Poco/LocalDateTime.h>
#include <Poco/Timestamp.h>

#include <stdexcept>

namespace portside::core {

namespace {
Poco::Timestamp toTimestamp(Clock::TimePoint time)
{
    return Poco::Timestamp(std::chrono::duration_cast<std::chrono::microseconds>(time.time_since_epoch()).count());
}
} // namespace

std::string isoTime(Clock::TimePoint time)
{
    return Poco::DateTimeFormatter::format(toTimestamp(time), "%Y-%m-%dT%H:%M:%S.%iZ");
}

Clock::TimePoint parseIsoTime(const std::string& text)
{
    try {
        int tzd = 0;
        const Poco::DateTime parsed = Poco::DateTimeParser::parse("%Y-%m-%dT%H:%M:%S.%i%z", text, tzd);
        const auto micros =
            parsed.timestamp().epochMicroseconds() - static_cast<Poco::Timestamp::TimeDiff>(tzd) * 1000000;
        return Clock::TimePoint(
            std::chrono::duration_cast<Clock::TimePoint::duration>(std::chrono::microseconds(micros)));
    } catch (const Poco::Exception&) {
        throw std::invalid_argument("\"" + text + "\" is not an ISO 8601 time.");
    }
}

std::string displayTime(Clock::TimePoint time)
{
    return Poco::DateTimeFormatter::format(Poco::LocalDateTime(toTimestamp(time)), "%e %b %Y %H:%M");
}

} // namespace portside::core
