// The camera verdict: physical, virtual, capture or unknown, with the findings that decided it.
// A camera is `physical` only on positive evidence of a real sensor (vcam.md): a UVC video interface
// on USB, start-of-exposure timestamps or a UVC metadata node, and sensor controls. Names corroborate;
// they never decide.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/finding.h"
#include "host/camera_evidence.h"

namespace kiosk::host {

struct CameraReport {
    std::string device;
    std::string name;
    std::string verdict;  // physical, virtual, capture, unknown
    std::string explanation;
    std::vector<std::string> sensor_evidence;  // what speaks for a physical sensor
    bool sensor_proven = false;                // enough of it: UVC interface, hardware timing, sensor controls
    std::vector<Finding> findings;             // worst first
    nlohmann::json signals = nlohmann::json::object();  // stream signals, when the stream was sampled
};

CameraReport judge_camera(const CameraEvidence& evidence);

// Re-decides the verdict after stream or challenge findings were added to `report`.
void settle_verdict(CameraReport& report);

nlohmann::json to_json(const CameraReport& report);

}  // namespace kiosk::host
