#include "Api.h"

#include "Fhir.h"

#include "portside/core/DemoData.h"
#include "portside/core/EventStore.h"
#include "portside/core/ReferenceJson.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JWT/Token.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/Timestamp.h>
#include <Poco/URI.h>

#include <iostream>
#include <sstream>

namespace portside::server {

using Poco::Net::HTTPResponse;

std::string Tokens::issue(const std::string& subject, const std::string& role, std::chrono::hours lifetime,
                          const std::string& id) const
{
    Poco::JWT::Token token;
    token.setType("JWT");
    token.setSubject(subject);
    Poco::Timestamp now;
    token.setIssuedAt(now);
    token.setExpiration(now + std::chrono::duration_cast<std::chrono::microseconds>(lifetime).count());
    token.payload().set("role", role);
    if (!id.empty())
        token.setId(id);
    return _signer.sign(token, Poco::JWT::Signer::ALGO_HS256);
}

Tokens::Checked Tokens::check(const std::string& authorization) const
{
    Checked c;
    if (authorization.rfind("Bearer ", 0) != 0) {
        c.error = "A device token is required (Authorization: Bearer ...).";
        return c;
    }
    Poco::JWT::Token token;
    bool verified = false;
    try {
        verified = _signer.tryVerify(authorization.substr(7), token);
    } catch (const Poco::Exception&) {
    }
    if (!verified) {
        c.error = "The token is not one this server issued.";
        return c;
    }
    const Poco::Timestamp now;
    if (token.getExpiration() <= now) {
        c.error = "The token has expired; enroll the kiosk again with a new code.";
        return c;
    }
    c.subject = token.getSubject();
    c.role = token.payload().optValue<std::string>("role", "");
    c.id = token.getId();
    c.renew = token.getExpiration() - now < (token.getExpiration() - token.getIssuedAt()) / 2;
    return c;
}

void seedDemo(ServerStore& store, const std::string& ward)
{
    const auto text = [](const Poco::JSON::Object::Ptr& o) {
        std::ostringstream out;
        o->stringify(out);
        return out.str();
    };
    for (const auto& s : core::demoStaff())
        store.putReference("staff", s.badge, text(core::toJson(s)));
    for (const auto& p : core::demoPatients()) {
        auto o = core::toJson(p);
        o->set("ward", ward);
        store.putReference("patient", p.id, text(o));
    }
    for (const auto& p : core::demoProducts())
        store.putReference("product", p.gtin.empty() ? p.hibc : p.gtin, text(core::toJson(p)));
    const auto recall = core::demoRecall();
    store.putReference("recall", recall.product + "/" + recall.lot, text(core::toJson(recall)));
}

namespace {

constexpr std::streamsize kMaxBody = 8 * 1024 * 1024;

void reply(Poco::Net::HTTPServerResponse& response, HTTPResponse::HTTPStatus status, const Poco::JSON::Object& body,
           const std::string& contentType = "application/json")
{
    response.setStatus(status);
    response.setContentType(contentType);
    std::ostringstream text;
    body.stringify(text);
    response.setContentLength(static_cast<std::streamsize>(text.str().size()));
    response.send() << text.str();
}

void error(Poco::Net::HTTPServerResponse& response, HTTPResponse::HTTPStatus status, const std::string& message)
{
    Poco::JSON::Object body;
    body.set("error", message);
    reply(response, status, body);
}

std::string query(const Poco::URI& uri, const std::string& name)
{
    for (const auto& [key, value] : uri.getQueryParameters())
        if (key == name)
            return value;
    return {};
}

class Api : public Poco::Net::HTTPRequestHandler {
public:
    Api(ServerStore& store, const Tokens& tokens) : _store(store), _tokens(tokens) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override
    {
        try {
            const Poco::URI uri(request.getURI());
            const std::string& path = uri.getPath();
            const std::string& method = request.getMethod();
            if (path == "/v1/health" && method == "GET")
                return health(response);
            if (path == "/v1/reference" && method == "GET")
                return reference(request, uri, response);
            if (path == "/v1/plugins" && method == "GET")
                return plugins(request, response);
            if (path.rfind("/v1/plugins/", 0) == 0 && method == "GET")
                return pluginPackage(request, path, response);
            if (path == "/fhir/Bundle" && method == "GET")
                return fhir(request, uri, response);
            if (method != "POST" || (path != "/v1/enroll" && path != "/v1/events"))
                return error(response, HTTPResponse::HTTP_NOT_FOUND, "No such endpoint: " + method + " " + path + ".");
            if (request.getContentLength() > kMaxBody)
                return error(response, HTTPResponse::HTTP_REQUEST_ENTITY_TOO_LARGE, "The request is larger than 8 MB.");
            std::string text;
            Poco::StreamCopier::copyToString(request.stream(), text, 65536);
            if (static_cast<std::streamsize>(text.size()) > kMaxBody)
                return error(response, HTTPResponse::HTTP_REQUEST_ENTITY_TOO_LARGE, "The request is larger than 8 MB.");
            Poco::JSON::Object::Ptr body;
            try {
                Poco::JSON::Parser parser;
                body = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
            } catch (const std::exception&) {
                return error(response, HTTPResponse::HTTP_BAD_REQUEST, "The request body is not a JSON object.");
            }
            if (path == "/v1/enroll")
                return enroll(*body, response);
            return events(request, *body, response);
        } catch (const std::exception& e) {
            std::cerr << "portside-server: " << request.getMethod() << ' ' << request.getURI()
                      << " failed: " << e.what() << '\n';
            if (!response.sent())
                error(response, HTTPResponse::HTTP_INTERNAL_SERVER_ERROR, "The server failed; try again.");
        }
    }

private:
    /// The event's hash, computed again from what was sent (the kiosk's own id included): an event edited on the
    /// kiosk after it was recorded, or on the way, does not match.
    static bool hashMatches(const IncomingEvent& in)
    {
        if (in.localDevice.empty())
            return false;
        core::Event e;
        e.prevHash = in.prevHash;
        e.uuid = in.uuid;
        e.deviceId = in.localDevice;
        e.deviceTime = in.deviceTime;
        e.type = in.type;
        e.runId = in.runId;
        e.patient = in.patient;
        e.staff = in.staff;
        e.payload = in.payload;
        e.corrects = in.corrects;
        e.seq = in.seq;
        return core::EventStore::linkHash(e) == in.hash;
    }

    void health(Poco::Net::HTTPServerResponse& response)
    {
        Poco::JSON::Object body;
        body.set("ok", true);
        body.set("database", _store.postgres() ? "postgresql" : "sqlite");
        body.set("events", _store.eventCount());
        body.set("conflicts", _store.conflictCount());
        body.set("referenceVersion", _store.referenceVersion());
        // Kiosks whose events the server lacks (gaps below their newest), or whose record was changed.
        Poco::Int64 gaps = 0, broken = 0;
        for (const auto& d : _store.devices()) {
            gaps += !d.missing.empty();
            broken += !d.chainProblem.empty();
        }
        body.set("devicesWithGaps", gaps);
        body.set("devicesWithChainProblems", broken);
        reply(response, HTTPResponse::HTTP_OK, body);
    }

    void enroll(const Poco::JSON::Object& body, Poco::Net::HTTPServerResponse& response)
    {
        const auto device =
            _store.enroll(body.optValue<std::string>("code", ""), body.optValue<std::string>("name", "kiosk"));
        if (!device)
            return error(response, HTTPResponse::HTTP_FORBIDDEN, "The enrollment code is unknown or already used.");
        Poco::JSON::Object out;
        out.set("device", *device);
        out.set("token", _tokens.issueDevice(*device));
        reply(response, HTTPResponse::HTTP_CREATED, out);
    }

    /// The enrolled device of a request's token, or nothing (after answering 401 or 403).
    std::optional<Device> device(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response)
    {
        const auto token = _tokens.check(request.get("Authorization", ""));
        if (!token.error.empty()) {
            error(response, HTTPResponse::HTTP_UNAUTHORIZED, token.error);
            return std::nullopt;
        }
        if (token.role != "device") {
            error(response, HTTPResponse::HTTP_FORBIDDEN, "This token is not a device's.");
            return std::nullopt;
        }
        auto d = _store.device(token.subject);
        if (!d || d->revoked) {
            error(response, HTTPResponse::HTTP_UNAUTHORIZED,
                  d ? "This device was revoked by an administrator." : "This device is not enrolled.");
            return std::nullopt;
        }
        if (token.renew)
            response.set("X-Portside-Token", _tokens.issueDevice(d->id));
        return d;
    }

    void reference(Poco::Net::HTTPServerRequest& request, const Poco::URI& uri, Poco::Net::HTTPServerResponse& response)
    {
        const auto d = device(request, response);
        if (!d)
            return;
        const Poco::Int64 since = std::strtoll(query(uri, "since").c_str(), nullptr, 10);
        const auto version = _store.referenceVersion();
        const std::string etag =
            "\"" + std::to_string(version) + "-" + std::to_string(since) + "-" + sha256Hex(d->ward).substr(0, 8) + "\"";
        response.set("ETag", etag);
        if (request.get("If-None-Match", "") == etag) {
            response.setStatus(HTTPResponse::HTTP_NOT_MODIFIED);
            response.setContentLength(0);
            response.send();
            return;
        }
        Poco::JSON::Array changes;
        Poco::JSON::Parser parser;
        for (const auto& c : _store.changesSince(since, d->ward)) {
            Poco::JSON::Object change;
            change.set("kind", c.kind);
            change.set("key", c.key);
            change.set("version", c.version);
            parser.reset();
            change.set("body", parser.parse(c.body));
            changes.add(change);
        }
        Poco::JSON::Object out;
        out.set("version", version);
        out.set("changes", changes);
        reply(response, HTTPResponse::HTTP_OK, out);
    }

    void plugins(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response)
    {
        if (!device(request, response))
            return;
        Poco::JSON::Array list;
        Poco::JSON::Parser parser;
        for (const auto& c : _store.reference("plugin")) {
            parser.reset();
            list.add(parser.parse(c.body));
        }
        Poco::JSON::Object out;
        out.set("plugins", list);
        reply(response, HTTPResponse::HTTP_OK, out);
    }

    void pluginPackage(Poco::Net::HTTPServerRequest& request, const std::string& path,
                       Poco::Net::HTTPServerResponse& response)
    {
        if (!device(request, response))
            return;
        const auto rest = path.substr(12);
        const auto slash = rest.find('/');
        const auto bytes = slash == std::string::npos
                               ? std::nullopt
                               : _store.pluginPackage(rest.substr(0, slash), rest.substr(slash + 1));
        if (!bytes)
            return error(response, HTTPResponse::HTTP_NOT_FOUND, "No such plugin package: " + rest + ".");
        response.setStatus(HTTPResponse::HTTP_OK);
        response.setContentType("application/zip");
        response.setContentLength(static_cast<std::streamsize>(bytes->size()));
        response.send() << *bytes;
    }

    void fhir(Poco::Net::HTTPServerRequest& request, const Poco::URI& uri, Poco::Net::HTTPServerResponse& response)
    {
        const auto token = _tokens.check(request.get("Authorization", ""));
        if (!token.error.empty())
            return error(response, HTTPResponse::HTTP_UNAUTHORIZED, token.error);
        if (token.role != "integration")
            return error(response, HTTPResponse::HTTP_FORBIDDEN,
                         "The FHIR export needs an integration token (portside-server admin integration-token).");
        if (!_store.integrationTokenActive(token.id))
            return error(response, HTTPResponse::HTTP_UNAUTHORIZED,
                         token.id.empty() ? "This integration token has no id, so it could never be revoked, and is "
                                            "no longer taken; ask for a new one (portside-server admin "
                                            "integration-token NAME)."
                                          : "This integration token was revoked or is unknown here; ask for a new "
                                            "one (portside-server admin integration-token NAME).");
        const auto bundle = fhirBundle(_store.events(query(uri, "device"), query(uri, "run"), query(uri, "patient")),
                                       serverCatalog(_store));
        reply(response, HTTPResponse::HTTP_OK, *bundle, "application/fhir+json");
    }

    void events(Poco::Net::HTTPServerRequest& request, const Poco::JSON::Object& body,
                Poco::Net::HTTPServerResponse& response)
    {
        const auto d = device(request, response);
        if (!d)
            return;
        const auto list = body.getArray("events");
        if (!list)
            return error(response, HTTPResponse::HTTP_BAD_REQUEST, "The body needs an \"events\" array.");
        const std::string received = Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%S.%iZ");
        std::vector<IncomingEvent> valid;
        std::vector<Poco::JSON::Object::Ptr> results;
        std::vector<std::size_t> slot; // where each valid event's result goes
        for (std::size_t i = 0; i < list->size(); ++i) {
            Poco::JSON::Object::Ptr result = new Poco::JSON::Object;
            const auto e = list->getObject(static_cast<unsigned>(i));
            IncomingEvent in;
            try {
                if (e) {
                    in.uuid = e->optValue<std::string>("uuid", "");
                    in.deviceId = e->optValue<std::string>("device", "");
                    in.seq = e->optValue<Poco::Int64>("seq", 0);
                    in.deviceTime = e->optValue<std::string>("deviceTime", "");
                    in.type = e->optValue<std::string>("type", "");
                    in.runId = e->optValue<std::string>("run", "");
                    in.patient = e->optValue<std::string>("patient", "");
                    in.staff = e->optValue<std::string>("staff", "");
                    in.payload = e->optValue<std::string>("payload", "");
                    in.corrects = e->optValue<std::string>("corrects", "");
                    in.prevHash = e->optValue<std::string>("prevHash", "");
                    in.hash = e->optValue<std::string>("hash", "");
                    in.localDevice = e->optValue<std::string>("localDevice", "");
                }
            } catch (const Poco::Exception&) {
                in.seq = 0; // a field of the wrong type
            }
            result->set("uuid", in.uuid);
            if (!e || in.uuid.size() != 36 || in.type.empty() || in.seq <= 0 || in.hash.size() != 64) {
                result->set("status", "invalid");
                result->set("error", "An event needs a UUID, a type, a sequence number and its chain hash.");
            } else if (in.deviceId != d->id) {
                result->set("status", "invalid");
                result->set("error", "The event belongs to another device than the token.");
            } else if (!hashMatches(in)) {
                result->set("status", "invalid");
                result->set("error", in.localDevice.empty()
                                         ? "The event carries no device key (localDevice), so its hash cannot be "
                                           "checked."
                                         : "The event's hash does not match its content: it was changed after the "
                                           "kiosk recorded it.");
            } else {
                valid.push_back(in);
                slot.push_back(i);
            }
            results.push_back(result);
        }
        const auto head = body.getObject("head");
        const Poco::Int64 headSeq = head ? head->optValue<Poco::Int64>("seq", 0) : 0;
        const std::string headHash = head ? head->optValue<std::string>("hash", "") : std::string();
        const Poco::Int64 since = body.optValue<Poco::Int64>("since", 1);
        const std::string reported = body.optValue<std::string>("chainBroken", "");
        const auto stored = _store.storeBatch(
            d->id, valid, headSeq, headHash, received, since,
            reported.empty() ? std::string()
                             : "The kiosk found its own record changed: " + reported.substr(0, 200) + ".");
        for (std::size_t k = 0; k < valid.size(); ++k) {
            auto& result = results[slot[k]];
            switch (stored.outcomes[k]) {
            case ServerStore::Outcome::Stored: result->set("status", "stored"); break;
            case ServerStore::Outcome::Duplicate: result->set("status", "duplicate"); break;
            case ServerStore::Outcome::Conflict:
                result->set("status", "conflict");
                result->set("error", "An event with this UUID and other content is already stored.");
                std::cerr << "portside-server: refused a replay of event " << valid[k].uuid
                          << " with other content from device " << d->id << '\n';
                break;
            }
        }
        if (!stored.chainProblem.empty())
            std::cerr << "portside-server: device " << d->id << ": " << stored.chainProblem << '\n';
        Poco::JSON::Array array;
        for (const auto& r : results)
            array.add(r);
        Poco::JSON::Object out;
        out.set("received", received);
        out.set("results", array);
        out.set("chain", stored.chainProblem.empty() ? std::string("ok") : stored.chainProblem);
        Poco::JSON::Array missing;
        for (const auto& [from, to] : stored.missing) {
            Poco::JSON::Array range;
            range.add(from);
            range.add(to);
            missing.add(range);
        }
        out.set("missing", missing);
        reply(response, HTTPResponse::HTTP_OK, out);
    }

    ServerStore& _store;
    const Tokens& _tokens;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    Factory(ServerStore& store, const Tokens& tokens) : _store(store), _tokens(tokens) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
    {
        return new Api(_store, _tokens);
    }

private:
    ServerStore& _store;
    const Tokens& _tokens;
};

} // namespace

Poco::Net::HTTPRequestHandlerFactory* makeApi(ServerStore& store, const Tokens& tokens)
{
    return new Factory(store, tokens);
}

} // namespace portside::server
