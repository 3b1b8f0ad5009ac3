// libFuzzer target for the keyboard-wedge burst detector: pairs of (key, gap) bytes (the gap's top bit is Shift). A
// scan it returns is never empty and holds only printable characters and GS; nothing typed is lost: every
// character comes out either in a scan or handed on.

#include "KeyboardWedge.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    portside::app::KeyboardWedge wedge;
    long long time = 0;
    std::size_t typed = 0, out = 0;
    for (std::size_t i = 0; i + 1 < size; i += 2) {
        time += data[i + 1] & 0x7f;
        const int key = data[i] == 0xff ? -1 : data[i];
        if (key == 29 || (key >= 32 && key <= 126))
            ++typed;
        const auto r = wedge.feed(key, data[i + 1] & 0x80, time);
        out += r.release.size();
        if (r.scan) {
            if (r.scan->empty())
                std::abort();
            for (char c : *r.scan)
                if (c != '\x1d' && (c < 32 || c > 126))
                    std::abort();
            out += r.scan->size();
        }
    }
    out += wedge.flush(time + 1000).size();
    if (out != typed)
        std::abort();
    return 0;
}
