#pragma once

#include <chrono>
#include <string>

namespace portside::core {

/// What probing a plugin module found.
struct ProbeResult {
    bool ok = false;
    std::string id, version, kind;
    int sdkVersion = 0;
    std::string error; ///< why the module is refused: a sentence for the supervisor
};

/// Probes a plugin module in a child process before it may go near the shell (DESIGN.md section 2): the child
/// (`program probe MODULE RESULT`, which is `portside-cli plugin probe`) loads it, creates its plugin, starts it with a
/// host that has no settings, runs its self-check and stops it. A module that crashes, aborts, exits, throws or does
/// not finish within `limit` is refused with a sentence that says which; this process is never touched by it.
ProbeResult probeModule(const std::string& module, const std::string& program,
                        std::chrono::milliseconds limit = std::chrono::seconds(10));

/// The child's side of probeModule: the probe itself, its outcome written as JSON to `resultFile`. Returns the exit
/// code (0 when the module passed).
int runProbe(const std::string& module, const std::string& resultFile);

} // namespace portside::core
