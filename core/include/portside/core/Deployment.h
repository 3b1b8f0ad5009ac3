#pragma once

#include <string>

namespace portside::core {

/// Where a Portside program runs from, and the folders that follow from it. An installed program (a Debian package:
/// `/usr/bin/portside-cli`) keeps its configuration in /etc/portside and its state in /var/lib; a program in a build
/// tree (`build/bin`, beside the tree's `CMakeCache.txt`) keeps the development defaults (the data folder under
/// $XDG_DATA_HOME, the server's database in the current folder), so a developer's commands never touch /var/lib.
namespace deployment {

/// This very program's file, symbolic links resolved (`/proc/self/exe`); `fallback` when that cannot be read.
std::string executablePath(const std::string& fallback = {});

/// True when `executable` lives in a CMake build tree: `<dir>/../CMakeCache.txt` beside its `bin` folder.
bool inBuildTree(const std::string& executable);

/// The configuration folder: $PORTSIDE_CONFIG_DIR when set (tests), else /etc/portside.
std::string configDirectory();

/// The user's own kiosk configuration: $XDG_CONFIG_HOME/portside/kiosk.conf, else ~/.config/portside/kiosk.conf;
/// empty when neither variable is set.
std::string userKioskConfig();

/// The kiosk's data folder when nothing names one: /var/lib/portside when installed; in a build tree
/// $XDG_DATA_HOME/portside, else ~/.local/share/portside (the development default).
std::string defaultKioskData(const std::string& executable);

/// Where `portside --demo` keeps its own store, server and labels when nothing names one: $XDG_DATA_HOME/portside-demo,
/// else ~/.local/share/portside-demo, else /tmp/portside-demo-UID. Never the site's data folder.
std::string defaultDemoData();

/// The server's state folder (its SQLite database): /var/lib/portside-server when installed, the current folder in a
/// build tree.
std::string defaultServerState(const std::string& executable);

} // namespace deployment

} // namespace portside::core
