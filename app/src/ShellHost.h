#pragma once

#include "portside/core/KioskHost.h"
#include "portside/core/SiteSettings.h"

namespace portside::app {

/// The shell's side of the plugin API: site settings, the log, the data folder, and the kiosk record (for the sync
/// plugin; may be null).
class ShellHost final : public core::KioskHost {
public:
    ShellHost(core::SiteSettings& settings, std::string dataDir, core::EventStore* store = nullptr);
    core::EventStore* store() const override { return _store; }
    std::string setting(const std::string& key, const std::string& fallback) const override;
    void log(sdk::LogLevel level, const std::string& message) override;
    std::string dataDirectory() const override { return _dataDir; }

private:
    core::SiteSettings& _settings;
    std::string _dataDir;
    core::EventStore* _store;
};

} // namespace portside::app
