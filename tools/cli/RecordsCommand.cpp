// `portside-cli audit verify` and `portside-cli records list`: read-only views of the kiosk's record store.

#include "Command.h"

#include "portside/core/EventStore.h"
#include "portside/core/SiteSettings.h"

#include <Poco/File.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <iostream>
#include <stdexcept>

namespace portside::cli {

namespace {

std::string storePath(Args& args)
{
    const auto db = args.values("db");
    const std::string path = db.empty() ? core::dataDirectory() + "/kiosk.db" : db.back();
    if (!Poco::File(path).exists())
        throw std::runtime_error("There is no record store at " + path + "; give its path with --db.");
    return path;
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
    core::EventStore store(path, clock);
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
    const core::EventStore store(path, clock);
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

} // namespace portside::cli
