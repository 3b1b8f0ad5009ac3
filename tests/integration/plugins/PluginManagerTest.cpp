#define BOOST_TEST_MODULE portside plugin manager
#include <boost/test/unit_test.hpp>

#include "portside/core/PluginInstaller.h"
#include "portside/core/PluginManager.h"
#include "portside/core/PluginPackage.h"
#include "portside/core/PluginProbe.h"
#include "portside/sdk/Host.h"
#include "portside/sdk/Version.h"

#include "TempDir.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <map>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace portside;

namespace {

const std::string kModules = PORTSIDE_TEST_MODULES;

class TestHost final : public sdk::Host {
public:
    std::map<std::string, std::string> settings;
    std::vector<std::string> logged;
    std::string setting(const std::string& key, const std::string& fallback) const override
    {
        auto it = settings.find(key);
        return it == settings.end() ? fallback : it->second;
    }
    void log(sdk::LogLevel, const std::string& message) override { logged.push_back(message); }
    std::string dataDirectory() const override { return "/tmp"; }
};

const core::PluginInfo& only(const core::PluginManager& manager)
{
    BOOST_REQUIRE_EQUAL(manager.plugins().size(), 1u);
    return manager.plugins().front();
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(plugin_manager)

BOOST_AUTO_TEST_CASE(the_five_port_care_checklists_load_and_start)
{
    core::PluginManager manager({PORTSIDE_PLUGIN_DIR});
    manager.loadAll();
    TestHost host;
    manager.startAll(host);
    std::vector<std::string> ids;
    for (const auto& p : manager.plugins()) {
        BOOST_TEST(p.error == "");
        BOOST_TEST(core::toString(p.status) == std::string("started"));
        if (p.kind == sdk::PluginKind::Checklist)
            ids.push_back(p.id);
    }
    std::sort(ids.begin(), ids.end());
    BOOST_TEST(ids == (std::vector<std::string>{"blood-sampling", "dressing-change", "flush-lock", "port-access",
                                                "port-deaccess"}),
               boost::test_tools::per_element());
    BOOST_TEST(manager.checklists().size() == 5u);
}

BOOST_AUTO_TEST_CASE(the_port_access_plugin_loads_and_defines_its_steps)
{
    core::PluginManager manager({PORTSIDE_PLUGIN_DIR});
    manager.loadAll();
    TestHost host;
    host.settings["antisepsis.dry_s"] = "45";
    manager.startAll(host);
    const auto it = std::find_if(manager.plugins().begin(), manager.plugins().end(),
                                 [](const core::PluginInfo& p) { return p.id == "port-access"; });
    BOOST_REQUIRE(it != manager.plugins().end());
    const auto& info = *it;
    BOOST_TEST(info.error == "");
    BOOST_TEST(info.id == "port-access");
    BOOST_TEST(info.version == "2.0.0");
    BOOST_TEST(info.className == "PortAccessPlugin");
    BOOST_TEST(info.sdkVersion == PORTSIDE_SDK_VERSION_NUMBER);
    BOOST_TEST(core::toString(info.status) == std::string("started"));
    const auto def = dynamic_cast<sdk::ChecklistPlugin*>(info.plugin)->definition({});
    BOOST_TEST(def.id == "port-access");
    BOOST_TEST(def.textDomain == "portside-port-access");
    BOOST_TEST(def.steps.front().id == "review");
    BOOST_TEST(def.steps.back().id == "notify-no-return");
    BOOST_TEST((def.steps.back().role == sdk::StepRole::NotifyPrescriber));
    BOOST_TEST((def.portBefore == sdk::PortRequirement::NotAccessed));
    auto dry = std::find_if(def.steps.begin(), def.steps.end(), [](const sdk::Step& s) { return s.id == "dry"; });
    BOOST_REQUIRE(dry != def.steps.end());
    BOOST_TEST(dry->waitSeconds == 45); // the site setting, not the default of 30
    BOOST_TEST((dry->type == sdk::StepType::TimedWait));
}

BOOST_AUTO_TEST_CASE(checklists_that_end_with_a_dressing_supply_their_label_layout)
{
    core::PluginManager manager({PORTSIDE_PLUGIN_DIR});
    manager.loadAll();
    TestHost host;
    manager.startAll(host);
    for (auto* checklist : manager.checklists()) {
        const auto def = checklist->definition({});
        const auto layout = checklist->labelTemplate(59, 23);
        BOOST_TEST_CONTEXT(def.id)
        {
            if (def.label.empty()) {
                BOOST_TEST(layout.elements.empty());
                continue;
            }
            BOOST_TEST(def.label == "dressing-date");
            BOOST_TEST(layout.widthMm == 59);
            BOOST_TEST(std::count_if(layout.elements.begin(), layout.elements.end(), [](const sdk::LabelElement& e) {
                           return e.kind == sdk::LabelElement::Kind::DataMatrix && e.field == "record";
                       }) == 1);
        }
    }
}

BOOST_AUTO_TEST_CASE(two_plugins_sharing_a_class_name_load_side_by_side)
{
    core::PluginManager manager({kModules + "/twins"});
    manager.loadAll();
    TestHost host;
    manager.startAll(host);
    BOOST_REQUIRE_EQUAL(manager.plugins().size(), 2u);
    for (const auto& p : manager.plugins()) {
        BOOST_TEST(p.error == "");
        BOOST_TEST(p.className == "TwinPlugin");
    }
    auto* a = dynamic_cast<sdk::ChecklistPlugin*>(manager.find("twin-a"));
    auto* b = dynamic_cast<sdk::ChecklistPlugin*>(manager.find("twin-b"));
    BOOST_REQUIRE(a);
    BOOST_REQUIRE(b);
    BOOST_TEST(a != b);
    // Each object runs its own module's code: ids, versions and definitions stay apart.
    BOOST_TEST(a->version() == "1.0.0");
    BOOST_TEST(b->version() == "2.0.0");
    BOOST_TEST(a->definition({}).steps.at(0).id == "only-step-of-twin-a");
    BOOST_TEST(b->definition({}).steps.at(0).id == "only-step-of-twin-b");
}

BOOST_AUTO_TEST_CASE(a_file_that_is_not_a_library_is_refused_by_name_with_the_reason)
{
    core::PluginManager manager({kModules + "/not-a-library"});
    manager.loadAll();
    const auto& info = only(manager);
    BOOST_TEST(core::toString(info.status) == std::string("failed"));
    BOOST_TEST(info.plugin == nullptr);
    BOOST_TEST(contains(info.error, kModules + "/not-a-library/readme.so"));
    BOOST_TEST(contains(info.error, "not a loadable library"));
    // the loader's own reason is kept (dlerror: "invalid ELF header" or "file too short"), not just "Cannot load
    // library"
    BOOST_TEST((contains(info.error, "ELF") || contains(info.error, "too short")), info.error);
}

BOOST_AUTO_TEST_CASE(a_library_without_a_manifest_is_refused)
{
    core::PluginManager manager({kModules + "/no-manifest"});
    manager.loadAll();
    const auto& info = only(manager);
    BOOST_TEST(core::toString(info.status) == std::string("failed"));
    BOOST_TEST(contains(info.error, "no-manifest.so"));
    BOOST_TEST(contains(info.error, "has no plugin manifest"), info.error);
}

BOOST_AUTO_TEST_CASE(a_manifest_of_another_base_class_is_refused)
{
    core::PluginManager manager({kModules + "/wrong-base"});
    manager.loadAll();
    const auto& info = only(manager);
    BOOST_TEST(core::toString(info.status) == std::string("failed"));
    BOOST_TEST(contains(info.error, "wrong-base.so"));
    BOOST_TEST(contains(info.error, "another base class, not portside::sdk::Plugin"), info.error);
}

BOOST_AUTO_TEST_CASE(an_incompatible_sdk_version_is_refused_before_anything_is_created)
{
    core::PluginManager manager({kModules + "/future-sdk"});
    manager.loadAll();
    const auto& info = only(manager);
    BOOST_TEST(core::toString(info.status) == std::string("failed"));
    BOOST_TEST(info.sdkVersion == 9000);
    BOOST_TEST(info.id == ""); // never created
    BOOST_TEST(contains(info.error, "future-sdk.so"));
    BOOST_TEST(contains(info.error, "built for SDK 9.0, but this Portside provides SDK " PORTSIDE_SDK_VERSION),
               info.error);
}

BOOST_AUTO_TEST_CASE(sdk_compatibility_is_same_major_and_no_newer_minor)
{
    BOOST_TEST(core::PluginManager::compatible(PORTSIDE_SDK_VERSION_NUMBER));
    BOOST_TEST(!core::PluginManager::compatible(PORTSIDE_SDK_VERSION_NUMBER + 1));    // needs a newer minor
    BOOST_TEST(!core::PluginManager::compatible(PORTSIDE_SDK_VERSION_NUMBER + 1000)); // next major
    BOOST_TEST(!core::PluginManager::compatible(0));
}

BOOST_AUTO_TEST_CASE(a_plugin_that_fails_to_start_is_marked_failed_with_its_reason)
{
    core::PluginManager manager({kModules + "/fails-start"});
    manager.loadAll();
    TestHost host;
    manager.startAll(host);
    const auto& info = only(manager);
    BOOST_TEST(core::toString(info.status) == std::string("failed"));
    BOOST_TEST(contains(info.error, "fails-start.so: it did not start (the dry time setting is not a number)"),
               info.error);
    BOOST_TEST(manager.checklists().empty());
    BOOST_TEST(host.logged.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_second_plugin_with_the_same_id_is_refused_and_the_first_keeps_working)
{
    core::PluginManager manager({kModules + "/twins", kModules + "/duplicate"});
    manager.loadAll();
    BOOST_REQUIRE_EQUAL(manager.plugins().size(), 3u);
    const auto& dup = manager.plugins()[2]; // the folders' order decides: twins/ first, duplicate/ after
    BOOST_TEST(contains(dup.file, "twin-a-copy.so"));
    BOOST_TEST(core::toString(dup.status) == std::string("failed"));
    BOOST_TEST(contains(dup.error, "another plugin with the id \"twin-a\" is already loaded"), dup.error);
    BOOST_REQUIRE(manager.find("twin-a"));
    BOOST_TEST(manager.find("twin-a")->version() == "1.0.0");
}

BOOST_AUTO_TEST_CASE(bad_plugins_do_not_stop_good_ones_from_loading)
{
    core::PluginManager manager({kModules + "/not-a-library", kModules + "/no-manifest", kModules + "/wrong-base",
                                 kModules + "/future-sdk", PORTSIDE_PLUGIN_DIR, "/nonexistent/folder"});
    manager.loadAll();
    BOOST_TEST(manager.plugins().size() == 13u); // 4 refused, 5 checklists, 3 scanners, 1 sync
    BOOST_TEST(manager.find("port-access") != nullptr);
    const auto failed = std::count_if(manager.plugins().begin(), manager.plugins().end(),
                                      [](const core::PluginInfo& p) { return !p.error.empty(); });
    BOOST_TEST(failed == 4);
}

BOOST_AUTO_TEST_CASE(plugin_path_from_the_environment_wins)
{
    ::setenv("PORTSIDE_PLUGIN_PATH", "/a/b: /c/d ::", 1);
    const auto folders = core::PluginManager::defaultFolders("/opt/portside/bin/portside");
    ::unsetenv("PORTSIDE_PLUGIN_PATH");
    BOOST_TEST(folders == (std::vector<std::string>{"/a/b", "/c/d"}), boost::test_tools::per_element());
    const auto fallback = core::PluginManager::defaultFolders("/opt/portside/bin/portside");
    BOOST_TEST(fallback == std::vector<std::string>{"/opt/portside/lib/portside/plugins/"},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

// The probe: each hostile module in a child process (the real portside-cli), refused with a sentence saying what it
// did, while this process goes on.
BOOST_AUTO_TEST_SUITE(plugin_probe)

BOOST_AUTO_TEST_CASE(a_module_that_crashes_aborts_exits_throws_or_hangs_is_refused_and_nothing_here_is_touched)
{
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"hostile-segfault-construct", "crashed (segmentation fault)"},
        {"hostile-abort-start", "it aborted"},
        {"hostile-exit-construct", "it ended the program (exit code 0)"},
        {"hostile-throw-int-start", "it did not start (it threw something that is not an exception)"},
        {"hostile-throw-int-construct", "creating its plugin threw something that is not an exception"},
        {"hostile-hang-construct", "(it hangs)"},
        {"hostile-hang-start", "(it hangs)"},
        {"hostile-none-definition", "its checklist has no steps"},
    };
    for (const auto& [id, expected] : cases) {
        const auto started = std::chrono::steady_clock::now();
        const auto r = core::probeModule(kModules + "/hostile/" + id + ".so", PORTSIDE_CLI, std::chrono::seconds(2));
        BOOST_TEST(!r.ok, id);
        BOOST_TEST(r.error.find(expected) != std::string::npos, id << ": " << r.error);
        BOOST_TEST(r.error.find("hostile/" + id + ".so") != std::string::npos, r.error);        // names the module
        BOOST_TEST((std::chrono::steady_clock::now() - started < std::chrono::seconds(5)), id); // a hang is ended
    }
}

BOOST_AUTO_TEST_CASE(a_sound_module_passes_the_probe_and_says_who_it_is)
{
    const auto r = core::probeModule(std::string(PORTSIDE_PLUGIN_DIR) + "/port-access.so", PORTSIDE_CLI);
    BOOST_TEST(r.ok, r.error);
    BOOST_TEST(r.id == "port-access");
    BOOST_TEST(r.kind == "checklist");
    BOOST_TEST(r.sdkVersion / 1000 == PORTSIDE_SDK_VERSION_MAJOR);
    // Not a module at all: refused by the child, with the loader's reason.
    const auto text = core::probeModule(kModules + "/not-a-library/readme.so", PORTSIDE_CLI);
    BOOST_TEST(!text.ok);
    BOOST_TEST(text.error.find("not a loadable library") != std::string::npos, text.error);
}

BOOST_AUTO_TEST_SUITE_END()

// The crash guard: a module that brings the process down while it is loaded or started is disabled at the next
// start, with why, until a supervisor enables it.
BOOST_AUTO_TEST_SUITE(crash_guard)

BOOST_AUTO_TEST_CASE(a_module_that_brought_the_process_down_is_disabled_at_the_next_start)
{
    for (const std::string id : {"hostile-segfault-construct", "hostile-abort-start"}) {
        test::TempDir dir;
        Poco::File(dir.file("plugins")).createDirectories();
        Poco::File(kModules + "/hostile/" + id + ".so").copyTo(dir.file("plugins/" + id + ".so"));
        const std::string guardFile = dir.file("plugins-starting");
        const pid_t child = ::fork();
        BOOST_REQUIRE(child >= 0);
        if (child == 0) { // the kiosk's start, which this module brings down
            for (int sig : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL})
                std::signal(sig, SIG_DFL); // as in the kiosk, not as under the test framework's handlers
            core::PluginManager manager({dir.file("plugins")});
            manager.setCrashGuard(guardFile);
            manager.loadAll();
            TestHost host;
            manager.startAll(host);
            ::_exit(0);
        }
        int status = 0;
        BOOST_REQUIRE(::waitpid(child, &status, 0) == child);
        BOOST_TEST(WIFSIGNALED(status), id);

        // The next start: disabled, with why; nothing is called into it.
        core::PluginManager next({dir.file("plugins")});
        next.setCrashGuard(guardFile);
        next.loadAll();
        const auto& info = only(next);
        BOOST_TEST((info.status == core::PluginInfo::Status::Failed));
        BOOST_TEST(info.error.find("brought the kiosk down") != std::string::npos, info.error);
        BOOST_TEST(next.disabled().size() == 1u);
        // And at the one after: still disabled, until a supervisor enables it.
        core::PluginManager after({dir.file("plugins")});
        after.setCrashGuard(guardFile);
        BOOST_TEST(after.disabled().size() == 1u);
        after.enable(dir.file("plugins/" + id + ".so"));
        BOOST_TEST(after.disabled().empty());
    }
    // A start that went well leaves no mark and disables nothing.
    test::TempDir dir;
    core::PluginManager good({PORTSIDE_PLUGIN_DIR});
    good.setCrashGuard(dir.file("plugins-starting"));
    good.loadAll();
    TestHost host;
    good.startAll(host);
    BOOST_TEST(!Poco::File(dir.file("plugins-starting")).exists());
    BOOST_TEST(good.disabled().empty());
    good.stopAll();
}

BOOST_AUTO_TEST_SUITE_END()

// Installing signed packages: verify, stage, probe, keep; active at the next start; upgrade, rollback and removal.
BOOST_AUTO_TEST_SUITE(plugin_install)

namespace {
std::string readAll(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// A package of `module` under this manifest id and version, signed by `key`.
std::string package(const std::string& module, const std::string& id, const std::string& version,
                    const core::SigningKey& key)
{
    const std::string manifest = R"({"id":")" + id + R"(","version":")" + version +
                                 R"(","kind":"checklist","sdk":")" PORTSIDE_SDK_VERSION R"(","library":")" + id +
                                 R"(.so"})";
    return core::packPackage({{"manifest.json", manifest}, {id + ".so", readAll(module)}}, key);
}

/// What a kiosk start loads from the installed plugins: the checklist's id, version and first step.
std::string startKiosk(core::PluginInstaller& installer)
{
    core::PluginManager manager(installer.activate());
    manager.loadAll();
    TestHost host;
    manager.startAll(host);
    std::string seen;
    for (auto* c : manager.checklists())
        seen += c->id() + " " + c->version() + ": " + c->definition({}).steps.front().title + "\n";
    manager.stopAll();
    return seen;
}
} // namespace

BOOST_AUTO_TEST_CASE(a_package_installs_at_the_next_start_upgrades_and_rolls_back)
{
    test::TempDir dir;
    const auto key = core::generateSigningKey();
    core::PluginInstaller installer(dir.file("plugins"), {key.publicPem}, PORTSIDE_CLI);
    const auto v1 = package(kModules + "/wound-1.0.0/wound-check.so", "wound-check", "1.0.0", key);
    const auto v2 = package(kModules + "/wound-1.1.0/wound-check.so", "wound-check", "1.1.0", key);

    BOOST_TEST(installer.install(v1).manifest.version == "1.0.0");
    BOOST_TEST(installer.list().front().pending == "1.0.0");
    BOOST_TEST(startKiosk(installer) == "wound-check 1.0.0: Look at the wound (version 1.0.0)\n");

    installer.install(v2);
    BOOST_TEST(startKiosk(installer) == "wound-check 1.1.0: Look at the wound (version 1.1.0)\n");
    BOOST_TEST(installer.list().front().previous == "1.0.0");
    // The older one again is a downgrade: refused unless on purpose; a rollback is the way back.
    BOOST_CHECK_THROW(installer.install(v1), core::PackageRefused);
    installer.rollback("wound-check");
    BOOST_TEST(startKiosk(installer) == "wound-check 1.0.0: Look at the wound (version 1.0.0)\n");
    installer.remove("wound-check");
    BOOST_TEST(startKiosk(installer).empty());
    BOOST_TEST(!Poco::File(dir.file("plugins/.staging")).exists());
    // Wanted again after all: the same version comes back.
    installer.install(v1);
    BOOST_TEST(startKiosk(installer) == "wound-check 1.0.0: Look at the wound (version 1.0.0)\n");
    // Disabled by a supervisor: kept, not loaded, until enabled again.
    installer.setDisabled("wound-check", true);
    BOOST_TEST(startKiosk(installer).empty());
    BOOST_TEST(installer.list().front().disabled);
    installer.setDisabled("wound-check", false);
    BOOST_TEST(startKiosk(installer) == "wound-check 1.0.0: Look at the wound (version 1.0.0)\n");
    // Another trusted vendor cannot replace the plugin with its own version of it.
    const auto other = core::generateSigningKey();
    core::PluginInstaller both(dir.file("plugins"), {key.publicPem, other.publicPem}, PORTSIDE_CLI);
    BOOST_CHECK_EXCEPTION(
        both.install(package(kModules + "/wound-1.1.0/wound-check.so", "wound-check", "1.1.0", other)),
        core::PackageRefused, [](const core::PackageRefused& e) {
            return std::string(e.what()).find("another vendor's package cannot replace it") != std::string::npos;
        });
    BOOST_TEST(startKiosk(both) == "wound-check 1.0.0: Look at the wound (version 1.0.0)\n");
    // A state file that names a path instead of a version loads nothing from there.
    std::ofstream(dir.file("plugins/wound-check/state"), std::ios::trunc) << "active ../../../tmp\n";
    BOOST_TEST(startKiosk(installer).empty());
}

BOOST_AUTO_TEST_CASE(an_installed_plugin_loads_only_as_signed_by_a_key_still_trusted)
{
    test::TempDir dir;
    const auto key = core::generateSigningKey();
    core::PluginInstaller installer(dir.file("plugins"), {key.publicPem}, PORTSIDE_CLI);
    installer.install(package(kModules + "/wound-1.0.0/wound-check.so", "wound-check", "1.0.0", key));
    BOOST_TEST(startKiosk(installer) == "wound-check 1.0.0: Look at the wound (version 1.0.0)\n");
    BOOST_TEST(installer.problems().empty());

    // A module put into the plugins folder by hand, with a state file that names it: never loaded, and said why.
    Poco::File(dir.file("plugins/evil/1.0")).createDirectories();
    Poco::File(kModules + "/hostile/hostile-segfault-construct.so").copyTo(dir.file("plugins/evil/1.0/evil.so"));
    std::ofstream(dir.file("plugins/evil/state")) << "pending 1.0\n";
    BOOST_TEST(startKiosk(installer) == "wound-check 1.0.0: Look at the wound (version 1.0.0)\n");
    BOOST_REQUIRE(installer.problems().count("evil"));
    BOOST_TEST(installer.problems().at("evil").find("not signed") != std::string::npos,
               installer.problems().at("evil"));
    // A second module dropped beside an installed one, or the installed one changed: the plugin is not loaded.
    Poco::File(kModules + "/hostile/hostile-segfault-construct.so")
        .copyTo(dir.file("plugins/wound-check/1.0.0/extra.so"));
    BOOST_TEST(startKiosk(installer).empty());
    BOOST_TEST(installer.problems().at("wound-check").find("does not match its contents") != std::string::npos,
               installer.problems().at("wound-check"));
    Poco::File(dir.file("plugins/wound-check/1.0.0/extra.so")).remove();
    BOOST_TEST(startKiosk(installer) == "wound-check 1.0.0: Look at the wound (version 1.0.0)\n");
    // A pipe put there would block a read for ever (and the kiosk's start with it): refused without reading it.
    BOOST_REQUIRE(::mkfifo(dir.file("plugins/wound-check/1.0.0/wait.so").c_str(), 0600) == 0);
    BOOST_TEST(startKiosk(installer).empty());
    BOOST_TEST(installer.problems().at("wound-check").find("not a file") != std::string::npos);
    Poco::File(dir.file("plugins/wound-check/1.0.0/wait.so")).remove();
    // The site no longer trusts the key that signed it (revoked): it does not load from the next start.
    core::PluginInstaller revoked(dir.file("plugins"), {}, PORTSIDE_CLI);
    BOOST_TEST(startKiosk(revoked).empty());
    BOOST_TEST(revoked.problems().at("wound-check").find("does not trust") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_removed_plugin_installs_again_as_any_new_package_would)
{
    test::TempDir dir;
    const auto a = core::generateSigningKey(), b = core::generateSigningKey();
    core::PluginInstaller installer(dir.file("plugins"), {a.publicPem, b.publicPem}, PORTSIDE_CLI);
    const auto byA = package(kModules + "/wound-1.0.0/wound-check.so", "wound-check", "1.0.0", a);
    // Installed, then removed before it ever ran: it can be installed again.
    installer.install(byA);
    installer.remove("wound-check");
    BOOST_CHECK_THROW(installer.remove("wound-check"), core::PackageRefused); // removed already
    installer.install(byA);
    BOOST_TEST(startKiosk(installer) == "wound-check 1.0.0: Look at the wound (version 1.0.0)\n");
    // Removed after it ran; the same version signed by another vendor is a new package: its files, its signer.
    installer.remove("wound-check");
    BOOST_TEST(startKiosk(installer).empty());
    BOOST_TEST(installer.list().front().active.empty()); // removed now, not "at the next start"
    const auto byB = package(kModules + "/wound-1.1.0/wound-check.so", "wound-check", "1.0.0", b);
    BOOST_CHECK_EXCEPTION(installer.install(byB), core::PackageRefused, [](const core::PackageRefused& e) {
        return std::string(e.what()).find("its module is wound-check 1.1.0") != std::string::npos; // probed
    });
    const auto byB10 = package(kModules + "/wound-1.0.0/wound-check.so", "wound-check", "1.0.0", b);
    BOOST_TEST(installer.install(byB10).signer == core::keyId(b.publicPem));
    BOOST_TEST(installer.list().front().signer == core::keyId(b.publicPem));
    BOOST_TEST(startKiosk(installer) == "wound-check 1.0.0: Look at the wound (version 1.0.0)\n");
    // Ids that came with the kiosk are not a package's to take; a path is not an id.
    installer.setReserved({"wound-check"});
    BOOST_CHECK_EXCEPTION(
        installer.install(package(kModules + "/wound-1.1.0/wound-check.so", "wound-check", "1.1.0", b)),
        core::PackageRefused, [](const core::PackageRefused& e) {
            return std::string(e.what()).find("came with Portside") != std::string::npos;
        });
    BOOST_CHECK_THROW(installer.setDisabled("../x", true), core::PackageRefused);
    BOOST_CHECK_THROW(installer.remove("../x"), core::PackageRefused);
    BOOST_TEST(!Poco::File(dir.file("x")).exists());
}

BOOST_AUTO_TEST_CASE(a_package_whose_module_misbehaves_or_lies_is_refused_and_leaves_nothing)
{
    test::TempDir dir;
    const auto key = core::generateSigningKey();
    core::PluginInstaller installer(dir.file("plugins"), {key.publicPem}, PORTSIDE_CLI);
    auto refusal = [&](const std::string& zip) -> std::string {
        try {
            installer.install(zip);
        } catch (const core::PackageRefused& e) {
            return e.what();
        }
        return "installed";
    };
    // A module that crashes when created: the probe refuses it.
    const auto crash = refusal(
        package(kModules + "/hostile/hostile-segfault-construct.so", "hostile-segfault-construct", "1.0.0", key));
    BOOST_TEST(crash.find("segmentation fault") != std::string::npos, crash);
    // A module that hangs when started.
    const auto hang = refusal(package(kModules + "/hostile/hostile-hang-start.so", "hostile-hang-start", "1.0.0", key));
    BOOST_TEST(hang.find("(it hangs)") != std::string::npos, hang);
    // A manifest that names another plugin than the module is.
    const auto lie = refusal(package(kModules + "/wound-1.0.0/wound-check.so", "wound-care", "1.0.0", key));
    BOOST_TEST(lie.find("its module is wound-check 1.0.0") != std::string::npos, lie);
    // An unknown key.
    const auto stranger = core::generateSigningKey();
    const auto unsigned_ = refusal(package(kModules + "/wound-1.0.0/wound-check.so", "wound-check", "1.0.0", stranger));
    BOOST_TEST(unsigned_.find("does not trust") != std::string::npos, unsigned_);
    // Nothing left behind in the plugin folders.
    BOOST_TEST(installer.list().empty());
    BOOST_TEST(installer.activate().empty());
    std::size_t left = 0;
    if (Poco::File(dir.file("plugins")).exists())
        for (Poco::DirectoryIterator it(dir.file("plugins")), end; it != end; ++it)
            left += it.name() != ".lock"; // the installer's lock file, not a plugin
    BOOST_TEST(left == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
