// MAC address → vendor, from the IEEE registry as Debian's ieee-data package ships it
// (/usr/share/ieee-data/{oui,mam,oui36}.csv), read at run time: no hand-kept vendor list.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kiosk::host {

struct OuiVendor {
    std::string registry;      // MA-L (24-bit prefix), MA-M (28-bit) or MA-S (36-bit)
    std::string prefix;        // the matched prefix in upper-case hex, e.g. "DCA632"
    std::string organization;  // e.g. "Raspberry Pi Trading Ltd"
};

inline constexpr std::string_view default_ieee_data_dir = "/usr/share/ieee-data";

// "dc:a6:32:01:02:03" or "DC-A6-32-01-02-03" → "DCA632010203"; nullopt when it is not 6 bytes of hex.
std::optional<std::string> normalise_mac(std::string_view text);

class OuiRegistry {
public:
    // Reads whichever of oui.csv, mam.csv and oui36.csv exist in `dir`; when none does the registry
    // is empty and every lookup answers nullopt (vendors are then simply unknown).
    static OuiRegistry load(const std::filesystem::path& dir = default_ieee_data_dir);

    // The most specific registration covering `mac` (MA-S before MA-M before MA-L).
    std::optional<OuiVendor> lookup(std::string_view mac) const;

    bool empty() const { return entries_ == 0; }
    const std::vector<std::string>& files() const { return files_; }  // the CSVs that were read

private:
    void add(std::string registry, std::string prefix, std::string organization);
    std::unordered_map<std::string, OuiVendor> by_prefix_;  // keyed by 6, 7 or 9 hex digits
    std::size_t entries_ = 0;
    std::vector<std::string> files_;
};

// The registry under default_ieee_data_dir, loaded on first use.
const OuiRegistry& system_oui_registry();

}  // namespace kiosk::host
