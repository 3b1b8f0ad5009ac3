// A Poco class library whose manifest is for another base class than portside::sdk::Plugin.
#include "portside/sdk/PluginExport.h"

class Gadget {
public:
    virtual ~Gadget() = default;
};
class Widget : public Gadget {};

PORTSIDE_PLUGIN_SDK_VERSION_EXPORT()
POCO_BEGIN_MANIFEST(Gadget)
POCO_EXPORT_CLASS(Widget)
POCO_END_MANIFEST
