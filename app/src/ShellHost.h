#pragma once

#include "portside/core/SiteSettings.h"
#include "portside/sdk/Host.h"

namespace portside::app {

/// The shell's side of the plugin API: site settings, the log and the data folder.
class ShellHost final : public sdk::Host {
public:
    ShellHost(core::SiteSettings& settings, std::string dataDir);
    std::string setting(const std::string& key, const std::string& fallback) const override;
    void log(sdk::LogLevel level, const std::string& message) override;
    std::string dataDirectory() const override { return _dataDir; }

private:
    core::SiteSettings& _settings;
    std::string _dataDir;
};

} // namespace portside::app
