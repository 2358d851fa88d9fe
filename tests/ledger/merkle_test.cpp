#include <doctest/doctest.h>

#include "ledger/merkle.h"

using namespace kiosk::ledger;

namespace {

std::string unhex(std::string_view hex) {
    std::string bytes;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) bytes.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
    return bytes;
}

std::vector<Digest> numbered_leaves(std::size_t n) {
    std::vector<Digest> leaves;
    for (std::size_t i = 0; i < n; ++i) leaves.push_back(leaf_hash("leaf " + std::to_string(i)));
    return leaves;
}

}  // namespace

TEST_CASE("merkle: roots match the RFC 6962 reference vectors (certificate-transparency test data)") {
    const std::vector<std::string> inputs = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                             "606162636465666768696a6b6c6d6e6f"};
    const std::vector<std::string> roots = {
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
    std::vector<Digest> leaves;
    CompactRange range;
    CHECK(to_hex(merkle_root(leaves)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        leaves.push_back(leaf_hash(unhex(inputs[i])));
        range.append(leaves.back());
        CHECK(to_hex(merkle_root(leaves)) == roots[i]);
        CHECK(to_hex(range.root()) == roots[i]);
    }
}

TEST_CASE("merkle: every inclusion proof of trees up to 33 leaves verifies, and tampered ones do not") {
    auto leaves = numbered_leaves(33);
    for (std::uint64_t size = 1; size <= leaves.size(); ++size) {
        const auto root = merkle_root(std::span(leaves).first(size));
        for (std::uint64_t index = 0; index < size; ++index) {
            auto proof = inclusion_proof(leaves, index, size);
            REQUIRE(verify_inclusion(leaves[index], index, size, proof, root).has_value());
            CHECK_FALSE(verify_inclusion(leaves[(index + 1) % leaves.size()], index, size, proof, root).has_value());
            if (size > 1) CHECK_FALSE(verify_inclusion(leaves[index], (index + 1) % size, size, proof, root).has_value());
            if (!proof.empty()) {
                auto flipped = proof;
                flipped[proof.size() / 2][7] ^= 0x10;
                CHECK_FALSE(verify_inclusion(leaves[index], index, size, flipped, root).has_value());
                auto longer = proof;
                longer.push_back(proof.front());
                CHECK_FALSE(verify_inclusion(leaves[index], index, size, longer, root).has_value());
                auto shorter = proof;
                shorter.pop_back();
                CHECK_FALSE(verify_inclusion(leaves[index], index, size, shorter, root).has_value());
            }
        }
    }
}

TEST_CASE("merkle: consistency proofs between every pair of sizes up to 24 verify, and forks do not") {
    auto leaves = numbered_leaves(24);
    auto forked = leaves;
    forked[3] = leaf_hash("forged");
    for (std::uint64_t old_size = 1; old_size <= leaves.size(); ++old_size) {
        const auto old_root = merkle_root(std::span(leaves).first(old_size));
        for (std::uint64_t new_size = old_size; new_size <= leaves.size(); ++new_size) {
            const auto new_root = merkle_root(std::span(leaves).first(new_size));
            auto proof = consistency_proof(leaves, old_size, new_size);
            REQUIRE(verify_consistency(old_size, new_size, old_root, new_root, proof).has_value());
            if (old_size == new_size) continue;
            const auto forked_root = merkle_root(std::span(forked).first(new_size));
            if (old_size > 3) CHECK_FALSE(verify_consistency(old_size, new_size, old_root, forked_root, proof).has_value());
            auto flipped = proof;
            flipped.back()[0] ^= 1;
            CHECK_FALSE(verify_consistency(old_size, new_size, old_root, new_root, flipped).has_value());
        }
    }
    CHECK_FALSE(verify_consistency(5, 5, merkle_root(std::span(leaves).first(5)), merkle_root(std::span(forked).first(5)), {})
                    .has_value());
    CHECK_FALSE(verify_consistency(6, 5, {}, {}, {}).has_value());
}
