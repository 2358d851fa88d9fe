// The machine itself: is it a virtual machine (where absolute "tablet" pointers are normal), and is
// it a laptop (where server-management virtual devices are out of place).
#include <algorithm>
#include <array>

#include "host/facts.h"
#include "host/reading.h"
#include "host/sysfs.h"

namespace kiosk::host {
namespace {

constexpr FactSpec machine_facts[] = {
    {"machine.virtualized", FactType::boolean, "a hypervisor's DMI strings or CPU flag are present"},
    {"machine.hypervisor", FactType::text, "QEMU/KVM, VMware, VirtualBox, Xen, Hyper-V, … or `unknown`"},
    {"machine.sys_vendor", FactType::text, "DMI `sys_vendor` (`Dell Inc.`)"},
    {"machine.product_name", FactType::text, "DMI `product_name` (`Latitude 7420`)"},
    {"machine.board_vendor", FactType::text, "DMI `board_vendor`"},
    {"machine.bios_vendor", FactType::text, "DMI `bios_vendor`"},
    {"machine.chassis_type", FactType::integer, "SMBIOS chassis type"},
    {"machine.laptop", FactType::boolean, "chassis type is portable (8 9 10 11 14 30 31 32)"},
};

// DMI files and the facts they become.
constexpr std::array<std::pair<const char*, const char*>, 4> dmi_strings{{
    {"sys_vendor", "machine.sys_vendor"},
    {"product_name", "machine.product_name"},
    {"board_vendor", "machine.board_vendor"},
    {"bios_vendor", "machine.bios_vendor"},
}};

// Vendor or product strings hypervisors put in DMI.
constexpr std::array<std::pair<std::string_view, std::string_view>, 11> hypervisor_marks{{
    {"qemu", "QEMU/KVM"},
    {"bochs", "Bochs"},
    {"vmware", "VMware"},
    {"virtualbox", "VirtualBox"},
    {"innotek", "VirtualBox"},
    {"xen", "Xen"},
    {"virtual machine", "Hyper-V"},
    {"parallels", "Parallels"},
    {"google compute engine", "Google Compute Engine"},
    {"amazon ec2", "Amazon EC2"},
    {"openstack", "OpenStack"},
}};

// SMBIOS chassis types that are portable computers.
constexpr std::array<std::int64_t, 8> portable_chassis{8, 9, 10, 11, 14, 30, 31, 32};

std::string lower(std::string text) {
    for (auto& c : text)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return text;
}

}  // namespace

const SubjectSpec& machine_subject_spec() {
    static constexpr SubjectSpec spec{"machine",
                                      "DMI under `sys/class/dmi/id`, `sys/hypervisor/type`, the CPU `hypervisor` flag; "
                                      "one subject, whose facts every rule sees",
                                      machine_facts};
    return spec;
}

ReadResult read_machine(Reading& reading) {
    const auto dmi = reading.root / "sys/class/dmi/id";
    const auto listed = sysfs::list_dir(dmi);  // the hypervisor file and the CPU flag are read either way
    Subject machine{"machine", "this machine", {}};
    auto& f = machine.facts;
    nlohmann::json inventory = nlohmann::json::object();
    std::string dmi_text;
    for (const auto& [key, fact] : dmi_strings) {
        if (auto value = sysfs::read_text(dmi / key, 256)) {
            f[fact] = *value;
            inventory[key] = *value;
            dmi_text += lower(*value) + "\n";
        }
    }
    std::string hypervisor;
    for (const auto& [mark, name] : hypervisor_marks)
        if (dmi_text.find(mark) != std::string::npos) {
            hypervisor = name;
            break;
        }
    if (hypervisor.empty())
        if (auto type = sysfs::read_text(reading.root / "sys/hypervisor/type", 64)) hypervisor = *type;
    // The CPU flag covers hypervisors that hide from DMI; the first processor's block is enough.
    const bool cpu_flag = [&] {
        auto cpuinfo = sysfs::read_bytes(reading.root / "proc/cpuinfo", 16 * 1024);
        if (!cpuinfo) return false;
        auto flags = cpuinfo->find("\nflags");
        if (flags == std::string::npos) return false;
        auto end = cpuinfo->find('\n', flags + 1);
        return cpuinfo->substr(flags, end - flags).find(" hypervisor") != std::string::npos;
    }();
    if (hypervisor.empty() && cpu_flag) hypervisor = "unknown";
    f["machine.virtualized"] = !hypervisor.empty();
    inventory["virtualized"] = !hypervisor.empty();
    if (!hypervisor.empty()) {
        f["machine.hypervisor"] = hypervisor;
        inventory["hypervisor"] = hypervisor;
    }
    if (auto chassis = sysfs::read_number(dmi / "chassis_type", 10)) {
        f["machine.chassis_type"] = *chassis;
        const bool laptop = std::ranges::find(portable_chassis, *chassis) != portable_chassis.end();
        f["machine.laptop"] = laptop;
        inventory["chassis_type"] = *chassis;
        inventory["laptop"] = laptop;
    }
    reading.subjects.push_back(std::move(machine));
    reading.inventory["machine"] = std::move(inventory);
    if (!listed) return std::unexpected(listed.error());
    return {};
}

}  // namespace kiosk::host
