#define BOOST_TEST_MODULE portside - cli
#include <boost/test/unit_test.hpp>

#include "KioskRuns.h"
#include "RunProcess.h"
#include "TempDir.h"

#include <fstream>
#include <map>
#include <sstream>

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "portside/core/DemoData.h"
#include "portside/core/EventStore.h"
#include "portside/core/RunRecorder.h"
#include "portside/core/Text.h"
#include "portside/devices/FrameDecoder.h"
#include "portside/sdk/Version.h"

#include <Poco/File.h>

#include <sys/stat.h>

using namespace portside;

namespace {

test::ProcessResult cli(const std::vector<std::string>& args)
{
    static test::TempDir data;
    return test::runProcess(PORTSIDE_CLI, args, "", {{"PORTSIDE_DATA_DIR", data.path()}});
}

Poco::JSON::Array::Ptr parseArray(const std::string& text)
{
    Poco::JSON::Parser parser;
    return parser.parse(text).extract<Poco::JSON::Array::Ptr>();
}

} // namespace

BOOST_AUTO_TEST_SUITE(plugin_list)

BOOST_AUTO_TEST_CASE(json_lists_port_access_with_its_version)
{
    const auto r = cli({"plugin", "list", "--json"});
    BOOST_TEST(r.exitCode == 0, r.err);
    const auto rows = parseArray(r.out);
    BOOST_REQUIRE_EQUAL(rows->size(), 9u); // five checklists, three scanners (USB, image folder, camera), one sync
    Poco::JSON::Object::Ptr row;
    for (std::size_t i = 0; i < rows->size(); ++i)
        if (rows->getObject(static_cast<unsigned>(i))->getValue<std::string>("id") == "port-access")
            row = rows->getObject(static_cast<unsigned>(i));
    BOOST_REQUIRE(row);
    BOOST_TEST(row->getValue<std::string>("version") == "2.0.0");
    BOOST_TEST(row->getValue<std::string>("kind") == "checklist");
    BOOST_TEST(row->getValue<std::string>("status") == "started");
    BOOST_TEST(row->getValue<std::string>("sdk") == PORTSIDE_SDK_VERSION);
    BOOST_TEST(row->getValue<std::string>("file").find("lib/portside/plugins/port-access.so") != std::string::npos);
    BOOST_TEST(!row->has("error"));
}

BOOST_AUTO_TEST_CASE(a_failed_plugin_is_listed_with_its_error_and_exit_1)
{
    const auto r = cli({"plugin", "list", "--dir", std::string(PORTSIDE_TEST_MODULES) + "/no-manifest", "--json"});
    BOOST_TEST(r.exitCode == 1);
    const auto rows = parseArray(r.out);
    BOOST_REQUIRE_EQUAL(rows->size(), 1u);
    const auto row = rows->getObject(0);
    BOOST_TEST(row->getValue<std::string>("status") == "failed");
    BOOST_TEST(row->getValue<std::string>("error").find("no-manifest.so: the library has no plugin manifest") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_table_names_each_plugin)
{
    const auto r = cli({"plugin", "list"});
    BOOST_TEST(r.exitCode == 0);
    BOOST_TEST(r.out.find("port-access") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("2.0.0") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("blood-sampling") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(an_empty_folder_says_where_it_looked)
{
    test::TempDir empty;
    const auto r = cli({"plugin", "list", "--dir", empty.path()});
    BOOST_TEST(r.exitCode == 0);
    BOOST_TEST(r.out.find("No plugins found in: " + empty.path()) != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(wrong_words_get_usage_and_exit_2)
{
    BOOST_TEST(cli({"plugin", "lsit"}).exitCode == 2);
    BOOST_TEST(cli({"plugin", "list", "--dir"}).err.find("--dir needs a value") != std::string::npos);
    BOOST_TEST(cli({"frobnicate"}).exitCode == 2);
    BOOST_TEST(cli({"plugin", "list", "--bogus"}).err.find("Unknown argument \"--bogus\"") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

/// A store with one finished three-step run for patient p1 and a note for p2.
std::string makeStore(const test::TempDir& dir)
{
    const std::string path = dir.file("kiosk.db");
    core::ManualClock clock;
    core::EventStore store(path, clock);
    core::RunRecorder recorder(store);
    const auto d = test::threeStepChecklist();
    sdk::PatientContext p1;
    p1.id = "p1";
    core::ChecklistRun run(d, p1, clock);
    recorder.start(run, "1001");
    for (int i = 0; i < 3; ++i)
        run.confirm({});
    core::NewEvent other;
    other.type = "note";
    other.patient = "p2";
    store.append({other});
    return path;
}

void tamper(const std::string& path, const std::string& sql)
{
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::Session s("SQLite", path);
    s << sql, Poco::Data::Keywords::now;
}

} // namespace

BOOST_AUTO_TEST_SUITE(audit_and_records)

BOOST_AUTO_TEST_CASE(audit_verify_passes_an_intact_store)
{
    test::TempDir dir;
    const auto path = makeStore(dir);
    const auto r = cli({"audit", "verify", "--db", path});
    BOOST_TEST(r.exitCode == 0, r.err);
    BOOST_TEST(r.out == "Audit chain intact: 6 events in " + path + ".\n");
}

BOOST_AUTO_TEST_CASE(the_tools_that_look_at_a_record_change_nothing_and_refuse_what_is_not_one)
{
    test::TempDir dir;
    auto look = [&](const std::string& db) {
        return std::vector<test::ProcessResult>{cli({"audit", "verify", "--db", db}),
                                                cli({"records", "list", "--patient", "p1", "--db", db}),
                                                cli({"sync", "status", "--db", db})};
    };
    // An empty file is not made into a new store with a new device id (it used to say "intact: 0 events").
    const std::string empty = dir.file("empty.db");
    std::ofstream{empty};
    for (const auto& r : look(empty)) {
        BOOST_TEST(r.exitCode != 0);
        BOOST_TEST(r.err.find("is empty: it is not a Portside record store. Nothing was changed.") != std::string::npos,
                   r.err);
    }
    BOOST_TEST(Poco::File(empty).getSize() == 0u);
    // Another kind of file is refused the same way, and left as it was.
    const std::string notes = dir.file("notes.db");
    std::ofstream(notes) << "Shopping: milk, bread\n";
    for (const auto& r : look(notes)) {
        BOOST_TEST(r.exitCode != 0);
        BOOST_TEST(r.err.find(notes) != std::string::npos, r.err);
    }
    BOOST_TEST(Poco::File(notes).getSize() == 22u);
    // A real record: read, and not a byte of it written.
    const auto path = makeStore(dir);
    auto bytes = [](const std::string& file) {
        std::ifstream in(file, std::ios::binary);
        return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    };
    const std::string before = bytes(path);
    const auto results = look(path);
    BOOST_TEST(results[0].exitCode == 0, results[0].err);
    BOOST_TEST(results[1].exitCode == 0, results[1].err);
    BOOST_TEST(results[2].exitCode == 0, results[2].err);
    BOOST_TEST(results[0].out.find("Audit chain intact: 6 events") != std::string::npos);
    BOOST_TEST((bytes(path) == before));
    // A record of an older schema is read through a private copy: the file keeps its schema.
    tamper(path, "DROP INDEX outbox_state");
    tamper(path, "PRAGMA user_version = 4");
    const std::string older = bytes(path);
    BOOST_TEST(cli({"audit", "verify", "--db", path}).exitCode == 0);
    BOOST_TEST((bytes(path) == older));
    // And no store is made where there was none.
    BOOST_TEST(cli({"audit", "verify", "--db", dir.file("none.db")}).exitCode != 0);
    BOOST_TEST(!Poco::File(dir.file("none.db")).exists());
}

BOOST_AUTO_TEST_CASE(audit_verify_names_an_edited_event)
{
    test::TempDir dir;
    const auto path = makeStore(dir);
    tamper(path, "UPDATE events SET payload = replace(payload, '\"step\":\"b\"', '\"step\":\"x\"') WHERE seq = 3");
    const auto r = cli({"audit", "verify", "--db", path, "--json"});
    BOOST_TEST(r.exitCode == 1);
    Poco::JSON::Parser parser;
    const auto o = parser.parse(r.out).extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(!o->getValue<bool>("ok"));
    BOOST_TEST(o->getValue<int>("brokenAt") == 3);
    BOOST_TEST(o->getValue<std::string>("problem").find("changed after it was recorded") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(audit_verify_names_a_deleted_event)
{
    test::TempDir dir;
    const auto path = makeStore(dir);
    tamper(path, "PRAGMA foreign_keys=OFF; DELETE FROM events WHERE seq = 2");
    const auto r = cli({"audit", "verify", "--db", path});
    BOOST_TEST(r.exitCode == 1);
    BOOST_TEST(r.out.find("Audit chain BROKEN") == 0u, r.out);
    BOOST_TEST(r.out.find("events 2 to 2 are missing") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(records_list_shows_one_patients_events_and_changes_nothing)
{
    test::TempDir dir;
    const auto path = makeStore(dir);
    const auto r = cli({"records", "list", "--patient", "p1", "--db", path, "--json"});
    BOOST_TEST(r.exitCode == 0, r.err);
    const auto rows = parseArray(r.out);
    BOOST_REQUIRE_EQUAL(rows->size(), 5u);
    BOOST_TEST(rows->getObject(0)->getValue<std::string>("type") == "run-started");
    BOOST_TEST(rows->getObject(2)->getObject("payload")->getValue<std::string>("step") == "b");
    BOOST_TEST(rows->getObject(4)->getValue<std::string>("type") == "run-finished");
    for (std::size_t i = 0; i < rows->size(); ++i)
        BOOST_TEST(rows->getObject(static_cast<unsigned>(i))->getValue<std::string>("patient") == "p1");
    BOOST_TEST(cli({"audit", "verify", "--db", path}).exitCode == 0);
}

BOOST_AUTO_TEST_CASE(records_list_without_a_store_says_where_it_looked)
{
    test::TempDir dir;
    const auto r = cli({"records", "list", "--patient", "p1", "--db", dir.file("missing.db")});
    BOOST_TEST(r.exitCode == 3); // the store cannot be reached
    BOOST_TEST(r.err.find("There is no record store at " + dir.file("missing.db")) != std::string::npos, r.err);
    BOOST_TEST(cli({"records", "list", "--db", dir.file("missing.db")}).err.find("needs --patient") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(sync_status_of_a_missing_record_says_so_and_creates_nothing)
{
    test::TempDir dir;
    const auto r = cli({"sync", "status", "--db", dir.file("none.db")});
    BOOST_TEST(r.exitCode != 0);
    BOOST_TEST(r.err.find("There is no record store at") != std::string::npos, r.err);
    BOOST_TEST(!Poco::File(dir.file("none.db")).exists());
}

BOOST_AUTO_TEST_CASE(sync_now_fails_when_the_server_cannot_be_reached)
{
    test::TempDir dir;
    {
        core::ManualClock clock;
        core::EventStore store(dir.file("kiosk.db"), clock);
        store.setMeta("server_url", "http://127.0.0.1:9"); // discard: nobody answers
        store.setMeta("server_token", "token");
    }
    const auto r = cli({"sync", "now", "--db", dir.file("kiosk.db")});
    BOOST_TEST(r.exitCode == 3, r.out << r.err); // the server cannot be reached
    BOOST_TEST(r.out.find("cannot be reached") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(plugin_packages)

BOOST_AUTO_TEST_CASE(a_builder_makes_a_key_packs_and_signs_and_a_site_verifies_with_the_public_key_only)
{
    test::TempDir dir;
    const auto keygen = cli({"plugin", "keygen", "--out", dir.file("builder")});
    BOOST_REQUIRE_MESSAGE(keygen.exitCode == 0, keygen.err);
    BOOST_TEST((Poco::File(dir.file("builder.key.pem")).exists() && Poco::File(dir.file("builder.pub.pem")).exists()));
    struct stat st {};
    BOOST_REQUIRE(::stat(dir.file("builder.key.pem").c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 0777) == 0600u); // the private key is its owner's only
    const auto again = cli({"plugin", "keygen", "--out", dir.file("builder")});
    BOOST_TEST(again.exitCode != 0);
    BOOST_TEST(again.err.find("never overwritten") != std::string::npos, again.err);

    // The plugin's folder: its manifest and its module.
    Poco::File(dir.file("wound-check")).createDirectories();
    std::ofstream(dir.file("wound-check/manifest.json"))
        << R"({"id":"wound-check","version":"1.0.0","kind":"checklist","sdk":")" PORTSIDE_SDK_VERSION
           R"(","library":"wound-check.so"})";
    Poco::File(std::string(PORTSIDE_PLUGIN_DIR) + "/port-access.so").copyTo(dir.file("wound-check/wound-check.so"));
    const auto pack = cli({"plugin", "pack", dir.file("wound-check"), "--key", dir.file("builder.key.pem"), "--out",
                           dir.file("wound-check.zip")});
    BOOST_REQUIRE_MESSAGE(pack.exitCode == 0, pack.err);

    const auto ok = cli({"plugin", "verify", dir.file("wound-check.zip"), "--trust", dir.file("builder.pub.pem")});
    BOOST_TEST(ok.exitCode == 0, ok.err);
    BOOST_TEST(ok.out.find("wound-check 1.0.0 (checklist), signed by trusted key") != std::string::npos, ok.out);

    // Another site's key: refused, and said why, in JSON too.
    BOOST_REQUIRE_EQUAL(cli({"plugin", "keygen", "--out", dir.file("site")}).exitCode, 0);
    const auto refused =
        cli({"plugin", "verify", dir.file("wound-check.zip"), "--trust", dir.file("site.pub.pem"), "--json"});
    BOOST_TEST(refused.exitCode == 1);
    Poco::JSON::Parser parser;
    const auto row = parser.parse(refused.out).extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(!row->getValue<bool>("verified"));
    BOOST_TEST(row->getValue<std::string>("error").find("does not trust") != std::string::npos);

    // The site signs again what it checked: its own key then suffices.
    const auto sign = cli({"plugin", "sign", dir.file("wound-check.zip"), "--key", dir.file("site.key.pem"), "--trust",
                           dir.file("builder.pub.pem"), "--out", dir.file("site-wound-check.zip")});
    BOOST_REQUIRE_MESSAGE(sign.exitCode == 0, sign.err);
    BOOST_TEST(
        cli({"plugin", "verify", dir.file("site-wound-check.zip"), "--trust", dir.file("site.pub.pem")}).exitCode == 0);

    // One byte of the module changed in the package: refused.
    std::string bytes;
    {
        std::ifstream in(dir.file("wound-check.zip"), std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    bytes[bytes.size() / 2] ^= 0x01;
    std::ofstream(dir.file("changed.zip"), std::ios::binary) << bytes;
    const auto changed = cli({"plugin", "verify", dir.file("changed.zip"), "--trust", dir.file("builder.pub.pem")});
    BOOST_TEST(changed.exitCode == 1);
    BOOST_TEST(changed.out.find("is refused") != std::string::npos, changed.out);

    // Installing: the package above says wound-check, but its module is port-access: refused, nothing kept.
    const auto lie = cli({"plugin", "install", dir.file("wound-check.zip"), "--trust", dir.file("builder.pub.pem"),
                          "--root", dir.file("plugins")});
    BOOST_TEST(lie.exitCode == 1);
    BOOST_TEST(lie.out.find("its module is port-access") != std::string::npos, lie.out);
    BOOST_TEST(cli({"plugin", "installed", "--root", dir.file("plugins")}).out.empty());
    // A plugin that came with Portside is not a package's to replace, even signed by a trusted key.
    Poco::File(dir.file("port-access")).createDirectories();
    std::ofstream(dir.file("port-access/manifest.json"))
        << R"({"id":"port-access","version":"2.0.0","kind":"checklist","sdk":")" PORTSIDE_SDK_VERSION
           R"(","library":"port-access.so"})";
    Poco::File(std::string(PORTSIDE_PLUGIN_DIR) + "/port-access.so").copyTo(dir.file("port-access/port-access.so"));
    BOOST_REQUIRE_EQUAL(cli({"plugin", "pack", dir.file("port-access"), "--key", dir.file("builder.key.pem"), "--out",
                             dir.file("port-access.zip")})
                            .exitCode,
                        0);
    const auto bundled = cli({"plugin", "install", dir.file("port-access.zip"), "--trust", dir.file("builder.pub.pem"),
                              "--root", dir.file("plugins")});
    BOOST_TEST(bundled.exitCode == 1);
    BOOST_TEST(bundled.out.find("came with Portside") != std::string::npos, bundled.out);
    // A third party's plugin installs, pending until the kiosk's next start; then it is removed again.
    Poco::File(dir.file("wound")).createDirectories();
    std::ofstream(dir.file("wound/manifest.json"))
        << R"({"id":"wound-check","version":"1.0.0","kind":"checklist","sdk":")" PORTSIDE_SDK_VERSION
           R"(","library":"wound-check.so"})";
    Poco::File(std::string(PORTSIDE_TEST_MODULES) + "/wound-1.0.0/wound-check.so")
        .copyTo(dir.file("wound/wound-check.so"));
    BOOST_REQUIRE_EQUAL(
        cli({"plugin", "pack", dir.file("wound"), "--key", dir.file("builder.key.pem"), "--out", dir.file("wound.zip")})
            .exitCode,
        0);
    const auto install = cli({"plugin", "install", dir.file("wound.zip"), "--trust", dir.file("builder.pub.pem"),
                              "--root", dir.file("plugins")});
    BOOST_TEST(install.exitCode == 0, install.out << install.err);
    BOOST_TEST(install.out.find("Installed wound-check 1.0.0") != std::string::npos, install.out);
    const auto listed = cli({"plugin", "installed", "--root", dir.file("plugins")});
    BOOST_TEST(listed.out.find("wound-check: active -, 1.0.0 at the next start") != std::string::npos, listed.out);
    BOOST_TEST(cli({"plugin", "rollback", "wound-check", "--root", dir.file("plugins")}).exitCode == 1); // none before
    BOOST_TEST(cli({"plugin", "remove", "wound-check", "--root", dir.file("plugins")}).exitCode == 0);
    // A private key given as a trusted one is refused, with what to do.
    const auto secret = cli({"plugin", "verify", dir.file("wound.zip"), "--trust", dir.file("builder.key.pem")});
    BOOST_TEST(secret.exitCode != 0);
    BOOST_TEST(secret.err.find("holds a private key") != std::string::npos, secret.err);

    // The site's own trusted keys (plugins.trusted_keys in its settings) count without --trust.
    test::TempDir data;
    const std::map<std::string, std::string> env{{"PORTSIDE_DATA_DIR", data.path()}};
    std::ofstream(data.file("site.properties")) << "plugins.trusted_keys = " << dir.file("builder.pub.pem") << "\n";
    const auto keys = test::runProcess(PORTSIDE_CLI, {"plugin", "keys"}, "", env);
    BOOST_TEST(keys.out.find(" builder ") != std::string::npos, keys.out);
    const auto trusted = test::runProcess(PORTSIDE_CLI, {"plugin", "install", dir.file("wound.zip")}, "", env);
    BOOST_TEST(trusted.exitCode == 0, trusted.out << trusted.err);
    BOOST_TEST(trusted.out.find("signed by builder (") != std::string::npos, trusted.out);
    BOOST_TEST(test::runProcess(PORTSIDE_CLI, {"plugin", "disable", "wound-check"}, "", env).exitCode == 0);
    BOOST_TEST(test::runProcess(PORTSIDE_CLI, {"plugin", "installed"}, "", env).out.find(", disabled") !=
               std::string::npos);
    BOOST_TEST(test::runProcess(PORTSIDE_CLI, {"plugin", "install", dir.file("changed.zip")}, "", env).exitCode == 1);
    // Each change is in the kiosk's record, with the system user who made it.
    core::ManualClock clock;
    core::EventStore store(data.file("kiosk.db"), clock);
    std::vector<std::string> types;
    for (const auto& e : store.events()) {
        types.push_back(e.type);
        BOOST_TEST(e.staff.rfind("system:", 0) == 0u, e.staff);
    }
    BOOST_TEST((types == std::vector<std::string>{"plugin-installed", "plugin-disabled", "plugin-refused"}));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(scan_parse)

BOOST_AUTO_TEST_CASE(every_shared_scan_vector_parses_as_expected)
{
    // Each line: scan <TAB> the fields the JSON must have, with these values. {GS} is byte 0x1D.
    std::ifstream vectors(SCAN_VECTORS);
    BOOST_REQUIRE_MESSAGE(vectors, "cannot read " SCAN_VECTORS);
    std::vector<std::pair<std::string, std::string>> cases;
    for (std::string line; std::getline(vectors, line);) {
        if (line.empty() || line[0] == '#')
            continue;
        const auto tab = line.find('\t');
        BOOST_REQUIRE(tab != std::string::npos);
        std::string scan = line.substr(0, tab);
        for (std::size_t p; (p = scan.find("{GS}")) != std::string::npos;)
            scan.replace(p, 4, "\x1d");
        cases.emplace_back(scan, line.substr(tab + 1));
    }
    BOOST_REQUIRE_GE(cases.size(), 11u);
    std::string input;
    for (const auto& c : cases)
        input += c.first + "\n";
    const auto r = test::runProcess(PORTSIDE_CLI, {"scan", "parse"}, input);
    BOOST_TEST(r.exitCode == 0, r.err);
    std::istringstream lines(r.out);
    Poco::JSON::Parser parser;
    for (const auto& [scan, expectedText] : cases) {
        std::string line;
        BOOST_REQUIRE(std::getline(lines, line));
        parser.reset();
        const auto got = parser.parse(line).extract<Poco::JSON::Object::Ptr>();
        parser.reset();
        const auto expected = parser.parse(expectedText).extract<Poco::JSON::Object::Ptr>();
        for (const auto& [key, value] : *expected) {
            BOOST_TEST_CONTEXT("scan " << scan << " field " << key << " -> " << line)
            {
                BOOST_REQUIRE(got->has(key));
                BOOST_TEST(got->get(key).toString() == value.toString());
            }
        }
        if (!got->getValue<bool>("ok"))
            BOOST_TEST(!got->getValue<std::string>("error").empty());
    }
    BOOST_TEST(!std::getline(lines, input)); // one line out per line in
}

BOOST_AUTO_TEST_CASE(composites_coupons_and_refusals_from_the_dictionary_come_out_as_json)
{
    // A composite (EAN-13 + CC, General Specifications 5.11), a coupon (valid, not a product: no GTIN), and three
    // refusals the GS1 Barcode Syntax Dictionary asks for (an invalid pair, a missing requisite, a key qualifier in a
    // Digital Link query), each a JSON line a strict parser reads, the refusals naming the AIs.
    const auto r = test::runProcess(PORTSIDE_CLI, {"scan", "parse"},
                                    "]E09506000134352]e01726123110ABC\n"
                                    "(8110)095060012345615110123\n"
                                    "(8017)950600013435200008(8018)950600013435200008\n"
                                    "]C121SER1\n"
                                    "https://id.gs1.org/01/09506000134352?10=ABC\n");
    BOOST_TEST(r.exitCode == 0, r.err);
    std::istringstream lines(r.out);
    std::vector<Poco::JSON::Object::Ptr> out;
    Poco::JSON::Parser parser;
    for (std::string line; std::getline(lines, line);) {
        parser.reset();
        out.push_back(parser.parse(line).extract<Poco::JSON::Object::Ptr>());
    }
    BOOST_REQUIRE_EQUAL(out.size(), 5u);
    BOOST_TEST(out[0]->getValue<bool>("ok"));
    BOOST_TEST(out[0]->getValue<std::string>("gtin") == "09506000134352");
    BOOST_TEST(out[0]->getValue<std::string>("expiry") == "2026-12-31");
    BOOST_TEST(out[1]->getValue<bool>("ok"));
    BOOST_TEST(!out[1]->has("gtin"));
    BOOST_TEST(!out[2]->getValue<bool>("ok"));
    BOOST_TEST(out[2]->getValue<std::string>("error").find("cannot be in the same barcode") != std::string::npos);
    BOOST_TEST(out[3]->getValue<std::string>("error").find("(21) is only valid with (01) GTIN") != std::string::npos);
    BOOST_TEST(out[4]->getValue<std::string>("error").find("belongs in the path") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_empty_input_gives_no_output_and_exit_0)
{
    const auto r = test::runProcess(PORTSIDE_CLI, {"scan", "parse"}, "");
    BOOST_TEST(r.exitCode == 0);
    BOOST_TEST(r.out == "");
}

BOOST_AUTO_TEST_CASE(binary_garbage_gets_a_sentence_not_a_crash)
{
    std::string garbage = "]d2";
    for (int i = 1; i < 256; ++i)
        if (i != '\n')
            garbage += static_cast<char>(i);
    const auto r = test::runProcess(PORTSIDE_CLI, {"scan", "parse"}, garbage + "\n+\n]C1\x1d\x1d\n");
    BOOST_TEST(r.exitCode == 0);
    std::istringstream lines(r.out);
    int n = 0;
    for (std::string line; std::getline(lines, line); ++n)
        BOOST_TEST(line.find("{\"ok\":false,\"error\":\"") == 0u, line);
    BOOST_TEST(n == 3);
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

/// Makes a barcode image with zint (a real encoder, independent of ZXing) and returns its path.
std::string zint(const test::TempDir& dir, const std::string& name, const std::vector<std::string>& args)
{
    const std::string out = dir.file(name + ".png");
    std::vector<std::string> all = args;
    all.insert(all.end(), {"--scale=3", "--whitesp=4", "--vwhitesp=4", "-o", out});
    const auto r = test::runProcess("/usr/bin/zint", all);
    BOOST_REQUIRE_MESSAGE(r.exitCode == 0, "zint failed: " << r.err);
    return out;
}

/// Pastes an image into a white 1280x720 frame at (x, y) and saves it as a binary PGM.
std::string frameWith(const test::TempDir& dir, const std::string& image, int x, int y)
{
    const auto symbol = devices::loadImage(image);
    devices::GrayImage frame{1280, 720, std::vector<std::uint8_t>(1280 * 720, 255)};
    for (int r = 0; r < symbol.height && y + r < 720; ++r)
        for (int c = 0; c < symbol.width && x + c < 1280; ++c)
            frame.pixels[static_cast<std::size_t>(y + r) * 1280 + x + c] =
                symbol.pixels[static_cast<std::size_t>(r) * symbol.width + c];
    const std::string out = dir.file("frame.pgm");
    std::ofstream pgm(out, std::ios::binary);
    pgm << "P5\n1280 720\n255\n";
    pgm.write(reinterpret_cast<const char*>(frame.pixels.data()), static_cast<std::streamsize>(frame.pixels.size()));
    return out;
}

Poco::JSON::Object::Ptr decodeOne(const std::string& image)
{
    const auto r = cli({"scan", "decode", image});
    BOOST_TEST(r.exitCode == 0, r.out << r.err);
    Poco::JSON::Parser parser;
    return parser.parse(r.out.substr(0, r.out.find('\n'))).extract<Poco::JSON::Object::Ptr>();
}

} // namespace

BOOST_AUTO_TEST_SUITE(scan_decode)

BOOST_AUTO_TEST_CASE(gs1_datamatrix_is_found_with_its_symbology_and_separators)
{
    test::TempDir dir;
    const auto o =
        decodeOne(zint(dir, "dm", {"-b", "71", "--gs1", "-d", "[01]09506000134352[17]251231[10]AB-1/2[21]S9"}));
    BOOST_TEST(o->getValue<std::string>("format") == "DataMatrix");
    BOOST_TEST(o->getValue<std::string>("symbology") == "]d2");
    BOOST_TEST(o->getValue<std::string>("lot") == "AB-1/2");
    BOOST_TEST(o->getValue<std::string>("serial") == "S9");
    BOOST_TEST(o->getValue<std::string>("expiry") == "2025-12-31");
}

BOOST_AUTO_TEST_CASE(gs1_128_is_found)
{
    test::TempDir dir;
    const auto o = decodeOne(zint(dir, "gs1128", {"-b", "16", "-d", "[01]09506003001002[17]271231[10]LOT42"}));
    BOOST_TEST(o->getValue<std::string>("symbology") == "]C1");
    BOOST_TEST(o->getValue<std::string>("gtin") == "09506003001002");
    BOOST_TEST(o->getValue<std::string>("lot") == "LOT42");
}

BOOST_AUTO_TEST_CASE(hibc_code_128_and_code_39_are_found)
{
    test::TempDir dir;
    const auto c128 = decodeOne(zint(dir, "hibc128", {"-b", "98", "-d", "H123HN22251/$$3271231LOT9"}));
    BOOST_TEST(c128->getValue<std::string>("scheme") == "hibc");
    BOOST_TEST(c128->getValue<std::string>("pcn") == "HN2225");
    BOOST_TEST(c128->getValue<std::string>("expiry") == "2027-12-31");
    BOOST_TEST(c128->getValue<std::string>("lot") == "LOT9");
    const auto c39 = decodeOne(zint(dir, "hibc39", {"-b", "99", "-d", "H123HN22251"}));
    BOOST_TEST(c39->getValue<std::string>("format") == "Code39");
    BOOST_TEST(c39->getValue<std::string>("lic") == "H123");
}

BOOST_AUTO_TEST_CASE(a_datamatrix_far_off_the_centre_line_is_found)
{
    test::TempDir dir;
    const auto symbol = zint(dir, "dm", {"-b", "71", "--gs1", "-d", "[01]09506001002216[17]271231[10]FAR1"});
    const auto frame = frameWith(dir, symbol, 60, 30); // top-left corner of a 1280x720 frame
    const auto o = decodeOne(frame);
    BOOST_TEST(o->getValue<bool>("ok"));
    BOOST_TEST(o->getValue<std::string>("lot") == "FAR1");
    BOOST_TEST(o->getValue<int>("y") < 200);
    // What the decoder adds: ZXing on the whole frame alone (Debian's 1.4) does not see it.
    const auto image = devices::loadImage(frame);
    BOOST_TEST_MESSAGE("symbols found by the frame decoder: " << devices::FrameDecoder().decode(image).size());
}

/// Each line is JSON as a strict reader wants it: well-formed UTF-8 (RFC 8259, 8.1) and the JSON grammar.
std::vector<Poco::JSON::Object::Ptr> strictLines(const std::string& out)
{
    std::vector<Poco::JSON::Object::Ptr> objects;
    std::istringstream lines(out);
    for (std::string line; std::getline(lines, line);) {
        BOOST_TEST(core::validUtf8(line) == line, "not UTF-8: " << line);
        Poco::JSON::Parser parser;
        objects.push_back(parser.parse(line).extract<Poco::JSON::Object::Ptr>());
    }
    return objects;
}

BOOST_AUTO_TEST_CASE(binary_and_eci_content_is_written_as_valid_utf8_json)
{
    test::TempDir dir;
    // A Data Matrix of raw bytes (zint --binary), one with Latin-1 text under ECI 3, one with UTF-8 under ECI 26.
    const auto binary = zint(dir, "binary", {"-b", "71", "--binary", "--esc", "-d", "AB\\x80\\xFF\\x01CD"});
    const auto latin1 = zint(dir, "eci3",
                             {"-b", "71", "--eci=3", "-d",
                              "Gr\xC3\xBC\xC3\x9F"
                              "e"});
    const auto utf8 = zint(dir, "eci26", {"-b", "58", "--eci=26", "-d", "\xE2\x82\xAC 5"});
    const auto r = cli({"scan", "decode", binary, latin1, utf8});
    const auto objects = strictLines(r.out);
    BOOST_REQUIRE_EQUAL(objects.size(), 3u);
    BOOST_TEST(objects[0]->optValue<bool>("binary", false), r.out);
    BOOST_TEST(objects[0]->getValue<std::string>("dataHex") == "414280ff014344", r.out);
    BOOST_TEST(objects[1]->getValue<std::string>("data").find("Gr") == 0u, r.out);
    BOOST_TEST(!objects[2]->optValue<bool>("binary", false), r.out);
    // scan parse: raw bytes in what it quotes back.
    std::string garbage = "+H123\xff\xfe";
    const auto p = test::runProcess(PORTSIDE_CLI, {"scan", "parse"}, garbage + "\n]d2\x80\x81\n+H123ABC1/\xC3(\n");
    BOOST_TEST(strictLines(p.out).size() == 3u, p.out);
}

BOOST_AUTO_TEST_CASE(an_image_without_a_barcode_or_not_an_image_says_so)
{
    test::TempDir dir;
    std::ofstream(dir.file("blank.pgm"), std::ios::binary) << "P5\n64 64\n255\n" << std::string(64 * 64, '\xff');
    auto r = cli({"scan", "decode", dir.file("blank.pgm")});
    BOOST_TEST(r.exitCode == 1);
    BOOST_TEST(r.out.find("No barcode found in " + dir.file("blank.pgm")) != std::string::npos, r.out);
    std::ofstream(dir.file("text.png")) << "not a png";
    r = cli({"scan", "decode", dir.file("text.png")});
    BOOST_TEST(r.exitCode == 1);
    BOOST_TEST(r.out.find("is not a PNG this kiosk can read") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(bedside)

/// Runs `portside-cli bedside` on a store with the demo ward, one JSON action per line; one JSON answer per line.
std::vector<Poco::JSON::Object::Ptr> bedside(const std::string& db, const std::vector<std::string>& actions,
                                             int& exitCode)
{
    std::string input;
    for (const auto& a : actions)
        input += a + "\n";
    const auto r =
        test::runProcess(PORTSIDE_CLI, {"bedside", "--db", db}, input, {{"PORTSIDE_PLUGIN_PATH", PORTSIDE_PLUGIN_DIR}});
    exitCode = r.exitCode;
    std::vector<Poco::JSON::Object::Ptr> answers;
    std::istringstream lines(r.out);
    Poco::JSON::Parser parser;
    for (std::string line; std::getline(lines, line);) {
        parser.reset();
        answers.push_back(parser.parse(line).extract<Poco::JSON::Object::Ptr>());
    }
    BOOST_TEST(r.err == "");
    return answers;
}

BOOST_AUTO_TEST_CASE(the_bedside_session_keeps_its_stops_without_a_screen)
{
    test::TempDir dir;
    const std::string db = dir.file("kiosk.db");
    {
        core::ManualClock clock(std::chrono::system_clock::now());
        core::EventStore store(db, clock);
        core::seedDemo(store);
    }
    const std::string ana = "950600013435200008", ben = "950600013435200015";
    int exitCode = -1;
    const auto a = bedside(db,
                           {R"({"do":"open","wristband":"]C18018)" + ana + R"("})", // not signed in yet
                            R"({"do":"sign-in","badge":"1001","pin":"123456"})",
                            R"({"do":"open","wristband":"]C18018)" + ana + R"("})",
                            R"({"do":"start","checklist":"port-deaccess"})", // not accessed on record
                            R"({"do":"start","checklist":"port-access"})", R"({"do":"confirm"})",
                            R"({"do":"scan","bytes":"]C18018)" + ben + R"("})",
                            R"({"do":"no-scan","reason":"Barcode damaged","witness":{"badge":"2001","pin":"246813"}})",
                            R"({"do":"skip","reason":"Not needed"})",
                            R"({"do":"scan","bytes":"]C18018)" + ana + R"("})", "this is not JSON", R"({"do":"step"})"},
                           exitCode);
    BOOST_TEST(exitCode == 0);
    BOOST_REQUIRE_EQUAL(a.size(), 12u);
    BOOST_TEST(!a[0]->getValue<bool>("ok"));
    BOOST_TEST(a[0]->getValue<std::string>("error") == "Sign in first.");
    BOOST_TEST(a[1]->getValue<bool>("ok"));
    BOOST_TEST(a[2]->getValue<std::string>("lock") == "heparin");
    BOOST_TEST(!a[3]->getValue<bool>("ok"));
    BOOST_TEST(a[3]->getValue<std::string>("error").find("not accessed") != std::string::npos);
    BOOST_TEST(a[4]->getObject("step")->getValue<std::string>("id") == "review");
    BOOST_TEST(a[5]->getObject("step")->getValue<std::string>("id") == "patient");
    BOOST_TEST(a[6]->getValue<std::string>("verdict") == "stop");
    BOOST_TEST(a[6]->getValue<std::string>("rule") == "wrong-patient");
    BOOST_TEST(a[6]->getObject("step")->getValue<bool>("stopped"));
    BOOST_TEST(a[6]->getObject("step")->getValue<std::string>("noScan") == "none");
    BOOST_TEST(!a[7]->getValue<bool>("ok")); // no fallback after a STOP, witness or not
    BOOST_TEST(!a[8]->getValue<bool>("ok"));
    BOOST_TEST(a[9]->getValue<bool>("confirmed"));
    BOOST_TEST(a[9]->getObject("step")->getValue<std::string>("id") == "allergies");
    BOOST_TEST(!a[10]->getValue<bool>("ok"));
    BOOST_TEST(a[11]->getObject("step")->getValue<std::string>("id") == "allergies");

    core::ManualClock clock;
    core::EventStore store(db, clock);
    int stops = 0;
    for (const auto& e : store.events({}, ana))
        stops += e.type == "scan-stopped";
    BOOST_TEST(stops == 1);
    BOOST_TEST(store.verify().ok);
}

BOOST_AUTO_TEST_SUITE_END()
