#define BOOST_TEST_MODULE portside - sdk
#include <boost/test/unit_test.hpp>

// The plugin SDK as a third party meets it: `cmake --install --component sdk` into a folder of its own, the example
// plugin (and one `plugin new` scaffolds) configured and built out of this tree with find_package(PortsideSDK), then
// packed, signed, installed on a kiosk's data folder and run to its end by the bedside session.

#include "RunProcess.h"
#include "TempDir.h"

#include "portside/core/Clock.h"
#include "portside/core/DemoData.h"
#include "portside/core/EventStore.h"
#include "portside/core/PluginInstaller.h"
#include "portside/sdk/Version.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Path.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

using namespace portside;
using Poco::JSON::Object;

namespace {

bool exists(const std::string& path)
{
    return Poco::File(path).exists();
}

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// Environment for the out-of-tree builds: ccache (when the tree uses it) sees paths relative to the temporary
/// folders, so a second run hits its cache.
Poco::Process::Env buildEnv()
{
    return {{"CCACHE_BASEDIR", Poco::Path::temp()}};
}

/// The SDK installed once for every test here, as `cmake --install BUILD --prefix P --component sdk` and
/// `--component sdk-runtime` (the library, Debian's libportside-sdk2) put it.
const std::string& installedSdk()
{
    static test::TempDir prefix;
    static bool installed = false;
    if (!installed) {
        for (const char* component : {"sdk-runtime", "sdk"}) {
            const auto r = test::runProcess(
                CMAKE_COMMAND, {"--install", PORTSIDE_BUILD_DIR, "--prefix", prefix.path(), "--component", component});
            BOOST_REQUIRE_MESSAGE(r.exitCode == 0, r.out + r.err);
        }
        installed = true;
    }
    return prefix.path();
}

/// Configures and builds a plugin's source folder against the installed SDK with the compiler this tree uses;
/// BOOST_REQUIREs success.
void buildPlugin(const std::string& source, const std::string& build)
{
    std::vector<std::string> configure = {"-S",
                                          source,
                                          "-B",
                                          build,
                                          "-G",
                                          CMAKE_GENERATOR,
                                          "-DCMAKE_PREFIX_PATH=" + installedSdk(),
                                          "-DCMAKE_BUILD_TYPE=Release",
                                          "-DCMAKE_CXX_COMPILER=" CXX_COMPILER};
    if (std::string(CXX_LAUNCHER).size())
        configure.push_back("-DCMAKE_CXX_COMPILER_LAUNCHER=" CXX_LAUNCHER);
    auto r = test::runProcess(CMAKE_COMMAND, configure, "", buildEnv());
    BOOST_REQUIRE_MESSAGE(r.exitCode == 0, "configure failed:\n" + r.out + r.err);
    r = test::runProcess(CMAKE_COMMAND, {"--build", build}, "", buildEnv());
    BOOST_REQUIRE_MESSAGE(r.exitCode == 0, "build failed:\n" + r.out + r.err);
}

test::ProcessResult cli(const std::vector<std::string>& args, const std::string& dataDir = {})
{
    Poco::Process::Env env;
    if (!dataDir.empty())
        env["PORTSIDE_DATA_DIR"] = dataDir;
    return test::runProcess(PORTSIDE_CLI, args, "", env);
}

/// `portside-cli bedside` as a kiosk on `dataDir` (its store, its site settings and the plugins installed there; no
/// bundled plugin), driven one JSON action at a time.
class Bedside {
public:
    Bedside(const std::string& dataDir, const std::string& noBundledPlugins)
        : _handle(Poco::Process::launch(PORTSIDE_CLI, {"bedside"}, std::string(), &_in, &_out, &_err,
                                        {{"PORTSIDE_DATA_DIR", dataDir}, {"PORTSIDE_PLUGIN_PATH", noBundledPlugins}})),
          _toChild(_in), _fromChild(_out)
    {
        _errReader = std::thread([this] {
            Poco::PipeInputStream s(_err);
            Poco::StreamCopier::copyToString(s, _errText);
        });
    }
    ~Bedside()
    {
        _toChild.close();
        _handle.wait();
        _errReader.join();
    }

    Object::Ptr act(const std::string& json)
    {
        _toChild << json << '\n' << std::flush;
        std::string line;
        if (!std::getline(_fromChild, line))
            BOOST_FAIL("portside-cli bedside ended after " + json + ": " + _errText);
        BOOST_TEST_MESSAGE(json << " -> " << line);
        Poco::JSON::Parser parser;
        return parser.parse(line).extract<Object::Ptr>();
    }

private:
    Poco::Pipe _in, _out, _err;
    Poco::ProcessHandle _handle;
    Poco::PipeOutputStream _toChild;
    Poco::PipeInputStream _fromChild;
    std::thread _errReader;
    std::string _errText;
};

std::string stepId(const Object::Ptr& reply)
{
    const auto step = reply->getObject("step");
    return step && step->has("id") ? step->getValue<std::string>("id") : "";
}

} // namespace

BOOST_AUTO_TEST_CASE(cmake_install_of_the_sdk_component_gives_exactly_the_sdk)
{
    const std::string p = installedSdk();
    BOOST_TEST(exists(p + "/include/portside/sdk/Checklist.h"));
    BOOST_TEST(exists(p + "/include/portside/sdk/Version.h"));
    const std::string lib = p + "/" PORTSIDE_INSTALL_LIBDIR;
    BOOST_TEST(exists(lib + "/libportside-sdk.so"));
    BOOST_TEST(exists(lib + "/cmake/PortsideSDK/PortsideSDKConfig.cmake"));
    BOOST_TEST(exists(lib + "/cmake/PortsideSDK/PortsideSDKConfigVersion.cmake"));
    BOOST_TEST(exists(lib + "/cmake/PortsideSDK/PortsidePlugin.cmake"));
    BOOST_TEST(exists(p + "/share/portside-sdk/README.md"));
    BOOST_TEST(exists(p + "/share/portside-sdk/example/PortSiteCheckPlugin.cpp"));
    // Nothing of the kiosk: no programs, no bundled plugins, no catalogs of ours, no core library.
    BOOST_TEST(!exists(p + "/bin"));
    BOOST_TEST(!exists(p + "/lib/portside"));
    BOOST_TEST(!exists(p + "/share/locale"));
    for (Poco::DirectoryIterator it(lib), end; it != end; ++it)
        BOOST_TEST((it.name() == "cmake" || it.name().rfind("libportside-sdk.so", 0) == 0), it.name());
}

BOOST_AUTO_TEST_CASE(the_example_plugin_built_out_of_tree_is_packed_installed_and_run_to_the_end)
{
    test::TempDir work;
    const std::string build = work.file("example-build");
    buildPlugin(PORTSIDE_SOURCE_DIR "/sdk/example", build);

    // The build folder is the package's content: module, manifest with the SDK it was built against, catalogs.
    BOOST_REQUIRE(exists(build + "/port-site-check.so"));
    const std::string manifest = readFile(build + "/manifest.json");
    BOOST_TEST(manifest.find("\"sdk\": \"" PORTSIDE_SDK_VERSION "\"") != std::string::npos, manifest);
    BOOST_TEST(manifest.find("\"version\": \"1.0.0\"") != std::string::npos, manifest);
    BOOST_TEST(exists(build + "/locale/es/LC_MESSAGES/port-site-check.mo"));
    BOOST_TEST(exists(build + "/locale/de/LC_MESSAGES/port-site-check.mo"));
    // Built with the rpath it ships with: the module names no folder of the build machine.
    BOOST_TEST(readFile(build + "/port-site-check.so").find(installedSdk()) == std::string::npos);

    // The plugin builder's key, the signed package, and a supervisor's install on a kiosk's data folder.
    auto r = cli({"plugin", "keygen", "--out", work.file("acme")});
    BOOST_REQUIRE_MESSAGE(r.exitCode == 0, r.out + r.err);
    const std::string package = work.file("port-site-check.zip");
    r = cli({"plugin", "pack", build, "--key", work.file("acme.key.pem"), "--out", package});
    BOOST_REQUIRE_MESSAGE(r.exitCode == 0, r.out + r.err);
    const std::string data = work.file("data");
    Poco::File(data).createDirectories();
    // The site trusts the builder's key (its settings name it): the install and every start check against it.
    std::ofstream(data + "/site.properties")
        << "antisepsis.dry_s = 1\nplugins.trusted_keys = " << work.file("acme.pub.pem") << "\n";
    r = cli({"plugin", "install", package}, data);
    BOOST_REQUIRE_MESSAGE(r.exitCode == 0, r.out + r.err);
    BOOST_TEST(r.out.find("Installed port-site-check 1.0.0") != std::string::npos, r.out);

    // The kiosk's next start: the pending install becomes active (what the shell does before it loads plugins).
    std::ifstream pub(work.file("acme.pub.pem"));
    const std::string pem((std::istreambuf_iterator<char>(pub)), std::istreambuf_iterator<char>());
    const auto folders = core::PluginInstaller(data + "/plugins", {pem}, {}).activate();
    BOOST_REQUIRE_EQUAL(folders.size(), 1u);
    BOOST_TEST(folders.front() == data + "/plugins/port-site-check/1.0.0");

    // The demo ward's store, and a site whose antiseptic dries in 1 s (the checklist reads the site's setting).
    {
        core::ManualClock clock(std::chrono::system_clock::now());
        core::EventStore store(data + "/kiosk.db", clock);
        core::seedDemo(store);
    }
    const std::string ana = "950600013435200008";
    const std::string noBundled = work.file("no-bundled-plugins");
    Poco::File(noBundled).createDirectories();

    std::string runId;
    {
        Bedside kiosk(data, noBundled);
        BOOST_REQUIRE(kiosk.act(R"({"do":"sign-in","badge":"1001","pin":"123456"})")->getValue<bool>("ok"));
        BOOST_REQUIRE(kiosk.act(R"({"do":"open","wristband":"]C18018)" + ana + R"("})")->getValue<bool>("ok"));
        const auto offered = kiosk.act(R"({"do":"checklists"})")->getArray("checklists");
        BOOST_REQUIRE_EQUAL(offered->size(), 1u); // only the installed plugin: no bundled ones here
        BOOST_TEST(offered->getObject(0)->getValue<std::string>("id") == "port-site-check");
        BOOST_TEST(offered->getObject(0)->getValue<bool>("offered"));

        auto a = kiosk.act(R"({"do":"start","checklist":"port-site-check"})");
        BOOST_REQUIRE(a->getValue<bool>("ok"));
        runId = a->getObject("step")->getValue<std::string>("run");
        BOOST_TEST(stepId(a) == "hand-hygiene");
        BOOST_TEST(a->getObject("step")->getValue<std::string>("role") == "hand-hygiene");
        a = kiosk.act(R"({"do":"confirm"})");
        BOOST_TEST(stepId(a) == "patient");
        BOOST_TEST(a->getObject("step")->getValue<std::string>("role") == "wristband");
        a = kiosk.act(R"({"do":"scan","bytes":"]C18018)" + ana + R"("})");
        BOOST_TEST(a->getValue<bool>("confirmed"));
        BOOST_TEST(stepId(a) == "site");
        a = kiosk.act(
            R"({"do":"confirm","findings":{"redness":false,"swelling":false,"drainage":false,"broken-skin":false}})");
        BOOST_TEST(stepId(a) == "pain"); // no finding: the prescriber step is passed by

        a = kiosk.act(R"({"do":"confirm","number":11})"); // outside the declared 0 to 10
        BOOST_TEST(!a->getValue<bool>("ok"));
        BOOST_TEST(stepId(a) == "pain");
        a = kiosk.act(R"({"do":"confirm","number":2.5})"); // the plugin's own validation
        BOOST_TEST(!a->getValue<bool>("ok"));
        BOOST_TEST(a->getValue<std::string>("error") == "Give the pain score as a whole number from 0 to 10.");
        a = kiosk.act(R"({"do":"confirm","number":2})");
        BOOST_TEST(stepId(a) == "antiseptic");

        a = kiosk.act(R"({"do":"confirm","choice":"chg"})");
        BOOST_REQUIRE(stepId(a) == "dry");
        BOOST_TEST(a->getObject("step")->getValue<std::string>("type") == "timed-wait");
        BOOST_TEST(a->getObject("step")->getValue<Poco::Int64>("waitMs") > 0);
        a = kiosk.act(R"({"do":"confirm"})"); // too early
        BOOST_TEST(!a->getValue<bool>("ok"));
        BOOST_TEST(a->getValue<std::string>("error").find("cannot be confirmed early") != std::string::npos);
        // Wait out the time the session says is left, then confirm; give up after 10 s.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (stepId(a) == "dry" && std::chrono::steady_clock::now() < deadline) {
            const auto step = a->getObject("step");
            const Poco::Int64 left = step && step->has("waitMs") ? step->getValue<Poco::Int64>("waitMs") : 100;
            std::this_thread::sleep_for(std::chrono::milliseconds(std::max<Poco::Int64>(left, 50)));
            a = kiosk.act(R"({"do":"confirm"})");
        }
        BOOST_REQUIRE(a->getValue<bool>("ok"));
        BOOST_TEST(stepId(a) == "note");

        a = kiosk.act(R"({"do":"confirm","note":"Skin intact, no pain on touch."})");
        BOOST_REQUIRE(a->getValue<bool>("ok"));
        BOOST_TEST(a->getObject("step")->getValue<bool>("finished"));
        BOOST_TEST(!a->getObject("step")->getValue<bool>("cancelled"));
    }

    // The record: the run of the installed plugin, every step confirmed, finished.
    core::ManualClock clock;
    core::EventStore store(data + "/kiosk.db", clock);
    int confirmed = 0, finished = 0;
    std::string version;
    for (const auto& e : store.events({}, ana)) {
        if (e.runId != runId)
            continue;
        confirmed += e.type == "step-confirmed";
        finished += e.type == "run-finished";
        if (e.type == "run-started")
            version = e.payload;
    }
    BOOST_TEST(confirmed == 7); // all but the prescriber step, which no finding asked for
    BOOST_TEST(finished == 1);
    BOOST_TEST(version.find("\"1.0.0\"") != std::string::npos, version);
    BOOST_TEST(store.verify().ok);
}

BOOST_AUTO_TEST_CASE(plugin_new_scaffolds_a_plugin_that_builds_against_the_installed_sdk_and_passes_the_probe)
{
    test::TempDir work;
    const std::string dir = work.file("my-check");
    auto r = cli({"plugin", "new", "my-check", "--dir", dir});
    BOOST_REQUIRE_MESSAGE(r.exitCode == 0, r.out + r.err);
    BOOST_TEST(exists(dir + "/CMakeLists.txt"));
    BOOST_TEST(exists(dir + "/MyCheckPlugin.cpp"));
    BOOST_TEST(exists(dir + "/manifest.json"));
    BOOST_TEST(exists(dir + "/po/es.po"));
    BOOST_TEST(exists(dir + "/po/my-check.pot"));
    for (const auto& name : {"CMakeLists.txt", "MyCheckPlugin.cpp", "manifest.json", "po/es.po"}) {
        const std::string text = readFile(dir + "/" + name);
        BOOST_TEST(text.find("port-site-check") == std::string::npos, name);
        BOOST_TEST(text.find("PortSiteCheck") == std::string::npos, name);
    }

    const std::string build = work.file("my-check-build");
    buildPlugin(dir, build);
    BOOST_REQUIRE(exists(build + "/my-check.so"));
    BOOST_TEST(exists(build + "/locale/es/LC_MESSAGES/my-check.mo"));
    BOOST_TEST(readFile(build + "/manifest.json").find("\"library\": \"my-check.so\"") != std::string::npos);
    // It loads, starts and passes its self-check in a child process, under its new id.
    r = cli({"plugin", "probe", build + "/my-check.so", "--json"});
    BOOST_TEST(r.exitCode == 0, r.out + r.err);
    Poco::JSON::Parser parser;
    const auto probe = parser.parse(r.out).extract<Object::Ptr>();
    BOOST_TEST(probe->getValue<bool>("ok"));
    BOOST_TEST(probe->getValue<std::string>("id") == "my-check");
    BOOST_TEST(probe->getValue<std::string>("kind") == "checklist");
}

BOOST_AUTO_TEST_CASE(plugin_new_refuses_a_bad_id_and_a_folder_in_use)
{
    test::TempDir work;
    auto r = cli({"plugin", "new", "../evil", "--dir", work.file("evil")});
    BOOST_TEST(r.exitCode != 0);
    BOOST_TEST(r.err.find("cannot be a plugin id") != std::string::npos, r.err);
    BOOST_TEST(!exists(work.file("evil")));

    std::ofstream(work.file("keep.txt")) << "mine\n";
    r = cli({"plugin", "new", "my-check", "--dir", work.path()});
    BOOST_TEST(r.exitCode != 0);
    BOOST_TEST(r.err.find("not an empty folder") != std::string::npos, r.err);
    BOOST_TEST(!exists(work.file("CMakeLists.txt")));
    BOOST_TEST(readFile(work.file("keep.txt")) == "mine\n");
}
