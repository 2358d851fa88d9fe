// RFC 6962 / RFC 9162 Merkle tree: leaf = SHA-256(0x00 || record line), node = SHA-256(0x01 || l || r),
// with inclusion and consistency proofs (RFC 9162 §2.1.3, §2.1.4).
#pragma once
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "ledger/digest.h"

namespace kiosk::ledger {

Digest leaf_hash(std::string_view record_line);
Digest node_hash(const Digest& left, const Digest& right);

// Root of the tree over `leaves` (leaf hashes); SHA-256("") for none.
Digest merkle_root(std::span<const Digest> leaves);

// Audit path for leaf `index` in the tree over the first `size` of `leaves`.
std::vector<Digest> inclusion_proof(std::span<const Digest> leaves, std::uint64_t index, std::uint64_t size);
// Proof that the tree of size `old_size` is a prefix of the tree of size `new_size`.
std::vector<Digest> consistency_proof(std::span<const Digest> leaves, std::uint64_t old_size, std::uint64_t new_size);

Result<void> verify_inclusion(const Digest& leaf, std::uint64_t index, std::uint64_t size,
                              std::span<const Digest> proof, const Digest& root);
Result<void> verify_consistency(std::uint64_t old_size, std::uint64_t new_size, const Digest& old_root,
                                const Digest& new_root, std::span<const Digest> proof);

// The right edge of a growing tree (at most 64 subtree roots): O(log n) appends and roots.
class CompactRange {
public:
    void append(const Digest& leaf);
    std::uint64_t size() const { return size_; }
    Digest root() const;

private:
    std::vector<Digest> peaks_;  // roots of perfect subtrees, biggest first
    std::uint64_t size_ = 0;
};

}  // namespace kiosk::ledger
