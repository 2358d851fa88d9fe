// What a source string names: a file, a V4L2 camera, a network stream or a screen region, and how
// FFmpeg opens it. Parsing is separate from opening so bad specs fail before any I/O; resolving adds
// the checks on a file that need a stat but never an open.
#pragma once
#include <string>

#include "core/result.h"

namespace media {

enum class SourceKind { file, camera, network, screen };

struct SourceSpec {
    SourceKind kind = SourceKind::file;
    std::string text;          // as the user gave it
    std::string url;           // what avformat_open_input receives
    std::string input_format;  // FFmpeg demuxer/device name ("" = probe the content)
    int x = 0, y = 0, width = 0, height = 0;  // screen region
};

bool is_live(SourceKind kind);
std::string_view to_string(SourceKind kind);

// Accepts: a path (or file://path), /dev/videoN (or v4l2:/dev/videoN), rtsp/rtsps/rtmp/http/https/srt/udp/rtp/tcp
// URLs, and screen:X,Y,WxH[@DISPLAY] (DISPLAY defaults to $DISPLAY, then ":0").
kiosk::Result<SourceSpec> parse_source_spec(const std::string& text);

// parse_source_spec, and for a file: it exists and is a non-empty regular file. A FIFO, socket or
// device given as a file is refused: open(2) on a FIFO blocks until a writer comes and reads block
// inside read(2), where no timeout can reach them (a V4L2 camera is named v4l2:PATH instead).
kiosk::Result<SourceSpec> resolve_source(const std::string& text);

}  // namespace media
