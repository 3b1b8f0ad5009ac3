// Exactly-once delivery through a hostile network and a server that keeps dying: three kiosks (real stores, real
// SyncWorkers) send 10,000 events through a fault-injecting proxy to the real server, which is SIGKILLed and
// restarted at least 20 times, while one kiosk's outbox is tampered with (rows marked sent or deleted before they
// went out). At the end the server holds each event once, in each kiosk's order (the tampered kiosk's gaps filled
// later), lacks none, and every outbox is empty.

#define BOOST_TEST_MODULE portside sync faults
#include <boost/test/unit_test.hpp>

#include "ServerProcess.h"
#include "TempDir.h"

#include "portside/core/SyncClient.h"
#include "portside/core/SyncWorker.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

using namespace portside;

namespace {

/// An HTTP proxy that breaks things: one request per connection; each request is dropped before or after the
/// server saw it, delayed, answered with a cut-short response, or refused with 500 or 429 — or passed on.
class FaultProxy {
public:
    enum Fault { Pass, DropBefore, DropAfter, Delay, Truncate, Error500, TooMany429, Unreachable, kFaults };
    static constexpr const char* kNames[kFaults] = {"passed",
                                                    "dropped before the server",
                                                    "dropped after the server",
                                                    "delayed",
                                                    "truncated",
                                                    "answered 500",
                                                    "answered 429",
                                                    "server down"};

    explicit FaultProxy(int upstreamPort) : _upstream(upstreamPort), _socket(Poco::Net::SocketAddress("127.0.0.1", 0))
    {
        _thread = std::thread([this] { accept(); });
    }
    ~FaultProxy()
    {
        _stop = true;
        try { // wake the accepting thread
            Poco::Net::StreamSocket wake(_socket.address());
        } catch (...) {
        }
        _thread.join();
        _socket.close();
        for (auto& t : _workers)
            t.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(_socket.address().port()); }
    std::map<std::string, long> counts() const
    {
        std::map<std::string, long> out;
        for (int f = 0; f < kFaults; ++f)
            out[kNames[f]] = _counts[f];
        return out;
    }

private:
    void accept()
    {
        while (!_stop) {
            try {
                Poco::Net::StreamSocket client = _socket.acceptConnection();
                std::lock_guard<std::mutex> lock(_mutex);
                _workers.emplace_back([this, client]() mutable { serve(client); });
            } catch (...) {
                if (_stop)
                    return;
            }
        }
    }

    static bool readRequest(Poco::Net::StreamSocket& s, std::string& request)
    {
        char buffer[65536];
        std::size_t headerEnd = std::string::npos, length = 0;
        while (true) {
            if (headerEnd == std::string::npos) {
                headerEnd = request.find("\r\n\r\n");
                if (headerEnd != std::string::npos) {
                    const auto at = request.find("Content-Length: ");
                    length = at < headerEnd ? std::stoul(request.substr(at + 16)) : 0;
                }
            }
            if (headerEnd != std::string::npos && request.size() >= headerEnd + 4 + length)
                return true;
            const int n = s.receiveBytes(buffer, sizeof buffer);
            if (n <= 0)
                return false;
            request.append(buffer, static_cast<std::size_t>(n));
        }
    }

    static void sendAll(Poco::Net::StreamSocket& s, const std::string& data)
    {
        s.sendBytes(data.data(), static_cast<int>(data.size()));
    }

    Fault pick()
    {
        std::lock_guard<std::mutex> lock(_mutex);
        const int roll = std::uniform_int_distribution<int>(0, 99)(_random);
        return roll < 8    ? DropBefore
               : roll < 16 ? DropAfter
               : roll < 22 ? Delay
               : roll < 28 ? Truncate
               : roll < 34 ? Error500
               : roll < 40 ? TooMany429
                           : Pass;
    }

    void serve(Poco::Net::StreamSocket client)
    {
        try {
            client.setReceiveTimeout(Poco::Timespan(10, 0));
            std::string request;
            if (!readRequest(client, request))
                return;
            // One request per connection: the kiosk reconnects for the next one.
            const auto keep = request.find("Connection: Keep-Alive");
            if (keep != std::string::npos)
                request.replace(keep, 22, "Connection: close");
            Fault fault = pick();
            if (fault == Error500 || fault == TooMany429) {
                const std::string body = "{\"error\":\"injected\"}";
                sendAll(client, std::string(fault == Error500 ? "HTTP/1.1 500 Internal Server Error"
                                                              : "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1") +
                                    "\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: " +
                                    std::to_string(body.size()) + "\r\n\r\n" + body);
            } else if (fault != DropBefore) {
                if (fault == Delay)
                    std::this_thread::sleep_for(std::chrono::milliseconds(20 + request.size() % 200));
                std::string response;
                try {
                    Poco::Net::StreamSocket upstream(Poco::Net::SocketAddress("127.0.0.1", _upstream));
                    upstream.setReceiveTimeout(Poco::Timespan(10, 0));
                    sendAll(upstream, request);
                    char buffer[65536];
                    int n;
                    while ((n = upstream.receiveBytes(buffer, sizeof buffer)) > 0)
                        response.append(buffer, static_cast<std::size_t>(n));
                } catch (const Poco::Exception&) {
                    response.clear();
                }
                if (response.empty())
                    fault = Unreachable; // the server was down or died mid-answer: the kiosk sees a dropped line
                else if (fault == Truncate)
                    sendAll(client, response.substr(0, response.size() * 2 / 3));
                else if (fault != DropAfter)
                    sendAll(client, response);
            }
            ++_counts[fault];
            client.shutdown();
            client.close();
        } catch (const Poco::Exception&) {
        }
    }

    int _upstream;
    Poco::Net::ServerSocket _socket;
    std::atomic<bool> _stop{false};
    std::thread _thread;
    std::mutex _mutex;
    std::vector<std::thread> _workers;
    std::mt19937 _random{20261128};
    std::atomic<long> _counts[kFaults]{};
};

} // namespace

BOOST_AUTO_TEST_CASE(ten_thousand_events_from_three_kiosks_arrive_once_in_order_through_faults_and_server_kills)
{
    constexpr int kKiosks = 3, kEvents = 10000, kMinKills = 20;
    test::TempDir dir;
    test::ServerProcess server("sqlite:" + dir.file("server.db"));
    const int serverPort = server.port;
    FaultProxy proxy(serverPort);

    core::SystemClock clock;
    std::vector<std::unique_ptr<core::EventStore>> stores;
    std::vector<std::unique_ptr<core::SyncWorker>> workers;
    for (int k = 0; k < kKiosks; ++k) {
        stores.push_back(std::make_unique<core::EventStore>(dir.file("kiosk" + std::to_string(k) + ".db"), clock));
        core::SyncClient::enroll(*stores[k], server.url(), server.enrollmentCode(), "kiosk " + std::to_string(k));
        stores[k]->setMeta("server_url", proxy.url());
        workers.push_back(std::make_unique<core::SyncWorker>(
            *stores[k], core::SyncWorker::Options{std::chrono::milliseconds(20), std::chrono::milliseconds(5),
                                                  std::chrono::milliseconds(80), 40}));
        workers[k]->start();
    }

    // The nurses keep working while the network and the server misbehave: each kiosk records its share in small
    // transactions, asking for a sync after each.
    std::vector<std::thread> nurses;
    std::atomic<int> recorded{0}, tampered{0};
    Poco::Data::SQLite::Connector::registerConnector();
    for (int k = 0; k < kKiosks; ++k) {
        nurses.emplace_back([&, k] {
            const int share = kEvents / kKiosks + (k < kEvents % kKiosks ? 1 : 0);
            for (int done = 0; done < share;) {
                std::vector<core::NewEvent> batch;
                for (int i = 0; i < 25 && done < share; ++i, ++done)
                    batch.push_back({"step-confirmed", "run-" + std::to_string(k) + "-" + std::to_string(done / 20),
                                     "950600013435200008", "1001", "{\"step\":\"s" + std::to_string(done % 20) + "\"}",
                                     ""});
                stores[k]->append(batch);
                recorded += static_cast<int>(batch.size());
                // Kiosk 2's outbox is tampered with three times, as someone with the disk could: the rows of events
                // just recorded are marked sent, or deleted, before they went out. Nothing on the kiosk says so; the
                // server finds the gap below the head the kiosk reports, and the kiosk sends them again.
                if (k == 2 && (done == 1000 || done == 1500 || done == 2000)) {
                    Poco::Data::Session raw("SQLite", dir.file("kiosk2.db"));
                    raw.setConnectionTimeout(30);
                    int changed = 0;
                    raw << (done == 1500 ? "DELETE FROM outbox WHERE state = 'pending'"
                                         : "UPDATE outbox SET state = 'acked' WHERE state = 'pending'"),
                        Poco::Data::Keywords::now;
                    raw << "SELECT changes()", Poco::Data::Keywords::into(changed), Poco::Data::Keywords::now;
                    tampered += changed;
                }
                workers[k]->syncNow();
                std::this_thread::sleep_for(std::chrono::milliseconds(12));
            }
        });
    }

    // The server dies without warning and comes back on the same port, again and again.
    int kills = 0;
    std::mt19937 random(7);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(4);
    const auto drained = [&] {
        for (const auto& s : stores)
            if (s->pendingCount() != 0)
                return false;
        return recorded == kEvents;
    };
    while ((kills < kMinKills || !drained()) && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(40, 160)(random)));
        if (kills < kMinKills || std::uniform_int_distribution<int>(0, 3)(random) == 0) {
            server.kill();
            ++kills;
            std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 60)(random)));
            server.start(serverPort);
        }
    }
    for (auto& t : nurses)
        t.join();
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!drained() && std::chrono::steady_clock::now() < end)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    for (auto& w : workers)
        w->stop();

    const auto counts = proxy.counts();
    std::cout << "fault test: " << kEvents << " events, " << kKiosks << " kiosks, " << kills << " server kills";
    for (const auto& [what, n] : counts)
        std::cout << ", " << what << " " << n;
    std::cout << std::endl;

    BOOST_TEST(kills >= kMinKills);
    BOOST_TEST(tampered > 0, "the tampering never caught an event before it was sent");
    BOOST_TEST(recorded == kEvents);
    long dead = 0;
    for (const auto& s : stores) {
        BOOST_TEST(s->pendingCount() == 0);
        dead += s->deadLetterCount();
    }
    BOOST_TEST(dead == 0);
    for (const char* fault :
         {"dropped before the server", "dropped after the server", "truncated", "answered 500", "answered 429"})
        BOOST_TEST(counts.at(fault) > 0, fault << " never happened");

    // The server's database: every event once, and each kiosk's events stored in its order.
    server.stop();
    Poco::Data::Session db("SQLite", dir.file("server.db"));
    std::vector<std::string> uuids, devices;
    std::vector<Poco::Int64> seqs;
    db << "SELECT uuid, device_id, seq FROM events ORDER BY rowid", Poco::Data::Keywords::into(uuids),
        Poco::Data::Keywords::into(devices), Poco::Data::Keywords::into(seqs), Poco::Data::Keywords::now;
    BOOST_TEST(uuids.size() == static_cast<std::size_t>(kEvents));
    std::set<std::string> expected;
    for (const auto& s : stores)
        for (const auto& e : s->events())
            expected.insert(e.uuid);
    BOOST_TEST(std::set<std::string>(uuids.begin(), uuids.end()) == expected);
    std::map<std::string, Poco::Int64> last;
    bool ordered = true;
    const std::string tamperedDevice = stores[2]->meta("server_device");
    for (std::size_t i = 0; i < seqs.size(); ++i) {
        ordered &= devices[i] == tamperedDevice || seqs[i] == last[devices[i]] + 1;
        last[devices[i]] = std::max(last[devices[i]], seqs[i]);
    }
    BOOST_TEST(ordered, "each kiosk's events arrive as 1, 2, 3, ... with none skipped or repeated");
    // The tampered kiosk's too, only later: every one of its events is there, and the server lacks none.
    std::string missing = "?";
    db << "SELECT missing FROM devices WHERE id = ?", Poco::Data::Keywords::useRef(tamperedDevice),
        Poco::Data::Keywords::into(missing), Poco::Data::Keywords::now;
    BOOST_TEST(missing.empty(), missing);
    BOOST_TEST(last.size() == static_cast<std::size_t>(kKiosks));
    Poco::Int64 problems = 0;
    db << "SELECT count(*) FROM devices WHERE chain_problem <> ''", Poco::Data::Keywords::into(problems),
        Poco::Data::Keywords::now;
    BOOST_TEST(problems == 0);
}
