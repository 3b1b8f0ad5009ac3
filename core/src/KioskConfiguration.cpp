#include "portside/core/KioskConfiguration.h"

#include "portside/core/Deployment.h"
#include "portside/core/PluginManager.h"

#include <Poco/StringTokenizer.h>

#include <cstdlib>

namespace portside::core {

Configuration kioskConfiguration(const std::string& executable, const std::string& logLevel)
{
    Configuration config({
        {"data.dir",
         deployment::defaultKioskData(executable),
         "the kiosk's data folder: record store kiosk.db, site.properties, labels, installed plugins",
         {}},
        {"site.settings", "", "the site's clinical settings file (default <data.dir>/site.properties)", {}},
        {"plugins.folders", "", "bundled plugin folders, colon-separated (default: beside the program)", {}},
        {"demo.dir", deployment::defaultDemoData(), "where portside --demo keeps its own store and server", {}},
        {"log.level", logLevel, "fatal, critical, error, warning, notice, information, debug or trace", {}},
        {"log.prefix", "auto", "<N> journal priority prefixes: auto (when stderr is not a terminal), yes, no", {}},
    });
    config.loadFile(deployment::configDirectory() + "/kiosk.conf");
    config.loadFile(deployment::userKioskConfig());
    if (const char* data = std::getenv("PORTSIDE_DATA_DIR"); data && *data)
        config.set("data.dir", data, "PORTSIDE_DATA_DIR");
    return config;
}

std::vector<std::string> kioskPluginFolders(const Configuration& config, const std::string& executable)
{
    const std::string folders = config.get("plugins.folders");
    if (folders.empty())
        return PluginManager::defaultFolders(executable);
    Poco::StringTokenizer parts(folders, ":",
                                Poco::StringTokenizer::TOK_IGNORE_EMPTY | Poco::StringTokenizer::TOK_TRIM);
    return {parts.begin(), parts.end()};
}

std::string siteSettingsFile(const Configuration& config)
{
    const std::string file = config.get("site.settings");
    return file.empty() ? config.get("data.dir") + "/site.properties" : file;
}

} // namespace portside::core
