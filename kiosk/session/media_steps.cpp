#include "host/camera_evidence.h"
#include "host/camera_identities.h"
#include "host/camera_judge.h"
#include "media/source_spec.h"
#include "session/step_runners.h"

namespace kiosk::session {

StepOutcome check_source(const std::string& source) {
    auto spec = media::parse_source_spec(source);
    if (!spec) return skipped(step_id::source_authenticity, "the source is not usable: " + spec.error().message);
    StepOutcome outcome;
    outcome.step = step_id::source_authenticity;
    outcome.status = StepStatus::ran;
    const std::string kind(media::to_string(spec->kind));
    outcome.checks.push_back({"source.kind", "media", kind, std::nullopt, "file|camera|network|screen", std::nullopt});
    outcome.checks.push_back({"source.live", "media", media::is_live(spec->kind), std::nullopt, "bool", std::nullopt});
    outcome.reason = "the source is a " + kind + (media::is_live(spec->kind) ? " (live)" : " (a recording, not live)");
    // A name is a hint only: it corroborates what the camera and stream checks measure.
    if (auto product = host::virtual_camera_product(source)) {
        Finding finding{"source.virtual_camera_name", "virtual_camera", Severity::low,
                        "The source's name points to virtual-camera software (" + *product + ")", source,
                        {{"product", *product}}};
        outcome.checks.back().finding = finding;
        outcome.findings.push_back(finding);
    }
    return outcome;
}

StepOutcome check_camera(const std::optional<std::string>& source, const std::optional<std::string>& root) {
    host::CameraQuery query;
    query.root = root.value_or("/");
    if (source) {
        auto spec = media::parse_source_spec(*source);
        if (!spec) return skipped(step_id::camera_authenticity, "the source is not usable: " + spec.error().message);
        if (spec->kind != media::SourceKind::camera)
            return skipped(step_id::camera_authenticity, "the source is a " + std::string(media::to_string(spec->kind)) +
                                                      ", not a camera on this machine");
        query.device = spec->url;
    }
    Result<std::vector<host::CameraEvidence>> cameras = fail("not run");
    try {
        cameras = host::gather_cameras(query);
    } catch (const std::exception& error) {
        return skipped(step_id::camera_authenticity, std::string("camera probe failed: ") + error.what());
    }
    if (!cameras) return skipped(step_id::camera_authenticity, "camera probe failed: " + cameras.error().message);
    if (cameras->empty()) return skipped(step_id::camera_authenticity, "no camera on this machine");
    StepOutcome outcome;
    outcome.step = step_id::camera_authenticity;
    outcome.status = StepStatus::ran;
    for (const auto& evidence : *cameras) {
        auto report = host::judge_camera(evidence);
        outcome.checks.push_back({"camera.verdict", "host.camera_judge", host::to_string(report.verdict), std::nullopt,
                                  "physical|virtual|capture|unknown", std::nullopt});
        outcome.checks.push_back({"camera.sensor_proven", "host.camera_judge", report.sensor_proven, std::nullopt, "bool",
                                  std::nullopt});
        for (const auto& finding : report.findings) {
            outcome.checks.push_back({finding.rule, "host.camera_judge", report.device, std::nullopt, "device", finding});
            outcome.findings.push_back(finding);
        }
        if (!outcome.reason.empty()) outcome.reason += "; ";
        outcome.reason += report.device + " is " + std::string(host::to_string(report.verdict));
        if (report.verdict != host::CameraVerdict::physical && report.findings.empty())
            outcome.findings.push_back({"camera.not_proven", "virtual_camera", Severity::medium,
                                        "The camera could not be shown to be a physical sensor", report.device,
                                        {{"verdict", host::to_string(report.verdict)}, {"explanation", report.explanation}}});
    }
    return outcome;
}

}  // namespace kiosk::session
