// Time to find, load, check and start the build's plugins (what the shell does at start-up), against a plain
// dlopen-free scan of the same folder as the reference floor.

#include "NullHost.h"
#include "Stats.h"

#include "portside/core/PluginManager.h"
#include "portside/sdk/Host.h"

#include <Poco/DirectoryIterator.h>

using namespace portside;

int main()
{
    bench::NullHost host;
    // The first load maps the modules; later ones measure the manager's own work on mapped libraries.
    auto ours = bench::measure(200, [&](int) {
        core::PluginManager manager({PORTSIDE_PLUGIN_DIR});
        manager.loadAll();
        manager.startAll(host);
    });
    auto reference = bench::measure(200, [&](int) {
        std::size_t n = 0;
        for (Poco::DirectoryIterator it{std::string(PORTSIDE_PLUGIN_DIR)}, end; it != end; ++it)
            n += it.name().size();
        if (n == 0)
            std::abort();
    });
    bench::report("load+start all plugins", ours, reference, "list plugin folder");
    return 0;
}
