// The administrator's side of portside-server, through the real binary on a real database (a SQLite file and a
// throw-away PostgreSQL): CSV imports as spreadsheets really write them, integration tokens that can be revoked, and
// a database password that never shows on a command line or in a message.

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "ServerProcess.h"
#include "TempDir.h"

#include "ServerStore.h"

#include <Poco/Data/Session.h>
#include <Poco/JSON/Array.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>

#include <fstream>
#include <map>

#include <sys/stat.h>

using namespace portside;
using test::ServerProcess;

namespace {

const std::vector<std::string> kBackends{"sqlite", "postgresql"};

/// A raw connection to the server's database, for what no command does (a trigger, an old schema).
Poco::Data::Session rawSession(const std::string& db)
{
    server::ServerStore store(db); // registers the connector and makes the schema
    if (db.rfind("sqlite:", 0) == 0)
        return Poco::Data::Session("SQLite", db.substr(7));
    return Poco::Data::Session("PostgreSQL", server::postgresConnectionString(db));
}

void write(const std::string& path, const std::string& bytes)
{
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

/// A kiosk's token, enrolled with a one-time code as a kiosk is.
std::string kioskToken(const ServerProcess& server)
{
    const auto r =
        server.request("POST", "/v1/enroll", "{\"code\":\"" + server.enrollmentCode() + "\",\"name\":\"k\"}");
    BOOST_REQUIRE_EQUAL(r.first, 201);
    Poco::JSON::Parser parser;
    return parser.parse(r.second).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("token");
}

struct Staff {
    std::string name;
    long long version = 0;
};

/// The staff a kiosk receives, by badge, read through GET /v1/reference as a kiosk reads them.
std::map<std::string, Staff> staffOnKiosk(const ServerProcess& server, const std::string& token)
{
    const auto r = server.request("GET", "/v1/reference?since=0", "", token);
    BOOST_REQUIRE_EQUAL(r.first, 200);
    Poco::JSON::Parser parser;
    const auto changes = parser.parse(r.second).extract<Poco::JSON::Object::Ptr>()->getArray("changes");
    std::map<std::string, Staff> out;
    for (std::size_t i = 0; i < changes->size(); ++i) {
        const auto c = changes->getObject(static_cast<unsigned>(i));
        if (c->getValue<std::string>("kind") == "staff")
            out[c->getValue<std::string>("key")] = {c->getObject("body")->getValue<std::string>("name"),
                                                    c->getValue<long long>("version")};
    }
    return out;
}

/// The first line portside-server prints when it is started with `args` (and `env`); then it is stopped.
std::string startLine(const std::vector<std::string>& args, const Poco::Process::Env& env = {})
{
    Poco::Pipe out, err;
    auto handle = Poco::Process::launch(PORTSIDE_SERVER, args, std::string(), nullptr, &out, &err, env);
    Poco::PipeInputStream in(out);
    std::string line;
    std::getline(in, line);
    if (line.find("listening") != std::string::npos)
        Poco::Process::requestTermination(handle.id());
    handle.wait();
    return line;
}

} // namespace

BOOST_AUTO_TEST_SUITE(server_admin)

BOOST_DATA_TEST_CASE(csv_imports_take_utf8_with_a_bom_and_semicolons_and_refuse_latin1_and_cr_only_files,
                     boost::unit_test::data::make(kBackends), backend)
{
    test::TempDir dir;
    ServerProcess server(test::serverDatabase(backend, dir));
    const std::string token = kioskToken(server);
    const auto import = [&](const std::string& name, const std::string& bytes) {
        write(dir.file(name), bytes);
        return server.admin({"import", "staff", dir.file(name)});
    };

    // Latin-1 (Excel's plain "CSV" on Windows): refused, with the line; it used to be stored and then every kiosk's
    // GET /v1/reference answered 500.
    const auto latin1 = import("latin1.csv", "badge,name,role,pin\n3001,Ana Ruiz,nurse,482913\n"
                                             "3002,J\xFCrgen M\xFCller,nurse,736251\n");
    BOOST_TEST(latin1.exitCode != 0);
    BOOST_TEST(latin1.err.find("CSV line 3 is not UTF-8") != std::string::npos, latin1.err);
    BOOST_TEST(latin1.err.find("Nothing was imported") != std::string::npos, latin1.err);
    BOOST_TEST(staffOnKiosk(server, token).empty()); // answered 200, and the good row before it is not there either
    const auto typed = server.admin({"add", "staff", "badge=3002", "name=J\xFCrgen", "role=nurse", "pin=736251"});
    BOOST_TEST(typed.exitCode != 0);
    BOOST_TEST(typed.err.find("\"name\" is not UTF-8") != std::string::npos, typed.err);

    // Excel's "CSV UTF-8": a byte order mark, CRLF. The first field is "badge", not the mark and "badge".
    const auto bom =
        import("bom.csv", "\xEF\xBB\xBF"
                          "badge,name,role,pin\r\n3003,Jos\xC3\xA9 N\xC3\xBA\xC3\xB1\x65z,nurse,482913\r\n");
    BOOST_TEST(bom.exitCode == 0, bom.err);
    BOOST_TEST(bom.out.find("1 staff records imported") != std::string::npos, bom.out);

    // Excel where the decimal sign is a comma writes ';' between fields; a quoted ';' stays in its field.
    const auto semicolons = import("semicolon.csv", "badge;name;role;pin\r\n3004;\"Lund; Ari\";supervisor;736251\r\n"
                                                    "3005;Kim Jo;nurse;482913\r\n");
    BOOST_TEST(semicolons.exitCode == 0, semicolons.err);
    BOOST_TEST(semicolons.out.find("2 staff records imported") != std::string::npos, semicolons.out);

    // Old Mac line ends: read as they were, the file was one long row.
    const auto mac = import("mac.csv", "badge,name,role,pin\r3006,Old Mac,nurse,482913\r3007,Other,nurse,482913\r");
    BOOST_TEST(mac.exitCode != 0);
    BOOST_TEST(mac.err.find("carriage return alone") != std::string::npos, mac.err);

    // The same badge twice: which line is right is the administrator's call, so nothing is taken.
    const auto twice = import("twice.csv", "badge,name,role,pin\n3008,A One,nurse,482913\n3009,B Two,nurse,482913\n"
                                           "3008,C Three,nurse,736251\n");
    BOOST_TEST(twice.exitCode != 0);
    BOOST_TEST(twice.err.find("CSV lines 2 and 4 are both staff 3008") != std::string::npos, twice.err);

    const auto staff = staffOnKiosk(server, token);
    BOOST_REQUIRE_EQUAL(staff.size(), 3u);
    BOOST_REQUIRE(staff.count("3003") && staff.count("3004") && staff.count("3005"));
    BOOST_TEST(staff.at("3003").name == "Jos\xC3\xA9 N\xC3\xBA\xC3\xB1\x65z");
    BOOST_TEST(staff.at("3004").name == "Lund; Ari");
    BOOST_TEST(staff.at("3005").version == staff.at("3004").version + 1);
    for (const auto& badge : {"3001", "3002", "3006", "3007", "3008", "3009"})
        BOOST_TEST(staff.count(badge) == 0u, badge << " should not have been stored");
}

BOOST_DATA_TEST_CASE(a_csv_import_is_one_transaction_so_a_database_failure_half_way_leaves_nothing,
                     boost::unit_test::data::make(kBackends), backend)
{
    test::TempDir dir;
    ServerProcess server(test::serverDatabase(backend, dir));
    const std::string token = kioskToken(server);
    {
        // The database itself refuses the third row (as a full disk or a lost connection would, half-way).
        auto s = rawSession(server.db);
        if (backend == "sqlite") {
            s << "CREATE TRIGGER refuse BEFORE INSERT ON reference WHEN NEW.key = '4003'"
                 " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
                Poco::Data::Keywords::now;
        } else {
            s << "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN IF NEW.key = '4003' THEN"
                 " RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
                Poco::Data::Keywords::now;
            s << "CREATE TRIGGER refuse BEFORE INSERT ON reference FOR EACH ROW EXECUTE FUNCTION refuse()",
                Poco::Data::Keywords::now;
        }
    }
    write(dir.file("staff.csv"), "badge,name,role,pin\n4001,A One,nurse,482913\n4002,B Two,nurse,482913\n"
                                 "4003,C Three,nurse,482913\n4004,D Four,nurse,482913\n");
    const auto r = server.admin({"import", "staff", dir.file("staff.csv")});
    BOOST_TEST(r.exitCode != 0);
    BOOST_TEST(r.err.find("refused by the test") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("Nothing was imported") != std::string::npos, r.err);
    BOOST_TEST(staffOnKiosk(server, token).empty()); // not 4001 and 4002 alone

    rawSession(server.db) << "DROP TRIGGER refuse" + std::string(backend == "sqlite" ? "" : " ON reference"),
        Poco::Data::Keywords::now;
    const auto again = server.admin({"import", "staff", dir.file("staff.csv")});
    BOOST_TEST(again.exitCode == 0, again.err);
    const auto staff = staffOnKiosk(server, token);
    BOOST_REQUIRE_EQUAL(staff.size(), 4u);
    for (int i = 2; i <= 4; ++i) // numbered in the file's order
        BOOST_TEST(staff.at("400" + std::to_string(i)).version == staff.at("400" + std::to_string(i - 1)).version + 1);
}

BOOST_DATA_TEST_CASE(an_integration_token_can_be_listed_and_revoked_and_one_without_an_id_is_refused,
                     boost::unit_test::data::make(kBackends), backend)
{
    test::TempDir dir;
    ServerProcess server(test::serverDatabase(backend, dir));
    const auto issue = [&](const std::string& name) {
        const auto r = server.admin({"integration-token", name});
        BOOST_REQUIRE_EQUAL(r.exitCode, 0);
        return r.out.substr(0, r.out.find('\n'));
    };
    const std::string hie = issue("hie"), lab = issue("lab"), lab2 = issue("lab");
    const auto fhir = [&](const std::string& token) { return server.request("GET", "/fhir/Bundle", "", token); };
    BOOST_TEST(fhir(hie).first == 200);
    BOOST_TEST(fhir(lab).first == 200);

    const auto listed = server.admin({"integration-tokens"});
    BOOST_REQUIRE_EQUAL(listed.exitCode, 0);
    std::vector<std::vector<std::string>> rows;
    std::istringstream lines(listed.out);
    for (std::string line; std::getline(lines, line);) {
        rows.emplace_back();
        std::istringstream fields(line);
        for (std::string f; std::getline(fields, f, '\t');)
            rows.back().push_back(f);
    }
    BOOST_REQUIRE_EQUAL(rows.size(), 3u);
    std::string hieId;
    for (const auto& row : rows) {
        BOOST_REQUIRE_EQUAL(row.size(), 4u); // id, name, issued, state
        BOOST_TEST(row[0].size() == 36u);
        BOOST_TEST(row[3] == "active");
        if (row[1] == "hie")
            hieId = row[0];
    }
    BOOST_REQUIRE(!hieId.empty());

    // Revoked by its id: refused from now on; the others still work.
    const auto revoked = server.admin({"revoke-integration-token", hieId});
    BOOST_TEST(revoked.exitCode == 0, revoked.err);
    const auto refused = fhir(hie);
    BOOST_TEST(refused.first == 401);
    BOOST_TEST(refused.second.find("revoked") != std::string::npos, refused.second);
    BOOST_TEST(fhir(lab).first == 200);
    const auto after = server.admin({"integration-tokens"}).out;
    BOOST_TEST(after.find(hieId + "\thie\t") != std::string::npos, after);
    BOOST_TEST(after.find("\trevoked ") != std::string::npos, after);

    // By its name: every token of that name.
    BOOST_TEST(server.admin({"revoke-integration-token", "lab"}).exitCode == 0);
    BOOST_TEST(fhir(lab).first == 401);
    BOOST_TEST(fhir(lab2).first == 401);
    const auto unknown = server.admin({"revoke-integration-token", "nobody"});
    BOOST_TEST(unknown.exitCode != 0);
    BOOST_TEST(unknown.err.find("No integration token has the id or name \"nobody\"") != std::string::npos,
               unknown.err);

    // One the server issued before tokens had an id: right key, right role, a year to run, and nobody could revoke
    // it. It is refused, saying to ask for a new one.
    Poco::JWT::Token old;
    old.setType("JWT");
    old.setSubject("integration:hie");
    old.payload().set("role", std::string("integration"));
    old.setIssuedAt(Poco::Timestamp());
    old.setExpiration(Poco::Timestamp() + Poco::Timespan(365 * 86400, 0));
    const auto oldAnswer = fhir(Poco::JWT::Signer(server::ServerStore(server.db).signingKey()).sign(old, "HS256"));
    BOOST_TEST(oldAnswer.first == 401);
    BOOST_TEST(oldAnswer.second.find("ask for a new one") != std::string::npos, oldAnswer.second);
}

BOOST_DATA_TEST_CASE(the_same_reference_data_again_is_no_change_and_a_restart_with_the_demo_resets_nothing,
                     boost::unit_test::data::make(kBackends), backend)
{
    // Every new reference version makes every kiosk of the house pull; a restart or an import run twice must not.
    test::TempDir dir;
    const std::string db = test::serverDatabase(backend, dir);
    Poco::Int64 seeded = 0;
    std::string nurse; // 1001's record as first seeded: a restart must not give her a new PIN hash
    {
        ServerProcess server(db, {"--seed-demo"});
        seeded = server::ServerStore(db).referenceVersion();
        for (const auto& r : server::ServerStore(db).reference("staff"))
            if (r.key == "1001")
                nurse = r.body;
    }
    BOOST_TEST(seeded > 0);
    BOOST_REQUIRE(!nurse.empty());
    ServerProcess server(db, {"--seed-demo"}); // the same server started again, with the demo again
    BOOST_TEST(server::ServerStore(db).referenceVersion() == seeded);
    for (const auto& r : server::ServerStore(db).reference("staff"))
        if (r.key == "1001")
            BOOST_TEST(r.body == nurse);

    write(dir.file("patients.csv"), "id,name,ward,birthDate\nP-9001,Ada Park,4B,1950-02-03\n"
                                    "P-9002,Bo Lind,4B,1961-07-08\n");
    const auto first = server.admin({"import", "patient", dir.file("patients.csv")});
    BOOST_REQUIRE_MESSAGE(first.exitCode == 0, first.err);
    const auto imported = server::ServerStore(db).referenceVersion();
    BOOST_TEST(imported > seeded);
    const auto again = server.admin({"import", "patient", dir.file("patients.csv")});
    BOOST_REQUIRE_MESSAGE(again.exitCode == 0, again.err);
    BOOST_TEST(server::ServerStore(db).referenceVersion() == imported);
    // One patient moves: that record, and only it, is new.
    write(dir.file("moved.csv"), "id,name,ward,birthDate\nP-9001,Ada Park,4B,1950-02-03\n"
                                 "P-9002,Bo Lind,7,1961-07-08\n");
    BOOST_REQUIRE(server.admin({"import", "patient", dir.file("moved.csv")}).exitCode == 0);
    BOOST_TEST(server::ServerStore(db).referenceVersion() > imported);
    int changed = 0;
    for (const auto& r : server::ServerStore(db).reference("patient"))
        changed += r.version > imported;
    BOOST_TEST(changed == 1);
}

BOOST_DATA_TEST_CASE(a_version_2_database_gains_integration_tokens, boost::unit_test::data::make(kBackends), backend)
{
    test::TempDir dir;
    const std::string db = test::serverDatabase(backend, dir);
    {
        auto s = rawSession(db); // as a version-2 server left it
        s << "DROP TABLE integration_tokens", Poco::Data::Keywords::now;
        s << "UPDATE schema_version SET version = 2", Poco::Data::Keywords::now;
    }
    ServerProcess server(db);
    const auto issued = server.admin({"integration-token", "hie"});
    BOOST_REQUIRE_EQUAL(issued.exitCode, 0);
    BOOST_TEST(server.request("GET", "/fhir/Bundle", "", issued.out.substr(0, issued.out.find('\n'))).first == 200);
    Poco::Int64 version = 0;
    rawSession(db) << "SELECT version FROM schema_version", Poco::Data::Keywords::into(version),
        Poco::Data::Keywords::now;
    BOOST_TEST(version == 4); // and on to the ward's events in the order received
}

BOOST_AUTO_TEST_CASE(a_database_password_is_never_on_the_command_line_nor_in_a_message)
{
    test::TempDir dir;
    const std::string secret = "Hunter2-s3cret";
    const std::string withPassword = "postgresql://portside:" + secret + "@/portside?host=" + dir.file("nowhere");

    // libpq's keyword form is not taken, and its password is not repeated either (break-it review).
    for (const auto& db : {"host=" + dir.file("nowhere") + " user=portside password=" + secret,
                           "host=" + dir.file("nowhere") + " password = '" + secret + " x' user=portside"}) {
        const auto r = test::runProcess(PORTSIDE_SERVER, {"--db", db, "--listen", "127.0.0.1:0"});
        BOOST_TEST(r.exitCode != 0);
        BOOST_TEST((r.out + r.err).find("Hunter2") == std::string::npos, r.out + r.err);
        const auto printed = test::runProcess(PORTSIDE_SERVER, {"--db", db, "--print-config"});
        BOOST_TEST((printed.out + printed.err).find("Hunter2") == std::string::npos, printed.out + printed.err);
    }
    // On the command line: refused before anything else, saying what to do, the password not repeated.
    for (const auto& db :
         {withPassword, "postgresql://portside@/portside?host=" + dir.file("nowhere") + "&password=" + secret}) {
        for (const auto& args : {std::vector<std::string>{"admin", "devices", "--db", db},
                                 std::vector<std::string>{"--db", db, "--listen", "127.0.0.1:0"}}) {
            const auto r = test::runProcess(PORTSIDE_SERVER, args);
            BOOST_TEST(r.exitCode != 0);
            BOOST_TEST(r.err.find("carries a password") != std::string::npos, r.err);
            BOOST_TEST(r.err.find("--db-file") != std::string::npos, r.err);
            BOOST_TEST(r.err.find("PORTSIDE_SERVER_DB") != std::string::npos, r.err);
            BOOST_TEST((r.out + r.err).find(secret) == std::string::npos, r.out + r.err);
            BOOST_TEST(r.out.find("listening") == std::string::npos, r.out);
        }
    }

    // In a file others may read: refused. Only the server's own: used.
    const std::string file = dir.file("db.conf"), sqlite = dir.file("server.db");
    write(file, "sqlite:" + sqlite + "\n");
    ::chmod(file.c_str(), 0644);
    const auto open = test::runProcess(PORTSIDE_SERVER, {"admin", "devices", "--db-file", file});
    BOOST_TEST(open.exitCode != 0);
    BOOST_TEST(open.err.find("mode 0644") != std::string::npos, open.err);
    BOOST_TEST(open.err.find("chmod 600") != std::string::npos, open.err);
    ::chmod(file.c_str(), 0600);
    const auto added = test::runProcess(PORTSIDE_SERVER, {"admin", "add", "recall", "product=00380740000011", "lot=L1",
                                                          "reason=test", "--db-file", file});
    BOOST_TEST(added.exitCode == 0, added.err);
    BOOST_TEST(server::ServerStore("sqlite:" + sqlite).reference("recall").size() == 1u);
    BOOST_TEST(startLine({"--db-file", file, "--listen", "127.0.0.1:0"}).find("listening on http://127.0.0.1:") !=
               std::string::npos);
    const auto both = test::runProcess(PORTSIDE_SERVER, {"admin", "devices", "--db-file", file, "--db", "sqlite:x"});
    BOOST_TEST(both.exitCode != 0);
    BOOST_TEST(both.err.find("not both") != std::string::npos, both.err);

    // From the environment, when neither option is given.
    const std::string fromEnv = dir.file("env.db");
    const auto envAdded =
        test::runProcess(PORTSIDE_SERVER, {"admin", "add", "recall", "product=00380740000011", "lot=L2", "reason=test"},
                         {}, {{"PORTSIDE_SERVER_DB", "sqlite:" + fromEnv}});
    BOOST_TEST(envAdded.exitCode == 0, envAdded.err);
    BOOST_TEST(server::ServerStore("sqlite:" + fromEnv).reference("recall").size() == 1u);
    BOOST_TEST(startLine({"--listen", "127.0.0.1:0"}, {{"PORTSIDE_SERVER_DB", "sqlite:" + fromEnv}})
                   .find("listening on http://127.0.0.1:") != std::string::npos);

    // A password from the file or the environment that cannot be used: the message masks it.
    write(file, withPassword + "\n");
    const auto unreachable = test::runProcess(PORTSIDE_SERVER, {"admin", "devices", "--db-file", file});
    BOOST_TEST(unreachable.exitCode != 0);
    BOOST_TEST(unreachable.err.find("postgresql://portside:*****@/portside") != std::string::npos, unreachable.err);
    BOOST_TEST(unreachable.err.find(secret) == std::string::npos, unreachable.err);
    const auto unreachableEnv =
        test::runProcess(PORTSIDE_SERVER, {"admin", "devices"}, {}, {{"PORTSIDE_SERVER_DB", withPassword}});
    BOOST_TEST(unreachableEnv.exitCode != 0);
    BOOST_TEST(unreachableEnv.err.find(secret) == std::string::npos, unreachableEnv.err);
}

BOOST_AUTO_TEST_SUITE_END()
