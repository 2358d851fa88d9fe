// The fixture trees under tests/fixtures/DIR, in name order (facts_test, rule_coverage_test).
#pragma once
#include <algorithm>
#include <filesystem>
#include <vector>

#include "support.h"

namespace kiosk::test {

inline std::vector<std::filesystem::path> fixture_trees(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> out;
    for (const auto& entry : std::filesystem::directory_iterator(fixtures() / dir))
        if (entry.is_directory()) out.push_back(entry.path());
    std::ranges::sort(out);
    return out;
}

}  // namespace kiosk::test
