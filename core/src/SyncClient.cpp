#include "portside/core/SyncClient.h"

#include "portside/core/ReferenceJson.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <map>
#include <sstream>
#include <stdexcept>

namespace portside::core {

namespace {

/// POSTs JSON; returns the status and the body. Throws Poco exceptions on connection trouble.
std::pair<int, std::string> post(const std::string& serverUrl, const std::string& path, const std::string& body,
                                 const std::string& token)
{
    const Poco::URI uri(serverUrl);
    Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
    session.setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, path, Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    if (!token.empty())
        request.set("Authorization", "Bearer " + token);
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return {static_cast<int>(response.getStatus()), text};
}

std::string errorOf(const std::string& body)
{
    try {
        Poco::JSON::Parser parser;
        return parser.parse(body).extract<Poco::JSON::Object::Ptr>()->optValue<std::string>("error", body);
    } catch (...) {
        return body;
    }
}

} // namespace

void SyncClient::enroll(EventStore& store, const std::string& serverUrl, const std::string& code,
                        const std::string& name)
{
    Poco::JSON::Object body;
    body.set("code", code);
    body.set("name", name);
    std::ostringstream text;
    body.stringify(text);
    std::pair<int, std::string> answer;
    try {
        answer = post(serverUrl, "/v1/enroll", text.str(), "");
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("The server at " + serverUrl + " cannot be reached (" + e.displayText() + ").");
    }
    if (answer.first != 201)
        throw std::runtime_error("The server refused the enrollment: " + errorOf(answer.second));
    Poco::JSON::Parser parser;
    const auto reply = parser.parse(answer.second).extract<Poco::JSON::Object::Ptr>();
    store.setMeta("server_url", serverUrl);
    store.setMeta("server_device", reply->getValue<std::string>("device"));
    store.setMeta("server_token", reply->getValue<std::string>("token"));
}

SyncClient::Result SyncClient::syncOnce(std::size_t batch)
{
    Result result;
    const std::string url = _store.meta("server_url"), token = _store.meta("server_token"),
                      device = _store.meta("server_device");
    if (url.empty() || token.empty()) {
        result.error = "This kiosk is not enrolled with a server yet.";
        return result;
    }
    const auto pending = _store.pendingOutbox(batch);
    if (pending.empty())
        return result;
    Poco::JSON::Array events;
    std::map<std::string, std::int64_t> seqOf;
    for (const auto& e : pending) {
        Poco::JSON::Object o;
        o.set("uuid", e.uuid);
        o.set("device", device); // the server knows this kiosk by its enrolled id
        o.set("seq", e.seq);
        o.set("deviceTime", e.deviceTime);
        o.set("type", e.type);
        o.set("run", e.runId);
        o.set("patient", e.patient);
        o.set("staff", e.staff);
        o.set("payload", e.payload);
        o.set("corrects", e.corrects);
        o.set("prevHash", e.prevHash);
        o.set("hash", e.hash);
        events.add(o);
        seqOf[e.uuid] = e.seq;
    }
    Poco::JSON::Object body;
    body.set("events", events);
    std::ostringstream text;
    body.stringify(text);
    result.sent = pending.size();
    std::pair<int, std::string> answer;
    try {
        answer = post(url, "/v1/events", text.str(), token);
    } catch (const Poco::Exception& e) {
        result.error = "The server cannot be reached (" + e.displayText() + "); the events stay queued.";
        return result;
    }
    if (answer.first != 200) {
        result.error = "The server answered " + std::to_string(answer.first) + ": " + errorOf(answer.second);
        return result;
    }
    std::vector<std::int64_t> acked;
    try {
        Poco::JSON::Parser parser;
        const auto results = parser.parse(answer.second).extract<Poco::JSON::Object::Ptr>()->getArray("results");
        for (std::size_t i = 0; results && i < results->size(); ++i) {
            const auto r = results->getObject(static_cast<unsigned>(i));
            const auto it = seqOf.find(r->getValue<std::string>("uuid"));
            if (it == seqOf.end())
                continue;
            const std::string status = r->getValue<std::string>("status");
            if (status == "stored" || status == "duplicate") {
                acked.push_back(it->second);
            } else {
                _store.markOutbox({it->second}, "dead", r->optValue<std::string>("error", status));
                ++result.deadLettered;
            }
        }
    } catch (const std::exception&) {
        result.error = "The server's answer could not be read; the events stay queued and are sent again.";
        return result;
    }
    _store.markOutbox(acked, "acked");
    result.acked = acked.size();
    return result;
}

std::size_t SyncClient::pullReference()
{
    const std::string url = _store.meta("server_url"), token = _store.meta("server_token");
    if (url.empty() || token.empty())
        throw std::runtime_error("This kiosk is not enrolled with a server yet.");
    const std::string since = _store.meta("reference_version").empty() ? "0" : _store.meta("reference_version");
    Poco::Net::HTTPResponse response;
    std::string text;
    try {
        const Poco::URI uri(url);
        Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
        session.setTimeout(Poco::Timespan(10, 0));
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/v1/reference?since=" + since,
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        request.set("Authorization", "Bearer " + token);
        if (!_store.meta("reference_etag").empty())
            request.set("If-None-Match", _store.meta("reference_etag"));
        session.sendRequest(request);
        Poco::StreamCopier::copyToString(session.receiveResponse(response), text);
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("The server cannot be reached for reference data (" + e.displayText() + ").");
    }
    if (response.getStatus() == Poco::Net::HTTPResponse::HTTP_NOT_MODIFIED)
        return 0;
    if (response.getStatus() != Poco::Net::HTTPResponse::HTTP_OK)
        throw std::runtime_error("The server refused the reference data: " + errorOf(text));
    Poco::JSON::Parser parser;
    const auto reply = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
    const auto changes = reply->getArray("changes");
    std::size_t applied = 0;
    for (std::size_t i = 0; changes && i < changes->size(); ++i) {
        const auto change = changes->getObject(static_cast<unsigned>(i));
        applyReference(_store, change->getValue<std::string>("kind"), *change->getObject("body"));
        ++applied;
    }
    _store.setMeta("reference_version", std::to_string(reply->getValue<Poco::Int64>("version")));
    _store.setMeta("reference_etag", response.get("ETag", ""));
    return applied;
}

SyncClient::Result SyncClient::syncAll(std::size_t batch)
{
    Result total;
    while (true) {
        const auto r = syncOnce(batch);
        total.sent += r.sent;
        total.acked += r.acked;
        total.deadLettered += r.deadLettered;
        if (!r.error.empty()) {
            total.error = r.error;
            return total;
        }
        if (r.sent == 0 || r.acked + r.deadLettered == 0)
            return total;
    }
}

} // namespace portside::core
