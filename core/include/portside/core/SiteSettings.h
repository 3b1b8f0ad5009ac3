#pragma once

#include <map>
#include <string>

namespace portside::core {

/// The site's settings (dry time, flush volume, intervals, ...): `key = value` lines from a properties file,
/// with values set in code or by tests on top. A key not set anywhere gives the caller's default, so every
/// clinical number has one default and one place to change it.
class SiteSettings {
public:
    SiteSettings() = default;
    /// Reads a properties file (Poco's format: `key = value`, `#` comments). Throws std::runtime_error with a
    /// sentence naming the file when it exists but cannot be read.
    void loadFile(const std::string& path);
    /// The kiosk's settings: the site's <config dir>/site.properties (/etc/portside, a dpkg conffile listing every key),
    /// then `path` (the data folder's site.properties, or the file named) over it, key by key.
    void loadSite(const std::string& path);
    void set(const std::string& key, const std::string& value) { _values[key] = value; }
    std::string get(const std::string& key, const std::string& fallback) const;
    /// Every setting in force, by key (the supervisor's settings view).
    const std::map<std::string, std::string>& all() const { return _values; }

private:
    std::map<std::string, std::string> _values;
};

/// Where Portside keeps its data: the folder a program set with setDataDirectory() (from its configuration:
/// kiosk.conf's data.dir, PORTSIDE_DATA_DIR, --data), else $PORTSIDE_DATA_DIR, else $XDG_DATA_HOME/portside, else
/// ~/.local/share/portside, else /var/lib/portside.
std::string dataDirectory();
/// Names the data folder for this process (the programs do so once their configuration is read).
void setDataDirectory(const std::string& path);
/// The site settings file: the one set with setSiteSettingsPath() (kiosk.conf's site.settings), else
/// <dataDirectory()>/site.properties.
std::string siteSettingsPath();
void setSiteSettingsPath(const std::string& path);

/// Makes a database file that only its owner reads (before SQLite opens it; SQLite gives its WAL and shared-memory
/// files the same mode): the file 0600 when this creates it, its folder 0700 when this creates that.
void preparePrivateFile(const std::string& path);

} // namespace portside::core
