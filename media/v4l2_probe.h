// What a V4L2 device answers about itself: QUERYCAP, inputs, formats with their frame sizes and
// intervals, the control inventory and the buffer timestamp flags. Read live from /dev/videoN, or
// replayed from a probe file (probe_file.h) so the same checks run offline.
#pragma once
#include <linux/videodev2.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace media {

enum class V4l2RangeType { discrete, stepwise, continuous };

struct V4l2Fraction {
    std::uint32_t numerator = 0, denominator = 0;  // seconds per frame, as V4L2 reports intervals
    double fps() const { return numerator ? static_cast<double>(denominator) / numerator : 0; }
};

struct V4l2Intervals {
    V4l2RangeType type = V4l2RangeType::discrete;
    std::vector<V4l2Fraction> discrete;  // type discrete
    V4l2Fraction min, max, step;         // stepwise / continuous
};

struct V4l2FrameSize {
    V4l2RangeType type = V4l2RangeType::discrete;
    std::uint32_t width = 0, height = 0;  // the size (discrete) or the smallest (ranges)
    std::uint32_t max_width = 0, max_height = 0, step_width = 0, step_height = 0;  // ranges only
    V4l2Intervals intervals;  // for discrete sizes: the intervals at that size
};

struct V4l2Format {
    std::string fourcc;       // e.g. "YUYV", "MJPG"
    std::string description;  // driver text, e.g. "YUYV 4:2:2"
    std::uint32_t flags = 0;  // V4L2_FMT_FLAG_*
    std::vector<V4l2FrameSize> sizes;
};

struct V4l2Control {
    std::uint32_t id = 0;     // V4L2_CID_*
    std::string name;         // driver text, e.g. "Exposure Time, Absolute" or "keep_format"
    std::string type;         // integer, boolean, menu, integer_menu, button, integer64, string, bitmask, other
    std::int64_t minimum = 0, maximum = 0, step = 0, default_value = 0;
    std::uint32_t flags = 0;  // V4L2_CTRL_FLAG_*
};

struct V4l2Input {
    std::string name;
    std::string type;  // camera, tuner, touch, other
};

struct V4l2Probe {
    std::string device;  // /dev/videoN as probed
    std::string driver, card, bus_info, version;
    std::uint32_t capabilities = 0, device_caps = 0;
    std::vector<V4l2Input> inputs;
    std::vector<V4l2Format> formats;
    std::vector<V4l2Control> controls;
    // V4L2_BUF_FLAG_TIMESTAMP_* | V4L2_BUF_FLAG_TSTAMP_SRC_* of a queued buffer; nullopt when the
    // device could not allocate buffers (busy, output-only, or recorded without them).
    std::optional<std::uint32_t> timestamp_flags;

    // The node's own capabilities (device_caps when the driver reports them).
    std::uint32_t node_caps() const { return capabilities & V4L2_CAP_DEVICE_CAPS ? device_caps : capabilities; }
    bool has(std::uint32_t capability) const { return (node_caps() & capability) != 0; }
    const V4l2Control* control(std::uint32_t id) const;
    const V4l2Control* control_named(std::string_view name) const;
};

std::string_view to_string(V4l2RangeType type);

// Asks the device at `device` (e.g. /dev/video0). Opening is non-blocking and nothing is streamed.
kiosk::Result<V4l2Probe> probe_device(const std::string& device);

}  // namespace media
