// MAC address → vendor, from the IEEE registry as Debian's ieee-data package ships it
// (/usr/share/ieee-data/{oui,mam,oui36}.csv), read at run time: no hand-kept vendor list.
// Nothing is kept in memory: a lookup reads the CSVs once for all the MACs it is given (a few ms),
// so a process that never meets a MAC never reads them, and one that does holds no table afterwards.
#pragma once
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
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
    // Notes which of oui.csv, mam.csv and oui36.csv exist in `dir` (reading none of them); when none
    // does the registry is empty and every lookup answers nullopt (vendors are then simply unknown).
    static OuiRegistry open(const std::filesystem::path& dir = default_ieee_data_dir);

    // For each of `macs`, in order, the most specific registration covering it (MA-S before MA-M
    // before MA-L; of two lines for one prefix the later one); nullopt for an unknown prefix or a
    // text that is not a MAC. Reads each CSV once, whatever the number of MACs.
    std::vector<std::optional<OuiVendor>> lookup(std::span<const std::string> macs) const;
    std::optional<OuiVendor> lookup(std::string_view mac) const;  // a batch of one

    bool empty() const { return files_.empty(); }
    const std::vector<std::string>& files() const { return files_; }  // the CSVs a lookup reads

private:
    std::vector<std::string> files_;
};

}  // namespace kiosk::host
