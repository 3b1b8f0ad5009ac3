// A live camera as a barcode scanner: a V4L2 camera read through GStreamer (devices::LiveCamera), each frame
// decoded with the kiosk's frame decoder off the GUI thread, each symbol a scan with the same verdict flow as the
// other scanners. While the decoder is busy, newer frames replace the one waiting (never a queue that lags behind
// the nurse's hand); a symbol that stays in view, or comes back within scanner.camera.repeat_ms, is reported once.
// A camera that is missing or unplugged is reported as a state and tried again every scanner.camera.retry_s.
// The viewfinder: the newest frame, reduced, for the shell's scan steps.
//
// Site settings: scanner.camera.enabled (1), scanner.camera.device (/dev/video0), scanner.camera.caps (what follows
// the camera in the pipeline, such as "video/x-raw,width=1280,height=720"; empty: what the camera offers),
// scanner.camera.source (a whole GStreamer source description instead of the V4L2 camera, for other cameras and
// tests), scanner.camera.repeat_ms (1500), scanner.camera.retry_s (3).

#include "portside/devices/FrameDecoder.h"
#include "portside/devices/LiveCamera.h"
#include "portside/sdk/Host.h"
#include "portside/sdk/PluginExport.h"
#include "portside/sdk/Scanner.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

namespace {

using Clock = std::chrono::steady_clock;

/// The widest viewfinder picture handed to the shell.
constexpr int kPreviewWidth = 320;

class CameraScannerPlugin final : public portside::sdk::ScannerPlugin, public portside::sdk::Viewfinder {
public:
    std::string id() const override { return "scanner-camera"; }
    std::string version() const override { return "1.0.0"; }
    void start(portside::sdk::Host& host) override
    {
        _enabled = host.settingNumber("scanner.camera.enabled", 1) != 0;
        _device = host.setting("scanner.camera.device", "/dev/video0");
        const std::string source = host.setting("scanner.camera.source", "");
        _source = source.empty()
                      ? portside::devices::LiveCamera::v4l2Source(_device, host.setting("scanner.camera.caps", ""))
                      : source;
        _fromDevice = source.empty();
        _name = source.empty() ? "camera:" + _device : "camera:" + source.substr(0, source.find(' '));
        _repeat =
            std::chrono::milliseconds(static_cast<long long>(host.settingNumber("scanner.camera.repeat_ms", 1500)));
        // a retry at least every 0.1 s apart: a missing camera must not take a core
        _retry = std::chrono::milliseconds(
            static_cast<long long>(std::max(100.0, 1000 * host.settingNumber("scanner.camera.retry_s", 3))));
    }
    void stop() override { attach(nullptr); }
    ~CameraScannerPlugin() override { attach(nullptr); }

    void attach(portside::sdk::ScanSink* sink) override
    {
        {
            std::lock_guard<std::mutex> lock(_mutex);
            _running = false;
        }
        _wake.notify_all();
        if (_capture.joinable())
            _capture.join();
        if (_decode.joinable())
            _decode.join();
        {
            std::lock_guard<std::mutex> lock(_mutex);
            _waiting.reset();
            _preview = {};
            _status.clear();
        }
        if (!sink || !_enabled)
            return;
        _running = true;
        _capture = std::thread([this, sink] { capture(*sink); });
        _decode = std::thread([this, sink] { decode(*sink); });
    }

    // Viewfinder
    bool preview(portside::sdk::PreviewFrame& frame) const override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        if (_preview.pixels.empty())
            return false;
        frame = _preview;
        return true;
    }
    std::string previewStatus() const override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _status;
    }

private:
    void state(portside::sdk::ScanSink& sink, bool connected, const std::string& message)
    {
        {
            std::lock_guard<std::mutex> lock(_mutex);
            if (message == _status)
                return; // a camera still missing is said once, not at every retry
            _status = message;
            if (!connected)
                _preview = {};
        }
        sink.onScannerState(_name, connected, message);
    }

    /// Waits `d` or until stopped; false when stopped.
    bool pause(Clock::duration d)
    {
        std::unique_lock<std::mutex> lock(_mutex);
        return !_wake.wait_for(lock, d, [this] { return !_running; });
    }

    void capture(portside::sdk::ScanSink& sink)
    {
        portside::devices::LiveCamera camera(_source);
        portside::devices::GrayImage frame;
        std::uint64_t number = 0;
        while (_running) {
            try {
                if (!camera.isOpen()) {
                    camera.open();
                    state(sink, true, "Camera " + _name.substr(7) + " is on.");
                }
                if (!camera.next(frame, 200))
                    continue;
                ++number;
                {
                    std::lock_guard<std::mutex> lock(_mutex);
                    reduce(frame, number);
                    // The decoder takes the newest frame; one still waiting is dropped.
                    _waiting = std::move(frame);
                    frame = {};
                }
                _wake.notify_all();
            } catch (const std::exception& e) {
                camera.close();
                const std::string why = e.what();
                state(sink, false,
                      _fromDevice ? "No camera at " + _device + ": " + why +
                                        " Plug the camera in, or set scanner.camera.device."
                                  : why);
                if (!pause(_retry))
                    break;
            }
        }
    }

    void decode(portside::sdk::ScanSink& sink)
    {
        const portside::devices::FrameDecoder decoder;
        std::map<std::string, Clock::time_point> seen; // symbol -> last time it was in view
        while (true) {
            portside::devices::GrayImage frame;
            {
                std::unique_lock<std::mutex> lock(_mutex);
                _wake.wait(lock, [this] { return !_running || _waiting; });
                if (!_running)
                    return;
                frame = std::move(*_waiting);
                _waiting.reset();
            }
            std::vector<portside::devices::DecodedSymbol> symbols;
            try {
                symbols = decoder.decode(frame);
            } catch (const std::exception&) {
                continue; // a frame the decoder cannot take is one frame less, never the end of the camera
            }
            const auto now = Clock::now();
            for (auto it = seen.begin(); it != seen.end();)
                it = now - it->second > _repeat ? seen.erase(it) : std::next(it);
            for (const auto& s : symbols) {
                const std::string key = s.aim + s.bytes;
                const bool fresh = seen.find(key) == seen.end();
                seen[key] = now;
                if (!fresh)
                    continue;
                portside::sdk::RawScan scan;
                scan.bytes = s.bytes;
                scan.aim = s.aim;
                scan.source = _name;
                scan.timeMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count();
                sink.onScan(scan);
            }
        }
    }

    /// The viewfinder's picture: the frame reduced to at most kPreviewWidth wide. Under _mutex.
    void reduce(const portside::devices::GrayImage& frame, std::uint64_t number)
    {
        const int step = std::max(1, (frame.width + kPreviewWidth - 1) / kPreviewWidth);
        _preview.width = frame.width / step;
        _preview.height = frame.height / step;
        _preview.pixels.resize(static_cast<std::size_t>(_preview.width) * _preview.height);
        for (int y = 0; y < _preview.height; ++y)
            for (int x = 0; x < _preview.width; ++x)
                _preview.pixels[static_cast<std::size_t>(y) * _preview.width + x] =
                    frame.pixels[static_cast<std::size_t>(y) * step * frame.width + static_cast<std::size_t>(x) * step];
        _preview.number = number;
    }

    bool _enabled = true;
    bool _fromDevice = true; ///< the source is the V4L2 device (not a whole source from the settings)
    std::string _device, _source, _name = "camera";
    Clock::duration _repeat = std::chrono::milliseconds(1500), _retry = std::chrono::seconds(3);

    mutable std::mutex _mutex;
    std::condition_variable _wake;
    std::atomic<bool> _running{false};
    std::optional<portside::devices::GrayImage> _waiting; ///< the newest frame not yet decoded
    portside::sdk::PreviewFrame _preview;
    std::string _status;
    std::thread _capture, _decode;
};

} // namespace

PORTSIDE_PLUGIN(CameraScannerPlugin)
