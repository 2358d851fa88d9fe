// The checkpoint as a C2SP signed note (https://c2sp.org/signed-note, tlog-checkpoint): the
// checkpoint text unchanged, a blank line, and one Ed25519 signature line by the kiosk key under
// the checkpoint's origin line as key name. Transparency-log tooling (witnesses, Go's
// sumdb/note, Sigstore's) verifies it with the verifier key below; checkpoint.txt and its
// .minisig stay as they are for minisign and openssl.
//
//   — kiosk-7f3a/kiosk-log/v1 <base64(key id[4] || Ed25519(text)[64])>
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "ledger/minisign.h"

namespace kiosk::ledger {

using NoteKeyId = std::array<std::uint8_t, 4>;

// SHA-256(name || '\n' || 0x01 || public key)[:4]: the key id of an Ed25519 note key.
NoteKeyId note_key_id(std::string_view name, const PublicKey& key);
// "<name>+<key id hex>+<base64(0x01 || public key)>": what a note verifier is configured with.
std::string note_verifier_key(std::string_view name, const PublicKey& key);
// The signature line for a signature over the note text.
std::string note_signature_line(std::string_view name, const PublicKey& key, const std::array<std::uint8_t, 64>& signature);

// Checks `note` is `text`, a blank line and a signature line by `key` under `name` that verifies.
Result<void> verify_note(std::string_view note, std::string_view text, std::string_view name, const PublicKey& key);

}  // namespace kiosk::ledger
