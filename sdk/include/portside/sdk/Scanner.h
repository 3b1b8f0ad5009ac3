#pragma once

#include "portside/sdk/Plugin.h"

#include <cstdint>
#include <string>

namespace portside::sdk {

/// A scan as it came from a scanner, before interpretation.
struct RawScan {
    std::string bytes;       ///< the data, GS as byte 0x1D, without the AIM identifier
    std::string aim;         ///< AIM symbology identifier such as "]d2", empty when the scanner sent none
    std::string source;      ///< which scanner, such as "usb-hid:05e0:1200"
    std::int64_t timeMs = 0; ///< when it arrived, milliseconds since the epoch
};

/// Where a scanner delivers scans. Called from the scanner's own thread.
class PORTSIDE_SDK_API ScanSink {
public:
    virtual ~ScanSink();
    virtual void onScan(const RawScan& scan) = 0;
    /// A scanner was connected or disconnected, or failed; `message` is a sentence for the status bar.
    virtual void onScannerState(const std::string& source, bool connected, const std::string& message) = 0;
};

/// A barcode source: USB HID scanner, camera, simulated scanner.
class PORTSIDE_SDK_API ScannerPlugin : public Plugin {
public:
    ~ScannerPlugin() override;
    PluginKind kind() const override { return PluginKind::Scanner; }
    /// Sets where scans go; nullptr stops delivery. The sink outlives the plugin's use of it.
    virtual void attach(ScanSink* sink) = 0;
};

} // namespace portside::sdk
