#pragma once

#include "portside/core/Clock.h"
#include "portside/core/EventStore.h"
#include "portside/core/SiteSettings.h"
#include "portside/core/Text.h"

#include <map>
#include <optional>
#include <string>

namespace portside::core {

/// Badge + PIN sign-in, checked offline against PBKDF2-SHA256 hashes in the store, with a lockout after repeated
/// failures. The failures are kept in the store, so restarting the kiosk does not reset a lockout. Messages never
/// say whether the badge or the PIN was wrong, and an unknown badge takes as long to refuse as a wrong PIN.
///
/// The verifier is synced to kiosks, so it must hold up offline against someone who copies it: PINs are digits only
/// and at least the site's minimum long (minPinLength(), default 6), and each verification costs kIterations rounds
/// of PBKDF2-HMAC-SHA256, sized by bench/PinBench.cpp to about 150-200 ms on the development machine. A record keeps
/// its own count, so records made with fewer rounds before still verify.
class StaffAuth {
public:
    /// PBKDF2-HMAC-SHA256 rounds for records made now (bench-pin measures one verification at this count).
    static constexpr int kIterations = 600000;
    /// The shortest PIN a site may allow, the default, and the longest the kiosk's keypad takes.
    static constexpr int kShortestPinAllowed = 4;
    static constexpr int kMinPinLength = 6;
    static constexpr int kMaxPinLength = 20;

    struct Result {
        std::optional<StaffRecord> staff; ///< set when signed in
        Text message;                     ///< sentence for the screen when not
    };

    /// A PIN hashed ahead, so the slow part of a sign-in (PBKDF2, about 0.2 s) can run away from the GUI thread:
    /// challenge() on the thread that owns the store, prove() on any thread (it touches no store), then
    /// signIn(proof) back on the store's thread.
    struct PinProof {
        std::string badge;
        std::string salt;   ///< the staff record's salt; an unknown badge is hashed with the badge as salt
        int iterations = 0; ///< the record's rounds; kIterations for an unknown badge
        std::string hash;   ///< set by prove()
    };

    StaffAuth(EventStore& store, const Clock& clock, int maxFailures = 5,
              std::chrono::seconds lockout = std::chrono::minutes(5));

    Result signIn(const std::string& badge, const std::string& pin);
    /// What the badge's PIN is to be hashed with. Fast; reads the store.
    PinProof challenge(const std::string& badge) const;
    /// Hashes the PIN into the proof. Slow (kIterations rounds); safe on any thread.
    static void prove(PinProof& proof, const std::string& pin);
    /// Signs in with a PIN hashed ahead. A proof made against a staff record that changed meanwhile (a sync brought a
    /// new PIN) is refused without counting as a wrong PIN.
    Result signIn(const PinProof& proof);
    /// The badges locked now by wrong PINs, with when each lock ends.
    std::vector<std::pair<std::string, Clock::TimePoint>> lockedBadges() const;
    /// Ends a badge's lock and its count of wrong PINs (a supervisor's decision).
    void unlock(const std::string& badge);

    /// A staff record with the PIN hashed (random salt). For the server's admin commands and the demo seed.
    static StaffRecord make(const std::string& badge, const std::string& name, const std::string& role,
                            const std::string& pin, int iterations = kIterations);
    /// PBKDF2-HMAC-SHA256 of the PIN with the salt (as text), 32 bytes as hex.
    static std::string hashPin(const std::string& pin, const std::string& salt, int iterations);

    /// The site's minimum PIN length: `staff.min_pin_length` (default 6), never below 4 nor above 20.
    static int minPinLength(const SiteSettings& settings);
    /// Why `pin` cannot be a staff member's PIN, as a sentence; empty when it can. A PIN is digits only (the kiosk's
    /// keypad has nothing else), at least `minLength` and at most 20 of them.
    static std::string pinProblem(const std::string& pin, int minLength = kMinPinLength);

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
