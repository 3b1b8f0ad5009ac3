// `portside-cli audit verify` and `portside-cli records list`: read-only views of the kiosk's record store.

#include "Command.h"

#include "portside/core/EventStore.h"
#include "portside/core/SiteSettings.h"
#include "portside/core/SyncClient.h"

#include <Poco/File.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>

#include <fstream>
#include <iostream>
#include <stdexcept>

#include <unistd.h>

namespace portside::cli {

namespace {

/// The record store named by --db, else the kiosk's own; it may not exist yet.
std::string storePathOrDefault(Args& args)
{
    const auto db = args.values("db");
    return db.empty() ? core::dataDirectory() + "/kiosk.db" : db.back();
}

/// The same, for commands that read a record: it must exist.
std::string storePath(Args& args)
{
    const std::string path = storePathOrDefault(args);
    if (!Poco::File(path).exists())
        throw Unreachable("There is no record store at " + path + "; give its path with --db.");
    if (::access(path.c_str(), R_OK) != 0)
        throw Unreachable("The record store " + path +
                          " cannot be read by this user; run as the kiosk's user or "
                          "root.");
    return path;
}

/// `sync status`: what waits, what was refused, and whether anything can be sent; exit 1 while nothing can.
int syncStatus(const core::EventStore& store, bool json, std::ostream& out)
{
    const auto oldest = store.pendingOutbox(1);
    if (json) {
        Poco::JSON::Object o;
        o.set("server", store.meta("server_url"));
        o.set("enrolled", !store.meta("server_url").empty());
        o.set("pending", static_cast<Poco::Int64>(store.pendingCount()));
        o.set("refused", static_cast<Poco::Int64>(store.deadLetterCount()));
        o.set("sending", store.meta("chain_broken").empty());
        if (!store.meta("chain_broken").empty())
            o.set("chainBroken", store.meta("chain_broken"));
        if (!oldest.empty()) {
            o.set("oldestSeq", oldest.front().seq);
            o.set("oldestTime", oldest.front().deviceTime);
        }
        Poco::JSON::Array refused;
        for (const auto& [event, reason] : store.deadLetters()) {
            Poco::JSON::Object r;
            r.set("seq", event.seq);
            r.set("type", event.type);
            r.set("time", event.deviceTime);
            r.set("reason", reason);
            refused.add(r);
        }
        o.set("refusedEvents", refused);
        o.stringify(out);
        out << '\n';
        return store.meta("chain_broken").empty() ? 0 : 1;
    }
    out << "Server: " << (store.meta("server_url").empty() ? std::string("not enrolled") : store.meta("server_url"))
        << "\nWaiting to be sent: " << store.pendingCount()
        << "\nRefused for good (see the supervisor): " << store.deadLetterCount() << '\n';
    if (!store.meta("chain_broken").empty())
        out << "NOT SENDING: the record on this kiosk was changed after it was written (" << store.meta("chain_broken")
            << "). IT must check it (portside-cli audit verify).\n";
    if (!oldest.empty())
        out << "Oldest unsent: event " << oldest.front().seq << " of " << oldest.front().deviceTime << '\n';
    for (const auto& [event, reason] : store.deadLetters())
        out << "  refused: event " << event.seq << " (" << event.type << ", " << event.deviceTime << "): " << reason
            << '\n';
    return store.meta("chain_broken").empty() ? 0 : 1; // nothing leaves this kiosk: a failure to see
}

} // namespace

int auditCommand(Args& args, std::ostream& out)
{
    if (args.words.empty() || args.words.front() != "verify")
        throw std::invalid_argument("audit needs a subcommand: verify.");
    args.words.erase(args.words.begin());
    const bool json = args.flag("json");
    const std::string path = storePath(args);
    args.expectEmpty();
    core::SystemClock clock;
    const core::EventStore store(path, clock, core::EventStore::ReadOnly{}); // looking changes nothing
    const auto report = store.verify();
    if (json) {
        Poco::JSON::Object o;
        o.set("ok", report.ok);
        o.set("checked", report.checked);
        o.set("store", path);
        if (!report.ok) {
            o.set("brokenAt", report.brokenAt);
            o.set("problem", report.problem);
        }
        o.stringify(out);
        out << '\n';
    } else if (report.ok) {
        out << "Audit chain intact: " << report.checked << " events in " << path << ".\n";
    } else {
        out << "Audit chain BROKEN in " << path << ". " << report.problem << '\n';
    }
    return report.ok ? 0 : 1;
}

int recordsCommand(Args& args, std::ostream& out)
{
    if (args.words.empty() || args.words.front() != "list")
        throw std::invalid_argument("records needs a subcommand: list.");
    args.words.erase(args.words.begin());
    const bool json = args.flag("json");
    const auto patients = args.values("patient");
    if (patients.size() != 1)
        throw std::invalid_argument("records list needs --patient ID.");
    const std::string path = storePath(args);
    args.expectEmpty();
    core::SystemClock clock;
    const core::EventStore store(path, clock, core::EventStore::ReadOnly{}); // looking changes nothing
    const auto events = store.events({}, patients.front());
    Poco::JSON::Array rows;
    Poco::JSON::Parser parser;
    for (const auto& e : events) {
        Poco::JSON::Object row;
        row.set("seq", e.seq);
        row.set("uuid", e.uuid);
        row.set("device", e.deviceId);
        row.set("time", e.deviceTime);
        row.set("type", e.type);
        row.set("run", e.runId);
        row.set("patient", e.patient);
        row.set("staff", e.staff);
        parser.reset();
        row.set("payload", parser.parse(e.payload));
        if (!e.corrects.empty())
            row.set("corrects", e.corrects);
        rows.add(row);
    }
    if (json) {
        rows.stringify(out);
        out << '\n';
    } else {
        for (const auto& e : events)
            out << e.seq << '\t' << e.deviceTime << '\t' << e.type << '\t' << e.staff << '\t' << e.payload << '\n';
        if (events.empty())
            out << "No records for patient " << patients.front() << ".\n";
    }
    return 0;
}

int syncCommand(Args& args, std::ostream& out)
{
    if (args.words.empty())
        throw std::invalid_argument("sync needs a subcommand: enroll, now or status.");
    const std::string sub = args.words.front();
    args.words.erase(args.words.begin());
    const auto servers = args.values("server"), codes = args.values("code"), names = args.values("name");
    const auto cas = args.values("ca");
    const bool json = args.flag("json");
    const std::string path = sub == "enroll" ? storePathOrDefault(args) : storePath(args); // enroll may create it
    args.expectEmpty();
    core::SystemClock clock;
    if (sub == "status") { // looking changes nothing
        const core::EventStore store(path, clock, core::EventStore::ReadOnly{});
        return syncStatus(store, json, out);
    }
    core::EventStore store(path, clock);
    if (sub == "enroll") {
        if (servers.size() != 1 || codes.size() != 1)
            throw std::invalid_argument("sync enroll needs --server URL and --code CODE.");
        std::string caPem;
        if (!cas.empty()) {
            std::ifstream file(cas.back());
            if (!file)
                throw std::invalid_argument("Cannot read the site CA file " + cas.back() + ".");
            caPem.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
        } else if (servers[0].rfind("https://", 0) == 0) {
            throw std::invalid_argument("An https server needs the site CA to pin: --ca FILE.pem.");
        }
        core::SyncClient::enroll(store, servers[0], codes[0], names.empty() ? "kiosk" : names[0], caPem);
        out << "Enrolled with " << servers[0] << " as device " << store.meta("server_device") << ".\n";
        return 0;
    }
    if (sub == "now") {
        auto& log = Poco::Logger::get("portside.sync");
        core::SyncClient client(store);
        const auto r = client.syncAll();
        bool pulled = false, unreachable = r.unreachable;
        std::size_t changed = 0;
        std::vector<std::string> problems;
        std::string pullError;
        if (r.error.empty()) {
            try {
                changed = client.pullReference();
                problems = client.pullProblems();
                pulled = true;
            } catch (const core::ServerUnreachable& e) {
                pullError = e.what();
                unreachable = true;
            } catch (const std::exception& e) {
                pullError = e.what();
            }
        }
        if (json) {
            Poco::JSON::Object o;
            o.set("sent", static_cast<Poco::UInt64>(r.sent));
            o.set("acknowledged", static_cast<Poco::UInt64>(r.acked));
            o.set("refused", static_cast<Poco::UInt64>(r.deadLettered));
            o.set("resent", static_cast<Poco::UInt64>(r.requeued));
            o.set("chain", r.chain);
            o.set("reachable", !unreachable);
            o.set("referencePulled", pulled);
            o.set("referenceChanged", static_cast<Poco::UInt64>(changed));
            Poco::JSON::Array p;
            for (const auto& problem : problems)
                p.add(problem);
            o.set("referenceProblems", p);
            if (!r.error.empty() || !pullError.empty())
                o.set("error", r.error.empty() ? pullError : r.error);
            o.stringify(out);
            out << '\n';
        } else {
            if (pulled) {
                out << "Reference data: " << changed << " records changed.\n";
                for (const auto& problem : problems)
                    out << "  " << problem << '\n';
            } else if (!pullError.empty()) {
                out << "Reference data were not pulled: " << pullError << '\n';
            }
            out << "Sent " << r.sent << ", acknowledged " << r.acked << ", refused for good " << r.deadLettered << ".";
            if (r.requeued > 0)
                out << " The server lacked " << r.requeued << " events; they were sent again.";
            if (!r.chain.empty() && r.chain != "ok")
                out << " The server says of this kiosk's record: " << r.chain;
            if (!r.error.empty())
                out << ' ' << r.error;
            out << '\n';
        }
        if (!r.error.empty())
            log.warning(r.error);
        else if (!pullError.empty())
            log.warning(pullError);
        else
            log.information("Sent " + std::to_string(r.sent) + " events, " + std::to_string(r.acked) +
                            " acknowledged, " + std::to_string(r.deadLettered) + " refused; " +
                            std::to_string(changed) + " reference records changed.");
        // Exit 0 only when both ways worked (events sent, none refused, the server content with the record, and the
        // reference data — recalls, staff — pulled); 3 when the server could not be reached at all.
        if (unreachable)
            return 3;
        return r.error.empty() && pulled && r.deadLettered == 0 && (r.chain.empty() || r.chain == "ok") ? 0 : 1;
    }
    throw std::invalid_argument("Unknown sync subcommand \"" + sub + "\"; known: enroll, now, status.");
}

} // namespace portside::cli
