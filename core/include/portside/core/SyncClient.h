#pragma once

#include "portside/core/EventStore.h"

#include <string>

namespace portside::core {

/// Sends the kiosk's outbox to the central server (DESIGN.md, Sync flow): in sequence order, in batches, each event
/// keyed by its UUID so a send that may or may not have arrived is simply sent again. Stored or duplicate answers
/// mark the outbox row acknowledged; an event the server refuses for good (conflict, invalid) goes to the
/// dead-letter list for the supervisor, never dropped. A failed connection changes nothing.
///
/// First cut of the sync plugin's core: no background worker, backoff or reference-data pull yet.
class SyncClient {
public:
    struct Result {
        std::size_t sent = 0, acked = 0, deadLettered = 0;
        std::string error; ///< empty when the server answered
    };

    explicit SyncClient(EventStore& store) : _store(store) {}

    /// Enrolls this kiosk with a one-time code; keeps the server address and the device token in the store.
    /// Throws std::runtime_error with the server's sentence when refused.
    static void enroll(EventStore& store, const std::string& serverUrl, const std::string& code,
                       const std::string& name);

    /// Sends pending events until none is left or a send fails.
    Result syncAll(std::size_t batch = 100);
    /// Sends at most one batch.
    Result syncOnce(std::size_t batch = 100);
    /// Pulls the reference data (staff, patients, products, recalls) changed since the last pull and stores it;
    /// returns how many records changed. Throws std::runtime_error with a sentence when the server cannot answer.
    std::size_t pullReference();

private:
    EventStore& _store;
};

} // namespace portside::core
