// The camera scanner plugin, loaded as the kiosk loads it, with its V4L2 camera replaced by a GStreamer source that
// plays generated frames (multifilesrc of raw grey frames, looped, paced by identity sleep-time): the frames go through
// the same videoconvert ! GRAY8 ! appsink pipeline and the same decoder as a camera's. No camera is needed.
// GStreamer 1.0 reference: multifilesrc (one file, one buffer, with the caps given), identity (sleep-time, in
// microseconds per buffer).

#include <boost/test/unit_test.hpp>

#include "portside/core/PluginManager.h"
#include "portside/devices/FrameDecoder.h"
#include "portside/sdk/Host.h"
#include "portside/sdk/Scanner.h"

#include "Eventually.h"
#include "RunProcess.h"
#include "TempDir.h"

#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>

using namespace portside;
using namespace std::chrono_literals;

namespace {

class CameraHost final : public sdk::Host {
public:
    std::map<std::string, std::string> settings;
    std::string setting(const std::string& key, const std::string& fallback) const override
    {
        auto it = settings.find(key);
        return it == settings.end() ? fallback : it->second;
    }
    void log(sdk::LogLevel, const std::string&) override {}
    std::string dataDirectory() const override { return "/tmp"; }
};

/// What the plugin delivers, from its own threads.
class Recorder final : public sdk::ScanSink {
public:
    void onScan(const sdk::RawScan& scan) override
    {
        std::lock_guard<std::mutex> lock(_m);
        _scans.push_back(scan);
    }
    void onScannerState(const std::string& source, bool connected, const std::string& message) override
    {
        std::lock_guard<std::mutex> lock(_m);
        _states.push_back({source, connected, message});
    }
    struct State {
        std::string source;
        bool connected;
        std::string message;
    };
    std::vector<sdk::RawScan> scans() const
    {
        std::lock_guard<std::mutex> lock(_m);
        return _scans;
    }
    std::vector<State> states() const
    {
        std::lock_guard<std::mutex> lock(_m);
        return _states;
    }

private:
    mutable std::mutex _m;
    std::vector<sdk::RawScan> _scans;
    std::vector<State> _states;
};

/// The camera plugin from the kiosk's plugin folder, started with `settings`.
struct Camera {
    core::PluginManager manager{std::vector<std::string>{}};
    CameraHost host;
    sdk::ScannerPlugin* scanner = nullptr;
    sdk::Viewfinder* viewfinder = nullptr;
    Camera(std::initializer_list<std::pair<const std::string, std::string>> settings)
    {
        host.settings = settings;
        const auto& info = manager.load(std::string(PORTSIDE_PLUGIN_DIR) + "/scanner-camera.so");
        BOOST_REQUIRE_MESSAGE(info.error.empty(), info.error);
        manager.startAll(host);
        scanner = dynamic_cast<sdk::ScannerPlugin*>(manager.find("scanner-camera"));
        BOOST_REQUIRE(scanner);
        viewfinder = dynamic_cast<sdk::Viewfinder*>(scanner);
        BOOST_REQUIRE(viewfinder);
    }
    ~Camera() { scanner->attach(nullptr); }
};

/// Writes a frame as raw GRAY8 bytes, the way the test source plays it.
void writeFrame(const std::string& path, const devices::GrayImage& image)
{
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(image.pixels.data()), static_cast<std::streamsize>(image.pixels.size()));
    BOOST_REQUIRE(out.good());
}

/// Light grey paper with a little sensor noise.
devices::GrayImage paper(int w, int h)
{
    devices::GrayImage frame{w, h, std::vector<std::uint8_t>(static_cast<std::size_t>(w) * h)};
    unsigned seed = 7;
    for (auto& p : frame.pixels) {
        seed = seed * 1103515245u + 12345u;
        p = static_cast<std::uint8_t>(205 + (seed >> 16) % 21);
    }
    return frame;
}

void paste(devices::GrayImage& frame, const devices::GrayImage& symbol, int x, int y)
{
    for (int r = 0; r < symbol.height; ++r)
        for (int c = 0; c < symbol.width; ++c)
            frame.pixels[static_cast<std::size_t>(y + r) * frame.width + x + c] =
                symbol.pixels[static_cast<std::size_t>(r) * symbol.width + c] < 128 ? 25 : 240;
}

/// The test source for `folder`'s frame-NN.gray files (raw GRAY8, w x h), looped or played once, about 20 frames a
/// second.
std::string playFrames(const std::string& folder, int w, int h, bool loop = true)
{
    return "multifilesrc location=\"" + folder + "/frame-%02d.gray\" index=0 loop=" + (loop ? "true" : "false") +
           " caps=\"video/x-raw,format=GRAY8,width=" + std::to_string(w) + ",height=" + std::to_string(h) +
           ",framerate=20/1\" ! identity sleep-time=50000";
}

const std::string kBytes = "010950600013435217271231"
                           "10AB12345\x1d"
                           "21SN000981";

} // namespace

BOOST_AUTO_TEST_SUITE(camera_scanner)

BOOST_AUTO_TEST_CASE(a_gs1_datamatrix_appearing_on_the_live_source_is_scanned_once)
{
    test::TempDir dir;
    // Three frames of empty paper, then the same paper with a small GS1 DataMatrix (2 px per module) near the top.
    const std::string symbolPng = dir.file("symbol.png");
    const auto made = test::runProcess("/usr/bin/zint", {"-b", "71", "--gs1", "-d",
                                                         "[01]09506000134352[17]271231[10]AB12345[21]SN000981",
                                                         "--scale=1", "-o", symbolPng});
    BOOST_REQUIRE_MESSAGE(made.exitCode == 0, made.err);
    for (int i = 0; i < 4; ++i) {
        auto frame = paper(640, 480);
        if (i == 3)
            paste(frame, devices::loadImage(symbolPng), 60, 40);
        writeFrame(dir.file("frame-0" + std::to_string(i) + ".gray"), frame);
    }
    Camera camera({{"scanner.camera.source", playFrames(dir.path(), 640, 480)}, {"scanner.camera.repeat_ms", "3000"}});
    Recorder sink;
    camera.scanner->attach(&sink);

    BOOST_REQUIRE(test::eventually([&] { return !sink.scans().empty(); }, 30s));
    const auto scan = sink.scans().front();
    BOOST_TEST(scan.bytes == kBytes);
    BOOST_TEST(scan.aim == "]d2");
    BOOST_TEST(scan.source == "camera:multifilesrc");
    BOOST_TEST(scan.timeMs > 0);
    const auto states = sink.states();
    BOOST_REQUIRE(!states.empty());
    BOOST_TEST(states.front().connected);
    BOOST_TEST(states.front().message == "Camera multifilesrc is on.");

    // The viewfinder shows the live picture, reduced; it keeps moving.
    sdk::PreviewFrame preview;
    BOOST_REQUIRE(camera.viewfinder->preview(preview));
    BOOST_TEST(preview.width == 320);
    BOOST_TEST(preview.height == 240);
    const auto first = preview.number;
    // The symbol comes round again every fourth frame: after twenty more frames (five more sightings inside the
    // repeat window) it is still one scan.
    BOOST_REQUIRE(
        test::eventually([&] { return camera.viewfinder->preview(preview) && preview.number >= first + 20; }, 30s));
    BOOST_TEST(sink.scans().size() == 1u);

    camera.scanner->attach(nullptr);
    BOOST_TEST(!camera.viewfinder->preview(preview)); // stopped: no picture
}

BOOST_AUTO_TEST_CASE(a_missing_camera_gives_a_clear_status_and_no_picture)
{
    Camera camera({{"scanner.camera.device", "/dev/video-not-here"}});
    Recorder sink;
    camera.scanner->attach(&sink);
    BOOST_REQUIRE(test::eventually([&] { return !sink.states().empty(); }));
    const auto state = sink.states().front();
    BOOST_TEST(!state.connected);
    BOOST_TEST(state.source == "camera:/dev/video-not-here");
    BOOST_TEST(state.message.rfind("No camera at /dev/video-not-here: The camera does not start: ", 0) == 0,
               state.message);
    BOOST_TEST(state.message.find("Plug the camera in, or set scanner.camera.device.") != std::string::npos,
               state.message);
    sdk::PreviewFrame preview;
    BOOST_TEST(!camera.viewfinder->preview(preview));
    BOOST_TEST(camera.viewfinder->previewStatus() == state.message);
    BOOST_TEST(sink.scans().empty());
}

BOOST_AUTO_TEST_CASE(a_camera_that_goes_away_is_reported_and_taken_back_when_it_returns)
{
    test::TempDir dir;
    for (int i = 0; i < 3; ++i)
        writeFrame(dir.file("frame-0" + std::to_string(i) + ".gray"), paper(320, 240));
    // Played once, the source ends as an unplugged camera's stream does; it is tried again and plays again.
    Camera camera(
        {{"scanner.camera.source", playFrames(dir.path(), 320, 240, false)}, {"scanner.camera.retry_s", "0.2"}});
    Recorder sink;
    camera.scanner->attach(&sink);
    BOOST_REQUIRE(test::eventually([&] { return sink.states().size() >= 3; }, 30s));
    const auto states = sink.states();
    BOOST_TEST(states[0].connected);
    BOOST_TEST(!states[1].connected);
    BOOST_TEST(states[1].message == "The camera stopped: the video stream ended.");
    BOOST_TEST(states[2].connected);
}

BOOST_AUTO_TEST_CASE(a_source_gstreamer_does_not_know_is_refused_with_a_sentence)
{
    Camera camera({{"scanner.camera.source", "no-such-camera-element"}});
    Recorder sink;
    camera.scanner->attach(&sink);
    BOOST_REQUIRE(test::eventually([&] { return !sink.states().empty(); }));
    const auto state = sink.states().front();
    BOOST_TEST(!state.connected);
    BOOST_TEST(state.message.find("cannot be built") != std::string::npos, state.message);
    BOOST_TEST(state.message.find("no-such-camera-element") != std::string::npos, state.message);
}

BOOST_AUTO_TEST_CASE(a_disabled_camera_says_nothing_and_starts_nothing)
{
    Camera camera({{"scanner.camera.enabled", "0"}, {"scanner.camera.device", "/dev/video-not-here"}});
    Recorder sink;
    camera.scanner->attach(&sink);
    camera.scanner->attach(nullptr);
    BOOST_TEST(sink.states().empty());
    BOOST_TEST(camera.viewfinder->previewStatus().empty());
}

BOOST_AUTO_TEST_SUITE_END()
