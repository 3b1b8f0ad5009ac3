#pragma once

#include "portside/core/EventStore.h"

#include <memory>
#include <stdexcept>
#include <string>

namespace Poco::Net {
class HTTPClientSession;
}

namespace portside::core {

/// Sends the kiosk's outbox to the central server (DESIGN.md, Sync flow): in sequence order, in batches, each event
/// keyed by its UUID so a send that may or may not have arrived is simply sent again. Stored or duplicate answers
/// mark the outbox row acknowledged; an event the server refuses for good (conflict, invalid) goes to the
/// dead-letter list for the supervisor, never dropped. A failed connection changes nothing.
/// The audit chain's head goes with each batch; a renewed device token from the server is kept. Over https the
/// server must present a certificate from the site CA pinned at enrollment (the system's CAs are not trusted).
/// The server could not be reached at all (no connection, no TLS handshake, no answer): nothing was refused, and
/// trying again later may work. `portside-cli` exits 3 on it.
class ServerUnreachable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class SyncClient {
public:
    struct Result {
        std::size_t sent = 0, acked = 0, deadLettered = 0;
        std::size_t requeued = 0; ///< events the server said it lacks, queued again to be sent
        std::string error;        ///< empty when the server answered
        bool unreachable = false; ///< the server could not be reached (error says so)
        std::string chain;        ///< the server's view of this kiosk's audit chain: "ok" or a sentence
    };

    explicit SyncClient(EventStore& store);
    ~SyncClient();

    /// Enrolls this kiosk with a one-time code; keeps the server address, the pinned site CA (PEM; required for
    /// https) and the device token in the store. Throws std::runtime_error with the server's sentence when refused.
    static void enroll(EventStore& store, const std::string& serverUrl, const std::string& code,
                       const std::string& name, const std::string& caPem = {});

    /// Sends pending events until none is left or a send fails.
    Result syncAll(std::size_t batch = 100);
    /// Sends at most one batch, after checking that its events are as recorded (the events before the first one
    /// changed on the kiosk are sent, that one and those after it are not: Result::error says so, meta
    /// `chain_broken` keeps it for the supervisor, and the server is told). With nothing to send,
    /// it sends the chain's head alone: the server answers which of this kiosk's events it lacks, and those are
    /// queued again (an outbox marked sent, or rows lost, is caught this way).
    Result syncOnce(std::size_t batch = 100);
    /// Pulls the reference data (staff, patients, products, recalls, plugin offers) changed since the last pull and
    /// stores it; returns how many records changed. A change of a kind this kiosk does not know, or one it cannot
    /// read, is skipped and said in pullProblems() (also kept as the meta key `reference_problems`): one odd record
    /// never stops the recalls after it. Throws std::runtime_error with a sentence when the server cannot answer.
    std::size_t pullReference();
    /// The package the server offers for plugin `id` (meta `plugin-offer/<id>`), downloaded; its size and SHA-256
    /// must be the offer's. Its signature is still to be checked (PluginAdmin::install). Throws std::runtime_error
    /// with a sentence.
    std::string downloadPlugin(const std::string& id);
    /// What the last pull skipped, one sentence each.
    const std::vector<std::string>& pullProblems() const { return _pullProblems; }

    /// The body of POST /v1/events: the events under this kiosk's enrolled device id, and its chain head; `since`,
    /// the first event this enrollment owns (those before went under an earlier one); `chainBroken`, the first
    /// event found changed on the kiosk (not sent).
    static std::string eventsBody(const std::vector<Event>& events, const std::string& device, std::int64_t headSeq,
                                  const std::string& headHash, std::int64_t since = 1,
                                  const std::string& chainBroken = {});

private:
    struct Answer {
        int status = 0;
        std::string body, etag, newToken;
    };
    /// One request on the kept-alive connection; throws Poco::Exception when the connection fails or the answer is
    /// cut short (then the request may or may not have been applied).
    Answer request(const std::string& method, const std::string& path, const std::string& body,
                   const std::string& etag = {});
    static Answer exchange(std::unique_ptr<Poco::Net::HTTPClientSession>& session, const std::string& serverUrl,
                           const std::string& caPem, const std::string& method, const std::string& path,
                           const std::string& body, const std::string& token, const std::string& etag);
    void keepToken(const Answer& answer);

    std::vector<std::string> _pullProblems;

    EventStore& _store;
    std::unique_ptr<Poco::Net::HTTPClientSession> _session;
};

} // namespace portside::core
