// The display rules on ../shared/data/edid (real KVM, real-monitor and hard-negative EDIDs), when it
// is there: every kvm/ blob is category kvm at high or above, no real/ blob reaches medium, no
// ambiguous/ blob reaches high, and the decoder agrees with labels.csv. Prints a confusion summary.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "host/edid.h"
#include "host/rules.h"
#include "support.h"

using kiosk::Finding;
using kiosk::Severity;

namespace {

struct Label {
    std::string pnp, product, name;
    bool base_checksum_ok = true;
};

// labels.csv: file,label,subclass,pnp,product,monitor_name,bytes,header_ok,base_checksum_ok
std::map<std::string, Label> read_labels(const std::filesystem::path& csv) {
    std::map<std::string, Label> labels;
    std::ifstream in(csv);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::vector<std::string> cells;
        std::stringstream row(line);
        for (std::string cell; std::getline(row, cell, ',');) cells.push_back(cell);
        if (cells.size() < 9) continue;
        labels[cells[0]] = Label{cells[3], cells[4], cells[5], cells[8] == "1"};
    }
    return labels;
}

std::string worst_label(const std::vector<Finding>& findings, std::string_view category) {
    std::optional<Severity> worst;
    for (const auto& f : findings)
        if (category.empty() || f.category == category) worst = std::max(worst.value_or(Severity::info), f.severity);
    return worst ? std::string(to_string(*worst)) : "none";
}

bool reaches(const std::vector<Finding>& findings, Severity at_least, std::string_view category = "") {
    return std::ranges::any_of(findings, [&](const Finding& f) {
        return f.severity >= at_least && (category.empty() || f.category == category);
    });
}

std::string hex4(std::uint16_t value) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%04X", value);
    return text;
}

}  // namespace

TEST_CASE("edid eval: shared data — kvm caught at high, real below medium, ambiguous below high") {
    const auto data = kiosk::test::shared_data();
    if (!data || !std::filesystem::is_directory(*data / "edid")) {
        MESSAGE("skipped: ../shared/data/edid is not present");
        return;
    }
    const auto root = *data / "edid";
    const auto labels = read_labels(root / "labels.csv");
    auto rules = kiosk::host::RuleSet::load();
    REQUIRE(rules);

    std::map<std::string, std::map<std::string, int>> confusion;  // folder → worst severity → count
    int files = 0;
    for (const std::string folder : {"kvm", "real", "ambiguous"}) {
        for (const auto& entry : std::filesystem::directory_iterator(root / folder)) {
            if (entry.path().extension() != ".bin") continue;
            ++files;
            const std::string file = folder + "/" + entry.path().filename().string();
            std::ifstream in(entry.path(), std::ios::binary);
            const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in), {}};
            auto edid = kiosk::host::decode_edid(bytes);
            REQUIRE_MESSAGE(edid.has_value(), file);
            if (auto label = labels.find(file); label != labels.end()) {
                CHECK_MESSAGE(edid->manufacturer == label->second.pnp, file);
                CHECK_MESSAGE(hex4(edid->product_code) == label->second.product, file);
                CHECK_MESSAGE(edid->base_checksum_ok == label->second.base_checksum_ok, file);
                const bool ascii = std::ranges::all_of(label->second.name, [](char c) { return c > 0x1F && c < 0x7F; });
                // labels.csv keeps the first name descriptor; the decoder joins a name split over two.
                if (ascii) CHECK_MESSAGE(edid->name.starts_with(label->second.name), file);
            }
            const std::array subjects{kiosk::host::display_subject(*edid, file)};
            const auto findings = rules->judge(subjects);
            confusion[folder][worst_label(findings, "")]++;
            if (folder == "kvm") {
                CHECK_MESSAGE(reaches(findings, Severity::high, "kvm"), file << " is not kvm >= high");
            } else if (folder == "real") {
                CHECK_MESSAGE(!reaches(findings, Severity::medium), file << " reaches medium");
            } else {
                CHECK_MESSAGE(!reaches(findings, Severity::high), file << " reaches high");
                for (const auto& f : findings)
                    if (f.category == "virtual_display") CHECK_MESSAGE(f.severity <= Severity::medium, file);
            }
        }
    }
    CHECK(files == static_cast<int>(labels.size()));
    std::ostringstream summary;
    summary << "edid eval on " << files << " blobs (worst finding per blob):\n";
    for (const auto& [folder, counts] : confusion) {
        summary << "  " << folder << ":";
        for (const auto severity : {"none", "info", "low", "medium", "high", "critical"})
            summary << " " << severity << "=" << (counts.contains(severity) ? counts.at(severity) : 0);
        summary << "\n";
    }
    std::cout << summary.str();
    MESSAGE(summary.str());
}
