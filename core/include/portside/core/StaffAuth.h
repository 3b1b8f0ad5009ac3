#pragma once

#include "portside/core/Clock.h"
#include "portside/core/EventStore.h"
#include "portside/core/Text.h"

#include <map>
#include <optional>
#include <string>

namespace portside::core {

/// Badge + PIN sign-in, checked offline against PBKDF2-SHA256 hashes in the store, with a lockout after repeated
/// failures. The failures are kept in the store, so restarting the kiosk does not reset a lockout. Messages never
/// say whether the badge or the PIN was wrong.
class StaffAuth {
public:
    struct Result {
        std::optional<StaffRecord> staff; ///< set when signed in
        Text message;                     ///< sentence for the screen when not
    };

    StaffAuth(EventStore& store, const Clock& clock, int maxFailures = 5,
              std::chrono::seconds lockout = std::chrono::minutes(5));

    Result signIn(const std::string& badge, const std::string& pin);
    /// The badges locked now by wrong PINs, with when each lock ends.
    std::vector<std::pair<std::string, Clock::TimePoint>> lockedBadges() const;
    /// Ends a badge's lock and its count of wrong PINs (a supervisor's decision).
    void unlock(const std::string& badge);

    /// A staff record with the PIN hashed (random salt). For the server's admin commands and the demo seed.
    static StaffRecord make(const std::string& badge, const std::string& name, const std::string& role,
                            const std::string& pin, int iterations = 20000);
    static std::string hashPin(const std::string& pin, const std::string& salt, int iterations);

private:
    struct Failures {
        int count = 0;
        Clock::TimePoint lockedUntil{};
    };
    Failures failures(const std::string& badge) const;
    void save(const std::string& badge, const Failures& failures);

    EventStore& _store;
    const Clock& _clock;
    int _maxFailures;
    std::chrono::seconds _lockout;
};

} // namespace portside::core
