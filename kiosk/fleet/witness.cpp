#include "fleet/witness.h"

#include "fleet/store.h"

namespace kiosk::fleet {
namespace {

// A reviewer's view: the signer of this kiosk id with the ledger's key, else the latest enrolled
// one (a kiosk re-enrolled after a new ledger), whose key then fails the comparison.
Result<std::optional<Signer>> signer_for_kiosk(pg::Connection& connection, const ledger::Ledger& ledger) {
    auto all = signers(connection);
    if (!all) return std::unexpected(all.error());
    auto key = ledger.public_key();
    std::optional<Signer> found;
    for (auto& signer : *all) {
        if (signer.kiosk_id != ledger.kiosk_id()) continue;
        if (key && signer.key == *key) return std::optional<Signer>{std::move(signer)};
        found = std::move(signer);
    }
    return found;
}

}  // namespace

Result<ledger::VerifyOptions> witness_options(pg::Connection& connection, const ledger::Ledger& ledger) {
    auto signer = own_signer(connection);
    if (!signer) return std::unexpected(signer.error());
    if (!*signer) {
        signer = signer_for_kiosk(connection, ledger);
        if (!signer) return std::unexpected(signer.error());
    }
    if (!*signer)
        return fail(ErrorKind::not_found, "the fleet holds no log for kiosk '" + ledger.kiosk_id() +
                                              "' (not enrolled, or never pushed)");
    auto held = holding(connection, **signer);
    if (!held) return std::unexpected(held.error());
    ledger::VerifyOptions options;
    options.pinned_key = (*signer)->key;
    if (held->newest_checkpoint) {
        const auto& newest = *held->newest_checkpoint;
        auto comment = ledger::verify_minisig(newest.text, newest.minisig, (*signer)->key);
        if (!comment || *comment != newest.checkpoint.trusted_comment())
            return fail(ErrorKind::tampered, "the fleet's checkpoint " + std::to_string(newest.checkpoint.size) +
                                                 " for role " + (*signer)->role +
                                                 " does not verify with its bound key (run kiosk fleet verify)");
        options.known_checkpoint = newest.checkpoint;
    }
    return options;
}

}  // namespace kiosk::fleet
