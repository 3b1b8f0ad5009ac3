#pragma once

#include <chrono>
#include <mutex>

namespace portside::core {

/// The time source. Nothing in Portside reads the wall clock directly, so due dates, expiry and timed steps are
/// testable.
class Clock {
public:
    using TimePoint = std::chrono::system_clock::time_point;
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
};

/// The real wall clock.
class SystemClock final : public Clock {
public:
    TimePoint now() const override { return std::chrono::system_clock::now(); }
};

/// A clock that moves only when told; for tests and scripted runs. Thread-safe.
class ManualClock final : public Clock {
public:
    explicit ManualClock(TimePoint start = TimePoint{}) : _now(start) {}
    TimePoint now() const override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _now;
    }
    void advance(std::chrono::milliseconds by)
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _now += by;
    }

private:
    mutable std::mutex _mutex;
    TimePoint _now;
};

} // namespace portside::core
