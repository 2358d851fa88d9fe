// The live side of the probe: ioctls on /dev/videoN.
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "media/v4l2_probe.h"

namespace media {
namespace {

constexpr int max_entries = 512;  // guards every enumeration against a driver that never says "no more"

int xioctl(int fd, unsigned long request, void* argument) {
    int result;
    do result = ioctl(fd, request, argument);
    while (result == -1 && errno == EINTR);
    return result;
}

template <std::size_t N>
std::string text_of(const __u8 (&field)[N]) {
    return std::string(reinterpret_cast<const char*>(field), strnlen(reinterpret_cast<const char*>(field), N));
}
template <std::size_t N>
std::string text_of(const char (&field)[N]) {
    return std::string(field, strnlen(field, N));
}

std::string fourcc_text(std::uint32_t code) {
    std::string text;
    for (int shift = 0; shift < 32; shift += 8) {
        char c = static_cast<char>((code >> shift) & 0xff);
        text += c >= 32 && c < 127 ? c : '?';
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text;
}

V4l2Intervals enumerate_intervals(int fd, std::uint32_t pixel_format, std::uint32_t width, std::uint32_t height) {
    V4l2Intervals intervals;
    for (std::uint32_t index = 0; index < max_entries; ++index) {
        v4l2_frmivalenum entry{};
        entry.index = index;
        entry.pixel_format = pixel_format;
        entry.width = width;
        entry.height = height;
        if (xioctl(fd, VIDIOC_ENUM_FRAMEINTERVALS, &entry) != 0) break;
        if (entry.type == V4L2_FRMIVAL_TYPE_DISCRETE) {
            intervals.discrete.push_back({entry.discrete.numerator, entry.discrete.denominator});
            continue;
        }
        intervals.type = entry.type == V4L2_FRMIVAL_TYPE_CONTINUOUS ? V4l2RangeType::continuous : V4l2RangeType::stepwise;
        intervals.min = {entry.stepwise.min.numerator, entry.stepwise.min.denominator};
        intervals.max = {entry.stepwise.max.numerator, entry.stepwise.max.denominator};
        intervals.step = {entry.stepwise.step.numerator, entry.stepwise.step.denominator};
        break;
    }
    return intervals;
}

std::vector<V4l2FrameSize> enumerate_sizes(int fd, std::uint32_t pixel_format) {
    std::vector<V4l2FrameSize> sizes;
    for (std::uint32_t index = 0; index < max_entries; ++index) {
        v4l2_frmsizeenum entry{};
        entry.index = index;
        entry.pixel_format = pixel_format;
        if (xioctl(fd, VIDIOC_ENUM_FRAMESIZES, &entry) != 0) break;
        V4l2FrameSize size;
        if (entry.type == V4L2_FRMSIZE_TYPE_DISCRETE) {
            size.width = entry.discrete.width;
            size.height = entry.discrete.height;
            size.intervals = enumerate_intervals(fd, pixel_format, size.width, size.height);
            sizes.push_back(size);
            continue;
        }
        size.type = entry.type == V4L2_FRMSIZE_TYPE_CONTINUOUS ? V4l2RangeType::continuous : V4l2RangeType::stepwise;
        size.width = entry.stepwise.min_width;
        size.height = entry.stepwise.min_height;
        size.max_width = entry.stepwise.max_width;
        size.max_height = entry.stepwise.max_height;
        size.step_width = entry.stepwise.step_width;
        size.step_height = entry.stepwise.step_height;
        size.intervals = enumerate_intervals(fd, pixel_format, size.max_width, size.max_height);
        sizes.push_back(size);
        break;
    }
    return sizes;
}

std::string control_type(std::uint32_t type) {
    switch (type) {
        case V4L2_CTRL_TYPE_INTEGER: return "integer";
        case V4L2_CTRL_TYPE_BOOLEAN: return "boolean";
        case V4L2_CTRL_TYPE_MENU: return "menu";
        case V4L2_CTRL_TYPE_INTEGER_MENU: return "integer_menu";
        case V4L2_CTRL_TYPE_BUTTON: return "button";
        case V4L2_CTRL_TYPE_INTEGER64: return "integer64";
        case V4L2_CTRL_TYPE_STRING: return "string";
        case V4L2_CTRL_TYPE_BITMASK: return "bitmask";
        case V4L2_CTRL_TYPE_CTRL_CLASS: return "class";
        default: return "other";
    }
}

std::vector<V4l2Control> enumerate_controls(int fd) {
    std::vector<V4l2Control> controls;
    v4l2_query_ext_ctrl query{};
    query.id = V4L2_CTRL_FLAG_NEXT_CTRL | V4L2_CTRL_FLAG_NEXT_COMPOUND;
    for (int count = 0; count < max_entries && xioctl(fd, VIDIOC_QUERY_EXT_CTRL, &query) == 0; ++count) {
        if (query.type != V4L2_CTRL_TYPE_CTRL_CLASS && !(query.flags & V4L2_CTRL_FLAG_DISABLED)) {
            controls.push_back({.id = query.id,
                                .name = text_of(query.name),
                                .type = control_type(query.type),
                                .minimum = query.minimum,
                                .maximum = query.maximum,
                                .step = static_cast<std::int64_t>(query.step),
                                .default_value = query.default_value,
                                .flags = query.flags});
        }
        query.id |= V4L2_CTRL_FLAG_NEXT_CTRL | V4L2_CTRL_FLAG_NEXT_COMPOUND;
    }
    return controls;
}

std::vector<V4l2Input> enumerate_inputs(int fd) {
    std::vector<V4l2Input> inputs;
    for (std::uint32_t index = 0; index < 64; ++index) {
        v4l2_input input{};
        input.index = index;
        if (xioctl(fd, VIDIOC_ENUMINPUT, &input) != 0) break;
        std::string type = input.type == V4L2_INPUT_TYPE_CAMERA ? "camera"
                           : input.type == V4L2_INPUT_TYPE_TUNER ? "tuner"
                           : input.type == V4L2_INPUT_TYPE_TOUCH ? "touch"
                                                                 : "other";
        inputs.push_back({text_of(input.name), type});
    }
    return inputs;
}

// Allocates one MMAP buffer to read how the driver stamps buffers, then frees it. Nothing streams.
std::optional<std::uint32_t> buffer_timestamp_flags(int fd, std::uint32_t buffer_type) {
    v4l2_requestbuffers request{};
    request.count = 1;
    request.type = buffer_type;
    request.memory = V4L2_MEMORY_MMAP;
    if (xioctl(fd, VIDIOC_REQBUFS, &request) != 0 || request.count == 0) return std::nullopt;
    v4l2_buffer buffer{};
    buffer.index = 0;
    buffer.type = buffer_type;
    buffer.memory = V4L2_MEMORY_MMAP;
    std::optional<std::uint32_t> flags;
    if (xioctl(fd, VIDIOC_QUERYBUF, &buffer) == 0)
        flags = buffer.flags & (V4L2_BUF_FLAG_TIMESTAMP_MASK | V4L2_BUF_FLAG_TSTAMP_SRC_MASK);
    request.count = 0;
    xioctl(fd, VIDIOC_REQBUFS, &request);
    return flags;
}

class Descriptor {
public:
    explicit Descriptor(int fd) : fd_(fd) {}
    ~Descriptor() {
        if (fd_ >= 0) close(fd_);
    }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

}  // namespace

kiosk::Result<V4l2Probe> probe_device(const std::string& device) {
    Descriptor fd(open(device.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC));
    if (fd.get() < 0) return kiosk::fail("cannot open " + device + ": " + std::strerror(errno));
    v4l2_capability capability{};
    if (xioctl(fd.get(), VIDIOC_QUERYCAP, &capability) != 0)
        return kiosk::fail(device + " is not a V4L2 device (" + std::strerror(errno) + ")");
    V4l2Probe probe;
    probe.device = device;
    probe.driver = text_of(capability.driver);
    probe.card = text_of(capability.card);
    probe.bus_info = text_of(capability.bus_info);
    probe.version = std::to_string((capability.version >> 16) & 0xff) + "." +
                    std::to_string((capability.version >> 8) & 0xff) + "." + std::to_string(capability.version & 0xff);
    probe.capabilities = capability.capabilities;
    probe.device_caps = capability.device_caps;
    probe.inputs = enumerate_inputs(fd.get());

    std::uint32_t buffer_type = probe.has(V4L2_CAP_VIDEO_CAPTURE) ? V4L2_BUF_TYPE_VIDEO_CAPTURE
                                : probe.has(V4L2_CAP_META_CAPTURE) ? V4L2_BUF_TYPE_META_CAPTURE
                                : probe.has(V4L2_CAP_VIDEO_OUTPUT) ? V4L2_BUF_TYPE_VIDEO_OUTPUT
                                                                   : V4L2_BUF_TYPE_VIDEO_CAPTURE;
    for (std::uint32_t index = 0; index < max_entries; ++index) {
        v4l2_fmtdesc description{};
        description.index = index;
        description.type = buffer_type;
        if (xioctl(fd.get(), VIDIOC_ENUM_FMT, &description) != 0) break;
        probe.formats.push_back({.fourcc = fourcc_text(description.pixelformat),
                                 .description = text_of(description.description),
                                 .flags = description.flags,
                                 .sizes = enumerate_sizes(fd.get(), description.pixelformat)});
    }
    probe.controls = enumerate_controls(fd.get());
    probe.timestamp_flags = buffer_timestamp_flags(fd.get(), buffer_type);
    return probe;
}

}  // namespace media
