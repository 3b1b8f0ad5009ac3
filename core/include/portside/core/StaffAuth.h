#pragma once

#include "portside/core/Clock.h"
#include "portside/core/EventStore.h"

#include <map>
#include <optional>
#include <string>

namespace portside::core {

/// Badge + PIN sign-in, checked offline against PBKDF2-SHA256 hashes in the store, with a lockout after repeated
/// failures. Messages never say whether the badge or the PIN was wrong.
class StaffAuth {
public:
    struct Result {
        std::optional<StaffRecord> staff; ///< set when signed in
        std::string message;              ///< sentence for the screen when not
    };

    StaffAuth(const EventStore& store, const Clock& clock, int maxFailures = 5,
              std::chrono::seconds lockout = std::chrono::minutes(5));

    Result signIn(const std::string& badge, const std::string& pin);

    /// A staff record with the PIN hashed (random salt). For the server's admin commands and the demo seed.
    static StaffRecord make(const std::string& badge, const std::string& name, const std::string& role,
                            const std::string& pin, int iterations = 20000);
    static std::string hashPin(const std::string& pin, const std::string& salt, int iterations);

private:
    const EventStore& _store;
    const Clock& _clock;
    int _maxFailures;
    std::chrono::seconds _lockout;
    struct Failures {
        int count = 0;
        Clock::TimePoint lockedUntil{};
    };
    std::map<std::string, Failures> _failures;
};

} // namespace portside::core
