#pragma once

#include "ServerStore.h"

#include <Poco/Crypto/OpenSSLInitializer.h>
#include <Poco/JWT/Signer.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/ThreadPool.h>
#include <Poco/Timespan.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
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
    /// Held while tokens are checked: Poco 1.11 counts OpenSSL's users per digest, and when concurrent checks bring
    /// the count to zero and back, one thread destroys locks another uses (the server aborted under load).
    Poco::Crypto::OpenSSLInitializer _openssl;
    Poco::JWT::Signer _signer;
    std::chrono::hours _deviceLifetime;
    /// Tokens whose signature was checked once: a kiosk sends the same token with every batch, and the check (HMAC,
    /// base64, JSON) cost more than storing its events. Expiry is still checked each time; revocation is the
    /// device's or the integration token's record, read for every request.
    struct Verified {
        std::string subject, role, id;
        Poco::Timestamp issued, expires;
    };
    mutable std::mutex _verifiedMutex;
    mutable std::map<std::string, Verified> _verified;
};

/// The HTTP API v1 of DESIGN.md (Contracts) plus the FHIR export; see server/README section in the top README.
Poco::Net::HTTPRequestHandlerFactory* makeApi(ServerStore& store, const Tokens& tokens);

/// The server's HTTP side: the API on a socket, with what one client may hold bounded so that idle, slow or
/// half-open connections cannot take the service from the others.
class HttpServer {
public:
    struct Limits {
        int threads = 256;  ///< requests served at once (a ward's kiosks each keep a connection while they sync)
        int perClient = 32; ///< of them from one address; more get 503 at once, not a wait
        int queued = 4096;  ///< connections waiting for a thread
        Poco::Timespan requestTimeout{10, 0}; ///< for each read of a request
        Poco::Timespan keepAlive{2, 0};       ///< an idle kept-alive connection is closed after this
        /// A request's head must have come this long after the connection opened or its last answer went, and its
        /// body within bodyDeadline: a client sending a byte every few seconds passes every per-read timeout.
        Poco::Timespan headDeadline{10, 0};
        Poco::Timespan bodyDeadline{30, 0};
    };
    HttpServer(ServerStore& store, const Tokens& tokens, const Poco::Net::ServerSocket& socket, const Limits& limits);
    ~HttpServer();
    void start();

private:
    Poco::ThreadPool _threads;
    std::unique_ptr<Poco::Net::TCPServer> _server;
};

/// The demo ward as reference data: the same staff, patients, catalog and recall the kiosk's --demo seeds.
void seedDemo(ServerStore& store, const std::string& ward = "4B");

} // namespace portside::server
