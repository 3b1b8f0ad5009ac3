#include "ShellHost.h"

#include <Poco/Logger.h>

namespace portside::app {

ShellHost::ShellHost(core::SiteSettings& settings, std::string dataDir, core::EventStore* store)
    : _settings(settings), _dataDir(std::move(dataDir)), _store(store)
{
}

std::string ShellHost::setting(const std::string& key, const std::string& fallback) const
{
    return _settings.get(key, fallback);
}

void ShellHost::log(sdk::LogLevel level, const std::string& message)
{
    auto& logger = Poco::Logger::get("portside.plugin");
    switch (level) {
    case sdk::LogLevel::Debug: logger.debug(message); break;
    case sdk::LogLevel::Information: logger.information(message); break;
    case sdk::LogLevel::Warning: logger.warning(message); break;
    case sdk::LogLevel::Error: logger.error(message); break;
    }
}

} // namespace portside::app
