#pragma once

#include <string>
#include <vector>

namespace portside::cli {

/// One option of a command: `--name ARG` (a value) or `--name` (a switch).
struct OptionSpec {
    std::string name;
    std::string argument; ///< empty for a switch
    std::string help;
};

/// One command of portside-cli (`plugin list`, `sync now`, ...): its usage, what it does and every option it takes.
/// The table is the one place a reader finds every command and flag; parsing (Poco::Util::OptionProcessor) and each
/// command's `--help` (Poco::Util::HelpFormatter) come from it.
struct CommandSpec {
    std::string command;
    std::string sub; ///< empty for a command without subcommands
    std::string arguments;
    std::string summary;
    std::vector<OptionSpec> options;

    std::string name() const { return sub.empty() ? command : command + " " + sub; }
};

const std::vector<CommandSpec>& commandTable();

/// The options every command takes: --help, --log-level, --print-config.
const std::vector<OptionSpec>& commonOptions();

} // namespace portside::cli
