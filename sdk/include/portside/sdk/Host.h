#pragma once

#include "portside/sdk/Export.h"

#include <string>

namespace portside::sdk {

enum class LogLevel { Debug, Information, Warning, Error };

/// What a plugin may ask of the program that loaded it (the kiosk shell, the CLI or a test). Plugins get it in
/// Plugin::start() and may keep the reference until stop().
class PORTSIDE_SDK_API Host {
public:
    virtual ~Host();

    /// A site setting (such as "port-access.dry_time_s"), or fallback when the site has not set it.
    virtual std::string setting(const std::string& key, const std::string& fallback) const = 0;

    /// A numeric site setting; fallback when unset or not a number.
    double settingNumber(const std::string& key, double fallback) const;

    /// Writes to the host's log. Never pass a PIN, a token or a full patient name.
    virtual void log(LogLevel level, const std::string& message) = 0;

    /// The folder where this host keeps its data; plugins may create a sub-folder named after their id.
    virtual std::string dataDirectory() const = 0;
};

} // namespace portside::sdk
