#define TWIN_ID "twin-a"
#define TWIN_VERSION "1.0.0"
#include "Twin.h"
PORTSIDE_PLUGIN(TwinPlugin)
