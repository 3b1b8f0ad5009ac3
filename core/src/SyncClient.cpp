#include "portside/core/SyncClient.h"

#include "portside/core/JsonText.h"

#include "portside/core/ReferenceJson.h"

#include <Poco/Crypto/X509Certificate.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/SHA2Engine.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>

namespace portside::core {

namespace {

std::string errorOf(const std::string& body)
{
    try {
        Poco::JSON::Parser parser;
        return parser.parse(body).extract<Poco::JSON::Object::Ptr>()->optValue<std::string>("error", body);
    } catch (...) {
        return body;
    }
}

/// A TLS context that trusts only the site CA given (PEM), not the system's list: a server with a certificate from
/// anywhere else is refused.
Poco::Net::Context::Ptr pinnedContext(const std::string& caPem)
{
    static std::once_flag once;
    std::call_once(once, [] {
        // Never ask anyone at a console about a bad certificate: refuse it.
        Poco::Net::SSLManager::instance().initializeClient(
            nullptr, new Poco::Net::RejectCertificateHandler(false),
            new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_STRICT));
    });
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_STRICT, 9, false);
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    std::istringstream pem(caPem);
    context->addCertificateAuthority(Poco::Crypto::X509Certificate(pem));
    return context;
}

} // namespace

SyncClient::SyncClient(EventStore& store) : _store(store) {}
SyncClient::~SyncClient() = default;

namespace {
/// A name or address of this machine itself.
bool loopback(const std::string& host)
{
    if (host == "localhost")
        return true;
    Poco::Net::IPAddress address;
    return Poco::Net::IPAddress::tryParse(host, address) && address.isLoopback();
}
} // namespace

SyncClient::Answer SyncClient::request(const std::string& method, const std::string& path, const std::string& body,
                                       const std::string& etag)
{
    return exchange(_session, _store.meta("server_url"), _store.meta("server_ca"), method, path, body,
                    _store.meta("server_token"), etag);
}

SyncClient::Answer SyncClient::exchange(std::unique_ptr<Poco::Net::HTTPClientSession>& session,
                                        const std::string& serverUrl, const std::string& caPem,
                                        const std::string& method, const std::string& path, const std::string& body,
                                        const std::string& token, const std::string& etag)
{
    const Poco::URI uri(serverUrl);
    if (uri.getScheme() != "https" && uri.getScheme() != "http")
        throw Poco::Net::NetException("the server address must start with https:// (got " + serverUrl + ")");
    if (uri.getScheme() == "https" && caPem.empty())
        throw Poco::Net::NetException("no site CA is pinned for " + serverUrl);
    if (uri.getScheme() == "http" && !loopback(uri.getHost())) // patients' records never cross a network in clear
        throw Poco::Net::NetException("plain http is only for a server on this machine (" + serverUrl +
                                      "); use https:// with the site CA");
    if (!session || session->getHost() != uri.getHost() || session->getPort() != uri.getPort()) {
        if (uri.getScheme() == "https")
            session =
                std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), pinnedContext(caPem));
        else
            session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
        session->setTimeout(Poco::Timespan(10, 0));
        session->setKeepAlive(true);
    }
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    request.setKeepAlive(true);
    if (!token.empty())
        request.set("Authorization", "Bearer " + token);
    if (!etag.empty())
        request.set("If-None-Match", etag);
    Answer answer;
    try {
        if (method == Poco::Net::HTTPRequest::HTTP_POST) {
            request.setContentType("application/json");
            request.setContentLength(static_cast<std::streamsize>(body.size()));
            session->sendRequest(request) << body;
        } else {
            session->sendRequest(request);
        }
        Poco::Net::HTTPResponse response;
        std::istream& in = session->receiveResponse(response);
        Poco::StreamCopier::copyToString(in, answer.body);
        answer.status = static_cast<int>(response.getStatus());
        if (response.hasContentLength() &&
            static_cast<std::streamsize>(answer.body.size()) != response.getContentLength())
            throw Poco::Net::MessageException("the answer was cut short");
        answer.etag = response.get("ETag", "");
        answer.newToken = response.get("X-Portside-Token", "");
    } catch (...) {
        session.reset(); // start afresh next time; whatever was sent may or may not have arrived
        throw;
    }
    return answer;
}

void SyncClient::enroll(EventStore& store, const std::string& serverUrl, const std::string& code,
                        const std::string& name, const std::string& caPem)
{
    Poco::JSON::Object body;
    body.set("code", code);
    body.set("name", name);
    std::ostringstream text;
    body.stringify(text);
    Answer answer;
    try {
        std::unique_ptr<Poco::Net::HTTPClientSession> session;
        answer =
            exchange(session, serverUrl, caPem, Poco::Net::HTTPRequest::HTTP_POST, "/v1/enroll", text.str(), "", "");
    } catch (const Poco::Exception& e) {
        throw ServerUnreachable("The server at " + serverUrl + " cannot be reached safely (" + e.displayText() + ").");
    }
    if (answer.status != 201)
        throw std::runtime_error("The server refused the enrollment: " + errorOf(answer.body));
    Poco::JSON::Parser parser;
    const auto reply = parser.parse(answer.body).extract<Poco::JSON::Object::Ptr>();
    store.setMeta("server_url", serverUrl);
    store.setMeta("server_ca", caPem);
    store.setMeta("server_device", reply->getValue<std::string>("device"));
    store.setMeta("server_token", reply->getValue<std::string>("token"));
    // What this enrollment owns: the events not yet delivered (those the server acknowledged before, under the
    // kiosk's earlier enrollment, are there already and are not sent again as another device's).
    const auto unsent = store.pendingOutbox(1);
    store.setMeta("server_since", std::to_string(!unsent.empty() ? unsent.front().seq : store.head().first + 1));
}

std::string SyncClient::eventsBody(const std::vector<Event>& events, const std::string& device, std::int64_t headSeq,
                                   const std::string& headHash, std::int64_t since, const std::string& chainBroken)
{
    JsonRows list; // written straight as text: a backlog goes out 100 events at a time
    for (const auto& e : events)
        list.row()
            .add("uuid", e.uuid)
            .add("device", device)          // the server knows this kiosk by its enrolled id
            .add("localDevice", e.deviceId) // the id the hash covers: the server recomputes every hash
            .add("seq", e.seq)
            .add("deviceTime", e.deviceTime)
            .add("type", e.type)
            .add("run", e.runId)
            .add("patient", e.patient)
            .add("staff", e.staff)
            .add("payload", e.payload)
            .add("corrects", e.corrects)
            .add("prevHash", e.prevHash)
            .add("hash", e.hash);
    JsonRows head;
    head.row().add("seq", headSeq).add("hash", headHash);
    JsonRows body;
    body.row().addJson("events", list.text()).addJson("head", head.object());
    if (since > 1)
        body.add("since", since);
    if (!chainBroken.empty())
        body.add("chainBroken", chainBroken);
    return body.object();
}

void SyncClient::keepToken(const Answer& answer)
{
    if (!answer.newToken.empty() && answer.status < 300)
        _store.setMeta("server_token", answer.newToken);
}

SyncClient::Result SyncClient::syncOnce(std::size_t batch)
{
    Result result;
    const std::string device = _store.meta("server_device");
    if (_store.meta("server_url").empty() || _store.meta("server_token").empty()) {
        result.error = "This kiosk is not enrolled with a server yet.";
        return result;
    }
    const auto queued = _store.pendingOutbox(batch);
    const auto [headSeq, headHash] = _store.head(); // the number and hash of one and the same event
    if (queued.empty() && headSeq == 0)
        return result;
    // Only what is as it was recorded leaves the kiosk: the events before the first one changed go, that one and
    // those after it stay here, and the server is told (so IT sees it centrally too).
    std::vector<Event> pending;
    std::string broken;
    for (const auto& e : queued) {
        const bool follows = !pending.empty() && e.seq == pending.back().seq + 1;
        broken = follows ? (e.prevHash != pending.back().hash
                                ? "event " + std::to_string(e.seq) + " does not link to the one before it"
                            : EventStore::linkHash(e) != e.hash
                                ? "event " + std::to_string(e.seq) + " is not as it was recorded"
                                : std::string())
                         : _store.checkLinks({e});
        if (!broken.empty())
            break;
        pending.push_back(e);
    }
    if (broken.empty() && !_store.meta("chain_broken").empty())
        _store.setMeta("chain_broken", ""); // the record was put right (restored and checked by IT)
    if (!broken.empty())
        _store.setMeta("chain_broken", broken);
    std::map<std::string, std::int64_t> seqOf;
    for (const auto& e : pending)
        seqOf[e.uuid] = e.seq;
    // The audit chain's head goes with every sync, so the server notices a record that was rewritten or replaced.
    const std::string since = _store.meta("server_since");
    const std::int64_t firstOwned = since.empty() ? 1 : std::stoll(since);
    const std::string body = eventsBody(pending, device, headSeq, headHash, firstOwned, broken);
    result.sent = pending.size();
    Answer answer;
    try {
        answer = request(Poco::Net::HTTPRequest::HTTP_POST, "/v1/events", body);
    } catch (const Poco::Exception& e) {
        result.error = "The server cannot be reached (" + e.displayText() + "); the events stay queued.";
        result.unreachable = true;
        return result;
    }
    if (answer.status != 200) {
        result.error = "The server answered " + std::to_string(answer.status) + ": " + errorOf(answer.body) +
                       " The events stay queued.";
        return result;
    }
    keepToken(answer);
    std::vector<std::int64_t> acked;
    try {
        Poco::JSON::Parser parser;
        const auto reply = parser.parse(answer.body).extract<Poco::JSON::Object::Ptr>();
        const auto results = reply->getArray("results");
        if (!results)
            throw std::runtime_error("no results");
        for (std::size_t i = 0; i < results->size(); ++i) {
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
        result.chain = reply->optValue<std::string>("chain", "ok");
        // What the server lacks of this kiosk's events, below its head: sent again.
        if (const auto missing = reply->getArray("missing"))
            for (std::size_t i = 0; i < missing->size(); ++i) {
                const auto range = missing->getArray(static_cast<unsigned>(i));
                if (range && range->size() == 2) // never what an earlier enrollment delivered
                    result.requeued += static_cast<std::size_t>(
                        _store.requeue(std::max<std::int64_t>(firstOwned, range->getElement<Poco::Int64>(0)),
                                       range->getElement<Poco::Int64>(1)));
            }
    } catch (const std::exception&) {
        result.error = "The server's answer could not be read; the events stay queued and are sent again.";
        return result;
    }
    _store.markOutbox(acked, "acked");
    result.acked = acked.size();
    if (!broken.empty())
        result.error = "This kiosk's record was changed after it was written (" + broken +
                       "); what came before it was sent, nothing after it is. Call the supervisor: IT must check the "
                       "record before sync goes on.";
    return result;
}

std::string SyncClient::downloadPlugin(const std::string& id)
{
    const std::string offer = safePluginId(id) ? _store.meta("plugin-offer/" + id) : std::string();
    if (offer.empty())
        throw std::runtime_error("The server does not offer a plugin \"" + id + "\".");
    Poco::JSON::Parser parser;
    const auto o = parser.parse(offer).extract<Poco::JSON::Object::Ptr>();
    const std::string version = o->optValue<std::string>("version", "");
    const std::string url = "/v1/plugins/" + id + "/" + version;
    const auto size = o->optValue<Poco::Int64>("size", -1);
    const std::string sha = o->optValue<std::string>("sha256", "");
    if (version.empty() || version.find_first_not_of("0123456789.") != std::string::npos)
        throw std::runtime_error("The server's offer of " + id + " names no version this kiosk can ask for.");
    Answer answer;
    try {
        answer = request(Poco::Net::HTTPRequest::HTTP_GET, url, "");
    } catch (const Poco::Exception& e) {
        throw ServerUnreachable("The server cannot be reached for plugin " + id + " " + version + " (" +
                                e.displayText() + ").");
    }
    if (answer.status != Poco::Net::HTTPResponse::HTTP_OK)
        throw std::runtime_error("The server refused plugin " + id + " " + version + ": " + errorOf(answer.body));
    Poco::SHA2Engine digest(Poco::SHA2Engine::SHA_256);
    digest.update(answer.body.data(), static_cast<unsigned>(answer.body.size()));
    if (static_cast<Poco::Int64>(answer.body.size()) != size || Poco::DigestEngine::digestToHex(digest.digest()) != sha)
        throw std::runtime_error("Plugin " + id + " " + version +
                                 " arrived other than the server offered it (size or SHA-256 differ); it was not "
                                 "installed. Try again.");
    return answer.body;
}

std::size_t SyncClient::pullReference()
{
    if (_store.meta("server_url").empty() || _store.meta("server_token").empty())
        throw std::runtime_error("This kiosk is not enrolled with a server yet.");
    const std::string since = _store.meta("reference_version").empty() ? "0" : _store.meta("reference_version");
    Answer answer;
    try {
        answer = request(Poco::Net::HTTPRequest::HTTP_GET, "/v1/reference?since=" + since, "",
                         _store.meta("reference_etag"));
    } catch (const Poco::Exception& e) {
        throw ServerUnreachable("The server cannot be reached for reference data (" + e.displayText() + ").");
    }
    if (answer.status == Poco::Net::HTTPResponse::HTTP_NOT_MODIFIED)
        return 0;
    if (answer.status != Poco::Net::HTTPResponse::HTTP_OK)
        throw std::runtime_error("The server refused the reference data: " + errorOf(answer.body));
    keepToken(answer);
    Poco::JSON::Parser parser;
    const auto reply = parser.parse(answer.body).extract<Poco::JSON::Object::Ptr>();
    const auto changes = reply->getArray("changes");
    const auto version = reply->getValue<Poco::Int64>("version");
    std::size_t applied = 0;
    _pullProblems.clear();
    for (std::size_t i = 0; changes && i < changes->size(); ++i) {
        // Each change on its own: one this kiosk cannot use is said and skipped, and the recalls after it still
        // arrive. The next version from the server brings a corrected record.
        std::string kind = "?";
        try {
            const auto change = changes->getObject(static_cast<unsigned>(i));
            if (!change)
                throw std::invalid_argument("it is not a JSON object.");
            kind = change->getValue<std::string>("kind");
            const auto body = change->getObject("body");
            if (!body)
                throw std::invalid_argument("it has no body.");
            if (applyReference(_store, kind, *body))
                ++applied;
            else
                _pullProblems.push_back("A change of kind \"" + kind + "\" was skipped: this kiosk does not know it.");
        } catch (const std::exception& e) {
            _pullProblems.push_back("A change of kind \"" + kind + "\" could not be used and was skipped: " + e.what());
        }
    }
    std::string problems;
    for (const auto& p : _pullProblems)
        problems += (problems.empty() ? "" : "\n") + p;
    _store.setMeta("reference_problems", problems);
    _store.setMeta("reference_version", std::to_string(version));
    _store.setMeta("reference_etag", answer.etag);
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
        total.requeued += r.requeued;
        if (!r.chain.empty() && (total.chain.empty() || total.chain == "ok"))
            total.chain = r.chain;
        if (!r.error.empty()) {
            total.error = r.error;
            total.unreachable = r.unreachable;
            return total;
        }
        if ((r.sent == 0 || r.acked + r.deadLettered == 0) && r.requeued == 0)
            return total;
    }
}

} // namespace portside::core
