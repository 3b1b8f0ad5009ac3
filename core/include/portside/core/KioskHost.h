#pragma once

#include "portside/core/EventStore.h"
#include "portside/sdk/Host.h"

namespace portside::core {

/// A host that keeps a kiosk record: what a sync plugin needs besides settings and the log. The record has one
/// writer (the store's thread), so a sync plugin works on the host's store rather than opening the file itself.
/// Plugins that need it link portside-core and ask with dynamic_cast; other hosts (the CLI) are plain sdk::Hosts.
class KioskHost : public sdk::Host {
public:
    ~KioskHost() override;
    /// The kiosk's record, or nullptr when this host has none.
    virtual EventStore* store() const = 0;
};

} // namespace portside::core
