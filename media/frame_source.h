// Frames in, from FFmpeg: V4L2 cameras, files, network streams and screen regions.
//
// Contract (implemented by the media issue):
//   auto source = media::open_source("clip.mp4" | "/dev/video0" | "rtsp://…" | "screen:X,Y,WxH" , options);
//   while (auto frame = source->next()) { if (!*frame) break; /* end of stream */ use(**frame); }
// next() returns an Error for a broken stream (one clear line), an empty optional at a clean end.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "core/result.h"
#include "media/frame.h"

namespace media {

struct SourceOptions {
    int threads = 1;                 // decoder threads
    double timeout_seconds = 5;      // network sources give up instead of hanging
    int width = 0, height = 0;       // requested capture size (0 = device default)
    double fps = 0;                  // requested capture rate (0 = device default)
};

struct SourceStats {
    std::int64_t frames = 0;
    std::int64_t dropped = 0;     // gaps in the stream's own timestamps / not taken by the analyser
    std::int64_t duplicated = 0;  // frames repeated by the source
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
