#include "portside/core/Deployment.h"

#include <Poco/File.h>
#include <Poco/Path.h>

#include <cstdlib>

#include <unistd.h>

namespace portside::core::deployment {

namespace {

std::string environment(const char* name)
{
    const char* value = std::getenv(name);
    return value && *value ? std::string(value) : std::string();
}

} // namespace

std::string executablePath(const std::string& fallback)
{
    char self[4096] = {};
    const auto length = ::readlink("/proc/self/exe", self, sizeof self - 1);
    return length > 0 ? std::string(self, static_cast<std::size_t>(length)) : fallback;
}

bool inBuildTree(const std::string& executable)
{
    if (executable.empty())
        return false;
    Poco::Path exe(executable);
    exe.makeAbsolute();
    Poco::Path dir = exe.parent();
    if (dir.depth() == 0)
        return false;
    dir.popDirectory();
    return Poco::File(Poco::Path(dir, "CMakeCache.txt")).exists();
}

std::string configDirectory()
{
    const std::string dir = environment("PORTSIDE_CONFIG_DIR");
    return dir.empty() ? "/etc/portside" : dir;
}

std::string userKioskConfig()
{
    if (const auto xdg = environment("XDG_CONFIG_HOME"); !xdg.empty())
        return xdg + "/portside/kiosk.conf";
    if (const auto home = environment("HOME"); !home.empty())
        return home + "/.config/portside/kiosk.conf";
    return {};
}

std::string defaultKioskData(const std::string& executable)
{
    if (!inBuildTree(executable))
        return "/var/lib/portside";
    if (const auto xdg = environment("XDG_DATA_HOME"); !xdg.empty())
        return xdg + "/portside";
    if (const auto home = environment("HOME"); !home.empty())
        return home + "/.local/share/portside";
    return "/var/lib/portside";
}

std::string defaultDemoData()
{
    if (const auto xdg = environment("XDG_DATA_HOME"); !xdg.empty())
        return xdg + "/portside-demo";
    if (const auto home = environment("HOME"); !home.empty() && home != "/")
        return home + "/.local/share/portside-demo";
    return "/tmp/portside-demo-" + std::to_string(::getuid());
}

std::string defaultServerState(const std::string& executable)
{
    return inBuildTree(executable) ? "." : "/var/lib/portside-server";
}

} // namespace portside::core::deployment
