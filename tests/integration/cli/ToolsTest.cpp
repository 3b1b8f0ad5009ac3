// The command-line tools as hospital IT meets them (issue 15): --help on every subcommand, --json on every listing,
// the documented exit codes, the plugin folder found from the program's real location whatever the working folder,
// the configuration files in their order, portside-server --check-config and its access log, and portside --demo
// keeping out of the site's data. Real binaries, real files, a real server process.

#include <boost/test/unit_test.hpp>

#include "RunProcess.h"
#include "TempDir.h"

#include "portside/core/EventStore.h"

#include <Poco/File.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Path.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <csignal>
#include <sys/stat.h>
#include <unistd.h>

using namespace portside;

namespace {

/// The environment every run gets: no configuration folder of this machine, no user file, a data folder of its own.
Poco::Process::Env isolated(const test::TempDir& dir, Poco::Process::Env extra = {})
{
    Poco::Process::Env env{{"PORTSIDE_CONFIG_DIR", dir.file("etc")},
                           {"XDG_CONFIG_HOME", dir.file("config")},
                           {"PORTSIDE_DATA_DIR", dir.file("data")}};
    for (const auto& [k, v] : extra)
        env[k] = v;
    return env;
}

test::ProcessResult cli(const test::TempDir& dir, const std::vector<std::string>& args, Poco::Process::Env extra = {})
{
    return test::runProcess(PORTSIDE_CLI, args, "", isolated(dir, std::move(extra)));
}

Poco::Dynamic::Var parse(const std::string& text)
{
    Poco::JSON::Parser parser;
    return parser.parse(text);
}

void write(const std::string& path, const std::string& text)
{
    Poco::File(Poco::Path(path).parent()).createDirectories();
    std::ofstream(path) << text;
}

std::string read(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// A kiosk store with one event in it, enrolled with a server nobody answers at (the discard port).
std::string unreachableStore(const test::TempDir& dir)
{
    const std::string path = dir.file("kiosk.db");
    core::ManualClock clock;
    core::EventStore store(path, clock);
    core::NewEvent e;
    e.type = "note";
    e.staff = "1001";
    e.payload = "{}";
    store.append({e});
    store.setMeta("server_url", "http://127.0.0.1:9");
    store.setMeta("server_token", "token");
    return path;
}

/// The value of one key as --print-config shows it, and where it came from.
std::pair<std::string, std::string> shown(const std::string& printed, const std::string& key)
{
    std::istringstream lines(printed);
    for (std::string line; std::getline(lines, line);)
        if (line.rfind(key + " = ", 0) == 0) {
            const auto hash = line.find("  # ");
            return {line.substr(key.size() + 3, hash - key.size() - 3), line.substr(hash + 4)};
        }
    return {};
}

const std::vector<std::vector<std::string>> kSubcommands{{"plugin", "list"},
                                                         {"plugin", "new"},
                                                         {"plugin", "keygen"},
                                                         {"plugin", "pack"},
                                                         {"plugin", "sign"},
                                                         {"plugin", "verify"},
                                                         {"plugin", "probe"},
                                                         {"plugin", "install"},
                                                         {"plugin", "installed"},
                                                         {"plugin", "offers"},
                                                         {"plugin", "keys"},
                                                         {"plugin", "remove"},
                                                         {"plugin", "rollback"},
                                                         {"plugin", "disable"},
                                                         {"plugin", "enable"},
                                                         {"scan", "parse"},
                                                         {"scan", "decode"},
                                                         {"label", "render"},
                                                         {"printer", "list"},
                                                         {"printer", "status"},
                                                         {"printer", "print"},
                                                         {"printer", "models"},
                                                         {"sync", "enroll"},
                                                         {"sync", "now"},
                                                         {"sync", "status"},
                                                         {"audit", "verify"},
                                                         {"records", "list"},
                                                         {"bedside"},
                                                         {"version"}};

} // namespace

BOOST_AUTO_TEST_SUITE(tools_help)

BOOST_AUTO_TEST_CASE(every_subcommand_answers_help_with_its_usage_and_exit_0)
{
    test::TempDir dir;
    for (const auto& words : kSubcommands) {
        std::string name;
        for (const auto& w : words)
            name += (name.empty() ? "" : " ") + w;
        auto args = words;
        args.push_back("--help");
        const auto r = cli(dir, args);
        BOOST_TEST(r.exitCode == 0, name << ": " << r.err);
        BOOST_TEST(r.out.find("usage: portside-cli " + name) != std::string::npos, name << ": " << r.out);
        BOOST_TEST(r.out.find("Exit codes:") != std::string::npos, name);
    }
    // Its options are listed: sync now takes --json and --db.
    const auto sync = cli(dir, {"sync", "now", "--help"});
    BOOST_TEST(sync.out.find("--json") != std::string::npos, sync.out);
    BOOST_TEST(sync.out.find("--db=PATH") != std::string::npos, sync.out);
    // -h too, and `help COMMAND SUBCOMMAND`.
    BOOST_TEST(cli(dir, {"printer", "status", "-h"}).out.find("usage: portside-cli printer status") !=
               std::string::npos);
    BOOST_TEST(cli(dir, {"help", "audit", "verify"}).out.find("usage: portside-cli audit verify") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_server_and_the_kiosk_answer_help_without_a_display)
{
    test::TempDir dir;
    const auto server = test::runProcess(PORTSIDE_SERVER, {"--help"}, "", isolated(dir, {{"DISPLAY", ""}}));
    BOOST_TEST(server.exitCode == 0, server.err);
    BOOST_TEST(server.out.find("--check-config") != std::string::npos, server.out);
    BOOST_TEST(server.out.find("--print-config") != std::string::npos, server.out);
    BOOST_TEST(server.out.find("--log-level") != std::string::npos, server.out);
    const auto kiosk = test::runProcess(PORTSIDE_SHELL, {"--help"}, "", isolated(dir, {{"DISPLAY", ""}}));
    BOOST_TEST(kiosk.exitCode == 0, kiosk.err);
    BOOST_TEST(kiosk.out.find("usage: portside") != std::string::npos, kiosk.out);
    BOOST_TEST(kiosk.out.find("--demo") != std::string::npos, kiosk.out);
    BOOST_TEST(kiosk.out.find("--print-config") != std::string::npos, kiosk.out);
    BOOST_TEST(test::runProcess(PORTSIDE_SHELL, {"--no-such-option"}, "", isolated(dir)).exitCode == 2);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(tools_json)

BOOST_AUTO_TEST_CASE(every_listing_and_status_gives_json_that_parses)
{
    test::TempDir dir;
    const std::string store = unreachableStore(dir);
    struct Case {
        std::vector<std::string> args;
        bool array;
        int exit;
    };
    const std::vector<Case> cases{
        {{"plugin", "list", "--json"}, true, 0},
        {{"plugin", "installed", "--json"}, true, 0},
        {{"plugin", "offers", "--json"}, true, 0},
        {{"plugin", "keys", "--json"}, true, 0},
        {{"printer", "list", "--json"}, true, 0},
        {{"printer", "models", "--json"}, true, 0},
        {{"printer", "status", "--printer", "brother-ql-800", "--json"}, false, 1}, // no printer on this machine
        {{"sync", "status", "--db", store, "--json"}, false, 0},
        {{"sync", "now", "--db", store, "--json"}, false, 3}, // nobody answers
        {{"audit", "verify", "--db", store, "--json"}, false, 0},
        {{"records", "list", "--patient", "p1", "--db", store, "--json"}, true, 0},
    };
    for (const auto& c : cases) {
        std::string name;
        for (const auto& w : c.args)
            name += w + " ";
        const auto r = cli(dir, c.args);
        BOOST_TEST(r.exitCode == c.exit, name << r.out << r.err);
        Poco::Dynamic::Var json;
        BOOST_REQUIRE_NO_THROW(json = parse(r.out));
        if (c.array)
            BOOST_TEST(!json.extract<Poco::JSON::Array::Ptr>().isNull(), name);
        else
            BOOST_TEST(!json.extract<Poco::JSON::Object::Ptr>().isNull(), name);
    }
    // What they say: the models table, the printer's state, the queue, the unreachable server.
    const auto models = parse(cli(dir, {"printer", "models", "--json"}).out).extract<Poco::JSON::Array::Ptr>();
    bool ql800 = false;
    for (std::size_t i = 0; i < models->size(); ++i)
        ql800 = ql800 || models->getObject(static_cast<unsigned>(i))->getValue<std::string>("name") == "brother-ql-800";
    BOOST_TEST(ql800);
    const auto status = parse(cli(dir, {"printer", "status", "--printer", "brother-ql-800", "--json"}).out)
                            .extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(status->getValue<bool>("ready") == false);
    BOOST_TEST(!status->getValue<std::string>("message").empty());
    // Without --printer: the site's own printer and roll (printer.model, printer.media), as the kiosk prints.
    Poco::File(dir.file("etc")).createDirectories();
    write(dir.file("etc/site.properties"), "printer.model = brother-ql-800\nprinter.media = 29\n");
    const auto siteStatus = cli(dir, {"printer", "status", "--json"}, {{"PORTSIDE_CONFIG_DIR", dir.file("etc")}});
    BOOST_TEST(siteStatus.exitCode == 1, siteStatus.out << siteStatus.err); // known, not connected
    const auto site = parse(siteStatus.out).extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(site->getValue<std::string>("printer") == "brother-ql-800");
    BOOST_TEST(site->getValue<std::string>("media") == "29");
    const auto unnamed = cli(dir, {"printer", "status"}, {{"PORTSIDE_CONFIG_DIR", dir.file("none")}});
    BOOST_TEST(unnamed.exitCode == 2);
    BOOST_TEST(unnamed.err.find("Which printer?") != std::string::npos, unnamed.err);
    const auto queue =
        parse(cli(dir, {"sync", "status", "--db", store, "--json"}).out).extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(queue->getValue<int>("pending") == 1);
    BOOST_TEST(queue->getValue<std::string>("server") == "http://127.0.0.1:9");
    const auto now = parse(cli(dir, {"sync", "now", "--db", store, "--json"}).out).extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(now->getValue<bool>("reachable") == false);
    BOOST_TEST(now->getValue<std::string>("error").find("cannot be reached") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_servers_device_list_gives_json)
{
    test::TempDir dir;
    const std::string db = "sqlite:" + dir.file("server.db");
    const auto code =
        test::runProcess(PORTSIDE_SERVER, {"admin", "enroll-code", "--ward", "4B", "--db", db}, "", isolated(dir));
    BOOST_REQUIRE_MESSAGE(code.exitCode == 0, code.err);
    const auto r = test::runProcess(PORTSIDE_SERVER, {"admin", "devices", "--json", "--db", db}, "", isolated(dir));
    BOOST_TEST(r.exitCode == 0, r.err);
    Poco::JSON::Array::Ptr rows;
    BOOST_REQUIRE_NO_THROW(rows = parse(r.out).extract<Poco::JSON::Array::Ptr>());
    BOOST_TEST(rows->size() == 0u); // a code, no kiosk enrolled with it yet
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(tools_exit_codes)

BOOST_AUTO_TEST_CASE(zero_done_one_not_so_two_usage_three_unreachable)
{
    test::TempDir dir;
    // 0: done
    BOOST_TEST(cli(dir, {"version"}).exitCode == 0);
    const auto version = cli(dir, {"--version"});
    BOOST_TEST(version.exitCode == 0, version.err);
    BOOST_TEST(version.out.find("portside-cli ") == 0u, version.out);
    BOOST_TEST(cli(dir, {"--help"}).exitCode == 0);
    BOOST_TEST(cli(dir, {"printer", "models"}).exitCode == 0);
    // 1: what was asked for is not so (a file that is no package is refused)
    write(dir.file("not-a-package.zip"), "hello");
    const auto refused = cli(dir, {"plugin", "verify", dir.file("not-a-package.zip"), "--trust", dir.path()});
    BOOST_TEST(refused.exitCode == 1, refused.out << refused.err);
    // 2: usage
    for (const auto& args : std::vector<std::vector<std::string>>{{"frobnicate"},
                                                                  {"plugin"},
                                                                  {"plugin", "lsit"},
                                                                  {"plugin", "list", "--bogus"},
                                                                  {"plugin", "list", "--dir"},
                                                                  {"records", "list"}})
        BOOST_TEST(cli(dir, args).exitCode == 2, args.back());
    BOOST_TEST(test::runProcess(PORTSIDE_CLI, {}, "", isolated(dir)).exitCode == 2);
    // 3: the server cannot be reached, the store is not there
    const std::string store = unreachableStore(dir);
    const auto sync = cli(dir, {"sync", "now", "--db", store});
    BOOST_TEST(sync.exitCode == 3, sync.out << sync.err);
    BOOST_TEST(sync.out.find("cannot be reached") != std::string::npos, sync.out);
    const auto missing = cli(dir, {"audit", "verify", "--db", dir.file("none.db")});
    BOOST_TEST(missing.exitCode == 3, missing.err);
    BOOST_TEST(!Poco::File(dir.file("none.db")).exists());
    const auto enroll =
        cli(dir, {"sync", "enroll", "--server", "http://127.0.0.1:9", "--code", "x", "--db", dir.file("enroll.db")});
    BOOST_TEST(enroll.exitCode == 3, enroll.err);
    // A plugin the server offered, asked for while the server is down.
    Poco::File(dir.file("data")).createDirectories();
    {
        core::ManualClock clock;
        core::EventStore kiosk(dir.file("data/kiosk.db"), clock);
        kiosk.setMeta("server_url", "http://127.0.0.1:9");
        kiosk.setMeta("server_token", "token");
        kiosk.setMeta("plugin-offer/wound-check", R"({"version":"1.0.0","size":10,"sha256":"00"})");
    }
    const auto offer = cli(dir, {"plugin", "install", "--from-server", "wound-check"});
    BOOST_TEST(offer.exitCode == 3, offer.out << offer.err);
    BOOST_TEST(offer.out.find("cannot be reached") != std::string::npos, offer.out);
}

BOOST_AUTO_TEST_CASE(root_never_makes_a_store_in_a_service_users_folder)
{
    if (::geteuid() != 0)
        return; // only root could leave files a service user cannot open
    test::TempDir dir;
    // The kiosk's and the server's state folders, as the packages make them: 0700, owned by their service users.
    for (const char* folder : {"kiosk", "server"}) {
        Poco::File(dir.file(folder)).createDirectories();
        BOOST_REQUIRE(::chown(dir.file(folder).c_str(), 65534, 65534) == 0);
        ::chmod(dir.file(folder).c_str(), 0700);
    }
    // An IT person types a listing as root (break-it review): refused with a sentence, no store made.
    const auto listed = cli(dir, {"plugin", "installed"}, {{"PORTSIDE_DATA_DIR", dir.file("kiosk")}});
    BOOST_TEST(listed.exitCode != 0, listed.out << listed.err);
    BOOST_TEST((listed.out + listed.err).find("run this as that user (runuser -u") != std::string::npos,
               listed.out << listed.err);
    BOOST_TEST(!Poco::File(dir.file("kiosk/kiosk.db")).exists());
    const auto admin = test::runProcess(
        PORTSIDE_SERVER, {"admin", "devices", "--db", "sqlite:" + dir.file("server/s.db")}, "", isolated(dir));
    BOOST_TEST(admin.exitCode != 0);
    BOOST_TEST(admin.err.find("run this as that user") != std::string::npos, admin.err);
    BOOST_TEST(!Poco::File(dir.file("server/s.db")).exists());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(tools_plugin_folder)

BOOST_AUTO_TEST_CASE(plugin_list_json_works_from_the_root_folder_by_name_and_through_a_link)
{
    test::TempDir dir;
    const std::string bin = Poco::Path(PORTSIDE_CLI).parent().toString();
    // Found on PATH by its bare name, run from / (argv[0] is "portside-cli": no folder in it at all).
    const auto byName = test::runProcess("/bin/sh", {"-c", "cd / && exec portside-cli plugin list --json"}, "",
                                         isolated(dir, {{"PATH", bin + ":/usr/bin:/bin"}}));
    BOOST_TEST(byName.exitCode == 0, byName.err);
    BOOST_TEST(byName.err.find("Assertion") == std::string::npos, byName.err);
    Poco::JSON::Array::Ptr rows;
    BOOST_REQUIRE_NO_THROW(rows = parse(byName.out).extract<Poco::JSON::Array::Ptr>());
    BOOST_TEST(rows->size() == 9u, byName.out); // five checklists, three scanners, one sync
    // Through a link in another folder (as /usr/bin/x links to the real program): the real location counts.
    Poco::File(dir.file("bin")).createDirectories();
    BOOST_REQUIRE(::symlink(PORTSIDE_CLI, dir.file("bin/portside-cli").c_str()) == 0);
    const auto linked = test::runProcess(
        "/bin/sh", {"-c", "cd / && exec \"$0\" plugin list --json", dir.file("bin/portside-cli")}, "", isolated(dir));
    BOOST_TEST(linked.exitCode == 0, linked.err);
    BOOST_REQUIRE_NO_THROW(rows = parse(linked.out).extract<Poco::JSON::Array::Ptr>());
    BOOST_TEST(rows->size() == 9u, linked.out);
}

BOOST_AUTO_TEST_CASE(installed_outside_a_build_tree_the_defaults_are_var_lib_and_multiarch_plugins_are_found)
{
    test::TempDir dir;
    // The installed layout: /usr/bin/portside-cli and /usr/lib/<triplet>/portside/plugins, no CMake cache beside.
    const std::string usr = dir.file("usr");
    Poco::File(usr + "/bin").createDirectories();
    Poco::File(PORTSIDE_CLI).copyTo(usr + "/bin/portside-cli");
    Poco::File(PORTSIDE_SERVER).copyTo(usr + "/bin/portside-server");
    const std::string arch = PORTSIDE_LIBRARY_ARCHITECTURE;
    const std::string lib = usr + "/lib" + (arch.empty() ? "" : "/" + arch) + "/portside";
    Poco::File(lib).createDirectories();
    BOOST_REQUIRE(::symlink(PORTSIDE_PLUGIN_DIR, (lib + "/plugins").c_str()) == 0);
    const std::string buildLib = Poco::Path(PORTSIDE_PLUGIN_DIR).parent().parent().toString();
    const auto env =
        isolated(dir, {{"PORTSIDE_DATA_DIR", ""}, {"LD_LIBRARY_PATH", buildLib}, {"PATH", usr + "/bin:/usr/bin:/bin"}});
    const auto config = test::runProcess("/bin/sh", {"-c", "cd / && exec portside-cli --print-config"}, "", env);
    BOOST_TEST(config.exitCode == 0, config.err);
    BOOST_TEST(shown(config.out, "data.dir").first == "/var/lib/portside", config.out);
    const auto list = test::runProcess("/bin/sh", {"-c", "cd / && exec portside-cli plugin list --json"}, "", env);
    BOOST_TEST(list.exitCode == 0, list.err);
    Poco::JSON::Array::Ptr rows;
    BOOST_REQUIRE_NO_THROW(rows = parse(list.out).extract<Poco::JSON::Array::Ptr>());
    BOOST_TEST(rows->size() == 9u, list.out);
    BOOST_TEST(list.out.find(lib + "/plugins/port-access.so") != std::string::npos, list.out);
    const auto server = test::runProcess("/bin/sh", {"-c", "cd / && exec portside-server --print-config"}, "", env);
    BOOST_TEST(server.exitCode == 0, server.err);
    BOOST_TEST(shown(server.out, "state.dir").first == "/var/lib/portside-server", server.out);
    BOOST_TEST(shown(server.out, "db").first == "sqlite:/var/lib/portside-server/portside-server.db", server.out);
}

BOOST_AUTO_TEST_CASE(a_plugin_folder_that_is_not_there_is_a_failure_not_an_empty_list)
{
    test::TempDir dir;
    const auto r = cli(dir, {"plugin", "list", "--json", "--dir", dir.file("nowhere")});
    BOOST_TEST(r.exitCode == 1);
    BOOST_TEST(r.out == "[]\n");
    BOOST_TEST(r.err.find("The plugin folder " + dir.file("nowhere") + " does not exist") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(the_text_table_keeps_a_long_id_apart_from_its_version)
{
    test::TempDir dir;
    const auto r = cli(dir, {"plugin", "list"});
    BOOST_TEST(r.exitCode == 0, r.err);
    BOOST_TEST(std::regex_search(r.out, std::regex("\\nscanner-image-folder +1\\.0\\.0 +scanner +started ")), r.out);
    BOOST_TEST(r.out.find("scanner-image-folder1.0.0") == std::string::npos, r.out);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(tools_configuration)

BOOST_AUTO_TEST_CASE(the_etc_file_then_the_users_file_then_the_options)
{
    test::TempDir dir;
    write(dir.file("etc/kiosk.conf"),
          "# the site's\ndata.dir = " + dir.file("site") + "\nlog.level = error\nlog.prefix = yes\n");
    // The /etc file alone (no PORTSIDE_DATA_DIR): its data folder and level, and where they came from.
    auto r = cli(dir, {"--print-config"}, {{"PORTSIDE_DATA_DIR", ""}});
    BOOST_TEST(r.exitCode == 0, r.err);
    BOOST_TEST(shown(r.out, "data.dir").first == dir.file("site"), r.out);
    BOOST_TEST(shown(r.out, "data.dir").second == dir.file("etc/kiosk.conf"), r.out);
    BOOST_TEST(shown(r.out, "log.level").first == "error", r.out);
    BOOST_TEST(shown(r.out, "log.prefix").first == "yes", r.out);
    // The user's file over it.
    write(dir.file("config/portside/kiosk.conf"), "log.level = notice\n");
    r = cli(dir, {"--print-config"}, {{"PORTSIDE_DATA_DIR", ""}});
    BOOST_TEST(shown(r.out, "log.level").first == "notice", r.out);
    BOOST_TEST(shown(r.out, "log.level").second == dir.file("config/portside/kiosk.conf"), r.out);
    BOOST_TEST(shown(r.out, "data.dir").first == dir.file("site"), r.out); // the rest still from /etc
    // The option over both; the environment's data folder over the files.
    r = cli(dir, {"sync", "status", "--log-level", "debug", "--print-config"});
    BOOST_TEST(shown(r.out, "log.level").first == "debug", r.out);
    BOOST_TEST(shown(r.out, "log.level").second == "--log-level", r.out);
    BOOST_TEST(shown(r.out, "data.dir").first == dir.file("data"), r.out);
    BOOST_TEST(shown(r.out, "data.dir").second == "PORTSIDE_DATA_DIR", r.out);
    // The folder the /etc file names is the one the tools use: sync status looks for the store there.
    r = cli(dir, {"sync", "status"}, {{"PORTSIDE_DATA_DIR", ""}});
    BOOST_TEST(r.exitCode == 3);
    BOOST_TEST(r.err.find("There is no record store at " + dir.file("site") + "/kiosk.db") != std::string::npos, r.err);
    // A key nobody knows is said, not silently taken.
    write(dir.file("etc/kiosk.conf"), "data.dri = /x\n");
    r = cli(dir, {"--print-config"});
    BOOST_TEST(r.out.find("unknown key \"data.dri\"") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(log_lines_carry_the_journals_priority_when_asked)
{
    test::TempDir dir;
    const std::string store = unreachableStore(dir);
    // stderr is a pipe here: "auto" writes <N> priorities, as systemd's journal reads them.
    const auto r = cli(dir, {"sync", "now", "--db", store});
    BOOST_TEST(r.err.find("<4>portside.sync: The server cannot be reached") != std::string::npos, r.err);
    write(dir.file("etc/kiosk.conf"), "log.prefix = no\n");
    const auto plain = cli(dir, {"sync", "now", "--db", store});
    BOOST_TEST(plain.err.find("warning: portside.sync: The server cannot be reached") != std::string::npos, plain.err);
    const auto quiet = cli(dir, {"sync", "now", "--db", store, "--log-level", "error"});
    BOOST_TEST(quiet.err.find("portside.sync") == std::string::npos, quiet.err);
}

BOOST_AUTO_TEST_CASE(the_server_reads_server_conf_under_its_options_and_masks_passwords)
{
    test::TempDir dir;
    write(dir.file("etc/server.conf"), "listen = 127.0.0.1:9444\ntoken.days = 30\nstate.dir = " + dir.path() + "\n");
    const auto r = test::runProcess(PORTSIDE_SERVER, {"--print-config", "--listen", "127.0.0.1:9555"}, "",
                                    isolated(dir, {{"PORTSIDE_SERVER_DB", "postgresql://ward:s3cret@db.example/ps"}}));
    BOOST_TEST(r.exitCode == 0, r.err);
    BOOST_TEST(shown(r.out, "listen").first == "127.0.0.1:9555", r.out);
    BOOST_TEST(shown(r.out, "listen").second == "--listen", r.out);
    BOOST_TEST(shown(r.out, "token.days").first == "30", r.out);
    BOOST_TEST(shown(r.out, "token.days").second == dir.file("etc/server.conf"), r.out);
    BOOST_TEST(shown(r.out, "db").second == "PORTSIDE_SERVER_DB", r.out);
    BOOST_TEST(r.out.find("s3cret") == std::string::npos, r.out);
    // Without a database named, the database is in state.dir, not in the current folder.
    const auto plain = test::runProcess(PORTSIDE_SERVER, {"--print-config"}, "", isolated(dir));
    BOOST_TEST(shown(plain.out, "db").first == "sqlite:" + dir.path() + "/portside-server.db", plain.out);
    // A password in server.conf (which others may read) is refused with a sentence.
    write(dir.file("etc/server.conf"), "db = postgresql://ward:s3cret@db.example/ps\n");
    const auto refused = test::runProcess(PORTSIDE_SERVER, {"--check-config"}, "", isolated(dir));
    BOOST_TEST(refused.exitCode != 0);
    BOOST_TEST(refused.err.find("carries a password") != std::string::npos, refused.err);
    BOOST_TEST(refused.err.find("s3cret") == std::string::npos, refused.err);
}

BOOST_AUTO_TEST_CASE(check_config_passes_a_usable_setup_and_names_what_is_wrong)
{
    test::TempDir dir;
    const std::string state = dir.file("state");
    Poco::File(state).createDirectories();
    ::chmod(state.c_str(), 0700);
    write(dir.file("etc/server.conf"), "state.dir = " + state + "\nlisten = 127.0.0.1:8443\n");
    const auto good = test::runProcess(PORTSIDE_SERVER, {"--check-config"}, "", isolated(dir));
    BOOST_TEST(good.exitCode == 0, good.err);
    BOOST_TEST(good.out.find("configuration is usable: database sqlite:" + state + "/portside-server.db") !=
                   std::string::npos,
               good.out);
    BOOST_TEST(std::count(good.out.begin(), good.out.end(), '\n') == 1, good.out); // one line
    BOOST_TEST(!Poco::File(state + "/portside-server.db").exists());               // checking made nothing
    // Each thing wrong gets its sentence: a state folder open to all, the network without TLS, a missing
    // certificate, a typo.
    ::chmod(state.c_str(), 0755);
    write(dir.file("etc/server.conf"), "state.dir = " + state + "\nlisten = 0.0.0.0:8443\nlog.acess = yes\n");
    auto bad = test::runProcess(PORTSIDE_SERVER, {"--check-config"}, "", isolated(dir));
    BOOST_TEST(bad.exitCode == 1);
    BOOST_TEST(bad.err.find("is open to every user; chmod 700") != std::string::npos, bad.err);
    BOOST_TEST(bad.err.find("kiosks on the network need HTTPS") != std::string::npos, bad.err);
    BOOST_TEST(bad.err.find("unknown key \"log.acess\"") != std::string::npos, bad.err);
    write(dir.file("etc/server.conf"), "state.dir = " + dir.file("none") + "\ntls.cert = " + dir.file("c.pem") +
                                           "\ntls.key = " + dir.file("k.pem") + "\n");
    bad = test::runProcess(PORTSIDE_SERVER, {"--check-config"}, "", isolated(dir));
    BOOST_TEST(bad.exitCode == 1);
    BOOST_TEST(bad.err.find("The state folder " + dir.file("none") + " does not exist") != std::string::npos, bad.err);
    BOOST_TEST(bad.err.find("The certificate " + dir.file("c.pem") + " cannot be read") != std::string::npos, bad.err);
    // A TLS key every user of the machine can read is named, whatever else is right (break-it review).
    write(dir.file("k.pem"), "not a key\n");
    ::chmod(dir.file("k.pem").c_str(), 0644);
    bad = test::runProcess(PORTSIDE_SERVER, {"--check-config"}, "", isolated(dir));
    BOOST_TEST(bad.err.find("can be read by every user of this machine; chmod 600") != std::string::npos, bad.err);
    // Checked as root in a service user's state folder, it says whose view that is.
    if (::geteuid() == 0) {
        ::chmod(state.c_str(), 0700);
        BOOST_REQUIRE(::chown(state.c_str(), 65534, 65534) == 0);
        write(dir.file("etc/server.conf"), "state.dir = " + state + "\nlisten = 127.0.0.1:8443\n");
        const auto asRoot = test::runProcess(PORTSIDE_SERVER, {"--check-config"}, "", isolated(dir));
        BOOST_TEST(asRoot.out.find("checked as root; the server runs as nobody: run runuser -u nobody") !=
                       std::string::npos,
                   asRoot.out << asRoot.err);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(tools_server_log)

BOOST_AUTO_TEST_CASE(each_request_gets_an_access_line_without_its_query)
{
    test::TempDir dir;
    Poco::Pipe out, err;
    auto env = isolated(dir);
    Poco::ProcessHandle server =
        Poco::Process::launch(PORTSIDE_SERVER, {"--db", "sqlite:" + dir.file("server.db"), "--listen", "127.0.0.1:0"},
                              std::string(), nullptr, &out, &err, env);
    Poco::PipeInputStream outStream(out);
    std::string line;
    std::getline(outStream, line); // "portside-server listening on http://127.0.0.1:PORT (SQLite)"
    const auto at = line.find("127.0.0.1:");
    BOOST_REQUIRE_MESSAGE(at != std::string::npos, line);
    const int port = std::stoi(line.substr(at + 10));
    {
        Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/v1/reference?since=0&secret=hunter2");
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        std::string body;
        Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
        BOOST_TEST(response.getStatus() == Poco::Net::HTTPResponse::HTTP_UNAUTHORIZED);
    }
    Poco::Process::requestTermination(server.id());
    std::string log;
    Poco::PipeInputStream errStream(err);
    Poco::StreamCopier::copyToString(errStream, log);
    server.wait();
    BOOST_TEST(std::regex_search(log, std::regex("<6>portside\\.access: 127\\.0\\.0\\.1 GET /v1/reference 401 [0-9]+ B "
                                                 "[0-9]+ ms\\n")),
               log);
    BOOST_TEST(log.find("hunter2") == std::string::npos, log);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(tools_demo)

BOOST_AUTO_TEST_CASE(demo_runs_in_its_own_folder_and_leaves_the_sites_store_alone)
{
    test::TempDir dir;
    // The site's store, enrolled with the site's server.
    Poco::File(dir.file("site")).createDirectories();
    {
        core::ManualClock clock;
        core::EventStore store(dir.file("site/kiosk.db"), clock);
        store.setMeta("server_url", "https://portside.hospital.example:8443");
        store.setMeta("server_token", "the-sites-token");
    }
    const std::string before = read(dir.file("site/kiosk.db"));
    const auto env =
        isolated(dir, {{"PORTSIDE_DATA_DIR", dir.file("site")}, {"HOME", dir.file("home")}, {"XDG_DATA_HOME", ""}});
    const std::string demo = dir.file("home") + "/.local/share/portside-demo";
    const auto r = test::runProcess(PORTSIDE_SOURCE_DIR "/tests/support/with-xvfb",
                                    {PORTSIDE_SHELL, "--demo", "--screenshot", dir.file("shot.png")}, "", env);
    BOOST_TEST(r.exitCode == 0, r.out << r.err);
    BOOST_TEST(r.out.find("Demo: its own data in " + demo) != std::string::npos, r.out);
    BOOST_TEST(Poco::File(demo + "/kiosk.db").exists());
    BOOST_TEST(Poco::File(demo + "/demo-server.db").exists());
    // The kiosk's loggers have a channel now: its plugin events reach the journal's stream (at start, in order; the
    // scanner's and sync's come from their threads, whenever they are ready).
    BOOST_TEST(r.err.find("<6>portside.plugin: Started port-access 2.0.0 (checklist)") != std::string::npos, r.err);
    BOOST_TEST(read(dir.file("site/kiosk.db")) == before); // not a byte changed
    BOOST_TEST(!Poco::File(dir.file("site/demo-server.db")).exists());
    {
        core::ManualClock clock;
        const core::EventStore site(dir.file("site/kiosk.db"), clock, core::EventStore::ReadOnly{});
        BOOST_TEST(site.meta("server_token") == "the-sites-token");
        BOOST_TEST(site.pendingCount() == 0);
    }
    // Named on purpose, the site's folder is still refused, before any window opens.
    const auto refused = test::runProcess(PORTSIDE_SHELL, {"--demo", "--data", dir.file("site")}, "", env);
    BOOST_TEST(refused.exitCode == 2);
    BOOST_TEST(refused.err.find("--demo never runs in the site's data folder") != std::string::npos, refused.err);
    // So is any folder holding a store the demo did not make.
    Poco::File(dir.file("other")).createDirectories();
    std::ofstream(dir.file("other/kiosk.db")) << "";
    const auto other = test::runProcess(PORTSIDE_SHELL, {"--demo", "--data", dir.file("other")}, "", env);
    BOOST_TEST(other.exitCode == 2);
    BOOST_TEST(other.err.find("holds a record store the demo did not make") != std::string::npos, other.err);
    BOOST_TEST(read(dir.file("site/kiosk.db")) == before);
    // A site folder not made yet, written with a slash at the end, is still the site's folder (break-it review).
    const auto fresh =
        isolated(dir, {{"PORTSIDE_DATA_DIR", dir.file("new-site")}, {"HOME", dir.file("home")}, {"XDG_DATA_HOME", ""}});
    const auto slash = test::runProcess(PORTSIDE_SHELL, {"--demo", "--data", dir.file("new-site") + "/"}, "", fresh);
    BOOST_TEST(slash.exitCode == 2, slash.out << slash.err);
    BOOST_TEST(slash.err.find("--demo never runs in the site's data folder") != std::string::npos, slash.err);
    BOOST_TEST(!Poco::File(dir.file("new-site")).exists());
    // And a folder the demo made is never taken for the site's: the kiosk refuses to record real care there.
    const auto demoAsSite =
        isolated(dir, {{"PORTSIDE_DATA_DIR", demo}, {"HOME", dir.file("home")}, {"XDG_DATA_HOME", ""}});
    const auto refusedSite = test::runProcess(PORTSIDE_SHELL, {"--screenshot", dir.file("no.png")}, "", demoAsSite);
    BOOST_TEST(refusedSite.exitCode == 2, refusedSite.out << refusedSite.err);
    BOOST_TEST(refusedSite.err.find("belongs to portside --demo") != std::string::npos, refusedSite.err);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(tools_configuration_files)

/// The keys a packaged template lists ("# key = value" lines).
std::set<std::string> templateKeys(const std::string& path)
{
    std::set<std::string> keys;
    const std::regex key("^# ([a-z_]+(\\.[a-z_]+)*) =( .*)?$");
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) {
        std::smatch m;
        if (std::regex_match(line, m, key))
            keys.insert(m[1]);
    }
    return keys;
}

std::set<std::string> printedKeys(const std::string& printed)
{
    std::set<std::string> keys;
    std::istringstream lines(printed);
    for (std::string line; std::getline(lines, line);)
        if (!line.empty() && line[0] != '#')
            keys.insert(line.substr(0, line.find(" = ")));
    return keys;
}

BOOST_AUTO_TEST_CASE(the_packaged_templates_list_every_key_and_each_is_known)
{
    test::TempDir dir;
    const auto kiosk = cli(dir, {"--print-config"});
    const auto kioskKeys = templateKeys(PORTSIDE_SOURCE_DIR "/packaging/kiosk.conf");
    BOOST_TEST(kioskKeys == printedKeys(kiosk.out), kiosk.out);
    const auto server = test::runProcess(PORTSIDE_SERVER, {"--print-config"}, "", isolated(dir));
    const auto serverKeys = templateKeys(PORTSIDE_SOURCE_DIR "/packaging/server.conf");
    BOOST_TEST(serverKeys == printedKeys(server.out), server.out);
    // Uncommented as shipped, the templates are read without a complaint.
    const auto uncomment = [&](const std::string& from, const std::string& to) {
        std::ifstream in(from);
        std::string text;
        for (std::string line; std::getline(in, line);)
            text += (std::regex_match(line, std::regex("^# [a-z_.]+ =.*$")) ? line.substr(2) : line) + "\n";
        write(to, text);
    };
    uncomment(PORTSIDE_SOURCE_DIR "/packaging/kiosk.conf", dir.file("etc/kiosk.conf"));
    uncomment(PORTSIDE_SOURCE_DIR "/packaging/server.conf", dir.file("etc/server.conf"));
    const auto k = cli(dir, {"--print-config"});
    BOOST_TEST(k.exitCode == 0, k.err);
    BOOST_TEST(k.out.find("unknown key") == std::string::npos, k.out);
    const auto s = test::runProcess(PORTSIDE_SERVER, {"--print-config"}, "", isolated(dir));
    BOOST_TEST(s.out.find("unknown key") == std::string::npos, s.out);
}

BOOST_AUTO_TEST_CASE(the_sites_settings_in_etc_are_read_under_the_data_folders)
{
    test::TempDir dir;
    // Written as the packaged file says: a backslash twice.
    write(dir.file("etc/site.properties"),
          "scan.patient_pattern = ^MRN(\\\\d{7})$\nscan.staff_pattern = ^EMP(\\\\d{4})$\n");
    auto r = test::runProcess(PORTSIDE_CLI, {"scan", "parse"}, "MRN1234567\nEMP1001\n", isolated(dir));
    BOOST_TEST(r.exitCode == 0, r.err);
    BOOST_TEST(r.out.find("\"patient\":\"1234567\"") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("\"staff\":\"1001\"") != std::string::npos, r.out);
    // The data folder's own file wins key by key; the other key still comes from /etc.
    write(dir.file("data/site.properties"), "scan.patient_pattern = ^PAT([0-9]{3})$\n");
    r = test::runProcess(PORTSIDE_CLI, {"scan", "parse"}, "MRN1234567\nPAT123\nEMP1001\n", isolated(dir));
    BOOST_TEST(r.out.find("\"patient\":\"1234567\"") == std::string::npos, r.out);
    BOOST_TEST(r.out.find("\"patient\":\"123\"") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("\"staff\":\"1001\"") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_SUITE_END()
