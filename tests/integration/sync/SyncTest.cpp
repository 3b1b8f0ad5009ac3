// The kiosk's sync against the real portside-server process on a loopback port with a real SQLite file.

#define BOOST_TEST_MODULE portside sync
#include <boost/test/unit_test.hpp>

#include "KioskRuns.h"
#include "RunProcess.h"
#include "ServerProcess.h"
#include "TempDir.h"

#include "portside/core/KioskHost.h"
#include "portside/core/PluginAdmin.h"
#include "portside/core/PluginManager.h"
#include "portside/core/PluginPackage.h"
#include "portside/core/RunRecorder.h"
#include "portside/core/SiteSettings.h"
#include "portside/core/SyncClient.h"
#include "portside/core/SyncWorker.h"

#include <thread>

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/File.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <Poco/Zip/Compress.h>

#include <csignal>
#include <fstream>
#include <sstream>

using namespace portside;

namespace {

using Server = test::ServerProcess;

} // namespace

/// A kiosk record enrolled with a fresh server on a SQLite file.
struct EnrolledKiosk {
    explicit EnrolledKiosk(std::vector<std::string> serverArgs = {})
        : server("sqlite:" + dir.file("server.db"), std::move(serverArgs)), store(dir.file("kiosk.db"), clock)
    {
        core::SyncClient::enroll(store, server.url(), server.enrollmentCode(), "kiosk");
    }
    test::TempDir dir;
    Server server;
    core::ManualClock clock;
    core::EventStore store;
};

/// The same, with the demo ward's reference data on the server.
struct DemoWardKiosk : EnrolledKiosk {
    DemoWardKiosk() : EnrolledKiosk({"--seed-demo"}) {}
};

BOOST_AUTO_TEST_SUITE(kiosk_sync)

BOOST_FIXTURE_TEST_CASE(an_enrolled_kiosk_delivers_its_outbox_once_even_when_it_sends_again, EnrolledKiosk)
{
    test::addRuns(store, clock, 2);
    core::SyncClient client(store);
    const auto first = client.syncAll(4);
    BOOST_TEST(first.error == "");
    BOOST_TEST(first.acked == 10u);
    BOOST_TEST(store.pendingCount() == 0);
    BOOST_TEST(server.events() == 10);

    // "Maybe applied": the kiosk sends everything again; the server answers as before and stores nothing new.
    std::vector<std::int64_t> all;
    for (const auto& e : store.events())
        all.push_back(e.seq);
    store.markOutbox(all, "pending");
    const auto again = client.syncAll();
    BOOST_TEST(again.acked == 10u);
    BOOST_TEST(server.events() == 10);
}

BOOST_AUTO_TEST_CASE(refusals_get_the_right_status_and_change_nothing)
{
    test::TempDir dir;
    Server server("sqlite:" + dir.file("server.db"));
    core::ManualClock clock;
    core::EventStore store(dir.file("kiosk.db"), clock);
    const std::string code = server.enrollmentCode();
    core::SyncClient::enroll(store, server.url(), code, "kiosk");
    BOOST_CHECK_EXCEPTION(
        core::SyncClient::enroll(store, server.url(), code, "again"), std::runtime_error,
        [](const std::runtime_error& e) { return std::string(e.what()).find("already used") != std::string::npos; });
    const std::string batch = R"({"events":[]})";
    BOOST_TEST(server.request("POST", "/v1/events", batch).first == 401);                // no token
    BOOST_TEST(server.request("POST", "/v1/events", batch, "not.a.token").first == 401); // a wrong token
    BOOST_TEST(server.request("POST", "/v1/events", "{oops", store.meta("server_token")).first == 400);
    BOOST_TEST(server.request("GET", "/v1/nothing", "").first == 404);
    // an event of another device under this device's token is refused per event
    const auto other = server.request(
        "POST", "/v1/events",
        R"({"events":[{"uuid":"0b5c6a4e-2f7d-4c1b-9a3e-5d8f7e6c4b2a","device":"someone-else","seq":1,"type":"note"}]})",
        store.meta("server_token"));
    BOOST_TEST(other.first == 200);
    BOOST_TEST(other.second.find("\"status\":\"invalid\"") != std::string::npos, other.second);
    BOOST_TEST(server.events() == 0);
}

BOOST_AUTO_TEST_CASE(plain_http_is_refused_for_any_server_but_this_machine)
{
    test::TempDir dir;
    core::ManualClock clock;
    core::EventStore store(dir.file("kiosk.db"), clock);
    BOOST_CHECK_EXCEPTION(core::SyncClient::enroll(store, "http://192.0.2.10:8443", "abc", "kiosk"), std::runtime_error,
                          [](const std::runtime_error& e) {
                              return std::string(e.what()).find("plain http is only for a server on this machine") !=
                                     std::string::npos;
                          });
    BOOST_TEST(store.meta("server_url").empty());
    // An enrolled kiosk whose address was changed to a remote plain-http one sends nothing there.
    store.setMeta("server_url", "http://ward-server.example:80");
    store.setMeta("server_token", "t");
    store.append({core::NewEvent{"note", "", "p1", "1001", "{}", ""}});
    core::SyncClient client(store);
    const auto r = client.syncOnce();
    BOOST_TEST(r.error.find("plain http") != std::string::npos, r.error);
    BOOST_TEST(store.pendingCount() == 1);
}

BOOST_FIXTURE_TEST_CASE(an_event_replayed_with_other_content_is_refused_and_dead_lettered, EnrolledKiosk)
{
    test::addRuns(store, clock, 1);
    core::SyncClient client(store);
    BOOST_TEST(client.syncAll().acked == 5u);
    const std::string device = store.meta("server_device"), token = store.meta("server_token");
    // Someone sends an event again with other content and a hash made to match it: the server keeps the first.
    auto forged = store.events().front();
    forged.payload = R"({"forged":true})";
    forged.hash = core::EventStore::linkHash(forged);
    auto r = server.request("POST", "/v1/events", core::SyncClient::eventsBody({forged}, device, 0, ""), token);
    BOOST_TEST(r.second.find("\"status\":\"conflict\"") != std::string::npos, r.second);
    // An event whose content no longer matches its hash (edited after it was recorded) is refused as invalid,
    // and so is one without the kiosk's own id, which the hash covers.
    test::addRuns(store, clock, 1);
    auto edited = store.pendingOutbox(10);
    BOOST_REQUIRE_EQUAL(edited.size(), 5u);
    edited[1].payload = R"({"edited":true})";
    r = server.request("POST", "/v1/events", core::SyncClient::eventsBody(edited, device, 0, ""), token);
    BOOST_TEST(r.second.find("does not match its content") != std::string::npos, r.second);
    edited[1] = store.pendingOutbox(10)[1];
    edited[1].deviceId.clear();
    r = server.request("POST", "/v1/events", core::SyncClient::eventsBody({edited[1]}, device, 0, ""), token);
    BOOST_TEST(r.second.find("no device key") != std::string::npos, r.second);
    BOOST_TEST(server.events() == 9); // the four others of that batch

    // The kiosk itself never sends a record changed after it was written: what came before the change goes, the
    // changed event and those after it stay, nothing is dropped or dead-lettered, the supervisor is told (meta
    // chain_broken) and so is the server.
    {
        Poco::Data::SQLite::Connector::registerConnector();
        Poco::Data::Session raw("SQLite", dir.file("kiosk.db"));
        raw << "UPDATE events SET payload = '{\"edited\":true}' WHERE seq = 7", Poco::Data::Keywords::now;
    }
    const auto result = client.syncAll();
    BOOST_TEST(result.error.find("was changed after it was written (event 7 is not as it was recorded); what came "
                                 "before it was sent") != std::string::npos,
               result.error);
    BOOST_TEST(result.acked == 1u); // event 6
    BOOST_TEST(store.pendingCount() == 4);
    BOOST_TEST(store.meta("chain_broken") == "event 7 is not as it was recorded");
    BOOST_TEST(store.deadLetterCount() == 0);
    const auto devices = server.admin({"devices"});
    BOOST_TEST(devices.out.find("The kiosk found its own record changed: event 7") != std::string::npos, devices.out);
    BOOST_TEST(store.count() == 10); // the event itself stays in the record
    BOOST_TEST(server.events() == 9);
}

BOOST_FIXTURE_TEST_CASE(events_marked_sent_but_never_delivered_are_found_missing_and_sent_again, EnrolledKiosk)
{
    test::addRuns(store, clock, 4); // events 1 to 20
    // Events 6 to 15 are marked sent without ever leaving the kiosk (a bug, or someone covering tracks).
    std::vector<std::int64_t> hidden;
    for (std::int64_t seq = 6; seq <= 15; ++seq)
        hidden.push_back(seq);
    store.markOutbox(hidden, "acked");
    BOOST_TEST(store.pendingCount() == 10);
    core::SyncClient client(store);
    // The server stores what came, finds the gap below the kiosk's head and says so; the kiosk queues them again.
    const auto first = client.syncOnce();
    BOOST_TEST(first.acked == 10u);
    BOOST_TEST(first.requeued == 10u);
    BOOST_TEST(server.events() == 10);
    auto devices = server.admin({"devices"});
    BOOST_TEST(devices.out.find("MISSING events 6-15") != std::string::npos, devices.out);
    BOOST_TEST(server.request("GET", "/v1/health", "").second.find("\"devicesWithGaps\":1") != std::string::npos);
    // The next sync delivers them; nothing is missing any more.
    const auto rest = client.syncAll();
    BOOST_TEST(rest.error == "");
    BOOST_TEST(rest.acked == 10u);
    BOOST_TEST(server.events() == 20);
    devices = server.admin({"devices"});
    BOOST_TEST(devices.out.find("MISSING") == std::string::npos, devices.out);
    BOOST_TEST(server.request("GET", "/v1/health", "").second.find("\"devicesWithGaps\":0") != std::string::npos);

    // With nothing queued at all, the kiosk still shows the server its head: an outbox emptied of events the server
    // never had is caught the same way.
    store.markOutbox({19, 20}, "acked");
    {
        Poco::Data::SQLite::Connector::registerConnector();
        Poco::Data::Session raw("SQLite", server.db.substr(server.db.find(':') + 1)); // "sqlite:PATH"
        raw << "DELETE FROM events WHERE seq >= 19", Poco::Data::Keywords::now;
        raw << "UPDATE devices SET contiguous_seq = 18", Poco::Data::Keywords::now;
    }
    BOOST_TEST(server.events() == 18);
    const auto check = client.syncAll();
    BOOST_TEST(check.requeued == 2u);
    BOOST_TEST(server.events() == 20);

    // Enrolled again (a new token and device id): what the first enrollment delivered is not sent again as the new
    // device's, nor missed; what comes after goes under the new one.
    core::SyncClient::enroll(store, server.url(), server.enrollmentCode(), "kiosk");
    test::addRuns(store, clock, 1);
    core::SyncClient again(store);
    const auto after = again.syncAll();
    BOOST_TEST(after.error == "");
    BOOST_TEST(after.acked == 5u);
    BOOST_TEST(after.deadLettered == 0u);
    BOOST_TEST(after.requeued == 0u);
    BOOST_TEST(server.events() == 25);
    devices = server.admin({"devices"});
    BOOST_TEST(devices.out.find("MISSING") == std::string::npos, devices.out);
}

BOOST_FIXTURE_TEST_CASE(the_background_worker_drains_the_outbox_and_backs_off_while_the_server_is_down, EnrolledKiosk)
{
    clock.advance(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now() -
                                                                        clock.now())); // the kiosk's clock is right
    core::SyncWorker worker(
        store, {std::chrono::milliseconds(50), std::chrono::milliseconds(20), std::chrono::milliseconds(200), 10});
    auto until = [](auto pred) {
        const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(15);
        while (!pred() && std::chrono::steady_clock::now() < end)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        return pred();
    };
    worker.start();
    test::addRuns(store, clock, 4);
    worker.syncNow();
    // The outbox empties a moment before the worker ends its cycle and says so: wait for both.
    BOOST_REQUIRE(until([&] {
        return store.pendingCount() == 0 && worker.state().online && worker.state().message == "All records sent.";
    }));
    BOOST_TEST(server.events() == 20);
    BOOST_TEST(worker.state().message == "All records sent.");
    server.kill();
    test::addRuns(store, clock, 2);
    worker.syncNow();
    BOOST_REQUIRE(until([&] { return !worker.state().online && worker.state().queued == 10u; }));
    BOOST_TEST(worker.state().message.find("cannot be reached") != std::string::npos, worker.state().message);
    BOOST_TEST(worker.state().queued == 10u);
    server.start();
    store.setMeta("server_url", server.url());
    BOOST_REQUIRE(until([&] { return store.pendingCount() == 0; }));
    BOOST_TEST(server.events() == 30);

    worker.stop();

    // The kiosk's store is locked by another program while the worker syncs: the worker says so and carries on (it
    // used to end the kiosk with an uncaught DBLockedException), then delivers what waited once the lock is gone.
    test::addRuns(store, clock, 1);
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::Session other("SQLite", dir.file("kiosk.db"));
    other << "BEGIN EXCLUSIVE", Poco::Data::Keywords::now;
    core::SyncWorker locked(
        store, {std::chrono::milliseconds(50), std::chrono::milliseconds(20), std::chrono::milliseconds(200), 10});
    locked.start();
    BOOST_REQUIRE_MESSAGE(
        until([&] { return locked.state().message.find("could not be used for sync") != std::string::npos; }),
        locked.state().message);
    BOOST_TEST(locked.state().message.find("could not be used for sync") != std::string::npos, locked.state().message);
    other << "ROLLBACK", Poco::Data::Keywords::now;
    BOOST_REQUIRE(until([&] { return store.pendingCount() == 0 && locked.state().online; }));
    BOOST_TEST(server.events() == 35);
    locked.stop();
}

BOOST_FIXTURE_TEST_CASE(a_kiosk_clock_off_from_the_servers_by_more_than_the_setting_says_so_until_it_is_set,
                        EnrolledKiosk)
{
    const auto setTo = [&](std::chrono::system_clock::duration off) {
        clock.advance(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now() + off -
                                                                            clock.now()));
    };
    setTo(std::chrono::minutes(-10)); // ten minutes slow
    core::SyncWorker::Options options{std::chrono::milliseconds(50), std::chrono::milliseconds(20),
                                      std::chrono::milliseconds(200), 10};
    options.maxClockSkew = std::chrono::seconds(120);
    core::SyncWorker worker(store, options);
    const auto until = [](auto pred) {
        const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(15);
        while (!pred() && std::chrono::steady_clock::now() < end)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        return pred();
    };
    worker.start();
    test::addRuns(store, clock, 1);
    worker.syncNow();
    BOOST_REQUIRE(until([&] { return store.pendingCount() == 0 && worker.state().online; }));
    // The state of a cycle that began before the runs were added may still say "Sending records...": wait for one
    // that sent them all.
    BOOST_REQUIRE(until([&] {
        const auto m = worker.state().message;
        return m.find("clock") != std::string::npos && m.find("All records sent.") != std::string::npos;
    }));
    BOOST_TEST(worker.state().message.find("10 minutes behind the server's") != std::string::npos,
               worker.state().message);
    BOOST_TEST(worker.state().message.find("All records sent.") != std::string::npos, worker.state().message);
    // IT sets the clock: the next sync clears the warning.
    setTo(std::chrono::seconds(0));
    worker.syncNow();
    until([&] { return worker.state().message == "All records sent."; });
    BOOST_TEST(worker.state().message == "All records sent.");
}

BOOST_FIXTURE_TEST_CASE(reference_data_comes_from_the_server_and_only_what_changed_comes_again, DemoWardKiosk)
{
    core::SyncClient client(store);
    BOOST_TEST(client.pullReference() == 2u + 3u + 12u + 1u); // staff, patients, products, the recall
    BOOST_TEST(store.patients().size() == 3u);
    BOOST_REQUIRE(store.staff("1001"));
    BOOST_TEST(store.staff("1001")->name == "Sam Rivera");
    core::Catalog catalog;
    store.loadCatalog(catalog);
    BOOST_TEST(catalog.size() == 12u);
    BOOST_TEST(catalog.recalls() == 1u);
    BOOST_TEST(client.pullReference() == 0u); // nothing changed: 304
    const auto put = test::runProcess(
        PORTSIDE_SERVER,
        {"admin", "put", "patient", "950600013435200039",
         R"({"id":"950600013435200039","name":"Dana New","bed":"7-04","lockSolution":"saline","lockVolumeMl":5})",
         "--db", server.db});
    BOOST_REQUIRE_EQUAL(put.exitCode, 0);
    BOOST_TEST(client.pullReference() == 1u);
    BOOST_REQUIRE(store.patient("950600013435200039"));
    BOOST_TEST(store.patient("950600013435200039")->lockSolution == "saline");
    BOOST_TEST(server.request("GET", "/v1/reference?since=0", "").first == 401); // no token
}

namespace {
std::string fileText(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// The wound-check test plugin in `version`, packed and signed with `key` (as `portside-cli plugin pack` does).
std::string woundPackage(const std::string& version, const core::SigningKey& key)
{
    const std::string module = fileText(std::string(PORTSIDE_TEST_MODULES) + "/wound-" + version + "/wound-check.so");
    BOOST_REQUIRE(!module.empty());
    return core::packPackage({{"manifest.json", R"({"id":"wound-check","version":")" + version +
                                                    R"(","kind":"checklist","sdk":"2.0","library":"wound-check.so"})"},
                              {"wound-check.so", module}},
                             key);
}
} // namespace

BOOST_FIXTURE_TEST_CASE(a_plugin_offered_or_a_kind_unknown_here_never_stops_recalls_reaching_the_kiosk, DemoWardKiosk)
{
    core::SyncClient client(store);
    client.pullReference();
    // The server offers a signed plugin package and distributes the vendor's key: the kiosk keeps both, and the
    // recall added after them arrives.
    const auto vendor = core::generateSigningKey();
    const std::string package = dir.file("wound-check.zip"), keyFile = dir.file("vendor.pub.pem");
    std::ofstream(package, std::ios::binary) << woundPackage("1.0.0", vendor);
    std::ofstream(keyFile) << vendor.publicPem;
    BOOST_REQUIRE_EQUAL(test::runProcess(PORTSIDE_SERVER, {"admin", "add-plugin", package, "--db", server.db}).exitCode,
                        0);
    BOOST_REQUIRE_EQUAL(
        test::runProcess(PORTSIDE_SERVER, {"admin", "add-plugin-key", keyFile, "Wound Vendor", "--db", server.db})
            .exitCode,
        0);
    // An offer no kiosk could take is refused on the server already: an unsafe id, no version.
    for (const std::string manifest : {R"({"id":"../evil","version":"1.0.0","kind":"checklist","sdk":"2.0",)"
                                       R"("library":"evil.so"})",
                                       R"({"id":"wound-check","kind":"checklist","sdk":"2.0","library":"w.so"})"}) {
        const std::string bad = dir.file("bad.zip");
        {
            std::ofstream out(bad, std::ios::binary);
            Poco::Zip::Compress zip(out, true);
            std::istringstream text(manifest);
            zip.addFile(text, Poco::DateTime(), "manifest.json");
            zip.close();
        }
        const auto refused = test::runProcess(PORTSIDE_SERVER, {"admin", "add-plugin", bad, "--db", server.db});
        BOOST_TEST(refused.exitCode != 0);
        BOOST_TEST(refused.err.find("bad.zip: ") != std::string::npos, refused.err);
    }
    auto recall = [&](const std::string& lot) {
        BOOST_REQUIRE_EQUAL(test::runProcess(PORTSIDE_SERVER, {"admin", "add", "recall", "product=09506003001002",
                                                               "lot=" + lot, "reason=Particles", "--db", server.db})
                                .exitCode,
                            0);
    };
    recall("NEW1");
    BOOST_TEST(client.pullReference() == 3u);
    BOOST_TEST(client.pullProblems().empty());
    BOOST_TEST(store.meta("plugin-offer/wound-check").find("\"version\":\"1.0.0\"") != std::string::npos,
               store.meta("plugin-offer/wound-check"));
    core::Catalog catalog;
    store.loadCatalog(catalog);
    BOOST_TEST(catalog.recalls() == 2u);

    // A newer server sends a kind this kiosk does not know, and a record it cannot read: each is skipped and said,
    // and the recall after them still arrives.
    {
        Poco::Data::SQLite::Connector::registerConnector();
        Poco::Data::Session raw("SQLite", server.db.substr(server.db.find(':') + 1)); // "sqlite:PATH"
        using Poco::Data::Keywords::now;
        raw << "INSERT INTO reference SELECT 'ward-note', 'n1', max(version) + 1, '', '{\"text\":\"x\"}' FROM "
               "reference",
            now;
        raw << "INSERT INTO reference SELECT 'recall', 'bad', max(version) + 1, '', '{\"lot\":\"L\"}' FROM reference",
            now;
    }
    recall("NEW2");
    BOOST_TEST(client.pullReference() == 1u);
    BOOST_REQUIRE_EQUAL(client.pullProblems().size(), 2u);
    BOOST_TEST(client.pullProblems()[0].find("\"ward-note\"") != std::string::npos, client.pullProblems()[0]);
    BOOST_TEST(client.pullProblems()[1].find("could not be used") != std::string::npos, client.pullProblems()[1]);
    BOOST_TEST(store.meta("reference_problems").find("ward-note") != std::string::npos);
    core::Catalog later;
    store.loadCatalog(later);
    BOOST_TEST(later.recalls() == 3u);
    BOOST_TEST(client.pullReference() == 0u); // and the cursor moved past them

    // The supervisor installs the offered package from the server's list: downloaded, checked against the offer,
    // verified with the key the server distributed, probed, staged, and recorded with who did it.
    core::SiteSettings settings;
    settings.set("plugins.trusted_keys", dir.file("no-site-keys"));
    const auto keys = core::trustedKeys(settings, &store);
    BOOST_REQUIRE_EQUAL(keys.size(), 1u);
    BOOST_TEST(keys[0].name == "Wound Vendor");
    core::PluginAdmin admin(store, dir.file("plugins"), keys, PORTSIDE_CLI);
    const auto installed = admin.install(client.downloadPlugin("wound-check"), "server", "S-0099");
    BOOST_TEST(installed.manifest.version == "1.0.0");
    BOOST_TEST(installed.signer == core::keyId(vendor.publicPem));
    BOOST_REQUIRE_EQUAL(admin.installed().size(), 1u);
    BOOST_TEST(admin.installed()[0].pending == "1.0.0");
    const auto last = store.events().back();
    BOOST_TEST(last.type == "plugin-installed");
    BOOST_TEST(last.staff == "S-0099");
    BOOST_TEST(last.payload.find("\"source\":\"server\"") != std::string::npos, last.payload);

    // Without the server's key (the site turned server keys off) the same package is refused, and recorded so.
    settings.set("plugins.server_keys", "no");
    core::PluginAdmin strict(store, dir.file("plugins-strict"), core::trustedKeys(settings, &store), PORTSIDE_CLI);
    BOOST_CHECK_EXCEPTION(strict.install(client.downloadPlugin("wound-check"), "server", "S-0099"),
                          core::PackageRefused, [](const core::PackageRefused& e) {
                              return std::string(e.what()).find("which this site does not trust") != std::string::npos;
                          });
    BOOST_TEST(store.events().back().type == "plugin-refused");
    BOOST_TEST(!Poco::File(dir.file("plugins-strict") + "/wound-check").exists());

    // A package that changed on the server after it was offered (its bytes are not what the offer's SHA-256
    // says) is not installed.
    {
        Poco::Data::SQLite::Connector::registerConnector();
        Poco::Data::Session raw("SQLite", server.db.substr(server.db.find(':') + 1));
        using Poco::Data::Keywords::now;
        raw << "UPDATE plugin_packages SET bytes = 'AAAA' || bytes WHERE id = 'wound-check'", now;
    }
    BOOST_CHECK_EXCEPTION(client.downloadPlugin("wound-check"), std::runtime_error, [](const std::runtime_error& e) {
        return std::string(e.what()).find("other than the server offered it") != std::string::npos;
    });
    BOOST_CHECK_THROW(client.downloadPlugin("../etc"), std::runtime_error);
    BOOST_CHECK_THROW(client.downloadPlugin("not-offered"), std::runtime_error);
}

namespace {
/// A kiosk host as the shell is one: settings, a log, and the record.
struct TestKioskHost final : core::KioskHost {
    core::EventStore* record = nullptr;
    std::map<std::string, std::string> settings;
    std::string setting(const std::string& key, const std::string& fallback) const override
    {
        const auto it = settings.find(key);
        return it == settings.end() ? fallback : it->second;
    }
    void log(sdk::LogLevel, const std::string&) override {}
    std::string dataDirectory() const override { return "/tmp"; }
    core::EventStore* store() const override { return record; }
};
} // namespace

BOOST_FIXTURE_TEST_CASE(the_sync_plugin_module_drains_the_kiosk_record_and_reports_its_state, DemoWardKiosk)
{
    TestKioskHost host;
    host.record = &store;
    host.settings["sync.interval_s"] = "0.05";
    core::PluginManager plugins({PORTSIDE_PLUGIN_DIR});
    plugins.loadAll();
    plugins.startAll(host);
    auto* sync = dynamic_cast<sdk::SyncPlugin*>(plugins.find("sync-portside"));
    BOOST_REQUIRE(sync);
    test::addRuns(store, clock, 3);
    sync->syncNow();
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while ((store.pendingCount() != 0 || !sync->state().online) && std::chrono::steady_clock::now() < end)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    BOOST_TEST(store.pendingCount() == 0);
    BOOST_TEST(server.events() == 15);
    BOOST_TEST(sync->state().online);
    BOOST_TEST(sync->state().lastSuccessMs > 0);
    BOOST_TEST(store.patients().size() == 3u); // and the reference data came back
    plugins.stopAll();

    // A host without a record (the CLI): the plugin stays idle and says why.
    struct PlainHost final : sdk::Host {
        std::string setting(const std::string&, const std::string& f) const override { return f; }
        void log(sdk::LogLevel, const std::string&) override {}
        std::string dataDirectory() const override { return "/tmp"; }
    } plain;
    core::PluginManager other({PORTSIDE_PLUGIN_DIR});
    other.loadAll();
    other.startAll(plain);
    auto* idle = dynamic_cast<sdk::SyncPlugin*>(other.find("sync-portside"));
    BOOST_REQUIRE(idle);
    BOOST_TEST(idle->state().message == "No kiosk record here to sync.");
    other.stopAll();
}

BOOST_AUTO_TEST_CASE(backoff_doubles_up_to_its_cap)
{
    const core::SyncWorker::Options o{std::chrono::milliseconds(1000), std::chrono::milliseconds(1000),
                                      std::chrono::milliseconds(300000), 100};
    BOOST_TEST(core::SyncWorker::backoffCeiling(0, o).count() == 1000);
    BOOST_TEST(core::SyncWorker::backoffCeiling(3, o).count() == 8000);
    BOOST_TEST(core::SyncWorker::backoffCeiling(9, o).count() == 300000);
    BOOST_TEST(core::SyncWorker::backoffCeiling(1000, o).count() == 300000);
}

BOOST_AUTO_TEST_SUITE_END()
