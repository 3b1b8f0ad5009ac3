#pragma once

#include <chrono>
#include <thread>

namespace portside::test {

/// Waits until `pred` holds, checking every 10 ms, for at most `deadline`; false when it never did. For what another
/// thread or an emulated device does in its own time (a print queue, a printer's status frames).
template <class Pred> bool eventually(Pred pred, std::chrono::milliseconds deadline = std::chrono::seconds(15))
{
    const auto end = std::chrono::steady_clock::now() + deadline;
    while (!pred()) {
        if (std::chrono::steady_clock::now() > end)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

} // namespace portside::test
