// A camera-like scanner: images (PNG, PGM, PPM) dropped into a folder are decoded with ZXing-C++ and each symbol
// found is a scan. For camera snapshots from another program, document cameras and tests. Site setting
// scanner.image_folder (default <data>/scanner-inbox); a decoded image is deleted, an image without a barcode is
// reported and moved to <folder>/unreadable/.

#include "portside/devices/FrameDecoder.h"
#include "portside/sdk/Host.h"
#include "portside/sdk/PluginExport.h"
#include "portside/sdk/Scanner.h"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

namespace {

namespace fs = std::filesystem;

class ImageFolderScannerPlugin final : public portside::sdk::ScannerPlugin {
public:
    std::string id() const override { return "scanner-image-folder"; }
    std::string version() const override { return "1.0.0"; }
    void start(portside::sdk::Host& host) override
    {
        _folder = host.setting("scanner.image_folder", host.dataDirectory() + "/scanner-inbox");
    }
    void stop() override { attach(nullptr); }
    ~ImageFolderScannerPlugin() override { attach(nullptr); }

    void attach(portside::sdk::ScanSink* sink) override
    {
        _running = false;
        if (_thread.joinable())
            _thread.join();
        if (!sink)
            return;
        _running = true;
        _thread = std::thread([this, sink] { run(*sink); });
    }

private:
    void run(portside::sdk::ScanSink& sink)
    {
        const std::string source = "image-folder:" + _folder;
        std::error_code ec;
        fs::create_directories(_folder, ec);
        sink.onScannerState(source, !ec,
                            ec ? "The scanner folder " + _folder + " cannot be created: " + ec.message()
                               : "Image scanner watching " + _folder + ".");
        const portside::devices::FrameDecoder decoder;
        while (_running) {
            for (const auto& entry : fs::directory_iterator(_folder, ec)) {
                const auto ext = entry.path().extension().string();
                if (!entry.is_regular_file() || (ext != ".png" && ext != ".pgm" && ext != ".ppm"))
                    continue;
                try {
                    const auto symbols = decoder.decode(portside::devices::loadImage(entry.path().string()));
                    for (const auto& s : symbols) {
                        portside::sdk::RawScan scan;
                        scan.bytes = s.bytes;
                        scan.aim = s.aim;
                        scan.source = source;
                        scan.timeMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count();
                        sink.onScan(scan);
                    }
                    if (symbols.empty())
                        throw std::runtime_error("no barcode found in " + entry.path().filename().string());
                    fs::remove(entry.path(), ec);
                } catch (const std::exception& e) {
                    sink.onScannerState(source, true, std::string("Image not used: ") + e.what() + ".");
                    fs::create_directories(fs::path(_folder) / "unreadable", ec);
                    fs::rename(entry.path(), fs::path(_folder) / "unreadable" / entry.path().filename(), ec);
                }
            }
            for (int i = 0; i < 4 && _running; ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }

    std::string _folder;
    std::atomic<bool> _running{false};
    std::thread _thread;
};

} // namespace

PORTSIDE_PLUGIN(ImageFolderScannerPlugin)
