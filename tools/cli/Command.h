#pragma once

#include <iosfwd>
#include <stdexcept>
#include <string>
#include <vector>

namespace portside::cli {

/// The record store (or another thing the command needs to reach) is not there or cannot be opened: exit 3.
class Unreachable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Arguments after the command words, with the helpers every command uses.
struct Args {
    std::vector<std::string> words;
    std::string executable;

    bool flag(const std::string& name); ///< removes and returns whether --name was given
    /// removes every "--name VALUE" / "--name=VALUE"; throws std::invalid_argument when VALUE is missing
    std::vector<std::string> values(const std::string& name);
    /// throws std::invalid_argument naming the first argument nobody took
    void expectEmpty() const;
};

/// The bundled plugins' folders: kiosk.conf's plugins.folders, else beside this program's real location.
std::vector<std::string> bundledPluginFolders(const Args& args);

/// `portside-cli plugin ...`; returns the exit code.
int pluginCommand(Args& args, std::ostream& out, std::ostream& err);
/// `portside-cli plugin new ID [--dir DIR]`: a checklist plugin folder scaffolded from the SDK's example.
int pluginNew(Args& args, std::ostream& out);
/// `portside-cli audit verify [--db PATH] [--json]`: 0 when the chain is intact, 1 when broken.
int auditCommand(Args& args, std::ostream& out);
/// `portside-cli records list --patient ID [--db PATH] [--json]`: read-only.
int recordsCommand(Args& args, std::ostream& out);
/// `portside-cli sync enroll --server URL --code CODE | now | status [--db PATH]`.
int syncCommand(Args& args, std::ostream& out);
/// `portside-cli bedside [--db PATH] [--plugins DIR]... [--settings FILE]`: the bedside session, one JSON action
/// per line of stdin, one JSON answer per line.
int bedsideCommand(Args& args, std::istream& in, std::ostream& out);
/// `portside-cli scan parse` (stdin, one scan per line) and `scan decode IMAGE...`.
int scanCommand(Args& args, std::istream& in, std::ostream& out);
int decodeCommand(Args& args, std::ostream& out);
/// `portside-cli label render ...` and `portside-cli printer models`.
int labelCommand(Args& args, std::ostream& out);
int printerCommand(Args& args, std::ostream& out);

} // namespace portside::cli
