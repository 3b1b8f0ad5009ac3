#include "portside/devices/LiveCamera.h"

#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video-info.h>

#include <cstring>
#include <mutex>
#include <stdexcept>

namespace portside::devices {

namespace {

/// GStreamer's sentence without its full stop, to go inside ours.
std::string clause(const char* text)
{
    std::string s = text ? text : "unknown reason";
    while (!s.empty() && (s.back() == '.' || s.back() == ' '))
        s.pop_back();
    return s;
}

void initialiseGStreamer()
{
    static std::once_flag once;
    static std::string failure;
    std::call_once(once, [] {
        GError* error = nullptr;
        if (!gst_init_check(nullptr, nullptr, &error)) {
            failure = clause(error ? error->message : nullptr);
            if (error)
                g_error_free(error);
        }
    });
    if (!failure.empty())
        throw std::runtime_error("GStreamer cannot start (" + failure + "), so the camera cannot be used.");
}

/// The first error on the bus (or the end of the stream); empty when there is none.
std::string busError(GstElement* pipeline)
{
    GstBus* bus = gst_element_get_bus(pipeline);
    std::string text;
    while (GstMessage* m =
               gst_bus_pop_filtered(bus, static_cast<GstMessageType>(GST_MESSAGE_ERROR | GST_MESSAGE_EOS))) {
        if (GST_MESSAGE_TYPE(m) == GST_MESSAGE_EOS) {
            if (text.empty())
                text = "the video stream ended";
        } else if (text.empty() || text == "the video stream ended") {
            GError* error = nullptr;
            gchar* debug = nullptr;
            gst_message_parse_error(m, &error, &debug);
            text = clause(error ? error->message : nullptr);
            if (error)
                g_error_free(error);
            g_free(debug);
        }
        gst_message_unref(m);
    }
    gst_object_unref(bus);
    return text;
}

} // namespace

struct LiveCamera::Pipeline {
    GstElement* pipeline = nullptr;
    GstAppSink* sink = nullptr;
    ~Pipeline()
    {
        if (pipeline) {
            gst_element_set_state(pipeline, GST_STATE_NULL);
            if (sink)
                gst_object_unref(sink);
            gst_object_unref(pipeline);
        }
    }
};

LiveCamera::LiveCamera(std::string source)
    : _pipeline(std::move(source) +
                " ! videoconvert ! video/x-raw,format=GRAY8 ! appsink name=portside-frames max-buffers=1 drop=true "
                "sync=false")
{
}

LiveCamera::~LiveCamera() = default;

std::string LiveCamera::v4l2Source(const std::string& device, const std::string& caps)
{
    // The device is quoted for GStreamer's parser, so a path with a space or a '!' stays one value.
    std::string quoted;
    for (char c : device) {
        if (c == '"' || c == '\\')
            quoted += '\\';
        quoted += c;
    }
    return "v4l2src device=\"" + quoted + "\"" + (caps.empty() ? "" : " ! " + caps);
}

void LiveCamera::open()
{
    close();
    initialiseGStreamer();
    auto p = std::make_unique<Pipeline>();
    GError* error = nullptr;
    p->pipeline = gst_parse_launch(_pipeline.c_str(), &error);
    if (error) {
        const std::string why = clause(error->message);
        g_error_free(error);
        if (p->pipeline)
            gst_object_unref(p->pipeline), p->pipeline = nullptr;
        throw std::runtime_error("The camera pipeline \"" + _pipeline + "\" cannot be built: " + why + ".");
    }
    p->sink = GST_APP_SINK(gst_bin_get_by_name(GST_BIN(p->pipeline), "portside-frames"));
    if (gst_element_set_state(p->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
        std::string why = busError(p->pipeline);
        throw std::runtime_error("The camera does not start: " + (why.empty() ? "GStreamer gave no reason" : why) +
                                 ".");
    }
    _p = std::move(p);
}

bool LiveCamera::isOpen() const
{
    return _p != nullptr;
}

void LiveCamera::close()
{
    _p.reset();
}

bool LiveCamera::next(GrayImage& frame, int timeoutMs)
{
    if (!_p)
        throw std::runtime_error("The camera is not open.");
    GstSample* sample = gst_app_sink_try_pull_sample(_p->sink, static_cast<GstClockTime>(timeoutMs) * GST_MSECOND);
    if (!sample) {
        std::string why = busError(_p->pipeline);
        if (why.empty() && gst_app_sink_is_eos(_p->sink))
            why = "the video stream ended";
        if (!why.empty()) {
            close();
            throw std::runtime_error("The camera stopped: " + why + ".");
        }
        return false;
    }
    GstVideoInfo info;
    GstBuffer* buffer = gst_sample_get_buffer(sample);
    GstMapInfo map;
    bool ok = false;
    if (gst_video_info_from_caps(&info, gst_sample_get_caps(sample)) && buffer &&
        gst_buffer_map(buffer, &map, GST_MAP_READ)) {
        const int w = GST_VIDEO_INFO_WIDTH(&info), h = GST_VIDEO_INFO_HEIGHT(&info);
        const int stride = GST_VIDEO_INFO_PLANE_STRIDE(&info, 0);
        const std::size_t offset = GST_VIDEO_INFO_PLANE_OFFSET(&info, 0);
        if (w > 0 && h > 0 && stride >= w && offset + static_cast<std::size_t>(stride) * (h - 1) + w <= map.size) {
            frame.width = w;
            frame.height = h;
            frame.pixels.resize(static_cast<std::size_t>(w) * h);
            for (int y = 0; y < h; ++y)
                std::memcpy(frame.pixels.data() + static_cast<std::size_t>(y) * w,
                            map.data + offset + static_cast<std::size_t>(y) * stride, static_cast<std::size_t>(w));
            ok = true;
        }
        gst_buffer_unmap(buffer, &map);
    }
    gst_sample_unref(sample);
    return ok;
}

} // namespace portside::devices
