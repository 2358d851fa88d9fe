#include "host/input_detectors.h"

namespace kiosk::host {

std::vector<Finding> detect_input_behaviour(const InputStream& stream) {
    using Detector = std::vector<Finding> (*)(const InputStream&);
    constexpr Detector detectors[] = {detect_teleports, detect_jigglers, detect_new_device_input};
    std::vector<Finding> findings;
    for (auto detector : detectors) {
        auto found = detector(stream);
        findings.insert(findings.end(), found.begin(), found.end());
    }
    return findings;
}

std::string input_subject_name(const InputDevice& device) {
    return "input " + device.id + (device.name.empty() ? "" : " (" + device.name + ")");
}

}  // namespace kiosk::host
