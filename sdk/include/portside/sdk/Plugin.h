#pragma once

#include "portside/sdk/Export.h"
#include "portside/sdk/Version.h"

#include <string>

namespace portside::sdk {

class Host;

/// The four kinds of plugin the host knows.
enum class PluginKind { Checklist, Scanner, Printer, Sync };

/// "checklist", "scanner", "printer" or "sync".
PORTSIDE_SDK_API const char* toString(PluginKind kind);

/// Base of every plugin. A plugin module exports one or more subclasses with PORTSIDE_PLUGIN() (see
/// PluginExport.h); the host loads each module with its own Poco::ClassLoader<Plugin>.
class PORTSIDE_SDK_API Plugin {
public:
    virtual ~Plugin();

    /// Stable identifier, lower-case with dashes, such as "port-access". Unique among installed plugins.
    virtual std::string id() const = 0;
    /// Version of this plugin, such as "1.0.0".
    virtual std::string version() const = 0;
    virtual PluginKind kind() const = 0;

    /// Called once after loading, before any other call. May throw std::exception with a sentence that says
    /// what is wrong; the host then marks the plugin failed and shows that sentence.
    virtual void start(Host& host) = 0;
    /// Called once before the host lets go of the plugin.
    virtual void stop() = 0;
};

} // namespace portside::sdk
