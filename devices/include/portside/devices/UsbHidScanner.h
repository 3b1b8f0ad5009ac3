#pragma once

#include "portside/devices/HidDecoders.h"
#include "portside/sdk/Scanner.h"

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace portside::devices {

/// A USB HID barcode scanner claimed through libusb, so its keystrokes never reach other widgets: a boot-keyboard
/// scanner (interface class 3, protocol 1) or a HID POS scanner (usage page 0x8C in its report descriptor). Runs
/// on its own thread: finds a scanner (polling, so plugging one in is noticed), detaches the kernel driver only
/// when one is bound, claims the interface, reads interrupt reports with a deadline, decodes them and hands
/// complete scans to the sink. An unplugged scanner is reported (with a scan cut short, if any) and looked for
/// again.
class UsbHidScanner {
public:
    struct Options {
        int pollMs = 300;        ///< how often to look for a scanner while none is open
        int readTimeoutMs = 100; ///< interrupt read deadline (also how quickly stop() is noticed)
        /// USB vendor ids of keyboard-type scanners to claim. A boot keyboard from another vendor is a keyboard and
        /// is left alone; HID POS scanners (usage page 0x8C) are claimed whatever their vendor. Default: Symbol/
        /// Zebra, Honeywell, Datalogic, Newland, Opticon, Zebex, Code.
        std::vector<std::uint16_t> keyboardVendors{0x05e0, 0x0c2e, 0x05f9, 0x1eab, 0x065a, 0x1a86, 0x0d3a};
    };

    explicit UsbHidScanner(sdk::ScanSink& sink) : UsbHidScanner(sink, Options{}) {}
    UsbHidScanner(sdk::ScanSink& sink, Options options);
    ~UsbHidScanner();
    UsbHidScanner(const UsbHidScanner&) = delete;
    UsbHidScanner& operator=(const UsbHidScanner&) = delete;

    void start();
    void stop();
    /// "usb-hid-keyboard:05e0:1200" or "usb-hid-pos:0c2e:0b61" while one is open, else empty.
    std::string source() const;

private:
    void run();
    sdk::ScanSink& _sink;
    Options _options;
    std::atomic<bool> _running{false};
    std::thread _thread;
    mutable std::mutex _mutex;
    std::string _source;
};

} // namespace portside::devices
