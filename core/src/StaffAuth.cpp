#include "portside/core/StaffAuth.h"

#include <Poco/DigestEngine.h>
#include <Poco/HMACEngine.h>
#include <Poco/PBKDF2Engine.h>
#include <Poco/RandomStream.h>
#include <Poco/SHA2Engine.h>

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

StaffAuth::StaffAuth(const EventStore& store, const Clock& clock, int maxFailures, std::chrono::seconds lockout)
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
    return StaffRecord{badge, name, role, hashPin(pin, salt, iterations), salt, iterations};
}

StaffAuth::Result StaffAuth::signIn(const std::string& badge, const std::string& pin)
{
    auto& failures = _failures[badge];
    const auto now = _clock.now();
    if (failures.lockedUntil > now) {
        const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(failures.lockedUntil - now).count() + 1;
        return {std::nullopt, "Too many wrong attempts with this badge. Try again in " + std::to_string(minutes) +
                                  " minutes or ask a supervisor."};
    }
    const auto staff = _store.staff(badge);
    if (staff && equalConstantTime(hashPin(pin, staff->salt, staff->iterations), staff->pinHash)) {
        failures = {};
        return {staff, {}};
    }
    if (++failures.count >= _maxFailures) {
        failures.count = 0;
        failures.lockedUntil = now + _lockout;
        return {std::nullopt, "Too many wrong attempts with this badge; it is locked for " +
                                  std::to_string(_lockout.count() / 60) + " minutes."};
    }
    return {std::nullopt, "Badge or PIN not recognised. Check both and try again."};
}

} // namespace portside::core
