#define TWIN_ID "twin-b"
#define TWIN_VERSION "2.0.0"
#include "Twin.h"
PORTSIDE_PLUGIN(TwinPlugin)
