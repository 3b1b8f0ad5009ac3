#pragma once

/// The plugin API version. A plugin built against major M and minor m loads in a host whose major is M and whose
/// minor is at least m. A breaking change to any SDK header raises the major.
#define PORTSIDE_SDK_VERSION_MAJOR 2
#define PORTSIDE_SDK_VERSION_MINOR 1
#define PORTSIDE_SDK_VERSION "2.1"

/// One number for both parts, as exported by every plugin module: major * 1000 + minor.
#define PORTSIDE_SDK_VERSION_NUMBER (PORTSIDE_SDK_VERSION_MAJOR * 1000 + PORTSIDE_SDK_VERSION_MINOR)
