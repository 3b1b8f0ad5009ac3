#include "Api.h"

#include "Fhir.h"
#include "portside/core/JsonText.h"

#include "portside/core/DemoData.h"
#include "portside/core/EventStore.h"
#include "portside/core/ReferenceJson.h"
#include "portside/core/Text.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JWT/Token.h>
#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerConnection.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/Timestamp.h>
#include <Poco/URI.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include <utility>

#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

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
    const std::string text = authorization.substr(7);
    const Poco::Timestamp now;
    Verified v;
    bool known = false;
    {
        std::lock_guard<std::mutex> lock(_verifiedMutex);
        const auto it = _verified.find(text);
        if (it != _verified.end()) {
            v = it->second;
            known = true;
        }
    }
    if (!known) {
        Poco::JWT::Token token;
        bool verified = false;
        try {
            verified = _signer.tryVerify(text, token);
        } catch (const Poco::Exception&) {
        }
        if (!verified) {
            c.error = "The token is not one this server issued.";
            return c;
        }
        v = {token.getSubject(), token.payload().optValue<std::string>("role", ""), token.getId(), token.getIssuedAt(),
             token.getExpiration()};
        std::lock_guard<std::mutex> lock(_verifiedMutex);
        if (_verified.size() >= 4096) // a few ward's kiosks' tokens; past that, start again
            _verified.clear();
        _verified.emplace(text, v);
    }
    if (v.expires <= now) {
        c.error = "The token has expired; enroll the kiosk again with a new code.";
        return c;
    }
    c.subject = v.subject;
    c.role = v.role;
    c.id = v.id;
    c.renew = v.expires - now < (v.expires - v.issued) / 2;
    return c;
}

void seedDemo(ServerStore& store, const std::string& ward)
{
    const auto text = [](const Poco::JSON::Object::Ptr& o) {
        std::ostringstream out;
        o->stringify(out);
        return out.str();
    };
    // Only what is missing: a restart with --seed-demo changes nothing (no new reference version for every kiosk to
    // pull, no PIN reset), and a record an administrator changed stays as changed.
    std::vector<ServerStore::Reference> records;
    std::map<std::string, std::set<std::string>> present;
    const auto add = [&](const std::string& kind, const std::string& key, const std::function<std::string()>& body) {
        if (!present.count(kind))
            for (const auto& r : store.reference(kind))
                present[kind].insert(r.key);
        if (!present[kind].count(key))
            records.push_back({kind, key, body()});
    };
    for (const auto& s : core::demoStaff())
        add("staff", s.badge, [&] { return text(core::toJson(s)); });
    for (const auto& p : core::demoPatients())
        add("patient", p.id, [&] {
            auto o = core::toJson(p);
            o->set("ward", ward);
            return text(o);
        });
    for (const auto& p : core::demoProducts())
        add("product", p.gtin.empty() ? p.hibc : p.gtin, [&] { return text(core::toJson(p)); });
    const auto recall = core::demoRecall();
    add("recall", recall.product + "/" + recall.lot, [&] { return text(core::toJson(recall)); });
    if (!records.empty())
        store.putReferences(records);
}

namespace {

constexpr std::size_t kMaxBody = 8 * 1024 * 1024; ///< a request's body, counted while it is read
constexpr std::size_t kMaxEvents = 1000;          ///< events in one batch (kiosks send 100)
constexpr std::size_t kMaxJsonValues = 40000;     ///< values in one body: bounds what a parsed body can take

/// Builds the parsed body as Poco's handler does, but refuses a body of more values than any batch can hold, before
/// it takes the memory: a million junk elements are refused after 40,000.
class BoundedHandler : public Poco::JSON::ParseHandler {
public:
    void startObject() override { count(), ParseHandler::startObject(); }
    void startArray() override { count(), ParseHandler::startArray(); }
    void value(int v) override { count(), ParseHandler::value(v); }
    void value(unsigned v) override { count(), ParseHandler::value(v); }
    void value(Poco::Int64 v) override { count(), ParseHandler::value(v); }
    void value(Poco::UInt64 v) override { count(), ParseHandler::value(v); }
    void value(const std::string& v) override { count(), ParseHandler::value(v); }
    void value(double v) override { count(), ParseHandler::value(v); }
    void value(bool v) override { count(), ParseHandler::value(v); }
    void null() override { count(), ParseHandler::null(); }
    struct TooMany {};

private:
    void count()
    {
        if (++_values > kMaxJsonValues)
            throw TooMany{};
    }
    std::size_t _values = 0;
};

constexpr std::size_t kMaxEnrollBody = 16 * 1024;         ///< an enrollment: a code and a name
constexpr std::size_t kBodiesInFlight = 64 * 1024 * 1024; ///< all bodies being read or parsed at once

/// The bytes of request bodies held by the server at this moment, all requests together: what a flood of large
/// bodies can make the server hold is bounded (a parsed body takes a few times its size), whoever sends them.
std::atomic<std::size_t> bodiesInFlight{0};

/// A share of that budget, given back when the request is done.
class BodyBudget {
public:
    bool take(std::size_t n)
    {
        if (bodiesInFlight.fetch_add(n) + n > kBodiesInFlight) {
            bodiesInFlight.fetch_sub(n);
            return false;
        }
        _held += n;
        return true;
    }
    ~BodyBudget() { bodiesInFlight.fetch_sub(_held); }

private:
    std::size_t _held = 0;
};

enum class BodyRefused { None, TooLarge, Busy };

/// A request's body, read up to `limit` bytes whatever it says of its length (chunked or not); nothing when longer
/// or when the server holds too many bodies already.
std::optional<std::string> readBody(std::istream& in, std::size_t limit, BodyBudget& budget, BodyRefused& why)
{
    std::string text;
    char buffer[65536];
    while (in) {
        in.read(buffer, sizeof buffer);
        const auto n = static_cast<std::size_t>(in.gcount());
        if (text.size() + n > limit) {
            why = BodyRefused::TooLarge;
            return std::nullopt;
        }
        if (!budget.take(n)) {
            why = BodyRefused::Busy;
            return std::nullopt;
        }
        text.append(buffer, n);
    }
    return text;
}

/// JSON's integers are exact only up to 2^53 in most readers; no kiosk comes near it, and above it a seq + 1 could
/// overflow.
constexpr Poco::Int64 kMaxSeq = Poco::Int64(1) << 53;

bool isHex(const std::string& text, std::size_t size)
{
    return text.size() == size && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
           });
}

/// 8-4-4-4-12 hexadecimal digits.
bool isUuid(const std::string& text)
{
    if (text.size() != 36)
        return false;
    for (std::size_t i = 0; i < 36; ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? text[i] != '-' : !isHex(text.substr(i, 1), 1))
            return false;
    }
    return true;
}

/// A whole number as JSON gives it: never text, a fraction or true.
std::optional<Poco::Int64> wholeNumber(const Poco::Dynamic::Var& v)
{
    if (v.isEmpty() || v.isBoolean() || !v.isInteger())
        return std::nullopt;
    try {
        return v.convert<Poco::Int64>();
    } catch (const Poco::Exception&) { // above 2^63
        return std::nullopt;
    }
}

/// Reads one event of a batch, each field of its own type and size, nothing coerced. A sentence when it cannot.
std::string readEvent(const Poco::Dynamic::Var& element, IncomingEvent& in)
{
    if (element.type() != typeid(Poco::JSON::Object::Ptr))
        return "An event must be a JSON object.";
    const auto e = element.extract<Poco::JSON::Object::Ptr>();
    struct Field {
        const char* name;
        std::string* target;
        std::size_t max;
        bool required;
    };
    const Field fields[] = {
        {"uuid", &in.uuid, 36, true},
        {"device", &in.deviceId, 64, true},
        {"localDevice", &in.localDevice, 64, true},
        {"deviceTime", &in.deviceTime, 64, true},
        {"type", &in.type, 64, true},
        {"run", &in.runId, 256, false},
        {"patient", &in.patient, 256, false},
        {"staff", &in.staff, 256, false},
        {"payload", &in.payload, 65536, false},
        {"corrects", &in.corrects, 36, false},
        {"prevHash", &in.prevHash, 64, true},
        {"hash", &in.hash, 64, true},
    };
    for (const auto& f : fields) {
        if (!e->has(f.name)) {
            if (f.required)
                return std::string("The event has no \"") + f.name + "\".";
            continue;
        }
        const auto v = e->get(f.name);
        if (!v.isString())
            return std::string("\"") + f.name + "\" must be text.";
        *f.target = v.extract<std::string>();
        if (f.target->size() > f.max)
            return std::string("\"") + f.name + "\" is longer than " + std::to_string(f.max) + " bytes.";
        if (f.target->find('\0') != std::string::npos)
            return std::string("\"") + f.name + "\" holds a NUL character.";
    }
    const auto seq = e->has("seq") ? wholeNumber(e->get("seq")) : std::nullopt;
    if (!seq || *seq <= 0 || *seq > kMaxSeq)
        return "\"seq\" must be a whole number of 1 or more (at most 2^53).";
    in.seq = *seq;
    if (!isUuid(in.uuid))
        return "\"uuid\" is not a UUID (8-4-4-4-12 hexadecimal digits).";
    if (!in.corrects.empty() && !isUuid(in.corrects))
        return "\"corrects\" is not a UUID.";
    if (in.type.empty())
        return "\"type\" is empty.";
    if (!isHex(in.hash, 64) || !isHex(in.prevHash, 64))
        return "\"hash\" and \"prevHash\" must be 64 hexadecimal digits.";
    return {};
}

/// The length of the well-formed UTF-8 sequence (RFC 3629) at `i`, or 0 when the byte there starts none.
std::size_t utf8Length(const std::string& text, std::size_t i)
{
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char c = byte(i);
    const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > text.size())
        return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((byte(i + k) & 0xC0) != 0x80)
            return 0;
    if (n == 1)
        return 1;
    const unsigned cp = n == 2   ? ((c & 0x1Fu) << 6) | (byte(i + 1) & 0x3Fu)
                        : n == 3 ? ((c & 0x0Fu) << 12) | ((byte(i + 1) & 0x3Fu) << 6) | (byte(i + 2) & 0x3Fu)
                                 : ((c & 0x07u) << 18) | ((byte(i + 1) & 0x3Fu) << 12) | ((byte(i + 2) & 0x3Fu) << 6) |
                                       (byte(i + 3) & 0x3Fu);
    // No overlong forms, no surrogates, nothing above U+10FFFF.
    const bool ok = (n == 2 && cp >= 0x80) || (n == 3 && cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) ||
                    (n == 4 && cp >= 0x10000 && cp <= 0x10FFFF);
    return ok ? n : 0;
}

bool isUtf8(const std::string& text)
{
    for (std::size_t i = 0, n; i < text.size(); i += n)
        if ((n = utf8Length(text, i)) == 0)
            return false;
    return true;
}

/// `text` with each byte that is not part of well-formed UTF-8 replaced by U+FFFD, so that the events holding such
/// bytes can be told apart after parsing.
std::string markNotUtf8(const std::string& text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (const std::size_t n = utf8Length(text, i)) {
            out.append(text, i, n);
            i += n;
        } else {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return out;
}

/// Replaces each `\uD800`-`\uDFFF` escape that is not half of a surrogate pair with `\uFFFD`, in place; true when
/// any was. JSON's grammar allows them (RFC 8259, section 8.2) but no UTF-8 text holds one and Poco's parser refuses
/// the whole document: marked so, only the event holding one is refused.
bool markLoneSurrogates(std::string& text)
{
    const auto hex4 = [&](std::size_t at, unsigned& value) {
        if (at + 4 > text.size())
            return false;
        value = 0;
        for (std::size_t i = at; i < at + 4; ++i) {
            const char c = text[i];
            const int digit = c >= '0' && c <= '9'   ? c - '0'
                              : c >= 'a' && c <= 'f' ? c - 'a' + 10
                              : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                     : -1;
            if (digit < 0)
                return false;
            value = value * 16 + static_cast<unsigned>(digit);
        }
        return true;
    };
    bool marked = false;
    for (std::size_t at = text.find('\\'); at != std::string::npos && at + 1 < text.size(); at = text.find('\\', at)) {
        unsigned unit = 0;
        if (text[at + 1] != 'u' || !hex4(at + 2, unit) || unit < 0xD800 || unit > 0xDFFF) {
            at += 2; // any other escape, "\\" included, is two characters
            continue;
        }
        unsigned low = 0;
        if (unit < 0xDC00 && at + 7 < text.size() && text[at + 6] == '\\' && text[at + 7] == 'u' && hex4(at + 8, low) &&
            low >= 0xDC00 && low <= 0xDFFF) {
            at += 12; // a pair
            continue;
        }
        text.replace(at + 2, 4, "fffd");
        marked = true;
        at += 6;
    }
    return marked;
}

/// Cuts connections whose request takes too long to arrive. A per-read timeout alone lets a client that sends a
/// byte every few seconds hold a request thread for ever (slowloris); here the whole head must come within one
/// deadline, counted from the connection's start or its last answer, and the whole body within another. A thread
/// checks four times a second and shuts the socket of a late one down, which ends the read it waits in.
class Deadlines {
public:
    enum class Phase { Head, Body, Work };
    Deadlines(Poco::Timespan head, Poco::Timespan body, std::size_t maxWaiting)
        : _head(std::chrono::microseconds(head.totalMicroseconds())),
          _body(std::chrono::microseconds(body.totalMicroseconds())), _maxWaiting(maxWaiting),
          _thread([this] { run(); })
    {
    }
    ~Deadlines()
    {
        {
            std::lock_guard<std::mutex> lock(_mutex);
            _stop = true;
        }
        _wake.notify_all();
        _thread.join();
        for (const auto& [id, e] : _entries)
            ::close(e.fd);
    }
    /// Watches a new connection (a duplicate of its descriptor, so a descriptor number reused after Poco closes
    /// the socket can never be shut by mistake).
    std::uint64_t add(int fd, const std::string& address)
    {
        const int copy = ::dup(fd);
        std::lock_guard<std::mutex> lock(_mutex);
        _entries[++_last] = {copy, Phase::Head, Clock::now(), address};
        return _last;
    }
    void remove(std::uint64_t id)
    {
        std::lock_guard<std::mutex> lock(_mutex);
        const auto it = _entries.find(id);
        if (it == _entries.end())
            return;
        if (it->second.fd >= 0)
            ::close(it->second.fd);
        _entries.erase(it);
    }
    void phase(std::uint64_t id, Phase phase)
    {
        std::lock_guard<std::mutex> lock(_mutex);
        const auto it = _entries.find(id);
        if (it != _entries.end())
            it->second.phase = phase, it->second.since = Clock::now();
    }
    std::uint64_t cut() const { return _cut; }

private:
    using Clock = std::chrono::steady_clock;
    struct Entry {
        int fd = -1;
        Phase phase = Phase::Head;
        Clock::time_point since;
        std::string address;
    };
    void run()
    {
        std::unique_lock<std::mutex> lock(_mutex);
        while (!_stop) {
            _wake.wait_for(lock, std::chrono::milliseconds(250));
            const auto now = Clock::now();
            for (auto& [id, e] : _entries) {
                const bool late = (e.phase == Phase::Head && now - e.since > _head) ||
                                  (e.phase == Phase::Body && now - e.since > _body);
                if (late && e.fd >= 0) {
                    // Said, so IT can tell an attack (many, from one address) from a kiosk on a bad link.
                    {
                        std::ostringstream line;
                        line << "closed a connection from " << e.address << ": its request "
                             << (e.phase == Phase::Head ? "head" : "body") << " took longer than "
                             << std::chrono::duration_cast<std::chrono::seconds>(e.phase == Phase::Head ? _head : _body)
                                    .count()
                             << " s";
                        Poco::Logger::get("portside.server").warning(line.str());
                    }
                    ::shutdown(e.fd, SHUT_RDWR);
                    e.phase = Phase::Work; // once
                    ++_cut;
                }
            }
            waitingHeads(now);
        }
    }
    /// A request thread waiting more than a second for a request head is idle (a kept-alive connection between
    /// batches) or being held (slowloris). One address keeps at most kWaitingPerClient of them; the older ones are
    /// closed, so a few addresses cannot hold every request thread for the whole deadline. A kiosk whose idle
    /// connection is closed simply opens another.
    void waitingHeads(Clock::time_point now)
    {
        std::map<std::string, std::vector<Entry*>> waiting;
        for (auto& [id, e] : _entries)
            if (e.phase == Phase::Head && e.fd >= 0 && now - e.since > std::chrono::seconds(1))
                waiting[e.address].push_back(&e);
        for (auto& [address, entries] : waiting) {
            if (entries.size() <= kWaitingPerClient)
                continue;
            std::sort(entries.begin(), entries.end(),
                      [](const Entry* a, const Entry* b) { return a->since < b->since; });
            const std::size_t extra = entries.size() - kWaitingPerClient;
            for (std::size_t i = 0; i < extra; ++i) {
                ::shutdown(entries[i]->fd, SHUT_RDWR);
                entries[i]->phase = Phase::Work;
                ++_cut;
            }
            {
                std::ostringstream line;
                line << "closed " << extra << " connections from " << address << " waiting for a request (at most "
                     << kWaitingPerClient << " at once)";
                Poco::Logger::get("portside.server").warning(line.str());
            }
        }
        // And all addresses together keep at most half the request threads waiting: the other half serves.
        std::vector<Entry*> all;
        for (auto& [address, entries] : waiting)
            for (auto* e : entries)
                if (e->phase == Phase::Head)
                    all.push_back(e);
        if (all.size() <= _maxWaiting)
            return;
        std::sort(all.begin(), all.end(), [](const Entry* a, const Entry* b) { return a->since < b->since; });
        const std::size_t extra = all.size() - _maxWaiting;
        for (std::size_t i = 0; i < extra; ++i) {
            ::shutdown(all[i]->fd, SHUT_RDWR);
            all[i]->phase = Phase::Work;
            ++_cut;
        }
        {
            std::ostringstream line;
            line << "closed " << extra << " connections waiting for a request (at most " << _maxWaiting
                 << " at once from all clients)";
            Poco::Logger::get("portside.server").warning(line.str());
        }
    }
    static constexpr std::size_t kWaitingPerClient = 8;
    const Clock::duration _head, _body;
    const std::size_t _maxWaiting;
    std::mutex _mutex;
    std::condition_variable _wake;
    bool _stop = false;
    std::map<std::uint64_t, Entry> _entries;
    std::uint64_t _last = 0;
    std::atomic<std::uint64_t> _cut{0};
    std::thread _thread;
};

/// The connection a request thread serves, for its handler to say where the request is.
thread_local Deadlines* t_deadlines = nullptr;
thread_local std::uint64_t t_connection = 0;

void requestPhase(Deadlines::Phase phase)
{
    if (t_deadlines)
        t_deadlines->phase(t_connection, phase);
}

/// Set on a request thread whose answer goes out before the request's body was read; its connection then closes
/// lingering (Connection::run).
thread_local bool t_lingerOnClose = false;

/// The answer closes the connection, and part of the request may still be on its way: the connection is closed
/// lingering, so the client reads the answer rather than a reset.
void closeLingering(Poco::Net::HTTPServerResponse& response)
{
    response.setKeepAlive(false);
    t_lingerOnClose = true;
}

/// A lingering close (RFC 9112, 9.6): the server's side is shut, and what the client sent meanwhile is read and
/// dropped for a moment, so that closing does not reset the connection before the client reads the answer.
void lingerAndClose(Poco::Net::StreamSocket& socket)
{
    // At most a second and a body's worth: a client that keeps sending is then reset.
    try {
        socket.shutdownSend();
        socket.setReceiveTimeout(Poco::Timespan(0, 200000));
        const Poco::Timestamp started;
        char drop[16384];
        std::size_t dropped = 0;
        for (int n = 0;
             dropped < kMaxBody && !started.isElapsed(1000000) && (n = socket.receiveBytes(drop, sizeof drop)) > 0;)
            dropped += static_cast<std::size_t>(n);
    } catch (const Poco::Exception&) {
    }
}

/// Who may use which paths: a known path asked with another method is 405 with the methods it takes.
const char* allowedMethods(const std::string& path)
{
    if (path == "/v1/health" || path == "/v1/reference" || path == "/v1/plugins" || path == "/fhir/Bundle" ||
        path.rfind("/v1/plugins/", 0) == 0)
        return "GET";
    if (path == "/v1/enroll" || path == "/v1/events")
        return "POST";
    return nullptr;
}

void reply(Poco::Net::HTTPServerResponse& response, HTTPResponse::HTTPStatus status, const Poco::JSON::Object& body,
           const std::string& contentType = "application/json")
{
    response.setStatusAndReason(status); // "404 Not Found", never "404 OK"
    response.setContentType(contentType);
    std::ostringstream text;
    body.stringify(text);
    response.setContentLength(static_cast<std::streamsize>(text.str().size()));
    response.send() << text.str() << std::flush; // on the wire now: a lingering close may follow
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

/// The access log: one line per request, `127.0.0.1 GET /v1/events 200 312 B 4 ms`. The path goes without its query
/// (a query may carry what is nobody's business in a log), and nothing of the body or the headers.
void logAccess(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
               std::chrono::steady_clock::time_point started)
{
    static Poco::Logger& log = Poco::Logger::get("portside.access");
    if (!log.information())
        return;
    std::string path = request.getURI();
    path = path.substr(0, path.find_first_of("?#"));
    if (path.size() > 200)
        path = path.substr(0, 200) + "...";
    for (auto& c : path) // one line, printable: a hostile path cannot forge log lines
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            c = '?';
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    const auto bytes = response.getContentLength64();
    std::string method = request.getMethod().substr(0, 16);
    for (auto& c : method)
        if (static_cast<unsigned char>(c) < 0x21 || c == 0x7f)
            c = '?';
    log.information(request.clientAddress().host().toString() + " " + method + " " + path + " " +
                    std::to_string(static_cast<int>(response.getStatus())) + " " +
                    (bytes >= 0 ? std::to_string(bytes) : std::string("-")) + " B " + std::to_string(ms) + " ms");
}

class Api : public Poco::Net::HTTPRequestHandler {
public:
    Api(ServerStore& store, const Tokens& tokens) : _store(store), _tokens(tokens) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override
    {
        t_lingerOnClose = false;
        requestPhase(request.getMethod() == "POST" ? Deadlines::Phase::Body : Deadlines::Phase::Work);
        struct NextHead { // the next request's head is timed from this answer
            ~NextHead() { requestPhase(Deadlines::Phase::Head); }
        } nextHead;
        const auto started = std::chrono::steady_clock::now();
        struct AccessLine { // written whichever way serve() ends
            Poco::Net::HTTPServerRequest& request;
            Poco::Net::HTTPServerResponse& response;
            std::chrono::steady_clock::time_point started;
            ~AccessLine()
            {
                try {
                    logAccess(request, response, started);
                } catch (...) {
                }
            }
        } accessLine{request, response, started};
        serve(request, response);
        // Refused before its body was read (401, 413, 400): Poco closes the connection once this returns, and a
        // close with the body's rest unread would reset it under the answer.
        if (std::exchange(t_lingerOnClose, false))
            if (auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request))
                lingerAndClose(impl->socket());
    }

private:
    void serve(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response)
    {
        try {
            std::unique_ptr<Poco::URI> parsed;
            try {
                parsed = std::make_unique<Poco::URI>(request.getURI());
                parsed->getQueryParameters(); // "%zz" in the query fails here
            } catch (const Poco::Exception&) {
                closeLingering(response);
                return error(response, HTTPResponse::HTTP_BAD_REQUEST, "The request's address is not a valid URI.");
            }
            const Poco::URI& uri = *parsed;
            const std::string& path = uri.getPath();
            const std::string& method = request.getMethod();
            const char* allowed = allowedMethods(path);
            if (!allowed) {
                closeLingering(response); // whatever body it had is not read
                return error(response, HTTPResponse::HTTP_NOT_FOUND, "No such endpoint: " + path + ".");
            }
            if (method != allowed) {
                response.set("Allow", allowed);
                closeLingering(response);
                return error(response, HTTPResponse::HTTP_METHOD_NOT_ALLOWED,
                             path + " takes " + allowed + ", not " + method.substr(0, 16) + ".");
            }
            if (path == "/v1/health")
                return health(response);
            if (path == "/v1/reference")
                return reference(request, uri, response);
            if (path == "/v1/plugins")
                return plugins(request, response);
            if (path.rfind("/v1/plugins/", 0) == 0)
                return pluginPackage(request, path, response);
            if (path == "/fhir/Bundle")
                return fhir(request, uri, response);
            // POST: who asks is known before the body is read (enroll carries its code in the body).
            std::optional<Device> device;
            if (path == "/v1/events" && !(device = this->device(request, response)))
                return; // refused, closing lingering
            // One length only: two Content-Length headers, or one beside chunked encoding, are how requests are
            // smuggled past a proxy (RFC 9112, 6.3).
            std::size_t lengths = 0;
            for (auto it = request.find("Content-Length");
                 it != request.end() && Poco::icompare(it->first, "Content-Length") == 0; ++it)
                ++lengths;
            if (lengths > 1 || (lengths == 1 && request.getChunkedTransferEncoding())) {
                closeLingering(response);
                return error(response, HTTPResponse::HTTP_BAD_REQUEST,
                             "The request gives its length twice (Content-Length, Transfer-Encoding).");
            }
            const std::size_t limit = path == "/v1/enroll" ? kMaxEnrollBody : kMaxBody;
            const std::string tooLarge = path == "/v1/enroll" ? "An enrollment is a code and a name, not more."
                                                              : "The request is larger than 8 MB.";
            if (request.hasContentLength() && request.getContentLength64() > static_cast<Poco::Int64>(limit)) {
                closeLingering(response);
                return error(response, HTTPResponse::HTTP_REQUEST_ENTITY_TOO_LARGE, tooLarge);
            }
            BodyBudget budget;
            BodyRefused why = BodyRefused::None;
            const auto text = readBody(request.stream(), limit, budget, why);
            requestPhase(Deadlines::Phase::Work);
            if (!text) {
                closeLingering(response); // the rest of it is not read
                if (why == BodyRefused::Busy) {
                    response.set("Retry-After", "5");
                    return error(response, HTTPResponse::HTTP_SERVICE_UNAVAILABLE,
                                 "The server is reading many large requests at once; try again in a few seconds.");
                }
                return error(response, HTTPResponse::HTTP_REQUEST_ENTITY_TOO_LARGE, tooLarge);
            }
            // Bytes that are not UTF-8 (a kiosk of an older version) do not fail the batch: the event holding them
            // no longer matches its hash and is refused alone, the others are stored. (Copied only then.)
            bool notUtf8 = !isUtf8(*text);
            std::string clean = notUtf8 ? markNotUtf8(*text) : std::string();
            // A lone surrogate escape is no more UTF-8 than a raw byte. (Copied only when one could be there.)
            if (text->find("\\ud") != std::string::npos || text->find("\\uD") != std::string::npos) {
                std::string copy = notUtf8 ? clean : *text;
                if (markLoneSurrogates(copy)) {
                    clean = std::move(copy);
                    notUtf8 = true;
                }
            }
            Poco::JSON::Object::Ptr body;
            try {
                Poco::JSON::Parser parser(new BoundedHandler);
                body = parser.parse(notUtf8 ? clean : *text).extract<Poco::JSON::Object::Ptr>();
            } catch (const BoundedHandler::TooMany&) {
                return error(response, HTTPResponse::HTTP_REQUEST_ENTITY_TOO_LARGE,
                             "The request holds more values than a batch of " + std::to_string(kMaxEvents) +
                                 " events can; send fewer at a time.");
            } catch (const std::exception&) {
                return error(response, HTTPResponse::HTTP_BAD_REQUEST, "The request body is not a JSON object.");
            }
            if (path == "/v1/enroll")
                return enroll(*body, response);
            return events(*device, *body, notUtf8, response);
        } catch (const std::exception& e) {
            {
                std::ostringstream line;
                line << "" << request.getMethod() << ' ' << core::validUtf8(request.getURI())
                     << " failed: " << e.what();
                Poco::Logger::get("portside.server").error(line.str());
            }
            if (!response.sent())
                error(response, HTTPResponse::HTTP_INTERNAL_SERVER_ERROR, "The server failed; try again.");
        }
    }

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
        // Refused before a POST's body is read: the answer says the connection closes (and it closes lingering).
        const auto refuse = [&](HTTPResponse::HTTPStatus status, const std::string& why) {
            if (request.getMethod() == "POST")
                closeLingering(response);
            error(response, status, why);
            return std::nullopt;
        };
        const auto token = _tokens.check(request.get("Authorization", ""));
        if (!token.error.empty())
            return refuse(HTTPResponse::HTTP_UNAUTHORIZED, token.error);
        if (token.role != "device")
            return refuse(HTTPResponse::HTTP_FORBIDDEN, "This token is not a device's.");
        auto d = _store.device(token.subject);
        if (!d || d->revoked)
            return refuse(HTTPResponse::HTTP_UNAUTHORIZED,
                          d ? "This device was revoked by an administrator." : "This device is not enrolled.");
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
            response.setStatusAndReason(HTTPResponse::HTTP_NOT_MODIFIED);
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
        response.setStatusAndReason(HTTPResponse::HTTP_OK);
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

    void events(const Device& d, const Poco::JSON::Object& body, bool notUtf8, Poco::Net::HTTPServerResponse& response)
    {
        const auto list = body.getArray("events");
        if (!list)
            return error(response, HTTPResponse::HTTP_BAD_REQUEST, "The body needs an \"events\" array.");
        if (list->size() > kMaxEvents)
            return error(response, HTTPResponse::HTTP_REQUEST_ENTITY_TOO_LARGE,
                         "A batch holds at most " + std::to_string(kMaxEvents) + " events; this one has " +
                             std::to_string(list->size()) + ".");
        const auto head = body.getObject("head");
        if (body.has("head") && !head)
            return error(response, HTTPResponse::HTTP_BAD_REQUEST, "\"head\" must be an object.");
        const auto number = [&](const Poco::JSON::Object* o, const char* name, Poco::Int64 fallback) {
            if (!o || !o->has(name))
                return std::optional<Poco::Int64>(fallback);
            const auto n = wholeNumber(o->get(name));
            return n && *n >= 0 && *n <= kMaxSeq ? n : std::nullopt;
        };
        const auto headSeq = number(head.get(), "seq", 0), since = number(&body, "since", 1);
        if (!headSeq || !since || (head && head->has("hash") && !head->get("hash").isString()) ||
            (body.has("chainBroken") && !body.get("chainBroken").isString()))
            return error(response, HTTPResponse::HTTP_BAD_REQUEST,
                         "\"head\" needs a whole \"seq\" and a text \"hash\"; \"since\" is a whole number.");
        const std::string received = Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%S.%iZ");
        std::vector<IncomingEvent> valid;
        struct Result {
            std::string uuid, status, error;
        };
        std::vector<Result> outcome;
        std::vector<std::size_t> slot; // where each valid event's result goes
        for (std::size_t i = 0; i < list->size(); ++i) {
            IncomingEvent in;
            std::string problem = readEvent(list->get(static_cast<unsigned>(i)), in);
            Result result{isUuid(in.uuid) ? in.uuid : std::string(), {}, {}};
            if (problem.empty() && in.deviceId != d.id)
                problem = "The event belongs to another device than the token.";
            if (problem.empty() && in.localDevice.empty())
                problem = "The event carries no device key (localDevice), so its hash cannot be checked.";
            if (problem.empty() && !hashMatches(in))
                problem = notUtf8 && (in.payload + in.staff + in.patient + in.runId + in.type).find("\xEF\xBF\xBD") !=
                                         std::string::npos
                              ? "The event holds bytes that are not UTF-8 text, so it cannot be stored as recorded."
                              : "The event's hash does not match its content: it was changed after the kiosk "
                                "recorded it.";
            if (problem.empty()) {
                valid.push_back(in);
                slot.push_back(i);
            } else {
                result.status = "invalid";
                result.error = problem;
            }
            outcome.push_back(std::move(result));
        }
        const std::string headHash = head ? head->optValue<std::string>("hash", "") : std::string();
        const std::string reported = body.optValue<std::string>("chainBroken", "");
        const auto stored = _store.storeBatch(
            d.id, valid, *headSeq, headHash, received, *since,
            reported.empty() ? std::string()
                             : "The kiosk found its own record changed: " + reported.substr(0, 200) + ".");
        for (std::size_t k = 0; k < valid.size(); ++k) {
            auto& result = outcome[slot[k]];
            switch (stored.outcomes[k]) {
            case ServerStore::Outcome::Stored: result.status = "stored"; break;
            case ServerStore::Outcome::Duplicate: result.status = "duplicate"; break;
            case ServerStore::Outcome::Conflict:
                result.status = "conflict";
                result.error = "An event with this UUID and other content is already stored.";
                {
                    std::ostringstream line;
                    line << "refused a replay of event " << valid[k].uuid << " with other content from device " << d.id;
                    Poco::Logger::get("portside.server").warning(line.str());
                }
                break;
            }
        }
        if (!stored.chainProblem.empty()) {
            std::ostringstream line;
            line << "device " << d.id << ": " << stored.chainProblem;
            Poco::Logger::get("portside.server").warning(line.str());
        }
        // The answer, written straight as text (a batch of 100 is answered 100 times a second by one kiosk).
        core::JsonRows answers;
        for (const auto& r : outcome) {
            answers.row().add("uuid", r.uuid).add("status", r.status);
            if (!r.error.empty())
                answers.add("error", r.error);
        }
        std::string text = "{\"received\":";
        core::appendString(text, received);
        text += ",\"results\":" + answers.text() + ",\"chain\":";
        core::appendString(text, stored.chainProblem.empty() ? std::string("ok") : stored.chainProblem);
        text += ",\"missing\":[";
        for (std::size_t i = 0; i < stored.missing.size(); ++i)
            text += (i ? ",[" : "[") + std::to_string(stored.missing[i].first) + "," +
                    std::to_string(stored.missing[i].second) + "]";
        text += "]}";
        response.setStatusAndReason(HTTPResponse::HTTP_OK);
        response.setContentType("application/json");
        response.setContentLength(static_cast<std::streamsize>(text.size()));
        response.send() << text;
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

/// Requests being served per client address, so that one client (idle, slow or hostile) holds at most its share of
/// the threads and everyone else is still served.
class PerClient {
public:
    explicit PerClient(int limit) : _limit(limit) {}
    bool enter(const std::string& address)
    {
        std::lock_guard<std::mutex> lock(_mutex);
        auto& n = _count[address];
        if (n >= _limit)
            return false;
        ++n;
        return true;
    }
    void leave(const std::string& address)
    {
        std::lock_guard<std::mutex> lock(_mutex);
        if (--_count[address] <= 0)
            _count.erase(address);
    }

private:
    int _limit;
    std::mutex _mutex;
    std::map<std::string, int> _count;
};

/// One client connection: Poco's HTTP connection, unless its address already holds its share (then 503 at once).
class Connection : public Poco::Net::TCPServerConnection {
public:
    Connection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
               Poco::Net::HTTPRequestHandlerFactory::Ptr factory, PerClient& perClient, Deadlines& deadlines)
        : TCPServerConnection(socket), _params(std::move(params)), _factory(std::move(factory)), _perClient(perClient),
          _deadlines(deadlines)
    {
    }
    void run() override
    {
        // Request threads yield to the one thread that writes to the database (ServerStore's group writer): under
        // load, hundreds of requests parsing JSON would otherwise take its turn on the cores and every kiosk
        // would wait longer for the commit it is waiting for.
        static thread_local const bool niced = ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 5) == 0;
        (void)niced;
        std::string address;
        try {
            address = socket().peerAddress().host().toString();
        } catch (const Poco::Exception&) {
            return; // gone already
        }
        if (!_perClient.enter(address)) {
            static const std::string body =
                R"({"error":"Too many connections from this address at once; try again in a few seconds."})";
            const std::string text = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                                     "Retry-After: 5\r\nConnection: close\r\nContent-Length: " +
                                     std::to_string(body.size()) + "\r\n\r\n" + body;
            try {
                socket().setSendTimeout(Poco::Timespan(2, 0));
                socket().sendBytes(text.data(), static_cast<int>(text.size()));
            } catch (const Poco::Exception&) {
                return;
            }
            lingerAndClose(socket());
            return;
        }
        struct Leave {
            PerClient& p;
            const std::string& a;
            ~Leave() { p.leave(a); }
        } leave{_perClient, address};
        struct Watched {
            Deadlines& d;
            std::uint64_t id;
            ~Watched() { d.remove(id), t_deadlines = nullptr; }
        } watched{_deadlines, _deadlines.add(socket().impl()->sockfd(), address)};
        t_deadlines = &_deadlines;
        t_connection = watched.id;
        Poco::Net::HTTPServerConnection(socket(), _params, _factory).run();
    }

private:
    Poco::Net::HTTPServerParams::Ptr _params;
    Poco::Net::HTTPRequestHandlerFactory::Ptr _factory;
    PerClient& _perClient;
    Deadlines& _deadlines;
};

class ConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
public:
    ConnectionFactory(Poco::Net::HTTPServerParams::Ptr params, Poco::Net::HTTPRequestHandlerFactory::Ptr factory,
                      const HttpServer::Limits& limits)
        : _params(std::move(params)), _factory(std::move(factory)), _perClient(limits.perClient),
          _deadlines(limits.headDeadline, limits.bodyDeadline, static_cast<std::size_t>(limits.threads / 2))
    {
    }
    Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override
    {
        return new Connection(socket, _params, _factory, _perClient, _deadlines);
    }

private:
    Poco::Net::HTTPServerParams::Ptr _params;
    Poco::Net::HTTPRequestHandlerFactory::Ptr _factory;
    PerClient _perClient;
    Deadlines _deadlines;
};

} // namespace

Poco::Net::HTTPRequestHandlerFactory* makeApi(ServerStore& store, const Tokens& tokens)
{
    return new Factory(store, tokens);
}

HttpServer::HttpServer(ServerStore& store, const Tokens& tokens, const Poco::Net::ServerSocket& socket,
                       const Limits& limits)
    : _threads(2, limits.threads, 60)
{
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(limits.threads);
    params->setMaxQueued(limits.queued);
    params->setTimeout(limits.requestTimeout); // each read of a request: a client gone quiet is dropped
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(limits.keepAlive); // an idle kiosk does not hold a thread for long
    params->setServerName("portside-server");
    _server = std::make_unique<Poco::Net::TCPServer>(new ConnectionFactory(params, makeApi(store, tokens), limits),
                                                     _threads, socket, params);
}

HttpServer::~HttpServer()
{
    _server->stop();
    _threads.joinAll();
}

void HttpServer::start()
{
    _server->start();
}

} // namespace portside::server
