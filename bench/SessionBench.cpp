// The bedside session's scan, end to end: a scan at the lock step judged and its STOP recorded durably (the session's
// path: reference refresh, interpreter, safety rules, the stop's event in one SQLite transaction), against the same
// work done directly on the same store — the interpreter, the safety rules and an append of the same event. Rounds
// alternate between the two so drift favours neither. Usage: bench-session [SCANS] [DIR]

#include "Stats.h"

#include "portside/core/DemoData.h"
#include "portside/core/KioskSession.h"
#include "portside/core/PluginManager.h"
#include "portside/sdk/Host.h"

#include <Poco/File.h>
#include <Poco/JSON/Object.h>
#include <Poco/TemporaryFile.h>

#include <cstdlib>
#include <iostream>
#include <sstream>

using namespace portside;

namespace {

struct NullHost final : sdk::Host {
    std::string setting(const std::string&, const std::string& fallback) const override { return fallback; }
    void log(sdk::LogLevel, const std::string&) override {}
    std::string dataDirectory() const override { return "/tmp"; }
};

} // namespace

int main(int argc, char** argv)
{
    const int scans = argc > 1 ? std::atoi(argv[1]) : 2000;
    const std::string dir = argc > 2 ? argv[2] : Poco::TemporaryFile::tempName();
    Poco::File(dir).createDirectories();
    core::ManualClock clock(std::chrono::system_clock::now());
    core::SiteSettings settings;
    NullHost host;
    core::PluginManager plugins({PORTSIDE_PLUGIN_DIR});
    plugins.loadAll();
    plugins.startAll(host);
    core::EventStore store(dir + "/kiosk.db", clock);
    core::seedDemo(store);
    core::KioskSession session({store, clock, settings, plugins});
    const std::string ana = "950600013435200008";
    session.signIn("1001", "123456");
    session.openFromList(ana, store.patient(ana)->birthDate);
    session.start("port-deaccess", "A needle is in place");
    while (session.step().step->id != "lock") {
        const auto st = session.step();
        if (st.step->type == sdk::StepType::Scan) {
            session.scan(core::demoScanFor(st.expect, ana, clock.now()));
            continue;
        }
        sdk::StepAnswer a;
        a.number = st.step->defaultValue;
        clock.advance(std::chrono::milliseconds(st.waitMs));
        session.confirm(a);
    }
    const std::string wrong = "]d2010950600310000217271231"
                              "10H10K"; // heparin 10,000 units/mL: a STOP

    // The reference: the same judgement and the same event, straight onto the store.
    core::Catalog catalog;
    store.loadCatalog(catalog);
    core::ScanInterpreter interpreter;
    core::SafetyRules rules(catalog);
    sdk::PatientContext patient;
    patient.id = ana;
    patient.lock = {"heparin", 100, 5, {}};
    sdk::ScanExpectation expect{"heparin-lock", "", 100, 5, {}};
    auto direct = [&](int) {
        const auto parsed = interpreter.interpret(wrong);
        const auto verdict = rules.check(parsed, expect, patient, core::localDate(clock.now()));
        Poco::JSON::Object payload;
        payload.set("checklist", "port-deaccess");
        payload.set("step", "lock");
        payload.set("role", "lock");
        payload.set("key", "lock");
        payload.set("rule", verdict.rule);
        payload.set("message", verdict.message.english());
        payload.set("scan", wrong);
        payload.set("expected", "heparin-lock");
        payload.set("product", verdict.product->name);
        payload.set("gtin", verdict.product->gtin);
        payload.set("lot", parsed.lot);
        std::ostringstream out;
        payload.stringify(out);
        core::NewEvent e;
        e.type = "scan-stopped";
        e.runId = session.runId();
        e.patient = ana;
        e.staff = "1001";
        e.payload = out.str();
        store.append({e});
    };
    auto ours = [&](int) {
        if (session.scan(wrong).verdict.level != core::Verdict::Level::Stop)
            std::abort();
    };
    bench::Samples mine, reference;
    const int rounds = 10, per = std::max(1, scans / rounds);
    for (int r = 0; r < rounds; ++r) {
        auto a = bench::measure(per, ours);
        auto b = bench::measure(per, direct);
        mine.us.insert(mine.us.end(), a.us.begin(), a.us.end());
        reference.us.insert(reference.us.end(), b.us.begin(), b.us.end());
    }
    std::cout << "Scan at the lock step, STOP recorded durably (" << mine.us.size() << " scans each, store " << dir
              << "):\n";
    bench::report("bedside session", mine, reference, "rules + append directly");
    Poco::File(dir).remove(true);
    return 0;
}
