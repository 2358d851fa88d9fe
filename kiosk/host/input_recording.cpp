#include "host/input_recording.h"

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>

namespace kiosk::host {

namespace {

using nlohmann::json;

constexpr int recording_version = 1;
constexpr std::size_t max_line_bytes = 4096;
constexpr double max_time_seconds = 1e9;
constexpr std::int64_t max_coordinate = 1 << 24;

json axis(const AxisRange& range) { return json::array({range.min, range.max}); }

json device_json(const InputDevice& device) {
    json caps = json::array();
    if (device.keys) caps.push_back("keys");
    if (device.relative) caps.push_back("rel");
    if (device.absolute) caps.push_back("abs");
    if (device.touch) caps.push_back("touch");
    json line = {{"path", device.path}, {"kind", to_string(device.kind)}, {"name", device.name},
                 {"caps", caps}, {"initial", device.initial}};
    if (device.absolute) {
        line["x"] = axis(device.x);
        line["y"] = axis(device.y);
    }
    return line;
}

// Reads one line's fields, remembering the first problem; fields it did not ask for are errors.
class LineReader {
public:
    explicit LineReader(const json& object) : object_(object) {}

    std::optional<std::string> text(const char* key, bool required = true) {
        auto it = find(key, required);
        if (!it) return std::nullopt;
        if (!(*it)->is_string() || (*it)->get_ref<const std::string&>().size() > 256) {
            problem(std::string("'") + key + "' must be a short string");
            return std::nullopt;
        }
        return (*it)->get<std::string>();
    }

    std::optional<int> integer(const char* key) {
        auto it = find(key, true);
        if (!it) return std::nullopt;
        if (!(*it)->is_number_integer()) {
            problem(std::string("'") + key + "' must be an integer");
            return std::nullopt;
        }
        auto value = (*it)->get<std::int64_t>();
        if (value < -max_coordinate || value > max_coordinate) {
            problem(std::string("'") + key + "' is out of range");
            return std::nullopt;
        }
        return static_cast<int>(value);
    }

    std::optional<double> number(const char* key) {
        auto it = find(key, true);
        if (!it) return std::nullopt;
        if (!(*it)->is_number()) {
            problem(std::string("'") + key + "' must be a number");
            return std::nullopt;
        }
        return (*it)->get<double>();
    }

    std::optional<bool> boolean(const char* key) {
        auto it = find(key, true);
        if (!it) return std::nullopt;
        if (!(*it)->is_boolean()) {
            problem(std::string("'") + key + "' must be true or false");
            return std::nullopt;
        }
        return (*it)->get<bool>();
    }

    std::optional<AxisRange> range(const char* key) {
        auto it = find(key, true);
        if (!it) return std::nullopt;
        const json& value = **it;
        if (!value.is_array() || value.size() != 2 || !value[0].is_number_integer() || !value[1].is_number_integer()) {
            problem(std::string("'") + key + "' must be [min, max] integers");
            return std::nullopt;
        }
        auto low = value[0].get<std::int64_t>(), high = value[1].get<std::int64_t>();
        if (low < -max_coordinate || high > max_coordinate || low >= high) {
            problem(std::string("'") + key + "' must be an increasing range");
            return std::nullopt;
        }
        return AxisRange{static_cast<int>(low), static_cast<int>(high)};
    }

    std::optional<std::set<std::string>> words(const char* key) {
        auto it = find(key, true);
        if (!it) return std::nullopt;
        std::set<std::string> out;
        if ((*it)->is_array())
            for (const auto& item : **it) {
                if (!item.is_string()) break;
                out.insert(item.get<std::string>());
            }
        if (!(*it)->is_array() || out.size() != (*it)->size()) {
            problem(std::string("'") + key + "' must be a list of distinct words");
            return std::nullopt;
        }
        return out;
    }

    // The first problem, including fields nobody asked for.
    std::optional<std::string> error() const {
        if (error_) return error_;
        for (const auto& [key, value] : object_.items())
            if (!used_.contains(key)) return "unknown field '" + key + "'";
        return std::nullopt;
    }

    void problem(std::string why) {
        if (!error_) error_ = std::move(why);
    }

private:
    std::optional<json::const_iterator> find(const char* key, bool required) {
        used_.insert(key);
        auto it = object_.find(key);
        if (it == object_.end()) {
            if (required) problem(std::string("missing '") + key + "'");
            return std::nullopt;
        }
        return it;
    }

    const json& object_;
    std::set<std::string> used_;
    std::optional<std::string> error_;
};

std::optional<InputDevice> read_device(LineReader& line, const std::string& id) {
    InputDevice device;
    device.id = id;
    auto path = line.text("path");
    auto kind_name = line.text("kind");
    auto name = line.text("name");
    auto caps = line.words("caps");
    auto initial = line.boolean("initial");
    if (!path || !kind_name || !name || !caps || !initial) return std::nullopt;
    auto kind = parse_device_kind(*kind_name);
    if (!kind) {
        line.problem("unknown device kind '" + *kind_name + "'");
        return std::nullopt;
    }
    for (const auto& cap : *caps)
        if (cap != "keys" && cap != "rel" && cap != "abs" && cap != "touch") {
            line.problem("unknown capability '" + cap + "'");
            return std::nullopt;
        }
    device.path = *path;
    device.kind = *kind;
    device.name = *name;
    device.keys = caps->contains("keys");
    device.relative = caps->contains("rel");
    device.absolute = caps->contains("abs");
    device.touch = caps->contains("touch");
    device.initial = *initial;
    if (device.absolute) {
        auto x = line.range("x");
        auto y = line.range("y");
        if (!x || !y) return std::nullopt;
        device.x = *x;
        device.y = *y;
    }
    return device;
}

}  // namespace

std::string recording_header_line() {
    return json{{"format", "kiosk-input-recording"}, {"version", recording_version}}.dump();
}

std::string recording_line(const InputEvent& event) {
    json line = {{"t", std::round(event.time * 1e6) / 1e6}, {"type", to_string(event.type)}, {"device", event.device}};
    switch (event.type) {
        case InputEventType::device_added:
            if (event.added) line.update(device_json(*event.added));
            break;
        case InputEventType::rel:
            line["dx"] = event.dx;
            line["dy"] = event.dy;
            break;
        case InputEventType::abs:
            line["x"] = event.x;
            line["y"] = event.y;
            break;
        case InputEventType::device_removed:
        case InputEventType::key: break;
    }
    return line.dump();
}

void write_recording(std::ostream& out, const InputStream& stream) {
    out << recording_header_line() << '\n';
    for (const auto& event : stream) out << recording_line(event) << '\n';
}

Result<InputStream> read_recording(std::istream& in, const std::string& name) {
    InputStream stream;
    std::set<std::string> attached;
    std::string text;
    std::size_t number = 0;
    double last_time = 0;
    auto at = [&](const std::string& why) { return fail(name + ":" + std::to_string(number) + ": " + why); };

    while (std::getline(in, text)) {
        ++number;
        if (text.size() > max_line_bytes) return at("line longer than " + std::to_string(max_line_bytes) + " bytes");
        json object = json::parse(text, nullptr, false);
        if (object.is_discarded() || !object.is_object()) return at("not a JSON object");
        LineReader line(object);

        if (number == 1) {
            auto format = line.text("format");
            auto version = line.integer("version");
            if (auto why = line.error()) return at("not a kiosk input recording: " + *why);
            if (*format != "kiosk-input-recording") return at("not a kiosk input recording");
            if (*version != recording_version)
                return at("recording version " + std::to_string(*version) + " is not supported");
            continue;
        }

        InputEvent event;
        auto time = line.number("t");
        auto type = line.text("type");
        auto device = line.text("device");
        if (auto why = line.error(); why && (!time || !type || !device)) return at(*why);
        if (!std::isfinite(*time) || *time < 0 || *time > max_time_seconds) return at("'t' must be seconds >= 0");
        if (*time < last_time) return at("time goes backwards");
        if (device->empty()) return at("'device' is empty");
        event.time = last_time = *time;
        event.device = *device;

        if (*type == "device_added") {
            if (attached.contains(*device)) return at("device '" + *device + "' added twice");
            event.type = InputEventType::device_added;
            event.added = read_device(line, *device);
            attached.insert(*device);
        } else if (*type == "device_removed") {
            if (!attached.erase(*device)) return at("device '" + *device + "' removed but never added");
            event.type = InputEventType::device_removed;
        } else if (*type == "key" || *type == "rel" || *type == "abs") {
            if (!attached.contains(*device)) return at("input from device '" + *device + "' that was never added");
            if (*type == "key") {
                event.type = InputEventType::key;
            } else if (*type == "rel") {
                event.type = InputEventType::rel;
                event.dx = line.integer("dx").value_or(0);
                event.dy = line.integer("dy").value_or(0);
            } else {
                event.type = InputEventType::abs;
                event.x = line.integer("x").value_or(0);
                event.y = line.integer("y").value_or(0);
            }
        } else {
            return at("unknown event type '" + *type + "'");
        }
        if (auto why = line.error()) return at(*why);
        stream.push_back(std::move(event));
    }
    if (number == 0) return fail(name + ": empty file, not a kiosk input recording");
    if (in.bad()) return fail(name + ": read error");
    return stream;
}

}  // namespace kiosk::host
