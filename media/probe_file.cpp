#include "media/probe_file.h"

#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>

namespace media {
namespace {

using nlohmann::json;

constexpr std::size_t max_text = 256;
constexpr std::size_t max_list = 4096;
constexpr std::uintmax_t max_file_bytes = 4 << 20;

std::string hex(std::uint32_t value) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%08x", value);
    return text;
}

json fraction_json(const V4l2Fraction& fraction) { return json::array({fraction.numerator, fraction.denominator}); }

json intervals_json(const V4l2Intervals& intervals) {
    json out{{"type", to_string(intervals.type)}};
    if (intervals.type == V4l2RangeType::discrete) {
        out["values"] = json::array();
        for (const auto& fraction : intervals.discrete) out["values"].push_back(fraction_json(fraction));
    } else {
        out["min"] = fraction_json(intervals.min);
        out["max"] = fraction_json(intervals.max);
        out["step"] = fraction_json(intervals.step);
    }
    return out;
}

// Typed access to one JSON document with errors of the form "FILE: formats[2].sizes[0].width: why".
class Reader {
public:
    explicit Reader(std::string name) : name_(std::move(name)) {}

    std::unexpected<kiosk::Error> error(const std::string& where, const std::string& why) const {
        return kiosk::fail(name_ + ": " + (where.empty() ? "" : where + ": ") + why);
    }

    kiosk::Result<const json*> member(const json& object, const std::string& where, const char* key,
                                      bool required = true) const {
        if (!object.is_object()) return error(where, "expected an object");
        auto found = object.find(key);
        if (found == object.end()) {
            if (required) return error(where, std::string("missing \"") + key + "\"");
            return static_cast<const json*>(nullptr);
        }
        return &*found;
    }

    kiosk::Result<std::string> text(const json& object, const std::string& where, const char* key,
                                    bool required = true) const {
        auto value = member(object, where, key, required);
        if (!value) return std::unexpected(value.error());
        if (!*value) return std::string();
        if (!(*value)->is_string()) return error(path(where, key), "expected a string");
        const auto& content = (*value)->get_ref<const std::string&>();
        if (content.size() > max_text) return error(path(where, key), "longer than 256 characters");
        return content;
    }

    // Integers within [low, high]; 32-bit masks may also be written as "0x…" strings.
    kiosk::Result<std::int64_t> integer(const json& value, const std::string& where, std::int64_t low,
                                        std::int64_t high) const {
        std::int64_t number = 0;
        if (value.is_number_integer()) {
            if (value.is_number_unsigned() && value.get<std::uint64_t>() > static_cast<std::uint64_t>(high))
                return error(where, "out of range");
            number = value.get<std::int64_t>();
        } else if (value.is_string()) {
            const auto& content = value.get_ref<const std::string&>();
            if (content.size() < 3 || content.size() > 10 || content[0] != '0' || (content[1] != 'x' && content[1] != 'X'))
                return error(where, "expected a number or a 0x… hex string");
            std::uint64_t parsed = 0;
            for (std::size_t i = 2; i < content.size(); ++i) {
                char c = content[i];
                int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                                  : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (digit < 0) return error(where, "bad hex digit");
                parsed = parsed * 16 + static_cast<std::uint64_t>(digit);
            }
            number = static_cast<std::int64_t>(parsed);
        } else {
            return error(where, "expected a number");
        }
        if (number < low || number > high) return error(where, "out of range");
        return number;
    }

    kiosk::Result<std::int64_t> field(const json& object, const std::string& where, const char* key, std::int64_t low,
                                      std::int64_t high) const {
        auto value = member(object, where, key);
        if (!value) return std::unexpected(value.error());
        return integer(**value, path(where, key), low, high);
    }

    kiosk::Result<std::uint32_t> u32(const json& object, const std::string& where, const char* key) const {
        auto value = field(object, where, key, 0, std::numeric_limits<std::uint32_t>::max());
        if (!value) return std::unexpected(value.error());
        return static_cast<std::uint32_t>(*value);
    }

    kiosk::Result<const json*> list(const json& object, const std::string& where, const char* key,
                                    bool required = true) const {
        auto value = member(object, where, key, required);
        if (!value) return std::unexpected(value.error());
        if (!*value) return static_cast<const json*>(nullptr);
        if (!(*value)->is_array()) return error(path(where, key), "expected a list");
        if ((*value)->size() > max_list) return error(path(where, key), "more than 4096 entries");
        return *value;
    }

    static std::string path(const std::string& where, const char* key) {
        return where.empty() ? std::string(key) : where + "." + key;
    }
    static std::string at(const std::string& where, std::size_t index) {
        return where + "[" + std::to_string(index) + "]";
    }

private:
    std::string name_;
};

// Unwraps a Result into `variable` or returns its error (the parser is a long chain of these).
#define PROBE_TRY(variable, expression)                               \
    auto variable##_result = (expression);                            \
    if (!variable##_result) return std::unexpected(variable##_result.error()); \
    auto variable = *variable##_result

kiosk::Result<V4l2Fraction> read_fraction(const Reader& reader, const json& value, const std::string& where) {
    if (!value.is_array() || value.size() != 2) return reader.error(where, "expected [numerator, denominator]");
    constexpr std::int64_t most = std::numeric_limits<std::uint32_t>::max();
    PROBE_TRY(numerator, reader.integer(value[0], where + "[0]", 0, most));
    PROBE_TRY(denominator, reader.integer(value[1], where + "[1]", 0, most));
    return V4l2Fraction{static_cast<std::uint32_t>(numerator), static_cast<std::uint32_t>(denominator)};
}

kiosk::Result<V4l2RangeType> read_range_type(const Reader& reader, const json& object, const std::string& where) {
    PROBE_TRY(type, reader.text(object, where, "type"));
    if (type == "discrete") return V4l2RangeType::discrete;
    if (type == "stepwise") return V4l2RangeType::stepwise;
    if (type == "continuous") return V4l2RangeType::continuous;
    return reader.error(Reader::path(where, "type"), "expected discrete, stepwise or continuous");
}

kiosk::Result<V4l2Intervals> read_intervals(const Reader& reader, const json& object, const std::string& where) {
    V4l2Intervals intervals;
    PROBE_TRY(type, read_range_type(reader, object, where));
    intervals.type = type;
    if (type == V4l2RangeType::discrete) {
        PROBE_TRY(values, reader.list(object, where, "values"));
        for (std::size_t i = 0; i < values->size(); ++i) {
            PROBE_TRY(fraction, read_fraction(reader, (*values)[i], Reader::at(where + ".values", i)));
            intervals.discrete.push_back(fraction);
        }
        return intervals;
    }
    for (auto [key, target] : {std::pair{"min", &intervals.min}, {"max", &intervals.max}, {"step", &intervals.step}}) {
        PROBE_TRY(value, reader.member(object, where, key));
        PROBE_TRY(fraction, read_fraction(reader, *value, Reader::path(where, key)));
        *target = fraction;
    }
    return intervals;
}

kiosk::Result<V4l2FrameSize> read_size(const Reader& reader, const json& object, const std::string& where) {
    V4l2FrameSize size;
    PROBE_TRY(type, read_range_type(reader, object, where));
    size.type = type;
    constexpr std::int64_t most = 1 << 16;
    if (type == V4l2RangeType::discrete) {
        PROBE_TRY(width, reader.field(object, where, "width", 0, most));
        PROBE_TRY(height, reader.field(object, where, "height", 0, most));
        size.width = static_cast<std::uint32_t>(width);
        size.height = static_cast<std::uint32_t>(height);
    } else {
        std::uint32_t* targets[] = {&size.width, &size.max_width, &size.step_width,
                                    &size.height, &size.max_height, &size.step_height};
        const char* keys[] = {"min_width", "max_width", "step_width", "min_height", "max_height", "step_height"};
        for (int i = 0; i < 6; ++i) {
            PROBE_TRY(value, reader.field(object, where, keys[i], 0, most));
            *targets[i] = static_cast<std::uint32_t>(value);
        }
    }
    PROBE_TRY(intervals_json, reader.member(object, where, "intervals"));
    PROBE_TRY(intervals, read_intervals(reader, *intervals_json, Reader::path(where, "intervals")));
    size.intervals = std::move(intervals);
    return size;
}

kiosk::Result<V4l2Format> read_format(const Reader& reader, const json& object, const std::string& where) {
    V4l2Format format;
    PROBE_TRY(fourcc, reader.text(object, where, "fourcc"));
    if (fourcc.empty() || fourcc.size() > 4) return reader.error(Reader::path(where, "fourcc"), "expected 1-4 characters");
    format.fourcc = fourcc;
    PROBE_TRY(description, reader.text(object, where, "description", false));
    format.description = description;
    PROBE_TRY(flags, reader.u32(object, where, "flags"));
    format.flags = flags;
    PROBE_TRY(sizes, reader.list(object, where, "sizes"));
    for (std::size_t i = 0; i < sizes->size(); ++i) {
        PROBE_TRY(size, read_size(reader, (*sizes)[i], Reader::at(where + ".sizes", i)));
        format.sizes.push_back(std::move(size));
    }
    return format;
}

kiosk::Result<V4l2Control> read_control(const Reader& reader, const json& object, const std::string& where) {
    V4l2Control control;
    PROBE_TRY(id, reader.u32(object, where, "id"));
    PROBE_TRY(name, reader.text(object, where, "name"));
    PROBE_TRY(type, reader.text(object, where, "type"));
    constexpr std::int64_t low = std::numeric_limits<std::int64_t>::min();
    constexpr std::int64_t high = std::numeric_limits<std::int64_t>::max();
    PROBE_TRY(minimum, reader.field(object, where, "minimum", low, high));
    PROBE_TRY(maximum, reader.field(object, where, "maximum", low, high));
    PROBE_TRY(step, reader.field(object, where, "step", 0, high));
    PROBE_TRY(default_value, reader.field(object, where, "default", low, high));
    PROBE_TRY(flags, reader.u32(object, where, "flags"));
    if (minimum > maximum) return reader.error(where, "minimum above maximum");
    control = {.id = id, .name = name, .type = type, .minimum = minimum, .maximum = maximum, .step = step,
               .default_value = default_value, .flags = flags};
    return control;
}

}  // namespace

nlohmann::json probe_to_json(const V4l2Probe& probe) {
    json out{{"kiosk_probe", probe_file_version},
             {"device", probe.device},
             {"driver", probe.driver},
             {"card", probe.card},
             {"bus_info", probe.bus_info},
             {"version", probe.version},
             {"capabilities", hex(probe.capabilities)},
             {"device_caps", hex(probe.device_caps)},
             {"inputs", json::array()},
             {"formats", json::array()},
             {"controls", json::array()},
             {"timestamp_flags", probe.timestamp_flags ? json(hex(*probe.timestamp_flags)) : json(nullptr)}};
    for (const auto& input : probe.inputs) out["inputs"].push_back({{"name", input.name}, {"type", input.type}});
    for (const auto& format : probe.formats) {
        json sizes = json::array();
        for (const auto& size : format.sizes) {
            json entry{{"type", to_string(size.type)}};
            if (size.type == V4l2RangeType::discrete) {
                entry["width"] = size.width;
                entry["height"] = size.height;
            } else {
                entry.update({{"min_width", size.width}, {"max_width", size.max_width}, {"step_width", size.step_width},
                              {"min_height", size.height}, {"max_height", size.max_height},
                              {"step_height", size.step_height}});
            }
            entry["intervals"] = intervals_json(size.intervals);
            sizes.push_back(std::move(entry));
        }
        out["formats"].push_back(
            {{"fourcc", format.fourcc}, {"description", format.description}, {"flags", format.flags}, {"sizes", sizes}});
    }
    for (const auto& control : probe.controls) {
        out["controls"].push_back({{"id", hex(control.id)}, {"name", control.name}, {"type", control.type},
                                   {"minimum", control.minimum}, {"maximum", control.maximum}, {"step", control.step},
                                   {"default", control.default_value}, {"flags", control.flags}});
    }
    return out;
}

kiosk::Result<V4l2Probe> parse_probe(std::string_view text, const std::string& name) {
    json document = json::parse(text, nullptr, false);
    if (document.is_discarded()) return kiosk::fail(name + ": not valid JSON");
    Reader reader(name);
    if (!document.is_object()) return reader.error("top level", "expected an object");
    PROBE_TRY(version, reader.field(document, "", "kiosk_probe", 0, 1000));
    if (version != probe_file_version)
        return reader.error("kiosk_probe", "version " + std::to_string(version) + " is not supported (expected 1)");
    V4l2Probe probe;
    for (auto [key, target] : {std::pair{"device", &probe.device}, {"driver", &probe.driver}, {"card", &probe.card},
                               {"bus_info", &probe.bus_info}, {"version", &probe.version}}) {
        PROBE_TRY(value, reader.text(document, "", key, key != std::string_view("version")));
        *target = value;
    }
    PROBE_TRY(capabilities, reader.u32(document, "", "capabilities"));
    PROBE_TRY(device_caps, reader.u32(document, "", "device_caps"));
    probe.capabilities = capabilities;
    probe.device_caps = device_caps;

    PROBE_TRY(inputs, reader.list(document, "", "inputs", false));
    for (std::size_t i = 0; inputs && i < inputs->size(); ++i) {
        std::string where = Reader::at("inputs", i);
        PROBE_TRY(input_name, reader.text((*inputs)[i], where, "name"));
        PROBE_TRY(input_type, reader.text((*inputs)[i], where, "type"));
        probe.inputs.push_back({input_name, input_type});
    }
    PROBE_TRY(formats, reader.list(document, "", "formats"));
    for (std::size_t i = 0; i < formats->size(); ++i) {
        PROBE_TRY(format, read_format(reader, (*formats)[i], Reader::at("formats", i)));
        probe.formats.push_back(std::move(format));
    }
    PROBE_TRY(controls, reader.list(document, "", "controls"));
    for (std::size_t i = 0; i < controls->size(); ++i) {
        PROBE_TRY(control, read_control(reader, (*controls)[i], Reader::at("controls", i)));
        probe.controls.push_back(std::move(control));
    }
    PROBE_TRY(flags, reader.member(document, "", "timestamp_flags", false));
    if (flags && !flags->is_null()) {
        PROBE_TRY(value, reader.integer(*flags, "timestamp_flags", 0, std::numeric_limits<std::uint32_t>::max()));
        probe.timestamp_flags = static_cast<std::uint32_t>(value);
    }
    return probe;
}

kiosk::Result<V4l2Probe> read_probe_file(const std::filesystem::path& path) {
    std::error_code error;
    auto size = std::filesystem::file_size(path, error);
    if (error) return kiosk::fail(path.string() + ": cannot read (" + error.message() + ")");
    if (size > max_file_bytes) return kiosk::fail(path.string() + ": larger than 4 MiB, not a probe file");
    std::ifstream in(path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    if (!in) return kiosk::fail(path.string() + ": cannot read");
    return parse_probe(bytes.str(), path.string());
}

kiosk::Result<void> write_probe_file(const std::filesystem::path& path, const V4l2Probe& probe) {
    auto temporary = path;
    temporary += ".partial";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << probe_to_json(probe).dump(2) << "\n";
        if (!out.flush()) {
            std::error_code ignored;
            std::filesystem::remove(temporary, ignored);
            return kiosk::fail(kiosk::ErrorKind::io, path.string() + ": cannot write");
        }
    }
    std::error_code error;
    std::filesystem::rename(temporary, path, error);
    if (error) {
        std::filesystem::remove(temporary, error);
        return kiosk::fail(kiosk::ErrorKind::io, path.string() + ": cannot write");
    }
    return {};
}

#undef PROBE_TRY

}  // namespace media
