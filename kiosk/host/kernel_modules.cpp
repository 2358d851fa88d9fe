// Loaded kernel modules (DIR/proc/modules): virtual cameras, USB/IP, gadget and virtual-display drivers.
#include <sstream>

#include "core/printable.h"
#include "host/facts.h"
#include "host/reading.h"
#include "host/sysfs.h"

namespace kiosk::host {
namespace {
constexpr std::size_t max_table = 1024 * 1024;  // a module's line is ~60 bytes: room for 17,000

constexpr FactSpec module_facts[] = {
    {"module.name", FactType::text, "`v4l2loopback`"},
    {"module.state", FactType::text, "Live, Loading, Unloading"},
};
}  // namespace

const SubjectSpec& module_subject_spec() {
    static constexpr SubjectSpec spec{"module", "`proc/modules`", module_facts};
    return spec;
}

ReadResult read_modules(Reading& reading) {
    auto inventory = nlohmann::json::array();
    auto read = sysfs::read_table_checked(reading.root / "proc/modules", max_table);
    if (!read) return std::unexpected(read.error());
    if (auto& table = *read) {
        if (table->lines_left > 0)
            report_truncated(reading, "modules", table->lines_left,
                             "the first " + std::to_string(max_table >> 20) + " MiB of proc/modules read");
        std::istringstream lines(table->text);
        std::string line;
        while (std::getline(lines, line)) {
            std::istringstream fields(line);
            std::string name, size, uses, users, state;
            if (!(fields >> name)) continue;
            fields >> size >> uses >> users >> state;
            name = printable(name);
            Subject module{"module", "module " + name, {{"module.name", name}}};
            if (!state.empty()) module.facts["module.state"] = printable(state);
            reading.subjects.push_back(std::move(module));
            inventory.push_back(name);
        }
    }
    reading.inventory["software"]["modules"] = std::move(inventory);
    return {};
}

}  // namespace kiosk::host
