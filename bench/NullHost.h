#pragma once

#include "portside/sdk/Host.h"

#include <string>

namespace portside::bench {

/// A plugin host with no settings and no log: the plugins' own work, nothing of a kiosk's.
class NullHost final : public sdk::Host {
public:
    std::string setting(const std::string&, const std::string& fallback) const override { return fallback; }
    void log(sdk::LogLevel, const std::string&) override {}
    std::string dataDirectory() const override { return "/tmp"; }
};

} // namespace portside::bench
