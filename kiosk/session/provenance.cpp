#include "session/provenance.h"

#include <fstream>
#include <map>
#include <mutex>

#include "core/embedded.h"
#include "host/rules.h"
#include "ledger/digest.h"
#include <sodium.h>

namespace kiosk::session {
namespace {

std::string streamed_sha256(std::istream& in) {
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init(&state);
    std::vector<char> buffer(1 << 16);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(buffer.data()),
                                  static_cast<unsigned long long>(in.gcount()));
    }
    ledger::Digest digest;
    crypto_hash_sha256_final(&state, digest.data());
    return "sha256:" + ledger::to_hex(digest);
}

std::string text_hash(std::string_view text) { return "sha256:" + ledger::to_hex(ledger::sha256(text)); }

}  // namespace

std::string file_hash(const std::filesystem::path& path) {
    // Model files are large and do not change while the kiosk runs: hash each (path, mtime) once.
    static std::mutex mutex;
    static std::map<std::pair<std::string, std::int64_t>, std::string> cache;
    std::error_code error;
    auto mtime = std::filesystem::last_write_time(path, error);
    if (error) return "unreadable: " + error.message();
    auto key = std::pair{path.string(), static_cast<std::int64_t>(mtime.time_since_epoch().count())};
    std::lock_guard lock(mutex);
    if (auto found = cache.find(key); found != cache.end()) return found->second;
    std::ifstream in(path, std::ios::binary);
    if (!in) return "unreadable: cannot open";
    return cache[key] = streamed_sha256(in);
}

nlohmann::json provenance(const Config& config) {
    std::string defaults;
    for (const auto& file : defaults::embedded_files())
        if (file.name == "kiosk.toml") defaults = std::string(file.bytes);
    nlohmann::json config_json = {{"defaults", text_hash(defaults)}};
    if (!config.source_name().empty()) {
        config_json["file"] = config.source_name();
        config_json["file_hash"] = text_hash(config.source_text());
    }
    nlohmann::json rules;
    if (auto loaded = host::RuleSet::load(config.string("scan.rules_dir"))) rules = loaded->version();
    else rules = "not loaded: " + loaded.error().message;
    return {{"binary", file_hash("/proc/self/exe")},
            {"config", config_json},
            {"rules", rules},
            {"models", nlohmann::json::array({{{"file", "/usr/share/dlib/shape_predictor_68_face_landmarks.dat"},
                                               {"hash", file_hash("/usr/share/dlib/shape_predictor_68_face_landmarks.dat")}}})}};
}

}  // namespace kiosk::session
