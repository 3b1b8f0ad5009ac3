// A plugin built against a future, incompatible SDK major version: it must be refused before anything is created.
#define TWIN_ID "future"
#define TWIN_VERSION "9.0.0"
#include "Twin.h"

extern "C" POCO_LIBRARY_API int portsidePluginSdkVersion()
{
    return 9000; // SDK 9.0
}
POCO_BEGIN_MANIFEST(portside::sdk::Plugin)
POCO_EXPORT_CLASS(TwinPlugin)
POCO_END_MANIFEST
