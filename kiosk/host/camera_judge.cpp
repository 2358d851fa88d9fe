#include "host/camera_judge.h"

#include <algorithm>
#include <cstdio>

#include "host/camera_identities.h"

namespace kiosk::host {
namespace {

// v4l2loopback's private controls (V4L2_CID_USER_BASE | 0xf000 + 0..3) and their names.
constexpr std::uint32_t loopback_control_base = V4L2_CID_USER_BASE | 0xf000;
constexpr std::string_view loopback_control_names[] = {"keep_format", "sustain_framerate", "timeout",
                                                       "timeout_image_io"};
constexpr std::size_t many_formats = 30;

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

class Judgement {
public:
    explicit Judgement(const CameraEvidence& evidence) : e_(evidence), probe_(evidence.probe) {
        report_.device = evidence.device;
        report_.name = !probe_.card.empty() ? probe_.card : evidence.node.name;
    }

    CameraReport run() {
        identity();
        topology();
        shape();
        timestamps();
        names();
        capture();
        sensor();
        relay();
        settle_verdict(report_);
        return std::move(report_);
    }

private:
    void add(std::string rule, std::string category, Severity severity, std::string title, nlohmann::json evidence) {
        report_.findings.push_back({std::move(rule), std::move(category), severity, std::move(title),
                                    report_.device + " (" + report_.name + ")", std::move(evidence)});
    }

    nlohmann::json identity_evidence() const {
        return {{"driver", probe_.driver}, {"card", probe_.card}, {"bus_info", probe_.bus_info}};
    }

    void identity() {
        if (probe_.driver == "v4l2 loopback" || probe_.bus_info.starts_with("platform:v4l2loopback") ||
            e_.node.loopback_attributes) {
            loopback_ = true;
            auto evidence = identity_evidence();
            evidence["loopback_sysfs_attributes"] = e_.node.loopback_attributes;
            add("camera.v4l2loopback.identity", "virtual_camera", Severity::high,
                "v4l2loopback virtual camera: any program can write the frames it shows", evidence);
        }
        if (probe_.driver == "akvcam" || probe_.bus_info.starts_with("platform:akvcam")) {
            add("camera.akvcam.identity", "virtual_camera", Severity::high,
                "akvcam (Webcamoid) virtual camera: its frames come from software", identity_evidence());
        }
        if (probe_.driver == "vivid" || probe_.bus_info.starts_with("platform:vivid")) {
            add("camera.vivid.identity", "virtual_camera", Severity::high,
                "vivid, the kernel's virtual test camera", identity_evidence());
        }
        if (probe_.has(V4L2_CAP_VIDEO_CAPTURE) && probe_.has(V4L2_CAP_VIDEO_OUTPUT)) {
            add("camera.capture_and_output", "virtual_camera", Severity::high,
                "The camera also accepts video written to it: a camera that is an output is not a camera",
                {{"device_caps", hex(probe_.node_caps())}});
        }
        if (probe_.has(V4L2_CAP_VIDEO_CAPTURE) && probe_.has(V4L2_CAP_READWRITE)) {
            add("camera.read_write", "virtual_camera", Severity::medium,
                "The camera offers read()/write() I/O, which UVC webcams never do", {{"device_caps", hex(probe_.node_caps())}});
        }
        auto controls = loopback_controls(probe_);
        if (!controls.empty()) {
            add("camera.loopback_controls", "virtual_camera", Severity::high,
                "v4l2loopback's private controls (keep_format, sustain_framerate, timeout)", {{"controls", controls}});
        }
    }

    void topology() {
        if (e_.node.parent == media::ParentKind::none) {
            add("camera.virtual_parent", "virtual_camera", Severity::high,
                "No hardware behind the camera: sysfs places it under /sys/devices/virtual",
                {{"sysfs_name", e_.node.name}, {"parent", "none"}});
        }
    }

    void shape() {
        auto modes = modes_of(probe_);
        if (modes.ranged_sizes) {
            add("camera.ranged_sizes", "virtual_camera", Severity::medium,
                "The camera accepts any frame size in a range; a sensor offers a fixed list",
                {{"formats", modes.formats}});
        }
        if (modes.formats > many_formats) {
            add("camera.many_formats", "virtual_camera", Severity::medium,
                "The camera claims " + std::to_string(modes.formats) + " pixel formats, as an idle v4l2loopback does",
                {{"formats", modes.formats}});
        }
        if (modes.single_mode) {
            char mode[64];
            std::snprintf(mode, sizeof mode, "%s %ux%u@%.4g", probe_.formats[0].fourcc.c_str(), modes.width,
                          modes.height, modes.fps);
            add("camera.single_mode", "virtual_camera", Severity::low,
                std::string("The camera offers exactly one mode (") + mode + "), the shape of a virtual camera with a producer",
                {{"mode", mode}});
            if (modes.width == 1280 && modes.height == 720 && std::abs(modes.fps - 30) < 0.5) {
                add("camera.mode.deep_live_cam", "virtual_camera", Severity::low,
                    "Its one mode is Deep-Live-Cam's virtual-camera default, 1280x720@30 (a hint only)", {{"mode", mode}});
            }
        }
        if (!sensor_controls(probe_) && probe_.has(V4L2_CAP_VIDEO_CAPTURE)) {
            bool image = image_controls(probe_);
            add("camera.no_sensor_controls", "virtual_camera", image ? Severity::low : Severity::medium,
                image ? "No exposure, gain, white-balance or focus control: nothing reaches a sensor"
                      : "No camera controls: no exposure, gain, white balance, brightness or contrast",
                {{"controls", probe_.controls.size()}});
        }
    }

    void timestamps() {
        if (!probe_.timestamp_flags) return;
        std::uint32_t flags = *probe_.timestamp_flags;
        std::uint32_t kind = flags & V4L2_BUF_FLAG_TIMESTAMP_MASK;
        bool start_of_exposure = (flags & V4L2_BUF_FLAG_TSTAMP_SRC_MASK) == V4L2_BUF_FLAG_TSTAMP_SRC_SOE;
        if (kind == V4L2_BUF_FLAG_TIMESTAMP_COPY) {
            add("camera.timestamps_copied", "virtual_camera", Severity::medium,
                "Frame timestamps are copied from whoever wrote the frames, not taken by hardware",
                {{"timestamp_flags", hex(flags)}});
        } else if (!start_of_exposure) {
            add("camera.no_exposure_timestamps", "virtual_camera", Severity::low,
                "Frames are stamped when they are queued, not at the start of exposure as UVC cameras do",
                {{"timestamp_flags", hex(flags)}});
        } else {
            report_.sensor_evidence.push_back("buffers stamped at start of exposure (" + hex(flags) + ")");
            soe_ = true;
        }
    }

    void names() {
        for (const auto& name : {probe_.card, e_.node.name, e_.node.product}) {
            if (auto product = virtual_camera_product(name)) {
                add("camera.name.virtual", "virtual_camera", Severity::low,
                    "Named like " + *product + " (a name is only a hint: it is trivially changed)", {{"name", name}});
                return;
            }
        }
    }

    void capture() {
        if (e_.node.parent != media::ParentKind::usb_interface) return;
        if (auto chip = capture_chip(e_.node.vendor_id, e_.node.product_id)) {
            capture_ = true;
            add("camera.capture.usb_identity", "capture", Severity::high,
                *chip + " presenting as a webcam: the picture is another machine's video output",
                {{"usb_id", e_.node.vendor_id + ":" + e_.node.product_id}, {"product", e_.node.product},
                 {"manufacturer", e_.node.manufacturer}});
        }
    }

    void sensor() {
        bool uvc = probe_.driver == "uvcvideo" && probe_.bus_info.starts_with("usb-");
        bool video_interface = e_.node.parent == media::ParentKind::usb_interface && e_.node.interface_class == "0e";
        if (uvc) report_.sensor_evidence.push_back("uvcvideo driver on " + probe_.bus_info);
        if (video_interface)
            report_.sensor_evidence.push_back("USB video-class interface (" + e_.node.vendor_id + ":" +
                                              e_.node.product_id + ")");
        if (e_.metadata_sibling) report_.sensor_evidence.push_back("UVC metadata node with device clock");
        if (sensor_controls(probe_)) report_.sensor_evidence.push_back("exposure/gain/white-balance/focus controls");
        report_.sensor_proven =
            uvc && video_interface && (soe_ || e_.metadata_sibling) && sensor_controls(probe_) && !capture_;
    }

    // An Intel IPU6/IPU7 laptop camera reaches applications through v4l2loopback (v4l2-relayd): the
    // loopback is then expected, and proves nothing either way.
    void relay() {
        if (!loopback_ || !e_.camera_isp) return;
        for (auto& finding : report_.findings)
            if (finding.category == "virtual_camera") finding.severity = Severity::info;
        add("camera.ipu_relay", "virtual_camera", Severity::medium,
            "A platform (MIPI) camera relayed through v4l2loopback: the relay hides the sensor, so nothing here "
            "proves one; run the stream checks and the control challenge",
            {{"isp", *e_.camera_isp}, {"loopback_bus_info", probe_.bus_info}});
    }

    const CameraEvidence& e_;
    const media::V4l2Probe& probe_;
    CameraReport report_;
    bool loopback_ = false, capture_ = false, soe_ = false;
};

bool relayed(const CameraReport& report) {
    return std::any_of(report.findings.begin(), report.findings.end(),
                       [](const Finding& f) { return f.rule == "camera.ipu_relay"; });
}

}  // namespace

CameraReport judge_camera(const CameraEvidence& evidence) { return Judgement(evidence).run(); }

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
        report.verdict = "capture";
        report.explanation = "An HDMI capture device: it shows another machine's screen, not a camera sensor.";
    } else if (relayed(report)) {
        report.verdict = "unknown";
        report.explanation = "A laptop's MIPI camera reaches applications through a v4l2loopback relay; the relay "
                             "cannot be told apart from a virtual camera by its device, so the stream itself must "
                             "show a sensor.";
    } else if (virtual_camera && *virtual_camera >= Severity::high) {
        report.verdict = "virtual";
        report.explanation = "A software (virtual) camera: its frames come from a program, not a sensor.";
    } else if (report.sensor_proven && (!worst || *worst < Severity::medium)) {
        report.verdict = "physical";
        report.explanation = "A USB video-class camera with sensor controls and hardware frame timing.";
    } else {
        report.verdict = "unknown";
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
                       {"verdict", report.verdict},     {"explanation", report.explanation},
                       {"sensor_evidence", report.sensor_evidence}, {"findings", findings}};
    if (!report.signals.empty()) out["signals"] = report.signals;
    return out;
}

}  // namespace kiosk::host
