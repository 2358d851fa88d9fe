#include "host/camera_judge.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "host/camera_identities.h"
#include "host/facts.h"

namespace kiosk::host {
namespace {

// The facts of a camera_probe subject: one video node as `kiosk camera` sees it. The signatures that
// judge them are config/rules/cameras.toml; what stays here is what no rule can say (which findings a
// relay makes moot, and whether a sensor is proven).
constexpr FactSpec probe_facts[] = {
    {"probe.device", FactType::text, "`/dev/video0`"},
    {"probe.driver", FactType::text, "VIDIOC_QUERYCAP driver: `uvcvideo`, `v4l2 loopback`, `akvcam`, `vivid`"},
    {"probe.card", FactType::text, "VIDIOC_QUERYCAP card label (user-chosen for virtual cameras)"},
    {"probe.bus_info", FactType::text, "VIDIOC_QUERYCAP bus_info: `usb-0000:00:14.0-4`, `platform:v4l2loopback-010`"},
    {"probe.device_caps", FactType::text, "the node's capabilities, `0x04200001`"},
    {"probe.video_capture", FactType::boolean, "V4L2_CAP_VIDEO_CAPTURE"},
    {"probe.video_output", FactType::boolean, "V4L2_CAP_VIDEO_OUTPUT: frames can be written to it"},
    {"probe.read_write", FactType::boolean, "V4L2_CAP_READWRITE: read()/write() I/O"},
    {"probe.loopback_sysfs", FactType::boolean, "v4l2loopback's own sysfs attributes (`format`, `buffers`, `max_openers`)"},
    {"probe.loopback_controls", FactType::texts,
     "v4l2loopback's private controls present (keep_format, sustain_framerate, timeout, timeout_image_io); absent "
     "when none"},
    {"probe.parent", FactType::text, "what sysfs puts behind the node: usb_interface, pci, platform, other, none"},
    {"probe.sysfs_name", FactType::text, "sysfs `name`"},
    {"probe.names", FactType::texts, "card label, sysfs name and USB product, those not empty"},
    {"probe.named_like", FactType::text,
     "the virtual-camera product one of `probe.names` is named like (`OBS Studio`; camera_identities.cpp)"},
    {"probe.formats", FactType::integer, "pixel formats offered"},
    {"probe.ranged_sizes", FactType::boolean, "some format takes stepwise or continuous frame sizes"},
    {"probe.single_mode", FactType::text, "`YUYV 1280x720@30`, only when it offers exactly one mode"},
    {"probe.single_mode_size", FactType::text, "`1280x720`, only when it offers exactly one mode"},
    {"probe.single_mode_fps", FactType::integer, "that mode's frame rate, rounded"},
    {"probe.controls", FactType::integer, "controls offered"},
    {"probe.sensor_controls", FactType::boolean, "an exposure, gain, white-balance or focus control"},
    {"probe.image_controls", FactType::boolean, "a brightness, contrast, saturation or hue control"},
    {"probe.timestamps", FactType::text,
     "buffer timestamps: copied (from the writer), start_of_exposure, end_of_frame; absent when unknown"},
    {"probe.timestamp_flags", FactType::text, "the buffer's timestamp flags, `0x00002000`"},
    {"probe.metadata_sibling", FactType::boolean, "a UVC metadata node hangs off the same USB interface"},
    {"probe.usb_vid_pid", FactType::text, "`534d:2109`, when it hangs off a USB interface"},
    {"probe.usb_manufacturer", FactType::text, "that USB device's manufacturer string"},
    {"probe.usb_product", FactType::text, "that USB device's product string"},
    {"probe.interface_class", FactType::text, "that USB interface's class, `0e` for video"},
    {"probe.isp", FactType::text, "a MIPI camera ISP on the machine, `Intel IPU6 (Raptor Lake) 8086:a75d`"},
};

// v4l2loopback's private controls (V4L2_CID_USER_BASE | 0xf000 + 0..3) and their names.
constexpr std::uint32_t loopback_control_base = V4L2_CID_USER_BASE | 0xf000;
constexpr std::string_view loopback_control_names[] = {"keep_format", "sustain_framerate", "timeout",
                                                       "timeout_image_io"};

std::string hex(std::uint32_t value) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%08x", value);
    return text;
}

bool has_any_control(const media::V4l2Probe& probe, std::initializer_list<std::uint32_t> ids) {
    return std::any_of(ids.begin(), ids.end(), [&](std::uint32_t id) { return probe.control(id) != nullptr; });
}

bool sensor_controls(const media::V4l2Probe& probe) {
    return has_any_control(probe, {V4L2_CID_EXPOSURE_ABSOLUTE, V4L2_CID_EXPOSURE_AUTO, V4L2_CID_EXPOSURE,
                                   V4L2_CID_GAIN, V4L2_CID_AUTOGAIN, V4L2_CID_WHITE_BALANCE_TEMPERATURE,
                                   V4L2_CID_AUTO_WHITE_BALANCE, V4L2_CID_FOCUS_ABSOLUTE, V4L2_CID_FOCUS_AUTO});
}

bool image_controls(const media::V4l2Probe& probe) {
    return has_any_control(probe, {V4L2_CID_BRIGHTNESS, V4L2_CID_CONTRAST, V4L2_CID_SATURATION, V4L2_CID_HUE});
}

std::vector<std::string> loopback_controls(const media::V4l2Probe& probe) {
    std::vector<std::string> found;
    for (const auto& control : probe.controls) {
        bool by_id = control.id >= loopback_control_base && control.id < loopback_control_base + 4;
        bool by_name = std::find(std::begin(loopback_control_names), std::end(loopback_control_names), control.name) !=
                       std::end(loopback_control_names);
        if (by_id || by_name) found.push_back(control.name);
    }
    return found;
}

struct Modes {
    std::size_t formats = 0;
    bool ranged_sizes = false;  // stepwise or continuous frame sizes
    bool single_mode = false;   // one format, one discrete size, one discrete interval
    std::uint32_t width = 0, height = 0;
    double fps = 0;
};

Modes modes_of(const media::V4l2Probe& probe) {
    Modes modes;
    modes.formats = probe.formats.size();
    for (const auto& format : probe.formats)
        for (const auto& size : format.sizes)
            if (size.type != media::V4l2RangeType::discrete) modes.ranged_sizes = true;
    if (probe.formats.size() == 1 && probe.formats[0].sizes.size() == 1) {
        const auto& size = probe.formats[0].sizes[0];
        if (size.type == media::V4l2RangeType::discrete && size.intervals.type == media::V4l2RangeType::discrete &&
            size.intervals.discrete.size() == 1) {
            modes.single_mode = true;
            modes.width = size.width;
            modes.height = size.height;
            modes.fps = size.intervals.discrete[0].fps();
        }
    }
    return modes;
}

std::string timestamp_source(std::uint32_t flags) {
    if ((flags & V4L2_BUF_FLAG_TIMESTAMP_MASK) == V4L2_BUF_FLAG_TIMESTAMP_COPY) return "copied";
    if ((flags & V4L2_BUF_FLAG_TSTAMP_SRC_MASK) == V4L2_BUF_FLAG_TSTAMP_SRC_SOE) return "start_of_exposure";
    return "end_of_frame";
}

std::string display_name(const CameraEvidence& e) { return !e.probe.card.empty() ? e.probe.card : e.node.name; }

const RuleSet& embedded_rules() {
    static const RuleSet rules = [] {
        auto loaded = RuleSet::load();
        return loaded ? std::move(*loaded) : RuleSet{};  // the embedded rules load: tests/host prove it
    }();
    return rules;
}

bool relayed(const CameraReport& report) {
    return std::any_of(report.findings.begin(), report.findings.end(),
                       [](const Finding& f) { return f.rule == "camera.ipu_relay"; });
}

}  // namespace

const SubjectSpec& camera_probe_subject_spec() {
    static constexpr SubjectSpec spec{"camera_probe",
                                      "each video node `kiosk camera` judges: what the device answered (live, or "
                                      "`DIR/dev/videoN.probe.json` under `--root`) and where sysfs puts it",
                                      probe_facts};
    return spec;
}

Subject camera_probe_subject(const CameraEvidence& e) {
    const auto& probe = e.probe;
    Subject subject{"camera_probe", e.device + " (" + display_name(e) + ")", {}};
    auto& f = subject.facts;
    f["probe.device"] = e.device;
    f["probe.driver"] = probe.driver;
    f["probe.card"] = probe.card;
    f["probe.bus_info"] = probe.bus_info;
    f["probe.device_caps"] = hex(probe.node_caps());
    f["probe.video_capture"] = probe.has(V4L2_CAP_VIDEO_CAPTURE);
    f["probe.video_output"] = probe.has(V4L2_CAP_VIDEO_OUTPUT);
    f["probe.read_write"] = probe.has(V4L2_CAP_READWRITE);
    f["probe.loopback_sysfs"] = e.node.loopback_attributes;
    if (auto controls = loopback_controls(probe); !controls.empty()) f["probe.loopback_controls"] = controls;
    f["probe.parent"] = std::string(media::to_string(e.node.parent));
    f["probe.sysfs_name"] = e.node.name;
    std::vector<std::string> names;
    for (const auto& name : {probe.card, e.node.name, e.node.product})
        if (!name.empty()) names.push_back(name);
    for (const auto& name : names)
        if (auto product = virtual_camera_product(name)) {
            f["probe.named_like"] = *product;
            break;
        }
    f["probe.names"] = std::move(names);
    const auto modes = modes_of(probe);
    f["probe.formats"] = static_cast<std::int64_t>(modes.formats);
    f["probe.ranged_sizes"] = modes.ranged_sizes;
    if (modes.single_mode) {
        char mode[64], size[32];
        std::snprintf(mode, sizeof mode, "%s %ux%u@%.4g", probe.formats[0].fourcc.c_str(), modes.width, modes.height,
                      modes.fps);
        std::snprintf(size, sizeof size, "%ux%u", modes.width, modes.height);
        f["probe.single_mode"] = std::string(mode);
        f["probe.single_mode_size"] = std::string(size);
        f["probe.single_mode_fps"] = static_cast<std::int64_t>(std::lround(modes.fps));
    }
    f["probe.controls"] = static_cast<std::int64_t>(probe.controls.size());
    f["probe.sensor_controls"] = sensor_controls(probe);
    f["probe.image_controls"] = image_controls(probe);
    if (probe.timestamp_flags) {
        f["probe.timestamps"] = timestamp_source(*probe.timestamp_flags);
        f["probe.timestamp_flags"] = hex(*probe.timestamp_flags);
    }
    f["probe.metadata_sibling"] = e.metadata_sibling;
    if (e.node.parent == media::ParentKind::usb_interface) {
        f["probe.usb_vid_pid"] = e.node.vendor_id + ":" + e.node.product_id;
        if (!e.node.manufacturer.empty()) f["probe.usb_manufacturer"] = e.node.manufacturer;
        if (!e.node.product.empty()) f["probe.usb_product"] = e.node.product;
        f["probe.interface_class"] = e.node.interface_class;
    }
    if (e.camera_isp) f["probe.isp"] = *e.camera_isp;
    return subject;
}

CameraReport judge_camera(const CameraEvidence& evidence) { return judge_camera(evidence, embedded_rules()); }

CameraReport judge_camera(const CameraEvidence& e, const RuleSet& rules) {
    const auto& probe = e.probe;
    CameraReport report;
    report.device = e.device;
    report.name = display_name(e);
    const std::vector<Subject> subjects{camera_probe_subject(e)};
    report.findings = rules.judge(subjects);

    // A laptop's MIPI camera relayed through v4l2loopback (camera.ipu_relay): the loopback is then
    // expected and proves nothing either way, so what marks the camera virtual drops to info.
    if (relayed(report))
        for (auto& finding : report.findings)
            if (finding.category == "virtual_camera" && finding.rule != "camera.ipu_relay")
                finding.severity = Severity::info;

    // What speaks for a physical sensor, and whether it is enough.
    const bool soe = probe.timestamp_flags && timestamp_source(*probe.timestamp_flags) == "start_of_exposure";
    if (soe) report.sensor_evidence.push_back("buffers stamped at start of exposure (" + hex(*probe.timestamp_flags) + ")");
    const bool uvc = probe.driver == "uvcvideo" && probe.bus_info.starts_with("usb-");
    const bool video_interface = e.node.parent == media::ParentKind::usb_interface && e.node.interface_class == "0e";
    if (uvc) report.sensor_evidence.push_back("uvcvideo driver on " + probe.bus_info);
    if (video_interface)
        report.sensor_evidence.push_back("USB video-class interface (" + e.node.vendor_id + ":" + e.node.product_id + ")");
    if (e.metadata_sibling) report.sensor_evidence.push_back("UVC metadata node with device clock");
    if (sensor_controls(probe)) report.sensor_evidence.push_back("exposure/gain/white-balance/focus controls");
    const bool capture = std::any_of(report.findings.begin(), report.findings.end(),
                                     [](const Finding& f) { return f.category == "capture"; });
    report.sensor_proven = uvc && video_interface && (soe || e.metadata_sibling) && sensor_controls(probe) && !capture;
    settle_verdict(report);
    return report;
}

std::string_view to_string(CameraVerdict verdict) {
    switch (verdict) {
        case CameraVerdict::physical: return "physical";
        case CameraVerdict::virtual_camera: return "virtual";
        case CameraVerdict::capture: return "capture";
        case CameraVerdict::unknown: return "unknown";
    }
    return "unknown";
}

void settle_verdict(CameraReport& report) {
    auto worst_in = [&](std::string_view category) {
        std::optional<Severity> worst;
        for (const auto& finding : report.findings)
            if (finding.category == category && (!worst || finding.severity > *worst)) worst = finding.severity;
        return worst;
    };
    auto capture = worst_in("capture"), virtual_camera = worst_in("virtual_camera"), injection = worst_in("injection");
    auto worst = worst_severity(report.findings);
    if (capture && *capture >= Severity::high) {
        report.verdict = CameraVerdict::capture;
        report.explanation = "An HDMI capture device: it shows another machine's screen, not a camera sensor.";
    } else if (relayed(report)) {
        report.verdict = CameraVerdict::unknown;
        report.explanation = "A laptop's MIPI camera reaches applications through a v4l2loopback relay; the relay "
                             "cannot be told apart from a virtual camera by its device, so the stream itself must "
                             "show a sensor.";
    } else if (virtual_camera && *virtual_camera >= Severity::high) {
        report.verdict = CameraVerdict::virtual_camera;
        report.explanation = "A software (virtual) camera: its frames come from a program, not a sensor.";
    } else if (report.sensor_proven && (!worst || *worst < Severity::medium)) {
        report.verdict = CameraVerdict::physical;
        report.explanation = "A USB video-class camera with sensor controls and hardware frame timing.";
    } else {
        report.verdict = CameraVerdict::unknown;
        report.explanation = injection && *injection >= Severity::medium
                                 ? "The device looks like a camera but its stream shows signs of injected video."
                                 : "No positive evidence of a physical sensor (UVC interface, exposure timestamps or "
                                   "metadata node, and sensor controls).";
    }
    std::stable_sort(report.findings.begin(), report.findings.end(),
                     [](const Finding& a, const Finding& b) { return a.severity > b.severity; });
}

nlohmann::json to_json(const CameraReport& report) {
    nlohmann::json findings = nlohmann::json::array();
    for (const auto& finding : report.findings) findings.push_back(to_json(finding));
    nlohmann::json out{{"device", report.device},       {"name", report.name},
                       {"verdict", to_string(report.verdict)}, {"explanation", report.explanation},
                       {"sensor_evidence", report.sensor_evidence}, {"findings", findings}};
    if (!report.signals.empty()) out["signals"] = report.signals;
    return out;
}

}  // namespace kiosk::host
