// Frames in, from FFmpeg: V4L2 cameras, files, network streams and screen regions.
//
//   auto source = media::open_source("clip.mp4" | "/dev/video0" | "rtsp://…" | "screen:X,Y,WxH[@:0]", options);
//   while (true) {
//       auto frame = source.value()->next();
//       if (!frame) { report(frame.error()); break; }   // broken stream: one clear line
//       if (!*frame) break;                              // clean end of a file
//       use(**frame);
//   }
// next() returns an Error for a broken stream (one clear line), an empty optional at a clean end.
// Live sources (cameras, network, screen) reconnect with back-off after they are lost and only fail
// once reconnecting has been given up. No open or read of any source waits longer than
// timeout_seconds. Frames must be 16 to 8192 px a side, the long side at most 8 times the short one:
// a source whose frames are not is refused with one line saying so.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "core/result.h"
#include "media/frame.h"

namespace media {

struct SourceOptions {
    int threads = 1;                 // decoder threads
    double timeout_seconds = 5;      // every open and read gives up after this instead of hanging
    int width = 0, height = 0;       // requested capture size (0 = device default)
    double fps = 0;                  // requested capture rate (0 = device default)
    std::string pixel_format;        // requested V4L2 input format, e.g. "yuyv422", "mjpeg" ("" = device default)
    bool reconnect = true;           // live sources: reopen after an unplug or a dropped connection
    double reconnect_give_up_seconds = 30;  // how long a lost live source keeps retrying
};

struct SourceStats {
    std::int64_t frames = 0;
    std::int64_t dropped = 0;     // gaps in the stream's own timestamps / not taken by the analyser
    std::int64_t duplicated = 0;  // frames repeated by the source (same timestamp as the previous frame)
    std::int64_t reconnects = 0;  // successful reopenings of a lost live source
    std::int64_t corrupt_packets = 0;  // packets the decoder rejected and that were skipped
};

class FrameSource {
public:
    virtual ~FrameSource() = default;
    virtual kiosk::Result<std::optional<Frame>> next() = 0;
    virtual std::string describe() const = 0;   // e.g. "file clip.mp4 (h264 1280x720 30 fps)"
    virtual double nominal_fps() const = 0;     // 0 when unknown
    virtual SourceStats stats() const = 0;
};

kiosk::Result<std::unique_ptr<FrameSource>> open_source(const std::string& spec, const SourceOptions& options = {});

}  // namespace media
