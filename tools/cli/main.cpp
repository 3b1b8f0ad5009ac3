// portside-cli: Portside without a display, for hospital IT, scripts and tests. See `portside-cli help`.

#include "Command.h"

#include "portside/sdk/Version.h"

#include <iostream>
#include <stdexcept>

namespace portside::cli {

bool Args::flag(const std::string& name)
{
    for (auto it = words.begin(); it != words.end(); ++it)
        if (*it == "--" + name) {
            words.erase(it);
            return true;
        }
    return false;
}

std::vector<std::string> Args::values(const std::string& name)
{
    std::vector<std::string> result;
    for (std::size_t i = 0; i < words.size();) {
        if (words[i] == "--" + name) {
            if (i + 1 >= words.size())
                throw std::invalid_argument("--" + name + " needs a value.");
            result.push_back(words[i + 1]);
            words.erase(words.begin() + static_cast<long>(i), words.begin() + static_cast<long>(i) + 2);
        } else if (words[i].rfind("--" + name + "=", 0) == 0) {
            result.push_back(words[i].substr(name.size() + 3));
            words.erase(words.begin() + static_cast<long>(i));
        } else {
            ++i;
        }
    }
    return result;
}

void Args::expectEmpty() const
{
    if (!words.empty())
        throw std::invalid_argument("Unknown argument \"" + words.front() + "\"; see portside-cli help.");
}

namespace {

void usage(std::ostream& out)
{
    out << "Usage: portside-cli COMMAND ...\n"
           "\n"
           "  plugin list [--dir DIR]... [--json]   list plugin modules with id, version, kind, file and status\n"
           "                                        (exit 1 when any plugin failed to load)\n"
           "  plugin new ID [--dir DIR]             a new checklist plugin folder (DIR, default ./ID) from the SDK's\n"
           "                                        example, to build against the installed SDK\n"
           "  plugin keygen --out NAME              a signing key pair: NAME.pub.pem (for sites), NAME.key.pem\n"
           "  plugin pack DIR --key NAME.key.pem --out PKG.zip   a signed package of DIR (manifest.json, module,\n"
           "                                        catalogs)\n"
           "  plugin sign PKG --key K --trust PUB [--out F]      sign again what a trusted key signed\n"
           "  plugin verify PKG [--trust PUB|DIR]... [--json]    exit 1 with the reason it is refused\n"
           "  plugin probe MODULE [--seconds N] [--json]         load, start and self-check it in a child process\n"
           "  plugin install PKG [--trust PUB|DIR]... [--downgrade] | plugin install --from-server ID\n"
           "                                        verify, probe and keep it for the kiosk's next start\n"
           "  plugin installed | offers | keys      installed plugins; the server's offers; the trusted keys\n"
           "  plugin remove|rollback|disable|enable ID   from the kiosk's next start (recorded with your name)\n"
           "  scan parse                            read scans from stdin, one per line (GS = byte 0x1D, AIM\n"
           "                                        identifier such as ]d2 first when sent); one JSON object each\n"
           "  scan decode IMAGE...                  find barcodes in PNG or PNM images; the same JSON per symbol\n"
           "  label render --template dressing-date [--data FILE.json] --printer MODEL [--media M] --out FILE [--png]\n"
           "                                        the label as the printer's byte stream, or a PNG\n"
           "  printer list [--json]                 USB label printers found, with model and IEEE-1284 id\n"
           "  printer status --printer MODEL        what the printer says (exit 1 when not ready)\n"
           "  printer print --printer MODEL [--media M] [--data FILE.json]\n"
           "                                        print the dressing-date label on a USB printer\n"
           "  printer models                        the printer models and media this kiosk drives\n"
           "  sync enroll --server URL --code CODE [--name N] [--ca PEM]   enroll this kiosk with the central server\n"
           "  sync now | sync status [--db PATH]    send the outbox now; what waits and what was refused\n"
           "  audit verify [--db PATH] [--json]     walk the record's audit chain; exit 1 and name the first\n"
           "                                        broken link when it was changed\n"
           "  records list --patient ID [--db PATH] [--json]\n"
           "                                        the recorded events of one patient (read-only)\n"
           "  bedside [--db PATH] [--plugins DIR]... [--settings FILE]\n"
           "                                        the bedside session without a screen: one JSON action per line\n"
           "                                        of stdin ({\"do\":\"sign-in\",\"badge\":\"1001\",\"pin\":\"...\"}, "
           "open,\n"
           "                                        checklists, start, step, scan, confirm, no-scan, no-label, skip,\n"
           "                                        cancel, label, summary), one JSON answer per line; the same rules\n"
           "                                        as the kiosk's screens\n"
           "  version                               print the version\n"
           "  help                                  this text\n"
           "\n"
           "Plugins are looked for in $PORTSIDE_PLUGIN_PATH or ../lib/portside/plugins next to this program.\n"
           "The record store is <data dir>/kiosk.db (data dir: $PORTSIDE_DATA_DIR, else $XDG_DATA_HOME/portside).\n"
           "Installed plugins live in <data dir>/plugins; trusted keys come from plugins.trusted_keys in\n"
           "<data dir>/site.properties (default /etc/portside/trusted-keys) and from the server.\n";
}

} // namespace

} // namespace portside::cli

int main(int argc, char** argv)
{
    using namespace portside::cli;
    Args args;
    args.executable = argv[0];
    for (int i = 1; i < argc; ++i)
        args.words.emplace_back(argv[i]);
    if (args.words.empty()) {
        usage(std::cerr);
        return 2;
    }
    const std::string command = args.words.front();
    args.words.erase(args.words.begin());
    try {
        if (command == "help" || command == "--help" || command == "-h") {
            usage(std::cout);
            return 0;
        }
        if (command == "version" || command == "--version") {
            std::cout << "portside-cli " << PORTSIDE_VERSION << " (plugin SDK " << PORTSIDE_SDK_VERSION << ")\n";
            return 0;
        }
        if (command == "plugin")
            return pluginCommand(args, std::cout, std::cerr);
        if (command == "scan")
            return scanCommand(args, std::cin, std::cout);
        if (command == "label")
            return labelCommand(args, std::cout);
        if (command == "printer")
            return printerCommand(args, std::cout);
        if (command == "sync")
            return syncCommand(args, std::cout);
        if (command == "audit")
            return auditCommand(args, std::cout);
        if (command == "records")
            return recordsCommand(args, std::cout);
        if (command == "bedside")
            return bedsideCommand(args, std::cin, std::cout);
        std::cerr << "Unknown command \"" << command << "\".\n\n";
        usage(std::cerr);
        return 2;
    } catch (const std::invalid_argument& e) {
        std::cerr << e.what() << '\n';
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "portside-cli: " << e.what() << '\n';
        return 1;
    }
}
