// The kiosk's sync with a portside-server (DESIGN.md, Sync flow): a background worker that sends the outbox in
// order and in batches, resends "maybe applied" batches with the same keys, backs off exponentially with full
// jitter, parks permanent refusals as dead letters, pulls reference data, and reports its state to the status bar.
// The protocol lives in portside-core (SyncClient, SyncWorker) so that portside-cli's `sync now` speaks it too.
//
// Site settings: sync.interval_s (30), sync.batch (100), sync.backoff_cap_s (300), clock.max_skew_s (120: a kiosk
// clock further from the server's says so on the status bar).

#include "portside/core/KioskHost.h"
#include "portside/core/SyncWorker.h"
#include "portside/sdk/PluginExport.h"
#include "portside/sdk/Sync.h"

#include <memory>

namespace {

using namespace portside;

class PortsideSyncPlugin final : public sdk::SyncPlugin {
public:
    std::string id() const override { return "sync-portside"; }
    std::string version() const override { return "1.0.0"; }

    void start(sdk::Host& host) override
    {
        auto* kiosk = dynamic_cast<core::KioskHost*>(&host);
        if (!kiosk || !kiosk->store()) {
            _idle = "No kiosk record here to sync.";
            return;
        }
        core::SyncWorker::Options options;
        options.interval =
            std::chrono::milliseconds(static_cast<long long>(1000 * host.settingNumber("sync.interval_s", 30)));
        options.backoffCap =
            std::chrono::milliseconds(static_cast<long long>(1000 * host.settingNumber("sync.backoff_cap_s", 300)));
        options.batch = static_cast<std::size_t>(host.settingNumber("sync.batch", 100));
        options.maxClockSkew =
            std::chrono::seconds(static_cast<long long>(host.settingNumber("clock.max_skew_s", 120)));
        _worker = std::make_unique<core::SyncWorker>(*kiosk->store(), options);
        _worker->start();
    }

    void stop() override { _worker.reset(); }

    sdk::SyncState state() const override
    {
        if (_worker)
            return _worker->state();
        sdk::SyncState idle;
        idle.message = _idle;
        return idle;
    }

    void syncNow() override
    {
        if (_worker)
            _worker->syncNow();
    }

private:
    std::unique_ptr<core::SyncWorker> _worker;
    std::string _idle;
};

} // namespace

PORTSIDE_PLUGIN(PortsideSyncPlugin)
