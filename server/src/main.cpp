// portside-server: the central server kiosks sync with (DESIGN.md, Sync flow and Server API v1).
//
//   portside-server [--db sqlite:PATH] [--listen HOST:PORT]     serve (PORT 0 picks a free one; printed on start)
//   portside-server admin enroll-code [--db sqlite:PATH]         print a one-time enrollment code for a kiosk
//   portside-server admin put KIND KEY JSON [--db sqlite:PATH]   add or change reference data (staff, patient,
//                                                                 product, recall)
//   --seed-demo                                                  load the demo ward's reference data on start
//
// This first cut stores events from enrolled kiosks (each once, by UUID) on SQLite. PostgreSQL, TLS, reference
// data, FHIR and the admin commands for staff, patients and products are the rest of the server issue.

#include "ServerStore.h"

#include "portside/core/DemoData.h"
#include "portside/core/ReferenceJson.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/Timestamp.h>

#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sstream>

using namespace portside::server;
using Poco::Net::HTTPResponse;

namespace {

std::string text(const Poco::JSON::Object::Ptr& o)
{
    std::ostringstream out;
    o->stringify(out);
    return out.str();
}

/// The demo ward as reference data: the same staff, patients, catalog and recall the kiosk's --demo seeds.
void seedDemo(ServerStore& store)
{
    for (const auto& s : portside::core::demoStaff())
        store.putReference("staff", s.badge, text(portside::core::toJson(s)));
    for (const auto& p : portside::core::demoPatients())
        store.putReference("patient", p.id, text(portside::core::toJson(p)));
    for (const auto& p : portside::core::demoProducts())
        store.putReference("product", p.gtin.empty() ? p.hibc : p.gtin, text(portside::core::toJson(p)));
    const auto recall = portside::core::demoRecall();
    store.putReference("recall", recall.product + "/" + recall.lot, text(portside::core::toJson(recall)));
}

constexpr std::streamsize kMaxBody = 8 * 1024 * 1024;

void reply(Poco::Net::HTTPServerResponse& response, HTTPResponse::HTTPStatus status, const Poco::JSON::Object& body)
{
    response.setStatus(status);
    response.setContentType("application/json");
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

class Api : public Poco::Net::HTTPRequestHandler {
public:
    Api(ServerStore& store, const Poco::JWT::Signer& signer) : _store(store), _signer(signer) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override
    {
        const std::string& path = request.getURI();
        try {
            if (path == "/v1/health" && request.getMethod() == "GET") {
                Poco::JSON::Object body;
                body.set("ok", true);
                body.set("events", _store.eventCount());
                return reply(response, HTTPResponse::HTTP_OK, body);
            }
            if (path.rfind("/v1/reference", 0) == 0 && request.getMethod() == "GET")
                return reference(request, response);
            if (request.getMethod() != "POST")
                return error(response, HTTPResponse::HTTP_NOT_FOUND,
                             "No such endpoint: " + request.getMethod() + " " + path + ".");
            if (request.getContentLength() > kMaxBody)
                return error(response, HTTPResponse::HTTP_REQUEST_ENTITY_TOO_LARGE, "The request is larger than 8 MB.");
            std::string text;
            Poco::StreamCopier::copyToString(request.stream(), text, 65536);
            Poco::JSON::Object::Ptr body;
            try {
                Poco::JSON::Parser parser;
                body = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
            } catch (const std::exception&) {
                return error(response, HTTPResponse::HTTP_BAD_REQUEST, "The request body is not a JSON object.");
            }
            if (path == "/v1/enroll")
                return enroll(*body, response);
            if (path == "/v1/events")
                return events(request, *body, response);
            return error(response, HTTPResponse::HTTP_NOT_FOUND, "No such endpoint: POST " + path + ".");
        } catch (const std::exception& e) {
            error(response, HTTPResponse::HTTP_INTERNAL_SERVER_ERROR, std::string("The server failed: ") + e.what());
        }
    }

private:
    void enroll(const Poco::JSON::Object& body, Poco::Net::HTTPServerResponse& response)
    {
        const auto device =
            _store.enroll(body.optValue<std::string>("code", ""), body.optValue<std::string>("name", "kiosk"));
        if (!device)
            return error(response, HTTPResponse::HTTP_FORBIDDEN, "The enrollment code is unknown or already used.");
        Poco::JWT::Token token;
        token.setType("JWT");
        token.setSubject(*device);
        token.setIssuedAt(Poco::Timestamp());
        Poco::JSON::Object out;
        out.set("device", *device);
        out.set("token", _signer.sign(token, Poco::JWT::Signer::ALGO_HS256));
        reply(response, HTTPResponse::HTTP_CREATED, out);
    }

    /// The device of a request's token, or empty (after answering 401).
    std::string authorised(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response)
    {
        const std::string auth = request.get("Authorization", "");
        try {
            if (auth.rfind("Bearer ", 0) == 0) {
                const std::string device = _signer.verify(auth.substr(7)).getSubject();
                if (_store.deviceExists(device))
                    return device;
            }
        } catch (const std::exception&) {
        }
        error(response, HTTPResponse::HTTP_UNAUTHORIZED, "A valid device token is required.");
        return {};
    }

    void reference(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response)
    {
        if (authorised(request, response).empty())
            return;
        Poco::Int64 since = 0;
        const auto q = request.getURI().find("since=");
        if (q != std::string::npos)
            since = std::strtoll(request.getURI().c_str() + q + 6, nullptr, 10);
        const auto version = _store.referenceVersion();
        const std::string etag = "\"" + std::to_string(version) + "-" + std::to_string(since) + "\"";
        if (request.get("If-None-Match", "") == etag) {
            response.setStatus(HTTPResponse::HTTP_NOT_MODIFIED);
            response.set("ETag", etag);
            response.setContentLength(0);
            response.send();
            return;
        }
        Poco::JSON::Array changes;
        Poco::JSON::Parser parser;
        for (const auto& c : _store.changesSince(since)) {
            Poco::JSON::Object change;
            change.set("kind", c.kind);
            change.set("key", c.key);
            parser.reset();
            change.set("body", parser.parse(c.body));
            changes.add(change);
        }
        Poco::JSON::Object out;
        out.set("version", version);
        out.set("changes", changes);
        response.set("ETag", etag);
        reply(response, HTTPResponse::HTTP_OK, out);
    }

    void events(Poco::Net::HTTPServerRequest& request, const Poco::JSON::Object& body,
                Poco::Net::HTTPServerResponse& response)
    {
        std::string device;
        const std::string auth = request.get("Authorization", "");
        try {
            if (auth.rfind("Bearer ", 0) != 0)
                throw std::runtime_error("no token");
            device = _signer.verify(auth.substr(7)).getSubject();
        } catch (const std::exception&) {
            return error(response, HTTPResponse::HTTP_UNAUTHORIZED, "A valid device token is required.");
        }
        if (!_store.deviceExists(device))
            return error(response, HTTPResponse::HTTP_UNAUTHORIZED, "This device is not enrolled.");
        const auto list = body.getArray("events");
        if (!list)
            return error(response, HTTPResponse::HTTP_BAD_REQUEST, "The body needs an \"events\" array.");
        const std::string received = Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%S.%iZ");
        Poco::JSON::Array results;
        for (std::size_t i = 0; i < list->size(); ++i) {
            Poco::JSON::Object result;
            const auto e = list->getObject(static_cast<unsigned>(i));
            IncomingEvent in;
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
            }
            result.set("uuid", in.uuid);
            if (!e || in.uuid.size() != 36 || in.type.empty() || in.seq <= 0) {
                result.set("status", "invalid");
                result.set("error", "An event needs a UUID, a type and a sequence number.");
            } else if (in.deviceId != device) {
                result.set("status", "invalid");
                result.set("error", "The event belongs to another device than the token.");
            } else {
                switch (_store.store(in, received)) {
                case ServerStore::Outcome::Stored: result.set("status", "stored"); break;
                case ServerStore::Outcome::Duplicate: result.set("status", "duplicate"); break;
                case ServerStore::Outcome::Conflict:
                    result.set("status", "conflict");
                    result.set("error", "An event with this UUID and other content is already stored.");
                    std::cerr << "portside-server: refused a replay of event " << in.uuid << " with other content\n";
                    break;
                }
            }
            results.add(result);
        }
        Poco::JSON::Object out;
        out.set("received", received);
        out.set("results", results);
        reply(response, HTTPResponse::HTTP_OK, out);
    }

    ServerStore& _store;
    const Poco::JWT::Signer& _signer;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    Factory(ServerStore& store, const Poco::JWT::Signer& signer) : _store(store), _signer(signer) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
    {
        return new Api(_store, _signer);
    }

private:
    ServerStore& _store;
    const Poco::JWT::Signer& _signer;
};

std::string option(int argc, char** argv, const std::string& name, const std::string& fallback)
{
    for (int i = 1; i + 1 < argc; ++i)
        if (name == argv[i])
            return argv[i + 1];
    return fallback;
}

std::mutex gStopMutex;
std::condition_variable gStop;
bool gStopping = false;

} // namespace

int main(int argc, char** argv)
{
    try {
        std::string db = option(argc, argv, "--db", "sqlite:portside-server.db");
        if (db.rfind("sqlite:", 0) != 0)
            throw std::invalid_argument(
                "Only --db sqlite:PATH is supported yet (PostgreSQL arrives with the server issue).");
        ServerStore store(db.substr(7));
        if (argc >= 3 && std::strcmp(argv[1], "admin") == 0 && std::strcmp(argv[2], "enroll-code") == 0) {
            std::cout << store.newEnrollmentCode() << '\n';
            return 0;
        }
        if (argc >= 3 && std::strcmp(argv[1], "admin") == 0 && std::strcmp(argv[2], "put") == 0) {
            // admin put KIND KEY JSON: add or change one piece of reference data
            if (argc < 6)
                throw std::invalid_argument("usage: portside-server admin put KIND KEY JSON [--db sqlite:PATH]");
            Poco::JSON::Parser parser;
            parser.parse(argv[5]); // refuse what is not JSON before it reaches a kiosk
            store.putReference(argv[3], argv[4], argv[5]);
            return 0;
        }
        for (int i = 1; i < argc; ++i)
            if (std::strcmp(argv[i], "--seed-demo") == 0)
                seedDemo(store);
        const std::string listen = option(argc, argv, "--listen", "127.0.0.1:8443");
        const auto colon = listen.rfind(':');
        Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(
            listen.substr(0, colon), static_cast<Poco::UInt16>(std::stoi(listen.substr(colon + 1)))));
        Poco::JWT::Signer signer(store.signingKey());
        Poco::Net::HTTPServer server(new Factory(store, signer), socket, new Poco::Net::HTTPServerParams);
        server.start();
        std::cout << "portside-server listening on " << socket.address().toString() << std::endl;
        std::signal(SIGTERM, [](int) {
            gStopping = true;
            gStop.notify_all();
        });
        std::signal(SIGINT, [](int) {
            gStopping = true;
            gStop.notify_all();
        });
        std::unique_lock<std::mutex> lock(gStopMutex);
        gStop.wait(lock, [] { return gStopping; });
        server.stop();
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "portside-server: " << e.what() << '\n';
        return 1;
    }
}
