// Displays the GPU drivers see (DIR/sys/class/drm/card*-*: status, enabled, edid). Each connector
// with a monitor becomes a "display" subject: the EDID facts (edid.h) plus display.* facts.
#include "core/printable.h"
#include "host/edid.h"
#include "host/facts.h"
#include "host/reading.h"
#include "host/sysfs.h"

namespace kiosk::host {
namespace {
constexpr std::size_t max_edid = 32 * 1024;  // 256 blocks is the format's own limit

constexpr FactSpec connector_facts[] = {
    {"display.connector", FactType::text, "DRM connector, `card0-HDMI-A-1`"},
    {"display.connected", FactType::boolean, "its `status` is connected"},
    {"display.enabled", FactType::boolean, "its `enabled` is enabled"},
    {"display.has_edid", FactType::boolean, "it gave an EDID that decodes"},
};

// "card0-HDMI-A-1" (a connector), not "card0" or "renderD128".
bool is_connector(std::string_view name) {
    if (!name.starts_with("card")) return false;
    auto dash = name.find('-');
    return dash != std::string_view::npos && dash > 4;
}
}  // namespace

const SubjectSpec& display_subject_spec() {
    static const SubjectSpec spec{"display",
                                  "`sys/class/drm/card*-*` with a monitor, and `kiosk edid`: the EDID decoder's facts "
                                  "(`kiosk/host/edid_facts.cpp`), then the connector's",
                                  edid_fact_specs(), connector_facts};
    return spec;
}

ReadResult read_displays(Reading& reading) {
    const auto dir = reading.root / "sys/class/drm";
    auto names = sysfs::list_dir(dir);
    if (!names) return std::unexpected(names.error());
    auto inventory = nlohmann::json::array();
    for (const auto& name : *names) {
        if (!is_connector(name)) continue;
        const auto path = dir / name;
        const auto connector = printable(name);
        const auto status = sysfs::read_text(path / "status", 64).value_or("");
        const auto enabled = sysfs::read_text(path / "enabled", 64).value_or("");
        nlohmann::json item{{"connector", connector}, {"status", status}, {"enabled", enabled}};
        auto bytes = sysfs::read_bytes(path / "edid", max_edid).value_or("");
        std::optional<Subject> display;
        if (!bytes.empty()) {
            auto edid = decode_edid(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
            if (edid) {
                item["edid"] = to_json(*edid);
                display = display_subject(*edid, connector);
            } else {
                item["edid_error"] = edid.error().message;
            }
        }
        if (!display && status == "connected") display = Subject{"display", connector, {}};
        if (display) {
            display->facts["display.connector"] = connector;
            display->facts["display.connected"] = status == "connected";
            display->facts["display.enabled"] = enabled == "enabled";
            display->facts["display.has_edid"] = item.contains("edid");
            reading.subjects.push_back(std::move(*display));
        }
        inventory.push_back(std::move(item));
    }
    reading.inventory["displays"] = std::move(inventory);
    return {};
}

}  // namespace kiosk::host
