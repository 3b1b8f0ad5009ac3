// portside-server as a real process on a loopback port, on a SQLite file and on a real PostgreSQL started by this
// test run (tools/pg-temp), with real kiosk stores syncing to it.

#define BOOST_TEST_MODULE portside server
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "KioskRuns.h"
#include "ServerProcess.h"
#include "TempDir.h"

#include "ServerStore.h"

#include "portside/core/DemoData.h"
#include "portside/core/PortState.h"
#include "portside/core/RunRecorder.h"
#include "portside/core/StaffAuth.h"
#include "portside/core/SyncClient.h"
#include "portside/core/TimeText.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>

#include <fstream>
#include <map>
#include <numeric>
#include <set>

#include <sys/stat.h>

using namespace portside;
using test::ServerProcess;

namespace {

const std::vector<std::string> kBackends{"sqlite", "postgresql"};

/// What the server holds, read straight from its database: each device's sequence numbers in stored order.
std::map<std::string, std::vector<long long>> heldByDevice(const std::string& db)
{
    server::ServerStore store(db);
    std::map<std::string, std::vector<long long>> out;
    for (const auto& e : store.events())
        out[e.deviceId].push_back(e.seq);
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(central_server)

BOOST_DATA_TEST_CASE(events_are_stored_once_through_resends_and_a_killed_server,
                     boost::unit_test::data::make(kBackends), backend)
{
    test::TempDir dir;
    ServerProcess server(test::serverDatabase(backend, dir));
    BOOST_TEST(server.health()->getValue<std::string>("database") == backend);
    core::ManualClock clock;
    core::EventStore store(dir.file("kiosk.db"), clock);
    core::SyncClient::enroll(store, server.url(), server.enrollmentCode(), "kiosk");
    test::addRuns(store, clock, 10); // 50 events
    core::SyncClient client(store);
    BOOST_TEST(client.syncOnce(20).acked == 20u);
    server.kill();
    BOOST_TEST(client.syncOnce(20).error.find("cannot be reached") != std::string::npos);
    server.start();
    store.setMeta("server_url", server.url());
    const auto rest = client.syncAll(20);
    BOOST_TEST(rest.acked == 30u);
    BOOST_TEST(rest.chain == "ok");
    std::vector<std::int64_t> all;
    for (const auto& e : store.events())
        all.push_back(e.seq);
    store.markOutbox(all, "pending"); // every send is "maybe applied": all of it again
    BOOST_TEST(client.syncAll().acked == 50u);
    BOOST_TEST(server.events() == 50);
    const auto held = heldByDevice(server.db);
    BOOST_REQUIRE_EQUAL(held.size(), 1u);
    std::vector<long long> expected(50);
    std::iota(expected.begin(), expected.end(), 1);
    BOOST_TEST(held.begin()->second == expected, boost::test_tools::per_element());
}

BOOST_DATA_TEST_CASE(refusals_get_the_right_status_and_change_nothing, boost::unit_test::data::make(kBackends), backend)
{
    test::TempDir dir;
    ServerProcess server(test::serverDatabase(backend, dir));
    core::ManualClock clock;
    core::EventStore kioskA(dir.file("a.db"), clock), kioskB(dir.file("b.db"), clock);
    const std::string code = server.enrollmentCode();
    core::SyncClient::enroll(kioskA, server.url(), code, "A");
    core::SyncClient::enroll(kioskB, server.url(), server.enrollmentCode(), "B");
    test::addRuns(kioskA, clock, 1);
    core::SyncClient(kioskA).syncAll();
    const auto before = server.health();

    // A reused enrollment code.
    BOOST_CHECK_EXCEPTION(
        core::SyncClient::enroll(kioskB, server.url(), code, "again"), std::runtime_error,
        [](const std::runtime_error& e) { return std::string(e.what()).find("already used") != std::string::npos; });
    // A batch the kiosk A would send, under various tokens.
    test::addRuns(kioskA, clock, 1);
    std::ostringstream batch;
    batch << core::SyncClient::eventsBody(kioskA.pendingOutbox(10), kioskA.meta("server_device"), 0, "");

    BOOST_TEST(server.request("POST", "/v1/events", batch.str()).first == 401);                // no token
    BOOST_TEST(server.request("POST", "/v1/events", batch.str(), "not.a.token").first == 401); // garbage
    {
        Poco::JWT::Token forged; // right shape, wrong key
        forged.setSubject(kioskA.meta("server_device"));
        forged.payload().set("role", std::string("device"));
        forged.setExpiration(Poco::Timestamp() + Poco::Timespan(3600, 0));
        Poco::JWT::Signer wrongKey("0123456789abcdef0123456789abcdef");
        BOOST_TEST(server.request("POST", "/v1/events", batch.str(), wrongKey.sign(forged, "HS256")).first == 401);
    }
    {
        Poco::JWT::Token expired; // the server's own key, but out of date
        expired.setSubject(kioskA.meta("server_device"));
        expired.payload().set("role", std::string("device"));
        expired.setIssuedAt(Poco::Timestamp() - Poco::Timespan(3 * 86400, 0));
        expired.setExpiration(Poco::Timestamp() - Poco::Timespan(60, 0));
        Poco::JWT::Signer rightKey(server::ServerStore(server.db).signingKey());
        const auto r = server.request("POST", "/v1/events", batch.str(), rightKey.sign(expired, "HS256"));
        BOOST_TEST(r.first == 401);
        BOOST_TEST(r.second.find("expired") != std::string::npos, r.second);
    }
    // Kiosk B's token with kiosk A's events: each refused, none stored.
    const auto other = server.request("POST", "/v1/events", batch.str(), kioskB.meta("server_token"));
    BOOST_TEST(other.first == 200);
    BOOST_TEST(other.second.find("\"stored\"") == std::string::npos, other.second);
    BOOST_TEST(other.second.find("another device") != std::string::npos, other.second);
    BOOST_TEST(server.request("POST", "/v1/events", "{\"events\": [", kioskA.meta("server_token")).first == 400);
    BOOST_TEST(server.request("POST", "/v1/events", "[1,2]", kioskA.meta("server_token")).first == 400);
    BOOST_TEST(server.request("POST", "/v1/events", "{}", kioskA.meta("server_token")).first == 400);
    // Roles: an integration token cannot post events; a device token cannot read the FHIR export.
    const auto integration = server.admin({"integration-token", "hie"});
    BOOST_REQUIRE_EQUAL(integration.exitCode, 0);
    const std::string hie = integration.out.substr(0, integration.out.find('\n'));
    BOOST_TEST(server.request("POST", "/v1/events", batch.str(), hie).first == 403);
    BOOST_TEST(server.request("GET", "/fhir/Bundle", "", kioskA.meta("server_token")).first == 403);
    // A revoked kiosk.
    BOOST_REQUIRE_EQUAL(server.admin({"revoke", kioskB.meta("server_device")}).exitCode, 0);
    BOOST_TEST(server.request("GET", "/v1/reference?since=0", "", kioskB.meta("server_token")).first == 401);

    const auto after = server.health();
    BOOST_TEST(after->getValue<long long>("events") == before->getValue<long long>("events"));
    BOOST_TEST(after->getValue<long long>("conflicts") == before->getValue<long long>("conflicts"));
    BOOST_TEST(kioskA.pendingCount() == 5); // and the kiosk still has its new run to send
}

BOOST_DATA_TEST_CASE(a_kiosk_whose_record_was_replaced_is_flagged_and_nothing_is_lost,
                     boost::unit_test::data::make(kBackends), backend)
{
    test::TempDir dir;
    ServerProcess server(test::serverDatabase(backend, dir));
    core::ManualClock clock;
    std::string device, token;
    {
        core::EventStore store(dir.file("kiosk.db"), clock);
        core::SyncClient::enroll(store, server.url(), server.enrollmentCode(), "kiosk");
        test::addRuns(store, clock, 2);
        BOOST_TEST(core::SyncClient(store).syncAll().chain == "ok");
        device = store.meta("server_device");
        token = store.meta("server_token");
    }
    BOOST_TEST(server.admin({"devices"}).out.find("chain ok") != std::string::npos);
    // The record file is swapped for an empty one that keeps the enrollment: its history starts again.
    core::EventStore fresh(dir.file("replaced.db"), clock);
    fresh.setMeta("server_url", server.url());
    fresh.setMeta("server_device", device);
    fresh.setMeta("server_token", token);
    test::addRuns(fresh, clock, 1);
    const auto r = core::SyncClient(fresh).syncAll();
    BOOST_TEST(r.acked == 5u); // the events themselves are kept
    BOOST_TEST(r.chain.find("reset or replaced") != std::string::npos, r.chain);
    BOOST_TEST(server.events() == 15);
    const auto devices = server.admin({"devices"}).out;
    BOOST_TEST(devices.find("CHAIN: Event 1 arrived twice") != std::string::npos, devices);
}

BOOST_DATA_TEST_CASE(reference_data_is_administered_by_command_and_csv_and_kiosks_get_their_ward,
                     boost::unit_test::data::make(kBackends), backend)
{
    test::TempDir dir;
    ServerProcess server(test::serverDatabase(backend, dir), {"--seed-demo"}); // the demo ward is 4B
    BOOST_REQUIRE_EQUAL(server.admin({"add", "patient", "id=950600013435200046", "name=Lee Other", "ward=5C"}).exitCode,
                        0);
    const auto bad = server.admin({"add", "product", "gtin=12345678901234", "category=dressing", "name=X"});
    BOOST_TEST(bad.exitCode != 0);
    BOOST_TEST(bad.err.find("check digit") != std::string::npos, bad.err);
    const auto hit =
        server.admin({"add", "patient", "id=9", "name=Y", "heparinAllergyOrHit=true", "lockSolution=heparin"});
    BOOST_TEST(hit.err.find("heparin allergy or HIT") != std::string::npos, hit.err);
    // Lock orders are checked as they enter, as the kiosk checks them where they are used.
    const auto strong = server.admin(
        {"add", "patient", "id=10", "name=Y", "birthDate=1970-01-01", "lockSolution=heparin", "lockUnitsPerMl=1000"});
    BOOST_TEST(strong.exitCode != 0);
    BOOST_TEST(strong.err.find("Heparin 1\u202f000 units/mL is not a lock this site allows") != std::string::npos,
               strong.err);
    const auto child = server.admin({"add", "patient", "id=11", "name=Baby", "birthDate=2026-01-15",
                                     "lockSolution=heparin", "lockUnitsPerMl=100", "lockVolumeMl=5"});
    BOOST_TEST(child.err.find("A child under 2 years gets heparin 10 units/mL, at most 2 mL") != std::string::npos,
               child.err);
    const auto notADate = server.admin({"add", "patient", "id=15", "name=Y", "birthDate=2025-02-29"});
    BOOST_TEST(notADate.err.find("birthDate") != std::string::npos, notADate.err);
    const auto volume = server.admin({"add", "patient", "id=12", "name=Y", "lockSolution=saline", "lockVolumeMl=40"});
    BOOST_TEST(volume.err.find("outside the site's range") != std::string::npos, volume.err);
    const auto put = server.admin({"put", "patient", "13",
                                   R"({"id":"13","name":"Z","birthDate":"2026-01-15",)"
                                   R"("lockSolution":"heparin","lockUnitsPerMl":100})"});
    BOOST_TEST(put.exitCode != 0);
    BOOST_TEST(put.err.find("A child under 2 years") != std::string::npos, put.err);
    const auto dressing = server.admin({"add", "product", "gtin=09506004000035", "category=dressing", "name=X"});
    BOOST_TEST(dressing.err.find("dressingType") != std::string::npos, dressing.err);
    BOOST_TEST(server
                   .admin({"add", "patient", "id=14", "name=Ok Baby", "ward=4B", "birthDate=2026-01-15",
                           "lockSolution=heparin", "lockUnitsPerMl=10", "lockVolumeMl=2"})
                   .exitCode == 0);
    {
        std::ofstream csv(dir.file("staff.csv"));
        csv << "badge,name,role,pin\r\n2001,\"Kim, Jo\",nurse,432198\r\n2002,Ari Lund,supervisor,876512\r\n";
        std::ofstream broken(dir.file("broken.csv"));
        broken << "badge,name,role,pin\n2003,Ok Person,nurse,111111\n2004,Bad Role,surgeon,222222\n";
    }
    const auto imported = server.admin({"import", "staff", dir.file("staff.csv")});
    BOOST_TEST(imported.out.find("2 staff records imported") != std::string::npos, imported.out + imported.err);
    const auto refused = server.admin({"import", "staff", dir.file("broken.csv")});
    BOOST_TEST(refused.exitCode != 0);
    BOOST_TEST(refused.err.find("CSV line 3") != std::string::npos, refused.err);
    BOOST_TEST(refused.err.find("Nothing was imported") != std::string::npos, refused.err);

    core::ManualClock clock;
    core::EventStore store(dir.file("kiosk.db"), clock);
    core::SyncClient::enroll(store, server.url(), server.enrollmentCode("4B"), "kiosk 4B-1");
    core::SyncClient client(store);
    client.pullReference();
    BOOST_TEST(store.patients().size() == 4u); // the demo ward's three and the baby, not ward 5C's patient
    BOOST_TEST(!store.patient("10"));          // nothing refused reached the kiosk
    BOOST_TEST(!store.patient("950600013435200046"));
    BOOST_REQUIRE(store.staff("2001"));
    BOOST_TEST(store.staff("2001")->name == "Kim, Jo");
    BOOST_TEST(!store.staff("2003")); // nothing of the broken file
    BOOST_TEST(client.pullReference() == 0u);
}

BOOST_DATA_TEST_CASE(gaps_replays_and_broken_links_are_judged_alike_on_both_back_ends,
                     boost::unit_test::data::make(kBackends), backend)
{
    test::TempDir dir;
    ServerProcess server(test::serverDatabase(backend, dir));
    core::ManualClock clock;
    core::EventStore store(dir.file("kiosk.db"), clock);
    core::SyncClient::enroll(store, server.url(), server.enrollmentCode(), "kiosk");
    core::SyncClient client(store);
    test::addRuns(store, clock, 4); // events 1 to 20
    std::vector<std::int64_t> hidden;
    for (std::int64_t seq = 6; seq <= 15; ++seq)
        hidden.push_back(seq);
    store.markOutbox(hidden, "acked"); // marked sent, never delivered
    const auto first = client.syncOnce();
    BOOST_TEST(first.acked == 10u);
    BOOST_TEST(first.requeued == 10u);
    BOOST_TEST(server.admin({"devices"}).out.find("MISSING events 6-15") != std::string::npos);
    BOOST_TEST(client.syncAll().acked == 10u);
    BOOST_TEST(server.events() == 20);
    BOOST_TEST(server.admin({"devices"}).out.find("MISSING") == std::string::npos);
    // A replay with other content (its hash made to match) is a conflict; the same event again is a duplicate.
    const std::string device = store.meta("server_device"), token = store.meta("server_token");
    auto forged = store.events().front();
    const auto original = forged;
    forged.payload = R"({"forged":true})";
    forged.hash = core::EventStore::linkHash(forged);
    auto r =
        server.request("POST", "/v1/events", core::SyncClient::eventsBody({forged, original}, device, 0, ""), token);
    BOOST_TEST(r.second.find("\"status\":\"conflict\"") != std::string::npos, r.second);
    BOOST_TEST(r.second.find("\"status\":\"duplicate\"") != std::string::npos, r.second);
    BOOST_TEST(server.events() == 20);
    // An event that does not link to the one before it (its hash recomputed to pass the content check) is stored
    // and the device flagged: what the kiosk sent is never thrown away.
    test::addRuns(store, clock, 1);
    auto next = store.pendingOutbox(10);
    BOOST_REQUIRE_EQUAL(next.size(), 5u);
    next[0].prevHash = std::string(64, 'a');
    next[0].hash = core::EventStore::linkHash(next[0]);
    r = server.request("POST", "/v1/events", core::SyncClient::eventsBody({next[0]}, device, 0, ""), token);
    BOOST_TEST(r.second.find("does not link to event 20") != std::string::npos, r.second);
    BOOST_TEST(server.admin({"devices"}).out.find("does not link to event 20") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(two_instances_on_one_postgresql_serve_kiosks_alternately_with_the_same_outcome)
{
    test::TempDir dir;
    const std::string db = test::sharedPostgres().database();
    ServerProcess a(db), b(db);
    core::ManualClock clock;
    core::EventStore k1(dir.file("k1.db"), clock), k2(dir.file("k2.db"), clock);
    core::SyncClient::enroll(k1, a.url(), a.enrollmentCode(), "k1"); // enrolled through one instance...
    core::SyncClient::enroll(k2, b.url(), b.enrollmentCode(), "k2"); // ...or the other
    test::addRuns(k1, clock, 8);
    test::addRuns(k2, clock, 8);
    core::SyncClient c1(k1), c2(k2);
    for (int round = 0; k1.pendingCount() + k2.pendingCount() > 0; ++round) {
        BOOST_REQUIRE(round < 20);
        const auto& next = round % 2 ? a : b; // the load balancer sends each batch elsewhere
        k1.setMeta("server_url", next.url());
        k2.setMeta("server_url", next.url());
        BOOST_TEST(c1.syncOnce(7).error == "");
        BOOST_TEST(c2.syncOnce(7).error == "");
        if (round == 3) { // and one batch goes to both (a retry through the other instance)
            std::vector<std::int64_t> last{k1.events().back().seq};
            k1.markOutbox(last, "pending");
        }
    }
    BOOST_TEST(a.events() == 80);
    BOOST_TEST(b.events() == 80);
    const auto held = heldByDevice(db);
    BOOST_REQUIRE_EQUAL(held.size(), 2u);
    std::vector<long long> expected(40);
    std::iota(expected.begin(), expected.end(), 1);
    for (const auto& [device, seqs] : held)
        BOOST_TEST(seqs == expected, boost::test_tools::per_element());
    // Reference data written through one instance's database is what the other serves.
    BOOST_REQUIRE_EQUAL(a.admin({"add", "recall", "product=00380740000011", "lot=L1", "reason=test"}).exitCode, 0);
    k1.setMeta("server_url", b.url());
    BOOST_TEST(c1.pullReference() == 1u);
}

namespace {

/// The badges a kiosk holds after pulling reference data.
std::set<std::string> badgesOn(core::EventStore& store, const std::vector<std::string>& candidates)
{
    std::set<std::string> out;
    for (const auto& b : candidates)
        if (store.staff(b))
            out.insert(b);
    return out;
}

} // namespace

namespace {

/// Completes a one-step checklist with these effects for `patient` on `store`, as a nurse at that kiosk would.
void completeOn(core::EventStore& store, core::Clock& clock, const std::string& patient,
                std::vector<sdk::Effect> effects)
{
    sdk::ChecklistDefinition d;
    d.id = "port-care";
    d.effects = std::move(effects);
    sdk::Step choose;
    choose.id = "dressing-type";
    choose.role = sdk::StepRole::DressingType;
    choose.type = sdk::StepType::Choice;
    choose.choices = {{"tsm", "TSM"}, {"gauze", "Gauze"}};
    d.steps.push_back(choose);
    sdk::PatientContext ctx;
    ctx.id = patient;
    core::ChecklistRun run(d, ctx, clock);
    core::RunRecorder recorder(store);
    recorder.start(run, "1001");
    sdk::StepAnswer a;
    a.choice = "tsm";
    run.confirm(a);
}

} // namespace

BOOST_DATA_TEST_CASE(every_kiosk_of_a_ward_shows_the_port_state_another_kiosk_recorded,
                     boost::unit_test::data::make(kBackends), backend)
{
    test::TempDir dir;
    ServerProcess server(test::serverDatabase(backend, dir));
    BOOST_REQUIRE_EQUAL(server.admin({"add", "patient", "id=P-1", "name=Shared, Ann", "ward=7"}).exitCode, 0);
    core::ManualClock clock(core::parseIsoTime("2026-11-30T10:00:00.000Z"));
    core::EventStore a(dir.file("a.db"), clock), b(dir.file("b.db"), clock), c(dir.file("c.db"), clock),
        other(dir.file("8.db"), clock);
    core::SyncClient::enroll(a, server.url(), server.enrollmentCode("7"), "7-station");
    core::SyncClient::enroll(b, server.url(), server.enrollmentCode("7"), "7-cart-1");
    core::SyncClient::enroll(c, server.url(), server.enrollmentCode("7"), "7-cart-2");
    core::SyncClient::enroll(other, server.url(), server.enrollmentCode("8"), "8-station");
    core::SyncClient ca(a), cb(b), cc(c), c8(other);
    for (auto* client : {&ca, &cb, &cc, &c8})
        client->pullReference();
    core::SiteSettings settings;
    const auto state = [&](core::EventStore& store) {
        return core::PortState::compute(store, *store.patient("P-1"), settings, clock.now());
    };
    const auto cycle = [](core::SyncClient& client) { // one sync as the background worker does it
        BOOST_TEST(client.syncAll().error == "");
        client.pullReference();
        client.pullWard();
    };

    // A port access at the station: after one sync the bedside carts show the needle and its due date.
    const auto accessedAt = clock.now();
    completeOn(a, clock, "P-1", {sdk::Effect::NeedleInserted, sdk::Effect::DressingApplied});
    cycle(ca);
    cycle(cb);
    cycle(cc);
    for (auto* store : {&a, &b, &c}) {
        const auto s = state(*store);
        BOOST_TEST(s.accessed);
        BOOST_REQUIRE(!s.dues.empty());
        BOOST_TEST(core::isoTime(s.dues.front().at) == core::isoTime(core::plusDays(accessedAt, 7)));
    }
    // Shown as the other kiosk's: not in the cart's own record, its chain or its outbox, never sent again.
    BOOST_TEST(b.count() == 0);
    BOOST_TEST(b.pendingCount() == 0);
    BOOST_TEST(b.verify().ok);
    BOOST_TEST(server.events() == 3);

    // The needle comes out at cart 1: after a sync it is gone everywhere.
    clock.advance(std::chrono::hours(26));
    completeOn(b, clock, "P-1", {sdk::Effect::NeedleRemoved});
    cycle(cb);
    cycle(ca);
    cycle(cc);
    for (auto* store : {&a, &b, &c}) {
        const auto s = state(*store);
        BOOST_TEST(!s.accessed);
        BOOST_TEST(!s.needleSince.has_value());
    }
    BOOST_TEST(server.events() == 6);
    BOOST_TEST(a.count() == 3); // the station's own record holds only its own
    // Another ward's kiosk gets none of it; pulling again brings nothing twice.
    cycle(c8);
    BOOST_TEST(!other.patient("P-1").has_value());
    BOOST_TEST(cb.pullWard() == 0u);
    BOOST_TEST(cc.pullWard() == 0u);
}

BOOST_DATA_TEST_CASE(a_transfer_moves_a_patient_between_wards_kiosks_and_a_discharge_takes_them_off_every_kiosk,
                     boost::unit_test::data::make(kBackends), backend)
{
    test::TempDir dir;
    ServerProcess server(test::serverDatabase(backend, dir));
    BOOST_REQUIRE_EQUAL(server.admin({"add", "patient", "id=P-1", "name=Moved, Ann", "ward=7"}).exitCode, 0);
    core::ManualClock clock;
    core::EventStore w7(dir.file("7.db"), clock), w8(dir.file("8.db"), clock), house(dir.file("all.db"), clock);
    core::SyncClient::enroll(w7, server.url(), server.enrollmentCode("7"), "7-1");
    core::SyncClient::enroll(w8, server.url(), server.enrollmentCode("8"), "8-1");
    core::SyncClient::enroll(house, server.url(), server.enrollmentCode(), "house");
    core::SyncClient c7(w7), c8(w8), cHouse(house);
    const auto pullAll = [&] {
        c7.pullReference();
        c8.pullReference();
        cHouse.pullReference();
    };
    pullAll();
    BOOST_TEST(w7.patient("P-1").has_value());
    BOOST_TEST(!w8.patient("P-1").has_value());
    BOOST_TEST(house.patient("P-1").has_value());
    // Ward 7 records a step for her; it reaches the server.
    test::addRuns(w7, clock, 1, "P-1");
    BOOST_TEST(c7.syncAll().error == "");
    const auto held = server.events();
    BOOST_TEST(held == 5);

    // Moved to ward 8 by the administrator: ward 7's kiosk drops her, ward 8's gets her, her records stay.
    const auto moved = server.admin({"transfer", "P-1", " 8 "});
    BOOST_REQUIRE_MESSAGE(moved.exitCode == 0, moved.err);
    pullAll();
    BOOST_TEST(!w7.patient("P-1").has_value());
    BOOST_REQUIRE(w8.patient("P-1").has_value());
    BOOST_TEST(w8.patient("P-1")->displayName == "Moved, Ann");
    BOOST_TEST(house.patient("P-1").has_value());
    BOOST_TEST(w7.events({}, "P-1").size() == 5u); // what ward 7 recorded for her stays in its record
    BOOST_TEST(server.events() == held);

    // An ADT feed with an integration token admits P-2 to ward 8 and discharges P-1: every kiosk drops P-1.
    const auto issued = server.admin({"integration-token", "adt"});
    BOOST_REQUIRE_EQUAL(issued.exitCode, 0);
    const std::string adt = issued.out.substr(0, issued.out.find('\n'));
    auto r = server.request(
        "POST", "/v1/adt",
        R"({"event":"admit","patient":{"id":"P-2","name":"New, Bo","ward":"8","powerInjectable":true}})", adt);
    BOOST_TEST(r.first == 200, r.second);
    r = server.request("POST", "/v1/adt", R"({"event":"discharge","id":"P-1"})", adt);
    BOOST_TEST(r.first == 200, r.second);
    pullAll();
    BOOST_TEST(!w8.patient("P-1").has_value());
    BOOST_TEST(!house.patient("P-1").has_value());
    BOOST_REQUIRE(w8.patient("P-2").has_value());
    BOOST_TEST(w8.patient("P-2")->powerInjectable);
    BOOST_TEST(!w7.patient("P-2").has_value());
    BOOST_TEST(server.events() == held);
    // A kiosk enrolled after the discharge never gets her; admitted again, she comes back.
    core::EventStore late(dir.file("late.db"), clock);
    core::SyncClient::enroll(late, server.url(), server.enrollmentCode("8"), "8-2");
    core::SyncClient(late).pullReference();
    BOOST_TEST(!late.patient("P-1").has_value());
    BOOST_TEST(late.patient("P-2").has_value());
    r = server.request("POST", "/v1/adt", R"({"event":"transfer","id":"P-1","ward":"8"})", adt);
    BOOST_TEST(r.first == 200, r.second);
    c8.pullReference();
    BOOST_TEST(w8.patient("P-1").has_value());

    // Refused with a sentence: a kiosk's token, an unknown patient, a transfer without a ward, an unknown event.
    r = server.request("POST", "/v1/adt", R"({"event":"discharge","id":"P-2"})", w8.meta("server_token"));
    BOOST_TEST(r.first == 403, r.second);
    r = server.request("POST", "/v1/adt", R"({"event":"discharge","id":"P-9"})", adt);
    BOOST_TEST(r.first == 400);
    BOOST_TEST(r.second.find("No patient \\\"P-9\\\" is known here") != std::string::npos, r.second);
    r = server.request("POST", "/v1/adt", R"({"event":"transfer","id":"P-2","ward":"8;9"})", adt);
    BOOST_TEST(r.first == 400, r.second);
    r = server.request("POST", "/v1/adt", R"({"event":"A13","id":"P-2"})", adt);
    BOOST_TEST(r.second.find("Unknown patient event") != std::string::npos, r.second);
    BOOST_TEST(server.admin({"transfer", "P-9", "8"}).err.find("No patient") != std::string::npos);
    c8.pullReference();
    BOOST_TEST(w8.patient("P-2").has_value()); // nothing refused changed anything
}

BOOST_DATA_TEST_CASE(staff_go_only_to_their_wards_kiosks_and_leave_a_kiosk_when_they_move,
                     boost::unit_test::data::make(kBackends), backend)
{
    test::TempDir dir;
    ServerProcess server(test::serverDatabase(backend, dir));
    const auto add = [&](std::vector<std::string> fields) {
        fields.insert(fields.begin(), {"add", "staff"});
        const auto r = server.admin(fields);
        BOOST_REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    };
    add({"badge=3001", "name=Ward Four", "role=nurse", "pin=135790", "wards=4B"});
    add({"badge=3002", "name=Two Wards", "role=nurse", "pin=246801", "wards=7, 4B"}); // ',' as well as ';'
    add({"badge=3003", "name=House Wide", "role=supervisor", "pin=975310"});          // no wards: every kiosk
    add({"badge=3004", "name=Ward Seven", "role=nurse", "pin=864200", "wards=7"});
    const std::vector<std::string> all{"3001", "3002", "3003", "3004"};

    core::ManualClock clock;
    core::EventStore k4B(dir.file("4b.db"), clock), k7(dir.file("7.db"), clock), k4(dir.file("4.db"), clock),
        anyWard(dir.file("any.db"), clock);
    core::SyncClient::enroll(k4B, server.url(), server.enrollmentCode("4B"), "4B-1");
    core::SyncClient::enroll(k7, server.url(), server.enrollmentCode("7"), "7-1");
    core::SyncClient::enroll(k4, server.url(), server.enrollmentCode("4"), "4-1");       // "4" is not "4B"
    core::SyncClient::enroll(anyWard, server.url(), server.enrollmentCode(), "no ward"); // --all-wards
    // A code for a kiosk that gets every ward's patients and PIN verifiers is asked for by name only.
    const auto neither = server.admin({"enroll-code"});
    BOOST_TEST(neither.exitCode != 0);
    BOOST_TEST(neither.err.find("Say which ward the kiosk serves (--ward 4B)") != std::string::npos, neither.err);
    BOOST_TEST(server.admin({"enroll-code", "--ward", "4B", "--all-wards"}).exitCode != 0);
    BOOST_TEST(server.admin({"enroll-code", "--ward", "4B,7"}).err.find("cannot hold") != std::string::npos);
    BOOST_TEST(server
                   .admin({"enroll-code", "--ward",
                           "4\x1b"
                           "B"})
                   .err.find("cannot hold") != std::string::npos);
    // Spaces around a ward name are not part of it: " 4B" is ward 4B's kiosk, as the patients and staff say.
    core::EventStore spaced(dir.file("spaced.db"), clock);
    core::SyncClient::enroll(spaced, server.url(), server.enrollmentCode(" 4B "), "4B-2");
    core::SyncClient(spaced).pullReference();
    BOOST_TEST(badgesOn(spaced, all) == (std::set<std::string>{"3001", "3002", "3003"}));
    const auto commaWard = server.admin({"add", "patient", "id=P-77", "name=Comma Ward", "ward=Cardiology, North"});
    BOOST_TEST(commaWard.exitCode != 0);
    BOOST_TEST(commaWard.err.find("\"ward\" cannot hold") != std::string::npos, commaWard.err);
    for (auto* k : {&k4B, &k7, &k4, &anyWard})
        core::SyncClient(*k).pullReference();
    BOOST_TEST(badgesOn(k4B, all) == (std::set<std::string>{"3001", "3002", "3003"}));
    BOOST_TEST(badgesOn(k7, all) == (std::set<std::string>{"3002", "3003", "3004"}));
    BOOST_TEST(badgesOn(k4, all) == (std::set<std::string>{"3003"}));
    BOOST_TEST(badgesOn(anyWard, all) == (std::set<std::string>(all.begin(), all.end())));
    // What ward 7's token is sent: nothing of 4B's nurse, not even her badge.
    const auto seven = server.request("GET", "/v1/reference?since=0", "", k7.meta("server_token"));
    BOOST_REQUIRE_EQUAL(seven.first, 200);
    BOOST_TEST(seven.second.find("3001") == std::string::npos, seven.second);
    BOOST_TEST(seven.second.find("Ward Four") == std::string::npos, seven.second);
    const auto staffRecord = server::ServerStore(server.db).reference("staff");
    BOOST_REQUIRE_EQUAL(staffRecord.size(), 4u);
    BOOST_TEST(staffRecord[0].body.find("\"wards\":\"4B\"") != std::string::npos, staffRecord[0].body);
    BOOST_TEST(staffRecord[1].body.find("\"wards\":\"7;4B\"") != std::string::npos, staffRecord[1].body);

    // 3001 moves to ward 7; 3002 leaves 4B; 3003 is given a ward. Each kiosk outside gets the change as a removal.
    const std::string before = k4B.meta("reference_version");
    add({"badge=3001", "name=Ward Four", "role=nurse", "pin=135790", "wards=7"});
    add({"badge=3002", "name=Two Wards", "role=nurse", "pin=246801", "wards=7"});
    add({"badge=3003", "name=House Wide", "role=supervisor", "pin=975310", "wards=4B"});
    for (auto* k : {&k4B, &k7, &k4, &anyWard})
        core::SyncClient(*k).pullReference();
    BOOST_TEST(badgesOn(k4B, all) == (std::set<std::string>{"3003"}));
    BOOST_TEST(badgesOn(k7, all) == (std::set<std::string>{"3001", "3002", "3004"}));
    BOOST_TEST(badgesOn(k4, all).empty());
    BOOST_TEST(badgesOn(anyWard, all) == (std::set<std::string>(all.begin(), all.end())));
    BOOST_TEST(!core::StaffAuth(k4B, clock).signIn("3001", "135790").staff);
    BOOST_TEST(core::StaffAuth(k7, clock).signIn("3001", "135790").staff.has_value());
    // The removal carries the badge and nothing of the verifier.
    const auto removal = server.request("GET", "/v1/reference?since=" + before, "", k4B.meta("server_token"));
    BOOST_REQUIRE_EQUAL(removal.first, 200);
    Poco::JSON::Parser parser;
    const auto changes = parser.parse(removal.second).extract<Poco::JSON::Object::Ptr>()->getArray("changes");
    BOOST_REQUIRE_EQUAL(changes->size(), 3u);
    const auto first = changes->getObject(0)->getObject("body");
    BOOST_TEST(first->getValue<std::string>("badge") == "3001");
    BOOST_TEST(first->getValue<bool>("removed"));
    BOOST_TEST(first->size() == 2u);
    BOOST_TEST(removal.second.find("pinHash") == removal.second.rfind("pinHash"), removal.second); // 3003's only
}

BOOST_AUTO_TEST_CASE(a_short_or_non_digit_pin_is_refused_wherever_pins_are_set)
{
    test::TempDir dir;
    ServerProcess server("sqlite:" + dir.file("server.db"));
    const auto shortPin = server.admin({"add", "staff", "badge=3001", "name=A", "role=nurse", "pin=1234"});
    BOOST_TEST(shortPin.exitCode != 0);
    BOOST_TEST(shortPin.err.find("\"pin\": A PIN must be at least 6 digits (this one has 4)") != std::string::npos,
               shortPin.err);
    const auto letters = server.admin({"add", "staff", "badge=3001", "name=A", "role=nurse", "pin=12345a"});
    BOOST_TEST(letters.err.find("digits only") != std::string::npos, letters.err);
    const auto put =
        server.admin({"put", "staff", "3001", R"({"badge":"3001","name":"A","role":"nurse","pin":"2468"})"});
    BOOST_TEST(put.err.find("at least 6 digits") != std::string::npos, put.err);
    {
        std::ofstream csv(dir.file("staff.csv"));
        csv << "badge,name,role,pin\n3002,Ok Person,nurse,246813\n3003,Short Pin,nurse,13579\n";
    }
    const auto import = server.admin({"import", "staff", dir.file("staff.csv")});
    BOOST_TEST(import.exitCode != 0);
    BOOST_TEST(import.err.find("CSV line 3: The field \"pin\": A PIN must be at least 6 digits") != std::string::npos,
               import.err);
    // A verifier from elsewhere whose check would stall every kiosk's sign-in.
    const auto slow = server.admin({"put", "staff", "3004",
                                    R"({"badge":"3004","name":"A","role":"nurse","pinHash":"00","salt":"00",)"
                                    R"("iterations":2000000000})"});
    BOOST_TEST(slow.err.find("\"iterations\" from 10000 to") != std::string::npos, slow.err);
    // A verifier that no PIN could ever match (the staff member locked out and nobody told why).
    const auto garbage = server.admin({"put", "staff", "3004",
                                       R"({"badge":"3004","name":"A","role":"nurse","pinHash":"not-a-hash",)"
                                       R"("salt":"0123456789abcdef","iterations":600000})"});
    BOOST_TEST(garbage.err.find("\"pinHash\" must be 64 lower-case hex digits") != std::string::npos, garbage.err);
    const auto noSalt = server.admin({"put", "staff", "3004",
                                      R"({"badge":"3004","name":"A","role":"nurse","pinHash":")" +
                                          std::string(64, 'a') + R"(","salt":"a b c d e f","iterations":600000})"});
    BOOST_TEST(noSalt.err.find("\"salt\" must be 8 to 128 printable") != std::string::npos, noSalt.err);
    BOOST_TEST(server::ServerStore(server.db).reference("staff").empty()); // nothing of any of that

    // The site's own minimum, from its settings file.
    {
        std::ofstream site(dir.file("site.properties"));
        site << "staff.min_pin_length = 8\n";
    }
    const auto seven = server.admin({"add", "staff", "badge=3005", "name=A", "role=nurse", "pin=1234567", "--settings",
                                     dir.file("site.properties")});
    BOOST_TEST(seven.err.find("at least 8 digits") != std::string::npos, seven.err);
    const auto missing = server.admin(
        {"add", "staff", "badge=3005", "name=A", "role=nurse", "pin=12345678", "--settings", dir.file("nowhere")});
    BOOST_TEST(missing.err.find("cannot be read") != std::string::npos, missing.err);
    const auto eight = server.admin({"add", "staff", "badge=3005", "name=A", "role=nurse", "pin=12345678", "--settings",
                                     dir.file("site.properties")});
    BOOST_TEST(eight.exitCode == 0, eight.err);
    const auto stored = server::ServerStore(server.db).reference("staff");
    BOOST_REQUIRE_EQUAL(stored.size(), 1u);
    BOOST_TEST(stored[0].body.find("12345678") == std::string::npos);
    BOOST_TEST(stored[0].body.find("\"iterations\":" + std::to_string(core::StaffAuth::kIterations)) !=
                   std::string::npos,
               stored[0].body);
}

BOOST_AUTO_TEST_CASE(the_server_database_file_is_the_servers_alone)
{
    test::TempDir dir;
    {
        const server::ServerStore store("sqlite:" + dir.file("srv/portside-server.db"));
    }
    struct stat st {};
    BOOST_REQUIRE(::stat(dir.file("srv/portside-server.db").c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 0777) == 0600u); // staff PIN verifiers and patients' records
    BOOST_REQUIRE(::stat(dir.file("srv").c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 0777) == 0700u);
}

BOOST_AUTO_TEST_CASE(a_kiosk_pinned_to_the_site_ca_refuses_a_server_with_another_certificate)
{
    test::TempDir dir;
    BOOST_REQUIRE_EQUAL(test::runProcess(PORTSIDE_SOURCE_DIR "/tools/dev-ca", {dir.file("site")}).exitCode, 0);
    BOOST_REQUIRE_EQUAL(test::runProcess(PORTSIDE_SOURCE_DIR "/tools/dev-ca", {dir.file("other")}).exitCode, 0);
    const auto pem = [&](const std::string& file) {
        std::ifstream in(dir.file(file));
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    };
    // A key that is not the certificate's, or one missing: the server does not start (it used to say "listening
    // on https" and fail at every kiosk's handshake).
    for (const auto& key : {dir.file("other/server.key"), dir.file("nowhere.key")}) {
        const auto r =
            test::runProcess(PORTSIDE_SERVER, {"--db", "sqlite:" + dir.file("bad.db"), "--listen", "127.0.0.1:0",
                                               "--tls-cert", dir.file("site/server.pem"), "--tls-key", key});
        BOOST_TEST(r.exitCode != 0);
        BOOST_TEST(r.out.find("listening") == std::string::npos, r.out);
        BOOST_TEST((r.err.find("does not belong to the certificate") != std::string::npos ||
                    r.err.find("cannot be read") != std::string::npos),
                   r.err);
    }
    ServerProcess site("sqlite:" + dir.file("site.db"),
                       {"--tls-cert", dir.file("site/server.pem"), "--tls-key", dir.file("site/server.key")});
    ServerProcess impostor("sqlite:" + dir.file("impostor.db"),
                           {"--tls-cert", dir.file("other/server.pem"), "--tls-key", dir.file("other/server.key")});
    BOOST_REQUIRE_EQUAL(site.scheme, "https");
    core::ManualClock clock;
    core::EventStore store(dir.file("kiosk.db"), clock);
    BOOST_CHECK_EXCEPTION(
        core::SyncClient::enroll(store, impostor.url(), impostor.enrollmentCode(), "kiosk", pem("site/ca.pem")),
        std::runtime_error, [](const std::runtime_error& e) {
            BOOST_TEST_MESSAGE(e.what());
            return std::string(e.what()).find("cannot be reached safely") != std::string::npos;
        });
    BOOST_TEST(store.meta("server_token") == "");
    core::SyncClient::enroll(store, site.url(), site.enrollmentCode(), "kiosk", pem("site/ca.pem"));
    test::addRuns(store, clock, 1);
    core::SyncClient client(store);
    BOOST_TEST(client.syncAll().acked == 5u);
    // The impostor takes over the address: nothing is sent, nothing is lost.
    test::addRuns(store, clock, 1);
    store.setMeta("server_url", impostor.url());
    const auto r = client.syncAll();
    BOOST_TEST(r.acked == 0u);
    BOOST_TEST(r.error.find("cannot be reached") != std::string::npos, r.error);
    BOOST_TEST(store.pendingCount() == 5);
}

BOOST_AUTO_TEST_SUITE_END()
