// libFuzzer target for the HID report decoders (boot keyboard and HID POS): any report sequence, of any length,
// must decode without a crash, and a scan they return is never empty.

#include "portside/devices/HidDecoders.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    portside::devices::HidKeyboardDecoder keyboard;
    portside::devices::HidPosDecoder pos;
    std::size_t i = 0;
    while (i < size) {
        const std::size_t length = data[i] % 70; // report lengths from 0 to 69 bytes
        ++i;
        const std::size_t n = length < size - i ? length : size - i;
        if (auto scan = keyboard.feed(data + i, n))
            if (scan->bytes.empty())
                std::abort();
        if (auto scan = pos.feed(data + i, n))
            if (scan->bytes.empty() || (!scan->aim.empty() && scan->aim.size() != 3))
                std::abort();
        i += n;
    }
    return 0;
}
