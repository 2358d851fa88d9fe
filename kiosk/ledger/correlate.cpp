#include "ledger/correlate.h"

#include <algorithm>
#include <iterator>
#include <numeric>
#include <unordered_map>

#include "ledger/ledger.h"
#include "ledger/record.h"

namespace kiosk::ledger {

namespace {

constexpr const char* hash_kinds[] = {"kvm_usb", "kvm_mac", "edid_serial", "neighbour_mac"};
constexpr std::size_t max_hashes_per_kind = 4096;

struct Evidence {
    const char* name;
    std::vector<const char*> kinds;  // fingerprint lists that count as this evidence
};

bool is_hex_hash(const std::string& text) {
    return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

// Union-find over session indices.
class Groups {
public:
    explicit Groups(std::size_t size) : parent_(size) { std::iota(parent_.begin(), parent_.end(), std::size_t{0}); }
    std::size_t root(std::size_t i) {
        while (parent_[i] != i) i = parent_[i] = parent_[parent_[i]];
        return i;
    }
    void join(std::size_t a, std::size_t b) { parent_[root(a)] = root(b); }

private:
    std::vector<std::size_t> parent_;
};

std::set<std::string> shared_hashes(const SessionFingerprint& a, const SessionFingerprint& b, const Evidence& evidence) {
    std::set<std::string> shared;
    for (const char* kind : evidence.kinds) {
        auto left = a.hashes.find(kind), right = b.hashes.find(kind);
        if (left == a.hashes.end() || right == b.hashes.end()) continue;
        std::set_intersection(left->second.begin(), left->second.end(), right->second.begin(), right->second.end(),
                              std::inserter(shared, shared.end()));
    }
    return shared;
}

}  // namespace

Result<SessionFingerprint> parse_fingerprint(std::string session, std::string subject, const nlohmann::json& fingerprint) {
    SessionFingerprint out{std::move(session), std::move(subject), {}};
    auto bad = [&](const std::string& why) { return fail("session " + out.session + ": fingerprint " + why); };
    if (!fingerprint.is_object()) return bad("is not a JSON object");
    if (fingerprint.value("version", 0) != 1) return bad("has no supported version");
    for (const char* kind : hash_kinds) {
        auto it = fingerprint.find(kind);
        if (it == fingerprint.end()) continue;
        if (!it->is_array() || it->size() > max_hashes_per_kind) return bad(std::string("'") + kind + "' is not a list of hashes");
        auto& set = out.hashes[kind];
        for (const auto& item : *it) {
            if (!item.is_string() || !is_hex_hash(item.get_ref<const std::string&>()))
                return bad(std::string("'") + kind + "' holds something other than a SHA-256 hex hash");
            set.insert(item.get<std::string>());
        }
    }
    return out;
}

std::vector<CorrelationGroup> correlate(std::span<const SessionFingerprint> sessions, const CorrelateOptions& options) {
    const Evidence evidences[] = {{"kvm", {"kvm_usb", "kvm_mac"}}, {"edid_serial", {"edid_serial"}}, {"neighbourhood", {"neighbour_mac"}}};
    std::vector<CorrelationGroup> groups;
    for (const auto& evidence : evidences) {
        std::size_t needed = std::string_view(evidence.name) == "neighbourhood" ? std::max<std::size_t>(1, options.min_shared_neighbours) : 1;
        // Which sessions hold each hash: only sessions that share one are ever compared, so a fleet
        // of distinct devices costs time in proportion to its sessions, not to their pairs.
        std::unordered_map<std::string_view, std::vector<std::size_t>> holders;
        for (std::size_t i = 0; i < sessions.size(); ++i)
            for (const char* kind : evidence.kinds)
                if (auto held = sessions[i].hashes.find(kind); held != sessions[i].hashes.end())
                    for (const auto& hash : held->second)
                        if (auto& list = holders[hash]; list.empty() || list.back() != i) list.push_back(i);
        Groups linked(sessions.size());
        std::vector<std::set<std::string>> shared(sessions.size());  // the linking hashes, per group root
        std::vector<std::pair<std::size_t, std::set<std::string>>> links;
        std::vector<std::size_t> hits(sessions.size(), 0);  // hashes session b shares with a (an upper bound)
        std::vector<std::size_t> met;                       // the b that a shares any hash with
        for (std::size_t a = 0; a < sessions.size(); ++a) {
            for (const char* kind : evidence.kinds)
                if (auto held = sessions[a].hashes.find(kind); held != sessions[a].hashes.end())
                    for (const auto& hash : held->second)
                        for (std::size_t b : holders[hash])
                            if (b > a && hits[b]++ == 0) met.push_back(b);
            std::sort(met.begin(), met.end());
            for (std::size_t b : met) {
                if (hits[b] >= needed && sessions[a].subject != sessions[b].subject) {
                    auto common = shared_hashes(sessions[a], sessions[b], evidence);
                    if (common.size() >= needed) {
                        linked.join(a, b);
                        links.emplace_back(a, std::move(common));
                    }
                }
                hits[b] = 0;
            }
            met.clear();
        }
        if (links.empty()) continue;
        for (auto& [member, hashes] : links) shared[linked.root(member)].merge(hashes);

        std::map<std::size_t, CorrelationGroup> by_root;
        for (std::size_t i = 0; i < sessions.size(); ++i) {
            auto root = linked.root(i);
            if (shared[root].empty()) continue;  // never linked
            auto& group = by_root[root];
            group.evidence = evidence.name;
            group.sessions.push_back(sessions[i].session);
            group.subjects.push_back(sessions[i].subject);
        }
        std::vector<CorrelationGroup> found;
        for (auto& [root, group] : by_root) {
            std::sort(group.sessions.begin(), group.sessions.end());
            std::sort(group.subjects.begin(), group.subjects.end());
            group.subjects.erase(std::unique(group.subjects.begin(), group.subjects.end()), group.subjects.end());
            group.shared.assign(shared[root].begin(), shared[root].end());
            found.push_back(std::move(group));
        }
        std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.sessions.front() < b.sessions.front(); });
        groups.insert(groups.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
    }
    return groups;
}

Result<std::vector<SessionFingerprint>> merge_fingerprints(std::span<const SessionSummary> sessions,
                                                            std::span<const StoredRecord> fingerprint_records) {
    std::map<std::string_view, std::vector<const StoredRecord*>> by_session;
    for (const auto& stored : fingerprint_records)
        if (!stored.purged) by_session[stored.session].push_back(&stored);
    std::vector<SessionFingerprint> out;
    for (const auto& summary : sessions) {
        auto found = by_session.find(summary.id);
        if (found == by_session.end()) continue;
        SessionFingerprint merged{summary.id, summary.subject, {}};
        for (const StoredRecord* stored : found->second) {
            auto record = parse_record_line(stored->line);
            if (!record) return fail(record.error(), "record " + std::to_string(stored->seq) + ": ");
            // The row's session column is unsigned: the line must say the same.
            if (record->type != record_type::fingerprint || record->session != summary.id)
                return fail(ErrorKind::tampered, "record " + std::to_string(stored->seq) + " is filed as a fingerprint of session " +
                                                     summary.id + " but its signed line says otherwise");
            // The body is the fingerprint, or holds it under "fingerprint".
            const auto& body = record->body.contains("fingerprint") ? record->body["fingerprint"] : record->body;
            auto parsed = parse_fingerprint(summary.id, summary.subject, body);
            if (!parsed) return fail(ErrorKind::tampered, "record " + std::to_string(stored->seq) + ": " + parsed.error().message);
            for (auto& [kind, hashes] : parsed->hashes) merged.hashes[kind].merge(hashes);
        }
        out.push_back(std::move(merged));
    }
    return out;
}

Result<std::vector<SessionFingerprint>> session_fingerprints(const Ledger& store) {
    auto sessions = store.sessions();
    if (!sessions) return std::unexpected(sessions.error());
    // Only the fingerprint records (by index), not every record of every session: the review
    // screen asks on each refresh.
    auto records = store.records_of_type(record_type::fingerprint);
    if (!records) return std::unexpected(records.error());
    return merge_fingerprints(*sessions, *records);
}

nlohmann::json to_json(const CorrelationGroup& group) {
    return {{"evidence", group.evidence}, {"sessions", group.sessions}, {"subjects", group.subjects}, {"shared_hashes", group.shared}};
}

}  // namespace kiosk::ledger
