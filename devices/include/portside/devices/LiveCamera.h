#pragma once

#include "portside/devices/FrameDecoder.h"

#include <memory>
#include <string>

namespace portside::devices {

/// A live video source read through GStreamer as grey frames: `<source> ! videoconvert ! video/x-raw,format=GRAY8 !
/// appsink`, where the appsink keeps only the newest frame (frames that arrive while the reader is busy are dropped).
/// The source is a V4L2 camera (`v4l2Source()`) or any GStreamer description that ends in raw video (a test source
/// that plays generated frames). Use from one thread.
class LiveCamera {
public:
    /// `source`: a GStreamer pipeline description that ends in raw video, such as "v4l2src device=/dev/video0".
    explicit LiveCamera(std::string source);
    ~LiveCamera();
    LiveCamera(const LiveCamera&) = delete;
    LiveCamera& operator=(const LiveCamera&) = delete;

    /// The source for a V4L2 camera: `device` such as "/dev/video0"; `caps` what follows the camera in the pipeline
    /// (empty: whatever the camera offers; "video/x-raw,width=1280,height=720"; "image/jpeg,width=1280 ! jpegdec").
    static std::string v4l2Source(const std::string& device, const std::string& caps);
    /// The whole pipeline description this camera runs.
    const std::string& pipeline() const { return _pipeline; }

    /// Starts the pipeline. Throws std::runtime_error with a sentence when it cannot: no such device, a device that
    /// is not a camera, a description GStreamer does not understand.
    void open();
    /// Waits up to `timeoutMs` for a frame newer than the last one read. False when none came in time; throws
    /// std::runtime_error with a sentence when the pipeline failed (the camera was unplugged) or the stream ended.
    bool next(GrayImage& frame, int timeoutMs);
    /// Stops the pipeline (also done by the destructor).
    void close();
    bool isOpen() const;

private:
    struct Pipeline;
    std::string _pipeline;
    std::unique_ptr<Pipeline> _p;
};

} // namespace portside::devices
