// `portside-cli bedside`: the bedside session without a screen. The same core::KioskSession the kiosk shell drives,
// fed one action per line of JSON on stdin, answering one line of JSON each; for scripted checks by IT and for
// tests, so every rule the shell keeps holds here too.

#include "CliHost.h"
#include "Command.h"

#include "portside/core/KioskSession.h"
#include "portside/core/PluginAdmin.h"
#include "portside/core/PluginInstaller.h"
#include "portside/core/PluginManager.h"
#include "portside/core/TimeText.h"

#include <Poco/File.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <iostream>
#include <sstream>

namespace portside::cli {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

const char* fallbackText(core::NoScanFallback f)
{
    switch (f) {
    case core::NoScanFallback::NotOffered: return "none";
    case core::NoScanFallback::WithReason: return "reason";
    case core::NoScanFallback::WithWitness: return "witness";
    }
    return "none";
}

Object::Ptr stepJson(const core::KioskSession& session)
{
    Object::Ptr o = new Object;
    o->set("run", session.runId());
    if (!session.running()) {
        o->set("finished", session.finished());
        o->set("cancelled", session.cancelled());
        o->set("outcome", session.outcome());
        return o;
    }
    const auto st = session.step();
    o->set("id", st.step->id);
    o->set("type", sdk::toString(st.step->type));
    o->set("role", sdk::toString(st.step->role));
    o->set("number", static_cast<unsigned>(st.number));
    o->set("total", static_cast<unsigned>(st.total));
    if (st.step->type == sdk::StepType::Scan) {
        Object::Ptr expect = new Object;
        expect->set("category", st.expect.category);
        if (st.expect.unitsPerMl > 0)
            expect->set("unitsPerMl", st.expect.unitsPerMl);
        if (st.expect.volumeMl > 0)
            expect->set("volumeMl", st.expect.volumeMl);
        if (!st.expect.dressingType.empty())
            expect->set("dressingType", st.expect.dressingType);
        o->set("expect", expect);
        o->set("stopped", st.stopped);
        o->set("noScan", fallbackText(st.noScan));
        if (!st.noScanWhy.empty())
            o->set("noScanWhy", st.noScanWhy.english());
    }
    if (!st.step->choices.empty()) {
        Array choices;
        for (const auto& c : st.step->choices)
            choices.add(c.id);
        o->set("choices", choices);
    }
    o->set("canSkip", st.canSkip);
    if (st.waitMs > 0)
        o->set("waitMs", st.waitMs);
    return o;
}

Object::Ptr act(core::KioskSession& session, const Object& in)
{
    const std::string what = in.optValue<std::string>("do", "");
    auto text = [&](const char* name) { return in.optValue<std::string>(name, ""); };
    Object::Ptr out = new Object;
    if (what == "sign-in") {
        const std::string badge = in.has("scan") ? session.badgeFromScan(text("scan")) : text("badge");
        session.signIn(badge, text("pin"));
        out->set("staff", session.staff().badge);
        out->set("role", session.staff().role);
        if (session.resumeInterrupted())
            out->set("resumed", stepJson(session));
    } else if (what == "sign-out") {
        session.signOut();
    } else if (what == "open") {
        const auto& p = in.has("wristband") ? session.openByWristband(text("wristband"))
                                            : session.openFromList(text("patient"), text("birthDate"));
        out->set("patient", p.record.id);
        out->set("accessed", p.port.accessed);
        out->set("notReadyForUse", p.port.notReadyForUse);
        out->set("heparinAllergyOrHit", p.heparinAllergyOrHit);
        out->set("chlorhexidineAllergy", p.chlorhexidineAllergy);
        out->set("lock", p.lock.solution);
        out->set("lockUnitsPerMl", p.lock.unitsPerMl);
        if (!p.lockProblem.empty())
            out->set("lockProblem", p.lockProblem.english());
    } else if (what == "checklists") {
        Array list;
        for (const auto& o : session.checklists()) {
            Object row;
            row.set("id", o.id);
            row.set("offered", o.offered);
            row.set("portDiffers", o.portDiffers);
            row.set("interrupted", o.interrupted);
            if (!o.openBy.empty())
                row.set("openBy", o.openBy);
            if (!o.why.empty())
                row.set("why", o.why.english());
            list.add(row);
        }
        out->set("checklists", list);
    } else if (what == "start") {
        session.start(text("checklist"), text("portDiffers"), in.optValue<bool>("takeOver", false));
        out->set("step", stepJson(session));
    } else if (what == "step") {
        out->set("step", stepJson(session));
    } else if (what == "scan") {
        const auto r = session.scan(text("bytes"), text("reason"), text("lot"));
        out->set("verdict", core::toString(r.verdict.level));
        out->set("rule", r.verdict.rule);
        out->set("message", r.verdict.message.english());
        out->set("confirmed", r.confirmed);
        out->set("needsReason", r.needsReason);
        out->set("needsLot", r.needsLot);
        out->set("step", stepJson(session));
    } else if (what == "confirm") {
        sdk::StepAnswer a;
        a.choice = text("choice");
        a.number = in.optValue<double>("number", 0);
        a.note = text("note");
        a.overrideReason = text("override");
        if (const auto findings = in.getObject("findings"))
            for (const auto& [id, yes] : *findings)
                a.findings[id] = yes.convert<bool>();
        session.confirm(a);
        out->set("step", stepJson(session));
    } else if (what == "no-scan") {
        std::optional<core::Witness> witness;
        if (const auto w = in.getObject("witness"))
            witness = core::Witness{w->optValue<std::string>("badge", ""), w->optValue<std::string>("pin", "")};
        session.confirmWithoutScan(text("reason"), witness);
        out->set("step", stepJson(session));
    } else if (what == "no-label") {
        session.confirmWithoutLabel(text("reason"));
        out->set("step", stepJson(session));
    } else if (what == "skip") {
        session.skip(text("reason"));
        out->set("step", stepJson(session));
    } else if (what == "cancel") {
        session.cancel(text("reason"));
        out->set("step", stepJson(session));
    } else if (what == "label") {
        Object data;
        for (const auto& [field, value] : session.labelData())
            if (field.rfind("prefix.", 0) != 0)
                data.set(field, value);
        out->set("label", data);
    } else if (what == "summary") {
        Array rows;
        for (const auto& r : session.summary()) {
            Object row;
            row.set("step", r.step.english());
            row.set("answer", r.answer.english());
            row.set("time", core::isoTime(r.time));
            rows.add(row);
        }
        out->set("summary", rows);
    } else {
        throw std::invalid_argument("Unknown action \"" + what +
                                    "\"; known: sign-in, sign-out, open, checklists, start, step, scan, confirm, "
                                    "no-scan, no-label, skip, cancel, label, summary.");
    }
    out->set("ok", true);
    return out;
}

} // namespace

int bedsideCommand(Args& args, std::istream& in, std::ostream& out)
{
    const auto dbs = args.values("db");
    auto dirs = args.values("plugins");
    const auto settingsFiles = args.values("settings");
    args.expectEmpty();
    const std::string path = dbs.empty() ? core::dataDirectory() + "/kiosk.db" : dbs.back();
    if (!Poco::File(path).exists())
        throw Unreachable("There is no record store at " + path + "; give its path with --db.");
    if (dirs.empty())
        dirs = bundledPluginFolders(args);
    CliHost host(settingsFiles.empty() ? std::string() : settingsFiles.back());
    core::SystemClock clock;
    core::EventStore store(path, clock);
    // The plugins a supervisor installed, as the kiosk runs them now (after the bundled ones, as in the shell), each
    // checked against the site's trusted keys.
    std::vector<std::string> pems;
    for (const auto& key : core::trustedKeys(host.settings(), &store))
        pems.push_back(key.pem);
    core::PluginInstaller installer(core::dataDirectory() + "/plugins", pems, {});
    const auto installed = installer.activeFolders();
    for (const auto& [id, why] : installer.problems())
        std::cerr << why << '\n';
    dirs.insert(dirs.end(), installed.begin(), installed.end());
    core::PluginManager plugins(dirs);
    plugins.loadAll();
    plugins.startAll(host);
    core::KioskSession session({store, clock, host.settings(), plugins});

    Poco::JSON::Parser parser;
    for (std::string line; std::getline(in, line);) {
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        Object::Ptr reply;
        try {
            parser.reset();
            const auto action = parser.parse(line).extract<Object::Ptr>();
            reply = act(session, *action);
        } catch (const core::Problem& e) {
            reply = new Object;
            reply->set("ok", false);
            reply->set("error", e.text().english());
            if (session.hasRun() && session.running())
                reply->set("step", stepJson(session));
        } catch (const Poco::Exception& e) {
            reply = new Object;
            reply->set("ok", false);
            reply->set("error", "Not a JSON object: " + e.displayText());
        } catch (const std::exception& e) {
            reply = new Object;
            reply->set("ok", false);
            reply->set("error", std::string(e.what()));
        }
        reply->stringify(out);
        out << std::endl;
    }
    return 0;
}

} // namespace portside::cli
