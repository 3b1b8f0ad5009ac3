#pragma once

#include "portside/sdk/Plugin.h"

#include <cstdint>
#include <string>
#include <vector>

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

/// A picture for a viewfinder: grey, rows packed, small (a few hundred pixels wide; the shell scales it).
struct PreviewFrame {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;
    std::uint64_t number = 0; ///< counts up with every new picture, so a viewer redraws only when it changed
};

/// A scanner that can show what it sees: a camera. A scanner plugin implements it beside ScannerPlugin; the shell
/// asks for the newest picture while a scan step is on screen, so the nurse can aim the barcode. Any thread.
class PORTSIDE_SDK_API Viewfinder {
public:
    virtual ~Viewfinder();
    /// Copies the newest picture into `frame`; false when there is none (not started, no camera, unplugged).
    virtual bool preview(PreviewFrame& frame) const = 0;
    /// A short sentence on what the camera is doing ("Camera ready.", "No camera at /dev/video0."), in English:
    /// the shell shows its own translated words and this only as detail.
    virtual std::string previewStatus() const = 0;
};

} // namespace portside::sdk
