#pragma once

#include <string>

namespace portside::core {

/// Writes `bytes` to `path` through a temporary file beside it, flushed to disk, then renamed over it: after a power
/// cut the file is whole, old or new. Throws std::runtime_error naming the file.
void writeFileDurably(const std::string& path, const std::string& bytes);

} // namespace portside::core
