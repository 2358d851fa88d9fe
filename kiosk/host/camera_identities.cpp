#include "host/camera_identities.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace kiosk::host {
namespace {

struct NameHint {
    std::string_view fragment, product;
};
// Default names of virtual cameras (vcam.md §1.1, §1.2, §3.5), lowercase.
constexpr std::array virtual_names = {
    NameHint{"obs virtual camera", "OBS Studio"},
    NameHint{"obs-camera", "OBS Studio (obs-virtual-cam plugin)"},
    NameHint{"obs camera extension", "OBS Studio"},
    NameHint{"streamlabs", "Streamlabs"},
    NameHint{"manycam", "ManyCam"},
    NameHint{"snap camera", "Snap Camera"},
    NameHint{"xsplit", "XSplit VCam"},
    NameHint{"mmhmm", "mmhmm"},
    NameHint{"nvidia broadcast", "NVIDIA Broadcast"},
    NameHint{"droidcam", "DroidCam"},
    NameHint{"iriun", "Iriun Webcam"},
    NameHint{"ivcam", "e2eSoft iVCam"},
    NameHint{"e2esoft", "e2eSoft VCam"},
    NameHint{"epoccam", "EpocCam"},
    NameHint{"reincubate", "Reincubate Camo"},
    NameHint{"avatarify", "Avatarify"},
    NameHint{"deep-live-cam", "Deep-Live-Cam"},
    NameHint{"pyvirtualcam", "pyvirtualcam"},
    NameHint{"akvcam", "AkVCam (Webcamoid)"},
    NameHint{"splitcam", "SplitCam"},
    NameHint{"ndi webcam", "NDI Webcam"},
    NameHint{"vmix video", "vMix"},
    NameHint{"unity video capture", "Unity Capture"},
    NameHint{"dummy video device", "v4l2loopback (default label)"},
    NameHint{"loopback", "v4l2loopback"},
};

struct PciId {
    std::string_view device, what;
};
// Intel MIPI camera ISPs whose cameras Ubuntu relays through v4l2loopback (vcam.md §1.1.4). [recall]
constexpr std::array intel_isps = {
    PciId{"9a19", "Intel IPU6 (Tiger Lake)"},     PciId{"9a39", "Intel IPU6 (Tiger Lake)"},
    PciId{"4e19", "Intel IPU6 (Jasper Lake)"},    PciId{"465d", "Intel IPU6 (Alder Lake)"},
    PciId{"462e", "Intel IPU6 (Alder Lake-N)"},   PciId{"a75d", "Intel IPU6 (Raptor Lake)"},
    PciId{"7d19", "Intel IPU6 (Meteor Lake)"},    PciId{"645d", "Intel IPU7 (Lunar Lake)"},
    PciId{"b05d", "Intel IPU7 (Panther Lake)"},
};

std::string lowercase(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

}  // namespace

std::optional<std::string> virtual_camera_product(std::string_view name) {
    auto text = lowercase(name);
    for (const auto& hint : virtual_names)
        if (text.find(hint.fragment) != std::string::npos) return std::string(hint.product);
    return std::nullopt;
}

std::optional<std::string> camera_isp(std::string_view pci_vendor, std::string_view pci_device) {
    if (lowercase(pci_vendor) != "8086") return std::nullopt;
    auto device = lowercase(pci_device);
    for (const auto& isp : intel_isps)
        if (isp.device == device) return std::string(isp.what);
    return std::nullopt;
}

}  // namespace kiosk::host
