// Loaded kernel modules (DIR/proc/modules): virtual cameras, USB/IP, gadget and virtual-display drivers.
#include <sstream>

#include "core/printable.h"
#include "host/reading.h"
#include "host/sysfs.h"

namespace kiosk::host {

void read_modules(Reading& reading) {
    auto inventory = nlohmann::json::array();
    if (auto text = sysfs::read_bytes(reading.root / "proc/modules", 1024 * 1024)) {
        std::istringstream lines(*text);
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
}

}  // namespace kiosk::host
