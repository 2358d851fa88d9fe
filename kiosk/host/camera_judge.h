// The camera verdict: physical, virtual, capture or unknown, with the findings that decided it.
// A camera is `physical` only on positive evidence of a real sensor (vcam.md): a UVC video interface
// on USB, start-of-exposure timestamps or a UVC metadata node, and sensor controls. Names corroborate;
// they never decide. The signatures are rules on `camera_probe` subjects (config/rules/cameras.toml).
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/finding.h"
#include "host/camera_evidence.h"
#include "host/rules.h"
#include "host/subject.h"

namespace kiosk::host {

enum class CameraVerdict { physical, virtual_camera, capture, unknown };

// "physical", "virtual", "capture", "unknown": the one string of each, for JSON and people.
std::string_view to_string(CameraVerdict verdict);

struct CameraReport {
    std::string device;
    std::string name;
    CameraVerdict verdict = CameraVerdict::unknown;
    std::string explanation;
    std::vector<std::string> sensor_evidence;  // what speaks for a physical sensor
    bool sensor_proven = false;                // enough of it: UVC interface, hardware timing, sensor controls
    std::vector<Finding> findings;             // worst first
    nlohmann::json signals = nlohmann::json::object();  // stream signals, when the stream was sampled
};

// The camera_probe subject of one video node: the facts cameras.toml judges (listed in facts.h's table
// in camera_judge.cpp and in config/rules/README.md).
Subject camera_probe_subject(const CameraEvidence& evidence);

// Judged with the embedded rules, or with `rules` (e.g. with a site's scan.rules_dir).
CameraReport judge_camera(const CameraEvidence& evidence);
CameraReport judge_camera(const CameraEvidence& evidence, const RuleSet& rules);

// Re-decides the verdict after stream or challenge findings were added to `report`.
void settle_verdict(CameraReport& report);

nlohmann::json to_json(const CameraReport& report);

}  // namespace kiosk::host
