#include "portside/core/StaffAuth.h"

#include <Poco/DigestEngine.h>
#include <Poco/HMACEngine.h>
#include <Poco/PBKDF2Engine.h>
#include <Poco/RandomStream.h>
#include <Poco/SHA2Engine.h>

#include <cstdio>

namespace portside::core {

namespace {
class SHA256 : public Poco::SHA2Engine {
public:
    enum { BLOCK_SIZE = 64, DIGEST_SIZE = 32 };
    SHA256() : Poco::SHA2Engine(SHA_256) {}
};

bool equalConstantTime(const std::string& a, const std::string& b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}
} // namespace

StaffAuth::StaffAuth(EventStore& store, const Clock& clock, int maxFailures, std::chrono::seconds lockout)
    : _store(store), _clock(clock), _maxFailures(maxFailures), _lockout(lockout)
{
}

std::string StaffAuth::hashPin(const std::string& pin, const std::string& salt, int iterations)
{
    Poco::PBKDF2Engine<Poco::HMACEngine<SHA256>> engine(salt, static_cast<Poco::UInt32>(iterations), 32);
    engine.update(pin);
    return Poco::DigestEngine::digestToHex(engine.digest());
}

StaffRecord StaffAuth::make(const std::string& badge, const std::string& name, const std::string& role,
                            const std::string& pin, int iterations)
{
    Poco::RandomInputStream random;
    std::string raw(16, '\0');
    random.read(raw.data(), static_cast<std::streamsize>(raw.size()));
    const std::string salt = Poco::DigestEngine::digestToHex(Poco::DigestEngine::Digest(raw.begin(), raw.end()));
    return StaffRecord{badge, name, role, hashPin(pin, salt, iterations), salt, iterations, {}};
}

StaffAuth::Failures StaffAuth::failures(const std::string& badge) const
{
    // "count lockedUntilMs": kept with the record so a restart does not reset a lockout
    Failures f;
    const std::string text = _store.meta("signin-failures:" + badge);
    long long until = 0;
    if (!text.empty() && std::sscanf(text.c_str(), "%d %lld", &f.count, &until) == 2)
        f.lockedUntil = Clock::TimePoint(std::chrono::milliseconds(until));
    return f;
}

void StaffAuth::save(const std::string& badge, const Failures& f)
{
    const auto until = std::chrono::duration_cast<std::chrono::milliseconds>(f.lockedUntil.time_since_epoch()).count();
    const std::string text = f.count == 0 && until == 0 ? "" : std::to_string(f.count) + " " + std::to_string(until);
    if (text != _store.meta("signin-failures:" + badge))
        _store.setMeta("signin-failures:" + badge, text);
}

StaffAuth::Result StaffAuth::signIn(const std::string& badge, const std::string& pin)
{
    Failures failures = this->failures(badge);
    const auto now = _clock.now();
    if (failures.lockedUntil > now) {
        const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(failures.lockedUntil - now).count() + 1;
        return {std::nullopt, tr_("Too many wrong attempts with this badge. Try again in %s minutes or ask a "
                                  "supervisor.",
                                  {std::to_string(minutes)})};
    }
    const auto staff = _store.staff(badge);
    if (staff && equalConstantTime(hashPin(pin, staff->salt, staff->iterations), staff->pinHash)) {
        save(badge, {});
        return {staff, {}};
    }
    if (++failures.count >= _maxFailures) {
        failures.count = 0;
        failures.lockedUntil = now + _lockout;
        save(badge, failures);
        return {std::nullopt, tr_("Too many wrong attempts with this badge; it is locked for %s minutes.",
                                  {std::to_string(_lockout.count() / 60)})};
    }
    save(badge, failures);
    // Attempts are counted for any number typed, known or not, so what is left says nothing about which badges
    // exist.
    return {std::nullopt, tr_("Badge or PIN not recognised. Check both and try again. Attempts left before this "
                              "badge is locked: %s.",
                              {std::to_string(_maxFailures - failures.count)})};
}

std::vector<std::pair<std::string, Clock::TimePoint>> StaffAuth::lockedBadges() const
{
    std::vector<std::pair<std::string, Clock::TimePoint>> locked;
    const std::string prefix = "signin-failures:";
    const auto now = _clock.now();
    for (const auto& key : _store.metaKeys(prefix)) {
        const std::string badge = key.substr(prefix.size());
        const auto f = failures(badge);
        if (f.lockedUntil > now)
            locked.emplace_back(badge, f.lockedUntil);
    }
    return locked;
}

void StaffAuth::unlock(const std::string& badge)
{
    save(badge, {});
}

} // namespace portside::core
