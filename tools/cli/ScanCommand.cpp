// `portside-cli scan parse`: one JSON object per scanned line (DESIGN.md, contracts).

#include "Command.h"

#include "portside/core/ScanInterpreter.h"
#include "portside/core/SiteSettings.h"
#include "portside/core/Text.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <chrono>
#include <ctime>
#include <iostream>
#include <stdexcept>

namespace portside::cli {

namespace {

int currentYear()
{
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    return utc.tm_year + 1900;
}

} // namespace

Poco::JSON::Object scanToJson(const core::ParsedScan& scan)
{
    Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
    // Every string as valid UTF-8: a byte that is not part of UTF-8 (binary content, an ECI the decoder did not
    // convert) becomes the character of the same number, U+0080..U+00FF, so each line is JSON a strict reader takes.
    using core::validUtf8;
    o.set("ok", scan.ok);
    if (!scan.ok) {
        o.set("error", validUtf8(scan.error));
        return o;
    }
    o.set("scheme", scan.scheme);
    o.set("symbology", validUtf8(scan.symbology));
    if (!scan.ais.empty()) {
        Poco::JSON::Object ais(Poco::JSON_PRESERVE_KEY_ORDER);
        for (const auto& [ai, value] : scan.ais)
            ais.set(validUtf8(ai), validUtf8(value));
        o.set("ais", ais);
    }
    auto optional = [&](const char* key, const std::string& value) {
        if (!value.empty())
            o.set(key, validUtf8(value));
    };
    optional("gtin", scan.gtin);
    optional("lot", scan.lot);
    optional("serial", scan.serial);
    optional("expiry", scan.expiry);
    optional("lic", scan.lic);
    optional("pcn", scan.pcn);
    optional("uom", scan.uom);
    optional("quantity", scan.quantity);
    optional("patient", scan.patient);
    optional("staff", scan.staff);
    if (!scan.warnings.empty()) {
        Poco::JSON::Array warnings;
        for (const auto& w : scan.warnings)
            warnings.add(validUtf8(w));
        o.set("warnings", warnings);
    }
    return o;
}

core::ScanInterpreter makeInterpreter()
{
    core::ScanInterpreter interpreter(currentYear());
    core::SiteSettings settings;
    settings.loadSite(core::siteSettingsPath());
    if (const auto p = settings.get("scan.patient_pattern", ""); !p.empty())
        interpreter.addSitePattern("patient", p);
    if (const auto s = settings.get("scan.staff_pattern", ""); !s.empty())
        interpreter.addSitePattern("staff", s);
    return interpreter;
}

int scanCommand(Args& args, std::istream& in, std::ostream& out)
{
    if (args.words.empty())
        throw std::invalid_argument("scan needs a subcommand: parse or decode.");
    const std::string sub = args.words.front();
    args.words.erase(args.words.begin());
    if (sub == "decode")
        return decodeCommand(args, out);
    if (sub != "parse")
        throw std::invalid_argument("Unknown scan subcommand \"" + sub + "\"; known: parse, decode.");
    args.expectEmpty();
    const auto interpreter = makeInterpreter();
    for (std::string line; std::getline(in, line);) {
        scanToJson(interpreter.interpret(line)).stringify(out);
        out << '\n';
    }
    out.flush();
    return 0;
}

} // namespace portside::cli
