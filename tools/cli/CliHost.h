#pragma once

#include "portside/core/SiteSettings.h"
#include "portside/sdk/Host.h"

#include <Poco/Logger.h>

#include <string>

namespace portside::cli {

/// The CLI's side of the plugin API: the site settings of the data folder (or the file given), logs to stderr
/// through Poco.
class CliHost final : public sdk::Host {
public:
    explicit CliHost(const std::string& settingsFile = {}) : _dataDir(core::dataDirectory())
    {
        _settings.loadSite(settingsFile.empty() ? core::siteSettingsPath() : settingsFile);
    }
    std::string setting(const std::string& key, const std::string& fallback) const override
    {
        return _settings.get(key, fallback);
    }
    void log(sdk::LogLevel, const std::string& message) override
    {
        Poco::Logger::get("portside.plugin").warning(message);
    }
    std::string dataDirectory() const override { return _dataDir; }
    const core::SiteSettings& settings() const { return _settings; }

private:
    std::string _dataDir;
    core::SiteSettings _settings;
};

} // namespace portside::cli
