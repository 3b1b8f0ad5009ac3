#pragma once

#include "portside/sdk/Plugin.h"

#include <Poco/ClassLibrary.h>

/// Exports the SDK version a module was built against. The host reads it before it creates any object.
#define PORTSIDE_PLUGIN_SDK_VERSION_EXPORT()                                                                           \
    extern "C" POCO_LIBRARY_API int portsidePluginSdkVersion()                                                         \
    {                                                                                                                  \
        return PORTSIDE_SDK_VERSION_NUMBER;                                                                            \
    }

/// Makes a module a Portside plugin exporting the class `cls` (a subclass of portside::sdk::Plugin).
/// Use once per module, at namespace scope in one source file.
#define PORTSIDE_PLUGIN(cls)                                                                                           \
    PORTSIDE_PLUGIN_SDK_VERSION_EXPORT()                                                                               \
    POCO_BEGIN_MANIFEST(portside::sdk::Plugin)                                                                         \
    POCO_EXPORT_CLASS(cls)                                                                                             \
    POCO_END_MANIFEST
