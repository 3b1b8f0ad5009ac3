// libFuzzer target for the keyboard-wedge burst detector: pairs of (key, gap) bytes. A scan it returns is never
// empty, never longer than what was typed, and holds only printable characters and GS.

#include "KeyboardWedge.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    portside::app::KeyboardWedge wedge;
    long long time = 0;
    std::size_t typed = 0;
    for (std::size_t i = 0; i + 1 < size; i += 2) {
        time += data[i + 1];
        ++typed;
        if (auto scan = wedge.feed(data[i], time)) {
            if (scan->empty() || scan->size() > typed)
                std::abort();
            for (char c : *scan)
                if (c != '\x1d' && (c < 32 || c > 126))
                    std::abort();
        }
    }
    return 0;
}
