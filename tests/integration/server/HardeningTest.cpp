// portside-server under hostile and heavy use, as the real process on loopback: what one client can take from the
// others is bounded (idle and slow connections, bodies larger than allowed however they are sent, a million junk
// values), a batch is judged event by event with nothing coerced, and many kiosks writing at once (group commit)
// each get every event stored once. Other clients are given their own loopback addresses (127.0.0.0/8), as kiosks
// on a ward's network have.

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "KioskRuns.h"
#include "ServerProcess.h"
#include "TempDir.h"

#include "portside/core/SyncClient.h"

#include <Poco/JSON/Array.h>
#include <Poco/Net/SocketStream.h>
#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <fstream>
#include <thread>

using namespace portside;
using test::ServerProcess;

namespace {

const std::vector<std::string> kBackends{"sqlite", "postgresql"};

/// The server's resident memory in MB (Linux /proc).
double residentMb(const ServerProcess& server)
{
    std::ifstream status("/proc/" + std::to_string(server.handle->id()) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0)
            return std::stod(line.substr(6)) / 1024;
    throw std::runtime_error("no VmRSS");
}

/// A connection from `source`, one of the loopback addresses.
Poco::Net::StreamSocket connectFrom(const std::string& source, int port)
{
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress::IPv4);
    socket.impl()->bind(Poco::Net::SocketAddress(source, 0), false);
    socket.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)));
    socket.setReceiveTimeout(Poco::Timespan(10, 0));
    return socket;
}

struct Answer {
    int status = 0;
    std::string reason, body;
    Poco::Net::HTTPResponse head;
};

/// Sends `bytes` as they are and reads the answer (HTTP/1.1 as RFC 9112 frames it).
Answer ask(int port, const std::string& bytes, const std::string& source = "127.0.0.1")
{
    auto socket = connectFrom(source, port);
    Poco::Net::SocketStream stream(socket);
    stream << bytes << std::flush;
    Answer a;
    a.head.read(stream);
    a.status = static_cast<int>(a.head.getStatus());
    a.reason = a.head.getReason();
    if (a.head.hasContentLength()) {
        a.body.resize(static_cast<std::size_t>(a.head.getContentLength()));
        stream.read(a.body.data(), static_cast<std::streamsize>(a.body.size()));
    }
    return a;
}

std::string post(const std::string& path, const std::string& body, const std::string& token)
{
    return "POST " + path + " HTTP/1.1\r\nHost: portside\r\nAuthorization: Bearer " + token +
           "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

/// A kiosk enrolled with the server, with `runs` checklists (five events each) waiting to be sent.
struct Kiosk {
    core::ManualClock clock;
    core::EventStore store;
    Kiosk(const test::TempDir& dir, const std::string& name, ServerProcess& server, int runs)
        : store(dir.file(name + ".db"), clock)
    {
        core::SyncClient::enroll(store, server.url(), server.enrollmentCode(), name);
        test::addRuns(store, clock, runs);
    }
    std::string token() const { return store.meta("server_token"); }
    std::string batch(std::size_t n = 100) const
    {
        return core::SyncClient::eventsBody(store.pendingOutbox(n), store.meta("server_device"), 0, "");
    }
};

/// The results of a POST /v1/events answer, by position.
Poco::JSON::Array::Ptr results(const std::string& answer)
{
    Poco::JSON::Parser parser;
    return parser.parse(answer).extract<Poco::JSON::Object::Ptr>()->getArray("results");
}

} // namespace

BOOST_AUTO_TEST_SUITE(server_hardening)

BOOST_AUTO_TEST_CASE(answers_carry_their_reason_phrase_wrong_methods_get_405_and_bad_addresses_400)
{
    test::TempDir dir;
    ServerProcess server("sqlite:" + dir.file("server.db"));
    auto a = ask(server.port, "GET /no/such/thing HTTP/1.1\r\nHost: portside\r\n\r\n");
    BOOST_TEST(a.status == 404);
    BOOST_TEST(a.reason == "Not Found"); // was "404 OK"
    a = ask(server.port, "POST /v1/health HTTP/1.1\r\nHost: portside\r\nContent-Length: 0\r\n\r\n");
    BOOST_TEST(a.status == 405);
    BOOST_TEST(a.reason == "Method Not Allowed");
    BOOST_TEST(a.head.get("Allow", "") == "GET");
    a = ask(server.port, "GET /v1/events HTTP/1.1\r\nHost: portside\r\n\r\n");
    BOOST_TEST(a.status == 405);
    BOOST_TEST(a.head.get("Allow", "") == "POST");
    a = ask(server.port, "GET /v1/reference?since=%zz HTTP/1.1\r\nHost: portside\r\n\r\n");
    BOOST_TEST(a.status == 400); // was 500
    BOOST_TEST(a.body.find("not a valid URI") != std::string::npos, a.body);
    a = ask(server.port, "GET /v1/health HTTP/1.1\r\nHost: portside\r\n\r\n");
    BOOST_TEST(a.status == 200);
    BOOST_TEST(a.reason == "OK");
}

BOOST_AUTO_TEST_CASE(the_token_is_checked_before_the_body_and_no_body_is_taken_whole_beyond_8_mb)
{
    test::TempDir dir;
    ServerProcess server("sqlite:" + dir.file("server.db"));
    Kiosk kiosk(dir, "a", server, 1);
    // No token: refused on the headers, whatever length the body claims (nothing of it is read).
    auto a = ask(server.port, "POST /v1/events HTTP/1.1\r\nHost: portside\r\nContent-Length: 1000000000\r\n\r\n");
    BOOST_TEST(a.status == 401);
    a = ask(server.port, "POST /v1/events HTTP/1.1\r\nHost: portside\r\nAuthorization: Bearer " + kiosk.token() +
                             "\r\nContent-Length: 1000000000\r\n\r\n");
    BOOST_TEST(a.status == 413);
    BOOST_TEST(a.reason == "Request Entity Too Large");

    // A chunked body says no length: it is counted as it is read, and refused past 8 MB without being kept.
    const double before = residentMb(server);
    bool refused = false;
    try {
        Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(server.port));
        Poco::Net::HTTPRequest request("POST", "/v1/events", Poco::Net::HTTPMessage::HTTP_1_1);
        request.setChunkedTransferEncoding(true);
        request.set("Authorization", "Bearer " + kiosk.token());
        auto& out = session.sendRequest(request);
        const std::string piece(64 * 1024, ' ');
        for (int i = 0; i < 64 * 16 && out; ++i) // 64 MB of spaces
            out << piece;
        Poco::Net::HTTPResponse response;
        std::string body;
        Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
        refused = response.getStatus() == 413;
    } catch (const Poco::Exception&) {
        refused = true; // the server closed the connection after its answer, with the rest of the body unread
    }
    BOOST_TEST(refused);
    BOOST_TEST(residentMb(server) - before < 40.0, "the server grew by " << residentMb(server) - before << " MB");
    BOOST_TEST(server.health()->getValue<bool>("ok"));
}

BOOST_AUTO_TEST_CASE(an_early_refusal_reaches_a_client_still_sending_its_body)
{
    // A kiosk whose token was revoked sends its batch whole, then reads the answer. The server refuses on the
    // headers; closing with the body unread would reset the connection under its 401 and the kiosk would see only
    // "connection reset" instead of why.
    test::TempDir dir;
    ServerProcess server("sqlite:" + dir.file("server.db"));
    const std::string body(1024 * 1024, ' ');
    int told = 0;
    std::string seen;
    for (int i = 0; i < 10; ++i) {
        try {
            const auto a = ask(server.port, post("/v1/events", body, "revoked.or.forged"));
            // 401 and why, and that the connection closes (it does: the body is not read).
            told += a.status == 401 && a.body.find("token") != std::string::npos && !a.head.getKeepAlive();
            seen = a.body;
        } catch (const Poco::Exception& e) {
            seen = e.displayText();
        }
    }
    BOOST_TEST(told == 10, seen);
}

BOOST_AUTO_TEST_CASE(no_request_is_smuggled_oversized_or_out_of_range)
{
    test::TempDir dir;
    ServerProcess server("sqlite:" + dir.file("server.db"));
    Kiosk kiosk(dir, "a", server, 1);
    // An enrollment is a code and a name: without a token nobody gets the server to hold megabytes. (Each refusal
    // below comes on the headers alone, so only the headers are sent: a body left unread would make the server's
    // close a reset, which can overtake its answer.)
    auto a = ask(server.port, "POST /v1/enroll HTTP/1.1\r\nHost: portside\r\nContent-Length: 65546\r\n\r\n");
    BOOST_TEST(a.status == 413);
    // The length given twice, or beside chunked encoding (RFC 9112, 6.3): refused, never guessed.
    a = ask(server.port, "POST /v1/events HTTP/1.1\r\nHost: portside\r\nAuthorization: Bearer " + kiosk.token() +
                             "\r\nContent-Length: 2\r\nContent-Length: 50\r\n\r\n");
    BOOST_TEST(a.status == 400);
    a = ask(server.port, "POST /v1/events HTTP/1.1\r\nHost: portside\r\nAuthorization: Bearer " + kiosk.token() +
                             "\r\nContent-Length: 7\r\nTransfer-Encoding: chunked\r\n\r\n");
    BOOST_TEST(a.status == 400);
    // A head that is not an object, or one past 2^53 (seq + 1 would overflow): the batch is refused.
    a = ask(server.port, post("/v1/events", R"({"events":[],"head":"x"})", kiosk.token()));
    BOOST_TEST(a.status == 400);
    a = ask(server.port,
            post("/v1/events", R"({"events":[],"head":{"seq":9223372036854775807,"hash":"h"}})", kiosk.token()));
    BOOST_TEST(a.status == 400);
    // An event numbered past 2^53 is refused alone.
    Poco::JSON::Parser parser;
    auto body = parser.parse(kiosk.batch()).extract<Poco::JSON::Object::Ptr>();
    body->getArray("events")->getObject(4)->set("seq", Poco::Int64(9223372036854775807));
    std::ostringstream text;
    body->stringify(text);
    a = ask(server.port, post("/v1/events", text.str(), kiosk.token()));
    BOOST_REQUIRE_EQUAL(a.status, 200);
    BOOST_TEST(results(a.body)->getObject(4)->getValue<std::string>("error").find("at most 2^53") != std::string::npos);
    BOOST_TEST(server.events() == 4);
    BOOST_TEST(server.admin({"devices"}).out.find("-9223372036854775808") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_million_junk_values_are_refused_without_the_memory_they_would_take)
{
    test::TempDir dir;
    ServerProcess server("sqlite:" + dir.file("server.db"));
    Kiosk kiosk(dir, "a", server, 1);
    std::string junk = "{\"events\":[0";
    for (int i = 1; i < 1000000; ++i)
        junk += ",0";
    junk += "]}";
    const double before = residentMb(server);
    const auto a = ask(server.port, post("/v1/events", junk, kiosk.token()));
    BOOST_TEST(a.status == 413);
    BOOST_TEST(a.body.size() < 1000u); // was 110 MB of answers about each element
    BOOST_TEST(residentMb(server) - before < 50.0, "the server grew by " << residentMb(server) - before << " MB");
    // More events than a batch holds, each a (junk) object: refused as a whole, with the limit said.
    std::string many = "{\"events\":[{}";
    for (int i = 1; i < 1001; ++i)
        many += ",{}";
    many += "]}";
    const auto b = ask(server.port, post("/v1/events", many, kiosk.token()));
    BOOST_TEST(b.status == 413);
    BOOST_TEST(b.body.find("at most 1000 events") != std::string::npos, b.body);
    BOOST_TEST(server.events() == 0);
}

BOOST_AUTO_TEST_CASE(each_event_is_judged_alone_with_nothing_coerced)
{
    test::TempDir dir;
    ServerProcess server("sqlite:" + dir.file("server.db"));
    Kiosk kiosk(dir, "a", server, 2);
    Poco::JSON::Parser parser;
    auto body = parser.parse(kiosk.batch()).extract<Poco::JSON::Object::Ptr>();
    auto events = body->getArray("events");
    BOOST_REQUIRE_EQUAL(events->size(), 10u);
    const auto event = [&](unsigned i) { return events->getObject(i); };
    event(0)->set("seq", 1.5);
    event(1)->set("seq", true);
    event(2)->set("seq", std::string("3"));
    event(3)->set("uuid", std::string(36, 'x'));
    event(4)->set("payload", 7);
    std::ostringstream text;
    body->stringify(text);
    const auto a = ask(server.port, post("/v1/events", text.str(), kiosk.token()));
    BOOST_REQUIRE_EQUAL(a.status, 200);
    const auto r = results(a.body);
    for (unsigned i = 0; i < 3; ++i) {
        BOOST_TEST(r->getObject(i)->getValue<std::string>("status") == "invalid");
        BOOST_TEST(r->getObject(i)->getValue<std::string>("error").find("\"seq\" must be a whole number") !=
                   std::string::npos);
    }
    BOOST_TEST(r->getObject(3)->getValue<std::string>("error").find("is not a UUID") != std::string::npos);
    BOOST_TEST(r->getObject(3)->getValue<std::string>("uuid").empty()); // never echoed back unchecked
    BOOST_TEST(r->getObject(4)->getValue<std::string>("error") == "\"payload\" must be text.");
    for (unsigned i = 5; i < 10; ++i)
        BOOST_TEST(r->getObject(i)->getValue<std::string>("status") == "stored");
    BOOST_TEST(server.events() == 5);
}

BOOST_AUTO_TEST_CASE(an_event_that_is_not_utf8_is_refused_alone_and_the_rest_of_its_batch_is_stored)
{
    test::TempDir dir;
    ServerProcess server("sqlite:" + dir.file("server.db"));
    Kiosk kiosk(dir, "a", server, 1);
    // As an older kiosk could send it: one raw byte that is not UTF-8 in the third event's staff field.
    std::string body = kiosk.batch();
    std::size_t at = 0;
    for (int i = 0; i < 3; ++i)
        at = body.find("\"staff\":\"1001\"", at + 1);
    BOOST_REQUIRE(at != std::string::npos);
    body.replace(at, 14,
                 "\"staff\":\"10\xff"
                 "01\"");
    const auto a = ask(server.port, post("/v1/events", body, kiosk.token()));
    BOOST_REQUIRE_EQUAL(a.status, 200); // was 400 for the whole batch, every time it was sent
    const auto r = results(a.body);
    BOOST_REQUIRE_EQUAL(r->size(), 5u);
    for (unsigned i = 0; i < 5; ++i)
        BOOST_TEST(r->getObject(i)->getValue<std::string>("status") == (i == 2 ? "invalid" : "stored"));
    BOOST_TEST(r->getObject(2)->getValue<std::string>("error").find("not UTF-8") != std::string::npos);
    BOOST_TEST(server.events() == 4);

    // A lone surrogate escape (valid JSON grammar, never UTF-8 text) in the fourth event; a pair in the fifth's is
    // fine text but no longer what the kiosk hashed, and "\\ud800" is only a backslash and letters.
    Kiosk other(dir, "b", server, 1);
    body = other.batch();
    std::vector<std::size_t> staff;
    for (std::size_t p = body.find("\"staff\":\"1001\""); p != std::string::npos;
         p = body.find("\"staff\":\"1001\"", p + 1))
        staff.push_back(p);
    BOOST_REQUIRE_EQUAL(staff.size(), 5u);
    body.replace(staff[4], 14, R"("staff":"10\ud83d\ude0001")");
    body.replace(staff[3], 14, R"("staff":"10\ud80001")");
    body.replace(staff[1], 14, R"("staff":"10\\ud80001")");
    const auto b = ask(server.port, post("/v1/events", body, other.token()));
    BOOST_REQUIRE_EQUAL(b.status, 200); // was 400 for the whole batch
    const auto rb = results(b.body);
    BOOST_REQUIRE_EQUAL(rb->size(), 5u);
    for (unsigned i = 0; i < 5; ++i)
        BOOST_TEST(rb->getObject(i)->getValue<std::string>("status") == (i == 0 || i == 2 ? "stored" : "invalid"),
                   i << ": " << rb->getObject(i)->getValue<std::string>("status"));
    BOOST_TEST(rb->getObject(3)->getValue<std::string>("error").find("not UTF-8") != std::string::npos);
    BOOST_TEST(rb->getObject(4)->getValue<std::string>("error").find("hash does not match") != std::string::npos);
    BOOST_TEST(rb->getObject(1)->getValue<std::string>("error").find("hash does not match") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(idle_and_slow_clients_hold_only_their_share_and_health_answers_under_a_second)
{
    test::TempDir dir;
    ServerProcess server("sqlite:" + dir.file("server.db"));
    // One client opens 48 connections and sends each the start of a request, never the end (slowloris).
    std::vector<Poco::Net::StreamSocket> slow;
    for (int i = 0; i < 48; ++i) {
        slow.push_back(connectFrom("127.0.0.2", server.port));
        slow.back().sendBytes("GET /v1/health HTTP/1.1\r\nHost: por", 35);
    }
    // Its share is 32 at once: the others are told so at once (503), not kept waiting.
    int refused = 0;
    for (auto& s : slow) {
        s.setReceiveTimeout(Poco::Timespan(0, 300000));
        char buffer[256] = {};
        try {
            if (s.receiveBytes(buffer, sizeof buffer - 1) > 0 &&
                std::string(buffer).rfind("HTTP/1.1 503 Service Unavailable", 0) == 0)
                ++refused;
        } catch (const Poco::TimeoutException&) {
        }
    }
    BOOST_TEST(refused == 16);
    // Everyone else is served as before.
    for (int i = 0; i < 5; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        const auto a = ask(server.port, "GET /v1/health HTTP/1.1\r\nHost: portside\r\n\r\n", "127.0.0.3");
        const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        BOOST_TEST(a.status == 200);
        BOOST_TEST(seconds < 1.0, "health took " << seconds << " s during the slowloris");
    }
}

BOOST_AUTO_TEST_CASE(a_few_addresses_holding_every_request_thread_are_cut_down_to_their_share_of_waiting)
{
    // Eight addresses, 32 connections each (their per-client share), each with half a request head: all 256
    // request threads held. Within about a second each address keeps 8 waiting; a kiosk elsewhere is served.
    test::TempDir dir;
    ServerProcess server("sqlite:" + dir.file("server.db"));
    std::vector<Poco::Net::StreamSocket> slow;
    for (int a = 0; a < 8; ++a)
        for (int i = 0; i < 32; ++i) {
            slow.push_back(connectFrom("127.0.1." + std::to_string(a + 1), server.port));
            slow.back().sendBytes("GET /v1/health HTTP/1.1\r\nHost: por", 35);
        }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const auto t0 = std::chrono::steady_clock::now();
    const auto a = ask(server.port, "GET /v1/health HTTP/1.1\r\nHost: portside\r\n\r\n", "127.0.2.1");
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    BOOST_TEST(a.status == 200);
    BOOST_TEST(seconds < 3.0, "health took " << seconds << " s with every thread held (the deadline is 10 s)");
}

BOOST_AUTO_TEST_CASE(many_addresses_each_within_their_share_still_leave_half_the_threads_serving)
{
    // 40 addresses, 8 half-sent requests each (within each one's share of waiting): 320 connections for 256
    // threads. All of them together keep at most half the threads waiting; a kiosk elsewhere is served.
    test::TempDir dir;
    ServerProcess server("sqlite:" + dir.file("server.db"));
    std::vector<Poco::Net::StreamSocket> slow;
    for (int a = 0; a < 40; ++a)
        for (int i = 0; i < 8; ++i) {
            slow.push_back(connectFrom("127.0.3." + std::to_string(a + 1), server.port));
            slow.back().sendBytes("GET /v1/health HTTP/1.1\r\nHost: por", 35);
        }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const auto t0 = std::chrono::steady_clock::now();
    const auto a = ask(server.port, "GET /v1/health HTTP/1.1\r\nHost: portside\r\n\r\n", "127.0.4.1");
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    BOOST_TEST(a.status == 200);
    BOOST_TEST(seconds < 3.0, "health took " << seconds << " s with 320 half-sent requests from 40 addresses");
}

BOOST_AUTO_TEST_CASE(a_client_dribbling_its_request_a_byte_at_a_time_is_cut_off_at_the_deadline)
{
    // Each byte comes well inside the 10 s allowed for one read, so only a deadline for the whole head (or body)
    // frees the thread. Here: 3 s for the head (--request-deadline 3), three times that for the body.
    test::TempDir dir;
    ServerProcess server("sqlite:" + dir.file("server.db"), {"--request-deadline", "3"});
    Kiosk kiosk(dir, "a", server, 1);
    const auto dribble = [&](const std::string& head, const std::string& source) {
        auto socket = connectFrom(source, server.port);
        socket.sendBytes(head.data(), static_cast<int>(head.size()));
        const auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < 60; ++i) { // a byte every 300 ms, for up to 18 s
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            try {
                if (socket.sendBytes("x", 1) != 1)
                    break;
                socket.setReceiveTimeout(Poco::Timespan(0, 1000));
                char c;
                if (socket.receiveBytes(&c, 1) <= 0)
                    break; // closed by the server
            } catch (const Poco::TimeoutException&) {
            } catch (const Poco::Exception&) {
                break; // reset by the server
            }
        }
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    };
    double head = 0, body = 0;
    std::thread bodyDribbler([&] {
        body = dribble("POST /v1/events HTTP/1.1\r\nHost: portside\r\nAuthorization: Bearer " + kiosk.token() +
                           "\r\nContent-Length: 100000\r\n\r\n",
                       "127.0.0.4");
    });
    head = dribble("GET /v1/health HTTP/1.1\r\nX-Slow: ", "127.0.0.2");
    bodyDribbler.join();
    BOOST_TEST(head >= 2.5);
    BOOST_TEST(head < 5.0, "the head dribbler kept its thread " << head << " s");
    BOOST_TEST(body >= 8.0);
    BOOST_TEST(body < 11.5, "the body dribbler kept its thread " << body << " s");
    // A kiosk that waits between requests on a kept-alive connection is not cut: keep-alive (2 s) ends first.
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(server.port));
    for (int i = 0; i < 3; ++i) {
        Poco::Net::HTTPRequest request("GET", "/v1/health", Poco::Net::HTTPMessage::HTTP_1_1);
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        std::string text;
        Poco::StreamCopier::copyToString(session.receiveResponse(response), text);
        BOOST_TEST(response.getStatus() == 200);
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    }
}

BOOST_DATA_TEST_CASE(kiosks_writing_at_once_each_get_every_event_stored_once_in_groups,
                     boost::unit_test::data::make(kBackends), backend)
{
    test::TempDir dir;
    ServerProcess server(test::serverDatabase(backend, dir));
    std::vector<std::unique_ptr<Kiosk>> kiosks;
    for (int k = 0; k < 12; ++k)
        kiosks.push_back(std::make_unique<Kiosk>(dir, "k" + std::to_string(k), server, 4));
    // One of them also replays its first event with other content (and a hash made to match) while the others send.
    core::SyncClient(kiosks[0]->store).syncOnce(1);
    auto forged = kiosks[0]->store.events().front();
    forged.payload = R"({"forged":true})";
    forged.hash = core::EventStore::linkHash(forged);
    std::vector<std::thread> threads;
    std::vector<core::SyncClient::Result> outcomes(kiosks.size());
    for (std::size_t k = 0; k < kiosks.size(); ++k)
        threads.emplace_back([&, k] { outcomes[k] = core::SyncClient(kiosks[k]->store).syncAll(3); });
    const auto replay = server.request(
        "POST", "/v1/events", core::SyncClient::eventsBody({forged}, kiosks[0]->store.meta("server_device"), 0, ""),
        kiosks[0]->token());
    for (auto& t : threads)
        t.join();
    BOOST_TEST(replay.second.find("\"status\":\"conflict\"") != std::string::npos, replay.second);
    for (std::size_t k = 0; k < kiosks.size(); ++k) {
        BOOST_TEST(outcomes[k].error.empty(), outcomes[k].error);
        BOOST_TEST(kiosks[k]->store.pendingCount() == 0);
    }
    BOOST_TEST(server.events() == 12 * 20);
    BOOST_TEST(server.health()->getValue<long long>("conflicts") == 1);
    const auto devices = server.admin({"devices"});
    BOOST_TEST(devices.out.find("CHAIN") == std::string::npos, devices.out);
    BOOST_TEST(devices.out.find("MISSING") == std::string::npos, devices.out);
    BOOST_TEST(server.health()->getValue<long long>("devicesWithGaps") == 0);
}

BOOST_AUTO_TEST_SUITE_END()
