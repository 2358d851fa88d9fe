// libFuzzer target for everything the ledger reads from outside: record lines, checkpoints,
// .minisig files, public and secret key files, TPM-sealed key files, signed notes, inclusion
// proofs, and whole export bundles.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <unistd.h>

#include "ledger/checkpoint.h"
#include "ledger/export.h"
#include "ledger/merkle.h"
#include "ledger/minisign.h"
#include "ledger/note.h"
#include "ledger/record.h"
#include "ledger/tpm.h"

namespace {

using namespace kiosk::ledger;

void write(const std::filesystem::path& path, std::string_view bytes) {
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// A bundle directory with a validly signed checkpoint; the fuzzer supplies records and proofs.
struct Bundle {
    std::filesystem::path dir;
    SecretKey key = SecretKey::from_seed({});
    Bundle() {
        dir = std::filesystem::temp_directory_path() / ("fuzz-ledger-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        Checkpoint checkpoint{"kiosk-fuzz", 5, sha256("root"), std::nullopt, "2026-01-01T00:00:00.000Z"};
        write(dir / "checkpoint.txt", checkpoint.text());
        write(dir / "checkpoint.txt.minisig", key.sign(checkpoint.text(), checkpoint.trusted_comment()));
        write(dir / "kiosk.pub", key.public_key().minisign_file());
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Bundle bundle;
    if (size == 0) return 0;
    const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 9) {
        case 0: (void)parse_record_line(input); break;
        case 1: (void)parse_checkpoint(input); break;
        case 2: (void)parse_minisig(input); break;
        case 3: (void)parse_public_key(input); break;
        case 4: (void)SecretKey::parse_file(input); break;
        case 6: (void)tpm::parse_blob_file(input); break;
        case 7: {
            const Checkpoint checkpoint{"kiosk-fuzz", 5, sha256("root"), std::nullopt, "2026-01-01T00:00:00.000Z"};
            (void)verify_note(input, checkpoint.text(), "kiosk-fuzz/kiosk-log/v1", bundle.key.public_key());
            break;
        }
        case 5: {
            // Leaf index, tree size and proof hashes from the bytes; never a crash, rarely a pass.
            if (input.size() < 16) break;
            std::uint64_t index = 0, tree = 0;
            for (int i = 0; i < 8; ++i) index = index << 8 | static_cast<std::uint8_t>(input[i]);
            for (int i = 8; i < 16; ++i) tree = tree << 8 | static_cast<std::uint8_t>(input[i]);
            std::vector<Digest> proof;
            for (std::size_t at = 16; at + 32 <= input.size() && proof.size() < 70; at += 32) {
                Digest digest;
                std::copy_n(input.begin() + static_cast<std::ptrdiff_t>(at), 32, digest.begin());
                proof.push_back(digest);
            }
            (void)verify_inclusion(sha256("leaf"), index, tree, proof, sha256("root"));
            (void)verify_consistency(index, tree, sha256("a"), sha256("b"), proof);
            break;
        }
        default: {
            auto split = input.find('\0');
            write(bundle.dir / "records.jsonl", input.substr(0, split));
            write(bundle.dir / "proofs.json", split == std::string_view::npos ? "" : input.substr(split + 1));
            (void)verify_export(bundle.dir, bundle.key.public_key());
            break;
        }
    }
    return 0;
}
