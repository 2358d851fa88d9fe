// Data files compiled into the binary: the default kiosk.toml and config/rules/*.toml.
#pragma once
#include <span>
#include <string_view>

namespace kiosk {

struct EmbeddedFile {
    std::string_view name;   // path relative to config/, e.g. "rules/kvm_usb.toml"
    std::string_view bytes;
};

namespace defaults {
std::span<const EmbeddedFile> embedded_files();
}

}  // namespace kiosk
