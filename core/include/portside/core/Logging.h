#pragma once

#include <string>

namespace portside::core {

/// How a program's log lines are written: every Poco::Logger (those made before this call too) gets one channel to
/// standard error, one line per message: `<3>portside.sync: The server cannot be reached ...`. The `<N>` prefix is
/// the syslog priority that systemd's journal reads from a service's stderr (sd-daemon(3)); it is written when
/// stderr is not a terminal (`prefix = "auto"`), always (`"yes"`) or never (`"no"`, then `error: ...`).
struct LogOptions {
    std::string level = "information"; ///< fatal, critical, error, warning, notice, information, debug, trace
    std::string prefix = "auto";       ///< auto, yes, no
};

/// Throws std::invalid_argument with a sentence naming the bad level or prefix.
void configureLogging(const LogOptions& options);

/// The journal's priority (0 emergency ... 7 debug) of a Poco::Message priority (1 fatal ... 8 trace).
int journalPriority(int pocoPriority);

} // namespace portside::core
