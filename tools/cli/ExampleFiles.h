#pragma once

#include <cstddef>

namespace portside::cli {

/// One file of the SDK's example checklist plugin (sdk/example), embedded at build time.
struct ExampleFile {
    const char* path; ///< relative to the example's folder, such as "po/es.po"
    const char* text;
};

extern const ExampleFile kExampleFiles[];
extern const std::size_t kExampleFileCount;

/// The example's plugin id and the stem of its class and source file names, replaced when scaffolding.
inline constexpr const char* kExampleId = "port-site-check";
inline constexpr const char* kExampleClass = "PortSiteCheck";

} // namespace portside::cli
