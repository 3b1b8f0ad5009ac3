#include "CliHost.h"
#include "Command.h"

#include "portside/core/PluginManager.h"
#include "portside/core/SiteSettings.h"
#include "portside/sdk/Host.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Logger.h>

#include <iomanip>
#include <iostream>
#include <sstream>
#include <stdexcept>

namespace portside::cli {

namespace {

std::string sdkText(int number)
{
    if (number == 0)
        return "";
    return std::to_string(number / 1000) + "." + std::to_string(number % 1000);
}

int list(Args& args, std::ostream& out)
{
    const bool json = args.flag("json");
    auto dirs = args.values("dir");
    args.expectEmpty();
    if (dirs.empty())
        dirs = core::PluginManager::defaultFolders(args.executable);

    core::PluginManager manager(dirs);
    manager.loadAll();
    CliHost host;
    manager.startAll(host);

    bool anyFailed = false;
    Poco::JSON::Array rows;
    for (const auto& p : manager.plugins()) {
        anyFailed = anyFailed || p.status == core::PluginInfo::Status::Failed;
        Poco::JSON::Object row;
        row.set("id", p.id);
        row.set("version", p.version);
        row.set("kind", p.id.empty() ? "" : sdk::toString(p.kind));
        row.set("file", p.file);
        row.set("sdk", sdkText(p.sdkVersion));
        row.set("status", core::toString(p.status));
        if (!p.error.empty())
            row.set("error", p.error);
        rows.add(row);
    }
    if (json) {
        rows.stringify(out);
        out << '\n';
    } else if (manager.plugins().empty()) {
        out << "No plugins found in:";
        for (const auto& d : dirs)
            out << ' ' << d;
        out << '\n';
    } else {
        out << std::left << std::setw(20) << "ID" << std::setw(10) << "VERSION" << std::setw(11) << "KIND"
            << std::setw(9) << "STATUS"
            << "FILE / ERROR\n";
        for (const auto& p : manager.plugins()) {
            out << std::setw(20) << (p.id.empty() ? "-" : p.id) << std::setw(10)
                << (p.version.empty() ? "-" : p.version) << std::setw(11)
                << (p.id.empty() ? "-" : sdk::toString(p.kind)) << std::setw(9) << core::toString(p.status)
                << (p.error.empty() ? p.file : p.error) << '\n';
        }
    }
    return anyFailed ? 1 : 0;
}

} // namespace

int pluginCommand(Args& args, std::ostream& out, std::ostream&)
{
    if (args.words.empty())
        throw std::invalid_argument("plugin needs a subcommand: list.");
    const std::string sub = args.words.front();
    args.words.erase(args.words.begin());
    if (sub == "list")
        return list(args, out);
    throw std::invalid_argument("Unknown plugin subcommand \"" + sub + "\"; known: list.");
}

} // namespace portside::cli
