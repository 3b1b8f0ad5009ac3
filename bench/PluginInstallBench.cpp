// Time to install a plugin package as a supervisor does (verify the signature and every entry, unpack to staging,
// probe the module in a child process, keep it), against loading the same module directly in this process (the
// module written to a fresh folder, then loaded, created and started by a PluginManager, as an unsigned drop-in
// would be). Rounds alternate which goes first, so drift favours neither. The verify step alone is reported too.

#include "NullHost.h"
#include "Stats.h"

#include "portside/core/PluginInstaller.h"
#include "portside/core/PluginManager.h"
#include "portside/core/PluginPackage.h"
#include "portside/sdk/Host.h"
#include "portside/sdk/Version.h"

#include <Poco/File.h>
#include <Poco/TemporaryFile.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

using namespace portside;

namespace {

std::string readAll(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}
} // namespace

int main()
{
    const std::string module = readAll(PORTSIDE_PLUGIN_DIR "/port-access.so");
    if (module.empty()) {
        std::fprintf(stderr, "cannot read %s\n", PORTSIDE_PLUGIN_DIR "/port-access.so");
        return 1;
    }
    const auto key = core::generateSigningKey();
    const std::string zip = core::packPackage(
        {{"manifest.json", R"({"id":"port-access","version":"2.0.0","kind":"checklist","sdk":")" PORTSIDE_SDK_VERSION
                           R"(","library":"port-access.so"})"},
         {"port-access.so", module}},
        key);
    const std::string root = Poco::TemporaryFile::tempName();
    Poco::File(root).createDirectories();
    bench::NullHost host;
    std::vector<std::unique_ptr<core::PluginManager>> loaded; // never unloaded, as in the kiosk

    const int rounds = 40;
    bench::Samples install, direct, verify;
    for (int i = 0; i < rounds; ++i) {
        auto ours = [&] {
            const auto r = bench::measure(1, [&](int) {
                core::PluginInstaller installer(root + "/installed-" + std::to_string(i), {key.publicPem},
                                                PORTSIDE_CLI);
                installer.install(zip);
            });
            install.us.push_back(r.us.front());
        };
        auto reference = [&] {
            const auto r = bench::measure(1, [&](int) {
                const std::string folder = root + "/direct-" + std::to_string(i);
                Poco::File(folder).createDirectories();
                std::ofstream(folder + "/port-access.so", std::ios::binary) << module;
                auto manager = std::make_unique<core::PluginManager>(std::vector<std::string>{folder});
                manager->loadAll();
                manager->startAll(host);
                if (manager->checklists().empty())
                    std::abort();
                loaded.push_back(std::move(manager));
            });
            direct.us.push_back(r.us.front());
        };
        if (i % 2 == 0) {
            ours();
            reference();
        } else {
            reference();
            ours();
        }
        verify.us.push_back(bench::measure(1, [&](int) { core::verifyPackage(zip, {key.publicPem}); }).us.front());
    }
    std::printf("package: port-access.so, %zu bytes; zip %zu bytes; %d rounds\n", module.size(), zip.size(), rounds);
    bench::report("install (verify+probe+stage)", install, direct, "direct load in-process");
    std::printf("%-28s median %9.1f us  p99 %9.1f us\n", "of which verify", verify.percentile(0.5),
                verify.percentile(0.99));
    try {
        Poco::File(root).remove(true);
    } catch (...) {
    }
    return 0;
}
