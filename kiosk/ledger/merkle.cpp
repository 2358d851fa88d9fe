#include "ledger/merkle.h"

#include <bit>
#include <sodium.h>

namespace kiosk::ledger {
namespace {

// Largest power of two strictly below n (n >= 2): where RFC 6962 splits a tree.
std::uint64_t split_point(std::uint64_t n) { return std::bit_floor(n - 1); }

Digest subtree_root(std::span<const Digest> leaves) {
    if (leaves.size() == 1) return leaves[0];
    auto k = split_point(leaves.size());
    return node_hash(subtree_root(leaves.first(k)), subtree_root(leaves.subspan(k)));
}

void path(std::span<const Digest> leaves, std::uint64_t index, std::vector<Digest>& proof) {
    if (leaves.size() <= 1) return;
    auto k = split_point(leaves.size());
    if (index < k) {
        path(leaves.first(k), index, proof);
        proof.push_back(subtree_root(leaves.subspan(k)));
    } else {
        path(leaves.subspan(k), index - k, proof);
        proof.push_back(subtree_root(leaves.first(k)));
    }
}

// RFC 6962 §2.1.2 SUBPROOF(m, D[n], b).
void subproof(std::span<const Digest> leaves, std::uint64_t m, bool complete, std::vector<Digest>& proof) {
    const std::uint64_t n = leaves.size();
    if (m == n) {
        if (!complete) proof.push_back(subtree_root(leaves));
        return;
    }
    auto k = split_point(n);
    if (m <= k) {
        subproof(leaves.first(k), m, complete, proof);
        proof.push_back(subtree_root(leaves.subspan(k)));
    } else {
        subproof(leaves.subspan(k), m - k, false, proof);
        proof.push_back(subtree_root(leaves.first(k)));
    }
}

}  // namespace

Digest leaf_hash(std::string_view record_line) {
    Digest digest;
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init(&state);
    const unsigned char prefix = 0x00;
    crypto_hash_sha256_update(&state, &prefix, 1);
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(record_line.data()), record_line.size());
    crypto_hash_sha256_final(&state, digest.data());
    return digest;
}

Digest node_hash(const Digest& left, const Digest& right) {
    unsigned char buffer[65];
    buffer[0] = 0x01;
    std::copy(left.begin(), left.end(), buffer + 1);
    std::copy(right.begin(), right.end(), buffer + 33);
    Digest digest;
    crypto_hash_sha256(digest.data(), buffer, sizeof buffer);
    return digest;
}

Digest merkle_root(std::span<const Digest> leaves) {
    if (leaves.empty()) return sha256("");
    CompactRange range;
    for (const auto& leaf : leaves) range.append(leaf);
    return range.root();
}

std::vector<Digest> inclusion_proof(std::span<const Digest> leaves, std::uint64_t index, std::uint64_t size) {
    std::vector<Digest> proof;
    if (size > leaves.size() || index >= size) return proof;
    path(leaves.first(size), index, proof);
    return proof;
}

std::vector<Digest> consistency_proof(std::span<const Digest> leaves, std::uint64_t old_size,
                                      std::uint64_t new_size) {
    std::vector<Digest> proof;
    if (new_size > leaves.size() || old_size == 0 || old_size >= new_size) return proof;
    subproof(leaves.first(new_size), old_size, true, proof);
    return proof;
}

// RFC 9162 §2.1.3.2.
Result<void> verify_inclusion(const Digest& leaf, std::uint64_t index, std::uint64_t size,
                              std::span<const Digest> proof, const Digest& root) {
    if (index >= size) return fail("leaf index " + std::to_string(index) + " is outside a tree of size " +
                                   std::to_string(size));
    std::uint64_t fn = index, sn = size - 1;
    Digest r = leaf;
    for (const auto& p : proof) {
        if (sn == 0) return fail("inclusion proof is longer than the tree is deep");
        if ((fn & 1) == 1 || fn == sn) {
            r = node_hash(p, r);
            if ((fn & 1) == 0)
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
        } else {
            r = node_hash(r, p);
        }
        fn >>= 1;
        sn >>= 1;
    }
    if (sn != 0) return fail("inclusion proof is shorter than the tree is deep");
    if (r != root) return fail("inclusion proof leads to another root");
    return {};
}

// RFC 9162 §2.1.4.2.
Result<void> verify_consistency(std::uint64_t old_size, std::uint64_t new_size, const Digest& old_root,
                                const Digest& new_root, std::span<const Digest> proof) {
    if (old_size > new_size) return fail("the old tree is bigger than the new one");
    if (old_size == new_size) {
        if (!proof.empty()) return fail("consistency proof between equal sizes must be empty");
        if (old_root != new_root) return fail("same tree size, different roots (a fork)");
        return {};
    }
    if (old_size == 0) {
        if (!proof.empty()) return fail("consistency proof from an empty tree must be empty");
        return {};
    }
    if (proof.empty()) return fail("consistency proof is empty");
    std::vector<Digest> path_hashes(proof.begin(), proof.end());
    if (std::has_single_bit(old_size)) path_hashes.insert(path_hashes.begin(), old_root);
    std::uint64_t fn = old_size - 1, sn = new_size - 1;
    while ((fn & 1) == 1) {
        fn >>= 1;
        sn >>= 1;
    }
    Digest fr = path_hashes[0], sr = path_hashes[0];
    for (std::size_t i = 1; i < path_hashes.size(); ++i) {
        const auto& c = path_hashes[i];
        if (sn == 0) return fail("consistency proof is too long");
        if ((fn & 1) == 1 || fn == sn) {
            fr = node_hash(c, fr);
            sr = node_hash(c, sr);
            if ((fn & 1) == 0)
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
        } else {
            sr = node_hash(sr, c);
        }
        fn >>= 1;
        sn >>= 1;
    }
    if (sn != 0) return fail("consistency proof is too short");
    if (fr != old_root) return fail("consistency proof does not lead to the old root");
    if (sr != new_root) return fail("consistency proof does not lead to the new root");
    return {};
}

void CompactRange::append(const Digest& leaf) {
    // Merge equal-sized perfect subtrees: one merge per trailing 1 bit of the old size.
    Digest carry = leaf;
    for (std::uint64_t s = size_; (s & 1) == 1; s >>= 1) {
        carry = node_hash(peaks_.back(), carry);
        peaks_.pop_back();
    }
    peaks_.push_back(carry);
    ++size_;
}

Digest CompactRange::root() const {
    if (peaks_.empty()) return sha256("");
    Digest root = peaks_.back();
    for (auto it = peaks_.rbegin() + 1; it != peaks_.rend(); ++it) root = node_hash(*it, root);
    return root;
}

}  // namespace kiosk::ledger
