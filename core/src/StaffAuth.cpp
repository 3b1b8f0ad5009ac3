#include "portside/core/StaffAuth.h"

#include <Poco/DigestEngine.h>
#include <Poco/NumberParser.h>
#include <Poco/RandomStream.h>

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace portside::core {

namespace {

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
    // OpenSSL's PBKDF2 (the same function as Poco::PBKDF2Engine, bytes for bytes, about five times faster here): an
    // attacker with the verifier uses the fastest code there is, so the kiosk should too, and spend the time saved on
    // more rounds.
    unsigned char key[32];
    if (iterations < 1 ||
        PKCS5_PBKDF2_HMAC(pin.data(), static_cast<int>(pin.size()), reinterpret_cast<const unsigned char*>(salt.data()),
                          static_cast<int>(salt.size()), iterations, EVP_sha256(), sizeof key, key) != 1)
        throw std::runtime_error("A PIN could not be checked (PBKDF2 failed).");
    return Poco::DigestEngine::digestToHex(Poco::DigestEngine::Digest(key, key + sizeof key));
}

int StaffAuth::minPinLength(const SiteSettings& settings)
{
    int value = kMinPinLength;
    if (!Poco::NumberParser::tryParse(settings.get("staff.min_pin_length", ""), value))
        return kMinPinLength;
    return std::clamp(value, kShortestPinAllowed, kMaxPinLength);
}

std::string StaffAuth::pinProblem(const std::string& pin, int minLength)
{
    if (pin.empty() || pin.find_first_not_of("0123456789") != std::string::npos)
        return "A PIN is digits only (the kiosk's keypad has nothing else); choose another.";
    if (static_cast<int>(pin.size()) < minLength)
        return "A PIN must be at least " + std::to_string(minLength) + " digits (this one has " +
               std::to_string(pin.size()) +
               "): a short PIN is guessed in seconds from the copy each kiosk keeps. Choose a longer one.";
    if (static_cast<int>(pin.size()) > kMaxPinLength)
        return "A PIN can be at most " + std::to_string(kMaxPinLength) +
               " digits (the kiosk's keypad takes no more); choose a shorter one.";
    return {};
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

StaffAuth::PinProof StaffAuth::challenge(const std::string& badge) const
{
    // An unknown badge costs the same work as a known one, so how long a refusal takes does not tell which badges
    // exist.
    const auto staff = _store.staff(badge);
    if (staff)
        return {badge, staff->salt, staff->iterations, {}};
    return {badge, badge, kIterations, {}};
}

void StaffAuth::prove(PinProof& proof, const std::string& pin)
{
    proof.hash = hashPin(pin, proof.salt, proof.iterations);
}

StaffAuth::Result StaffAuth::signIn(const std::string& badge, const std::string& pin)
{
    PinProof proof = challenge(badge);
    prove(proof, pin);
    return signIn(proof);
}

StaffAuth::Result StaffAuth::signIn(const PinProof& proof)
{
    const std::string& badge = proof.badge;
    Failures failures = this->failures(badge);
    const auto now = _clock.now();
    if (failures.lockedUntil > now) {
        const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(failures.lockedUntil - now).count() + 1;
        return {std::nullopt, tr_("Too many wrong attempts with this badge. Try again in %s minutes or ask a "
                                  "supervisor.",
                                  {std::to_string(minutes)})};
    }
    const auto staff = _store.staff(badge);
    const bool sameRecord = staff ? staff->salt == proof.salt && staff->iterations == proof.iterations
                                  : proof.salt == badge && proof.iterations == kIterations;
    if (proof.hash.empty() || !sameRecord)
        return {std::nullopt, tr_("Your staff record was updated while your PIN was checked. Enter your PIN again.")};
    const std::string& hash = proof.hash;
    if (staff && equalConstantTime(hash, staff->pinHash)) {
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
