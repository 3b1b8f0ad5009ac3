#pragma once

#include "portside/sdk/Plugin.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace portside::sdk {

/// What a sync plugin reports to the status bar.
struct SyncState {
    bool online = false;
    std::int64_t lastSuccessMs = 0; ///< milliseconds since the epoch, 0 when never
    std::size_t queued = 0;         ///< events waiting to be sent
    std::size_t deadLetters = 0;    ///< events the server refused for good, waiting for a supervisor
    std::string message;            ///< a sentence for the status bar
};

/// Moves outbox events to a central server and pulls reference data.
class PORTSIDE_SDK_API SyncPlugin : public Plugin {
public:
    ~SyncPlugin() override;
    PluginKind kind() const override { return PluginKind::Sync; }
    virtual SyncState state() const = 0;
    /// Asks for a sync as soon as possible; returns at once.
    virtual void syncNow() = 0;
};

} // namespace portside::sdk
