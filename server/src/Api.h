#pragma once

#include "ServerStore.h"

#include <Poco/JWT/Signer.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <chrono>
#include <string>

namespace portside::server {

/// Device and integration tokens: HS256 JWTs signed with the key kept in the database (so every instance accepts
/// every other's tokens), carrying the subject, a role ("device" or "integration"), issue and expiry times, and for
/// integration tokens an id (jti) recorded in the database so that the token can be revoked.
class Tokens {
public:
    Tokens(const std::string& key, std::chrono::hours deviceLifetime) : _signer(key), _deviceLifetime(deviceLifetime) {}
    std::string issue(const std::string& subject, const std::string& role, std::chrono::hours lifetime,
                      const std::string& id = {}) const;
    std::string issueDevice(const std::string& device) const { return issue(device, "device", _deviceLifetime); }

    struct Checked {
        std::string subject, role, error; ///< error: a sentence when the token is refused
        std::string id;                   ///< the token's jti (integration tokens); empty when it has none
        bool renew = false;               ///< past half its life: send a fresh one
    };
    Checked check(const std::string& authorization) const;

private:
    Poco::JWT::Signer _signer;
    std::chrono::hours _deviceLifetime;
};

/// The HTTP API v1 of DESIGN.md (Contracts) plus the FHIR export; see server/README section in the top README.
Poco::Net::HTTPRequestHandlerFactory* makeApi(ServerStore& store, const Tokens& tokens);

/// The demo ward as reference data: the same staff, patients, catalog and recall the kiosk's --demo seeds.
void seedDemo(ServerStore& store, const std::string& ward = "4B");

} // namespace portside::server
