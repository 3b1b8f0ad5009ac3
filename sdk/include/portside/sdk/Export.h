#pragma once

/// Marks SDK classes whose type information must be shared between the host and plugin modules. Plugins are
/// built with hidden visibility; the SDK's own classes stay visible so dynamic_cast and exceptions work across
/// module boundaries.
#define PORTSIDE_SDK_API __attribute__((visibility("default")))
