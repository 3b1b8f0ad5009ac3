#include "portside/core/SiteSettings.h"

#include "portside/core/Deployment.h"

#include <Poco/Path.h>

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <cstdlib>
#include <stdexcept>

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace portside::core {

void SiteSettings::loadFile(const std::string& path)
{
    if (!Poco::File(path).exists())
        return;
    try {
        Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> file(new Poco::Util::PropertyFileConfiguration(path));
        Poco::Util::AbstractConfiguration::Keys keys;
        std::vector<std::string> pending{""};
        while (!pending.empty()) {
            const std::string prefix = pending.back();
            pending.pop_back();
            file->keys(prefix, keys);
            for (const auto& k : keys) {
                const std::string full = prefix.empty() ? k : prefix + "." + k;
                if (file->hasProperty(full))
                    _values[full] = file->getString(full);
                pending.push_back(full);
            }
        }
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("The site settings file " + path + " cannot be read: " + e.displayText() + ".");
    }
}

void SiteSettings::loadSite(const std::string& path)
{
    const std::string etc = deployment::configDirectory() + "/site.properties";
    loadFile(etc);
    if (path != etc)
        loadFile(path);
}

std::string SiteSettings::get(const std::string& key, const std::string& fallback) const
{
    auto it = _values.find(key);
    return it == _values.end() ? fallback : it->second;
}

namespace {
std::string& configuredDataDirectory()
{
    static std::string path;
    return path;
}
} // namespace

void setDataDirectory(const std::string& path)
{
    configuredDataDirectory() = path;
}

namespace {
std::string& configuredSiteSettings()
{
    static std::string path;
    return path;
}
} // namespace

void setSiteSettingsPath(const std::string& path)
{
    configuredSiteSettings() = path;
}

std::string siteSettingsPath()
{
    return configuredSiteSettings().empty() ? dataDirectory() + "/site.properties" : configuredSiteSettings();
}

std::string dataDirectory()
{
    if (!configuredDataDirectory().empty())
        return configuredDataDirectory();
    if (const char* dir = std::getenv("PORTSIDE_DATA_DIR"); dir && *dir)
        return dir;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        return std::string(xdg) + "/portside";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::string(home) + "/.local/share/portside";
    return "/var/lib/portside";
}

void preparePrivateFile(const std::string& path)
{
    const Poco::Path folder = Poco::Path(path).makeAbsolute().parent();
    // Root writing in a service's folder would leave a store (or its -wal and -shm files) that service cannot open:
    // the kiosk or the server would stop at its next start.
    struct stat info {};
    if (::geteuid() == 0 && ::stat(folder.toString().c_str(), &info) == 0 && info.st_uid != 0) {
        const struct passwd* owner = ::getpwuid(info.st_uid);
        const std::string name = owner ? owner->pw_name : std::to_string(info.st_uid);
        throw std::runtime_error(folder.toString() + " belongs to the user " + name +
                                 "; run this as that user (runuser -u " + name +
                                 " -- ...): as root it would leave files that user cannot open. Nothing was changed.");
    }
    if (!Poco::File(folder).exists()) {
        Poco::File(folder).createDirectories();
        ::chmod(folder.toString().c_str(), 0700);
    }
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0)
        ::close(fd);
}

} // namespace portside::core
