#pragma once

#include "portside/core/Configuration.h"

#include <string>
#include <vector>

namespace portside::core {

/// The configuration `portside` and `portside-cli` share (packaging/kiosk.conf lists every key): the built-in
/// defaults (installed layout or build tree, by where `executable` lives), then <config dir>/kiosk.conf
/// (/etc/portside, or $PORTSIDE_CONFIG_DIR), then the user's $XDG_CONFIG_HOME/portside/kiosk.conf, then the
/// environment ($PORTSIDE_DATA_DIR for data.dir); the program's options come last (Configuration::set).
/// `logLevel` is the program's own default (the kiosk logs what it does, the CLI only what goes wrong).
Configuration kioskConfiguration(const std::string& executable, const std::string& logLevel);

/// The kiosk's plugin folders: plugins.folders (colon-separated) when set, else beside the program.
std::vector<std::string> kioskPluginFolders(const Configuration& config, const std::string& executable);

/// The site's clinical settings file: site.settings when set, else <data.dir>/site.properties.
std::string siteSettingsFile(const Configuration& config);

} // namespace portside::core
