// portside-cli: Portside without a display, for hospital IT, scripts and tests. See `portside-cli help`.

#include "Command.h"
#include "CommandTable.h"

#include "portside/core/Deployment.h"
#include "portside/core/KioskConfiguration.h"
#include "portside/core/Logging.h"
#include "portside/core/PluginManager.h"
#include "portside/core/SiteSettings.h"
#include "portside/core/SyncClient.h"
#include "portside/sdk/Version.h"

#include <Poco/Logger.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionException.h>
#include <Poco/Util/OptionProcessor.h>
#include <Poco/Util/OptionSet.h>

#include <iostream>
#include <stdexcept>

namespace portside::cli {

namespace {
std::vector<std::string>& configuredPluginFolders()
{
    static std::vector<std::string> folders;
    return folders;
}
} // namespace

std::vector<std::string> bundledPluginFolders(const Args& args)
{
    return configuredPluginFolders().empty() ? core::PluginManager::defaultFolders(args.executable)
                                             : configuredPluginFolders();
}

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

const char* const kExitCodes =
    "Exit codes: 0 done; 1 what was asked for is not so (a check failed, a package refused, a\n"
    "printer not ready); 2 wrong usage; 3 the server or the record store could not be\n"
    "reached.\n";

void usage(std::ostream& out)
{
    out << "Usage: portside-cli COMMAND [SUBCOMMAND] [OPTIONS] [ARGUMENTS]\n\n";
    for (const auto& c : commandTable()) {
        std::string line = "  " + c.name() + (c.arguments.empty() ? "" : " " + c.arguments);
        out << line << (line.size() < 34 ? std::string(34 - line.size(), ' ') : "\n" + std::string(34, ' '))
            << c.summary << '\n';
    }
    out << "\n`portside-cli COMMAND SUBCOMMAND --help` lists a command's options. Every command also takes\n"
           "--log-level LEVEL and --print-config.\n\n"
        << kExitCodes
        << "\nConfiguration: the built-in defaults, then /etc/portside/kiosk.conf ($PORTSIDE_CONFIG_DIR/kiosk.conf),\n"
           "then $XDG_CONFIG_HOME/portside/kiosk.conf, then $PORTSIDE_DATA_DIR, then the options.\n"
           "Plugins are looked for in plugins.folders, else $PORTSIDE_PLUGIN_PATH, else ../lib/portside/plugins\n"
           "(or ../lib/<triplet>/portside/plugins) beside this program's real location.\n"
           "The record store is <data dir>/kiosk.db (data.dir: /var/lib/portside when installed; in a build tree\n"
           "$XDG_DATA_HOME/portside). Installed plugins live in <data dir>/plugins; trusted keys come from\n"
           "plugins.trusted_keys in the site settings (default /etc/portside/trusted-keys) and from the server.\n";
}

Poco::Util::OptionSet optionSet(const CommandSpec* spec)
{
    Poco::Util::OptionSet set;
    std::vector<OptionSpec> all = commonOptions();
    if (spec)
        all.insert(all.end(), spec->options.begin(), spec->options.end());
    for (const auto& o : all) {
        Poco::Util::Option option(o.name, o.name == "help" ? "h" : "", o.help, false);
        option.repeatable(true);
        if (!o.argument.empty())
            option.argument(o.argument, true);
        set.addOption(option);
    }
    return set;
}

void commandHelp(const CommandSpec& spec, std::ostream& out)
{
    const Poco::Util::OptionSet options = optionSet(&spec); // the formatter keeps a reference
    Poco::Util::HelpFormatter help(options);
    help.setUnixStyle(true);
    help.setCommand("portside-cli " + spec.name());
    help.setUsage("[OPTIONS]" + (spec.arguments.empty() ? std::string() : " " + spec.arguments));
    help.setHeader(spec.summary);
    help.setFooter(kExitCodes);
    help.setWidth(100);
    help.format(out);
}

const CommandSpec* findCommand(const std::string& command, const std::string& sub)
{
    for (const auto& c : commandTable())
        if (c.command == command && c.sub == sub)
            return &c;
    return nullptr;
}

bool hasSubcommands(const std::string& command)
{
    for (const auto& c : commandTable())
        if (c.command == command && !c.sub.empty())
            return true;
    return false;
}

std::string subcommandsOf(const std::string& command)
{
    std::string known;
    for (const auto& c : commandTable())
        if (c.command == command)
            known += (known.empty() ? "" : ", ") + c.sub;
    return known;
}

/// What the command line asks for once the library has read it.
struct Parsed {
    const CommandSpec* spec = nullptr;
    std::string command, sub;
    bool help = false, printConfig = false;
    std::string logLevel;
    Args args; ///< the subcommand, the arguments, then each option as "--name [VALUE]" for the command to take
};

/// Reads the command line with Poco::Util::OptionProcessor against the command's table row. Throws
/// std::invalid_argument (exit 2) with a sentence for an unknown command or option or a missing value.
Parsed parse(const std::vector<std::string>& words)
{
    Parsed p;
    std::vector<std::string> rest = words;
    // The command and subcommand: the first words that are not options (options may come before them).
    std::vector<std::string> leading;
    auto it = rest.begin();
    while (it != rest.end() && it->rfind("-", 0) == 0 && *it != "--version") {
        if (*it == "--log-level" && it + 1 != rest.end())
            ++it; // its value
        ++it;
    }
    if (it != rest.end()) {
        p.command = *it;
        it = rest.erase(it);
        if (p.command == "--help" || p.command == "-h")
            p.command = "help";
        if (p.command == "--version")
            p.command = "version";
        if (hasSubcommands(p.command) && it != rest.end() && it->rfind("-", 0) != 0) {
            p.sub = *it;
            rest.erase(it);
        }
    }
    if (!p.command.empty()) {
        p.spec = findCommand(p.command, p.sub);
        if (!p.spec && !hasSubcommands(p.command) && !findCommand(p.command, ""))
            throw std::invalid_argument("Unknown command \"" + p.command + "\"; see portside-cli help.");
    }
    Poco::Util::OptionSet options = optionSet(p.spec);
    if (!p.spec && hasSubcommands(p.command)) // "plugin --help": the plugin subcommands' options too
        for (const auto& c : commandTable())
            if (c.command == p.command)
                for (const auto& o : c.options)
                    if (!options.hasOption(o.name, false)) {
                        Poco::Util::Option option(o.name, "", o.help, false);
                        option.repeatable(true);
                        if (!o.argument.empty())
                            option.argument(o.argument, true);
                        options.addOption(option);
                    }
    Poco::Util::OptionProcessor processor(options);
    processor.setUnixStyle(true);
    const std::string see = "see portside-cli " + (p.spec ? p.spec->name() + " --help" : std::string("help")) + ".";
    std::vector<std::string> positional, named;
    for (const auto& word : rest) {
        std::string name, value;
        bool option = false;
        try {
            option = processor.process(word, name, value);
        } catch (const Poco::Util::UnknownOptionException&) {
            throw std::invalid_argument("Unknown argument \"" + word + "\"; " + see);
        } catch (const Poco::Util::AmbiguousOptionException&) {
            throw std::invalid_argument("The option \"" + word + "\" is ambiguous; " + see);
        } catch (const Poco::Exception& e) {
            throw std::invalid_argument(e.message() + " (" + word + "); " + see);
        }
        if (!option) {
            positional.push_back(word);
            continue;
        }
        if (name.empty())
            continue; // the value of the option before, taken by the processor
        if (name == "help")
            p.help = true;
        else if (name == "print-config")
            p.printConfig = true;
        else if (name == "log-level")
            p.logLevel = value;
        else {
            named.push_back("--" + name);
            if (options.getOption(name).takesArgument())
                named.push_back(value);
        }
    }
    try {
        processor.checkRequired();
    } catch (const Poco::Util::MissingArgumentException&) {
        throw std::invalid_argument(rest.empty() ? std::string("An option needs a value; ") + see
                                                 : rest.back() + " needs a value; " + see);
    }
    if (!p.help && !p.printConfig && !p.command.empty() && !p.spec && p.command != "help")
        throw std::invalid_argument(p.sub.empty() ? p.command + " needs a subcommand: " + subcommandsOf(p.command) + "."
                                                  : "Unknown " + p.command + " subcommand \"" + p.sub +
                                                        "\"; known: " + subcommandsOf(p.command) + ".");
    if (!p.sub.empty())
        p.args.words.push_back(p.sub);
    p.args.words.insert(p.args.words.end(), positional.begin(), positional.end());
    p.args.words.insert(p.args.words.end(), named.begin(), named.end());
    return p;
}

} // namespace

} // namespace portside::cli

int main(int argc, char** argv)
{
    using namespace portside;
    using namespace portside::cli;
    std::vector<std::string> words(argv + 1, argv + argc);
    if (words.empty()) {
        usage(std::cerr);
        return 2;
    }
    try {
        Parsed p = parse(words);
        p.args.executable = core::deployment::executablePath(argv[0]);
        if (p.help || p.command == "help") {
            if (p.command == "help" && !p.args.words.empty()) { // help plugin list
                const auto* spec = findCommand(p.args.words[0], p.args.words.size() > 1 ? p.args.words[1] : "");
                if (!spec)
                    throw std::invalid_argument("No such command: " + p.args.words[0] + "; see portside-cli help.");
                commandHelp(*spec, std::cout);
            } else if (p.spec && p.command != "help") {
                commandHelp(*p.spec, std::cout);
            } else if (!p.command.empty() && p.command != "help") { // plugin --help: its subcommands
                for (const auto& c : commandTable())
                    if (c.command == p.command)
                        commandHelp(c, std::cout), std::cout << '\n';
            } else {
                usage(std::cout);
            }
            return 0;
        }
        auto config = core::kioskConfiguration(p.args.executable, "warning");
        if (!p.logLevel.empty())
            config.set("log.level", p.logLevel, "--log-level");
        core::configureLogging({config.get("log.level"), config.get("log.prefix")});
        for (const auto& problem : config.problems())
            Poco::Logger::get("portside.cli").warning(problem);
        core::setDataDirectory(config.get("data.dir"));
        core::setSiteSettingsPath(core::siteSettingsFile(config));
        configuredPluginFolders() = core::kioskPluginFolders(config, p.args.executable);
        if (p.printConfig) {
            config.print(std::cout);
            return 0;
        }
        if (p.command.empty()) {
            usage(std::cerr);
            return 2;
        }
        Args& args = p.args;
        const std::string& command = p.command;
        if (command == "version") {
            args.expectEmpty();
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
        throw std::invalid_argument("Unknown command \"" + command + "\"; see portside-cli help.");
    } catch (const std::invalid_argument& e) {
        std::cerr << e.what() << '\n';
        return 2;
    } catch (const Unreachable& e) {
        std::cerr << "portside-cli: " << e.what() << '\n';
        return 3;
    } catch (const core::ServerUnreachable& e) {
        std::cerr << "portside-cli: " << e.what() << '\n';
        return 3;
    } catch (const std::exception& e) {
        std::cerr << "portside-cli: " << e.what() << '\n';
        return 1;
    }
}
