#include "media/v4l2_probe.h"

namespace media {

std::string_view to_string(V4l2RangeType type) {
    switch (type) {
        case V4l2RangeType::discrete: return "discrete";
        case V4l2RangeType::stepwise: return "stepwise";
        case V4l2RangeType::continuous: return "continuous";
    }
    return "discrete";
}

const V4l2Control* V4l2Probe::control(std::uint32_t id) const {
    for (const auto& entry : controls)
        if (entry.id == id) return &entry;
    return nullptr;
}

const V4l2Control* V4l2Probe::control_named(std::string_view name) const {
    for (const auto& entry : controls)
        if (entry.name == name) return &entry;
    return nullptr;
}

}  // namespace media
