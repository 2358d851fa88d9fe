#include "ledger/tpm.h"

#include <sodium.h>
#include <tss2/tss2_esys.h>
#include <tss2/tss2_mu.h>
#include <tss2/tss2_rc.h>
#include <tss2/tss2_tctildr.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <vector>

#include "ledger/digest.h"

namespace kiosk::ledger::tpm {
namespace {

constexpr std::string_view blob_comment = "kiosk ledger key sealed to a TPM 2.0 (unseals only on the TPM that made it)";

std::string rc_text(TSS2_RC rc) { return Tss2_RC_Decode(rc); }

// One TCTI + ESYS connection, and the transient objects made on it (flushed on the way out, so a
// failed call leaves nothing loaded in the TPM).
class Connection {
public:
    static Result<std::unique_ptr<Connection>> open(const std::string& tcti) {
        // The TSS logs its own errors to stderr; the kiosk reports one line itself.
        ::setenv("TSS2_LOG", "all+none", 0);
        auto connection = std::make_unique<Connection>();
        if (auto rc = Tss2_TctiLdr_Initialize(tcti.c_str(), &connection->tcti_); rc != TSS2_RC_SUCCESS)
            return fail("no TPM reachable through TCTI '" + tcti + "' (" + rc_text(rc) + "); set ledger.tpm_tcti");
        if (auto rc = Esys_Initialize(&connection->esys_, connection->tcti_, nullptr); rc != TSS2_RC_SUCCESS)
            return fail("cannot talk to the TPM through TCTI '" + tcti + "': " + rc_text(rc));
        return connection;
    }

    Connection() = default;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection() {
        for (auto handle : transient_) Esys_FlushContext(esys_, handle);
        if (esys_) Esys_Finalize(&esys_);
        if (tcti_) Tss2_TctiLdr_Finalize(&tcti_);
    }

    ESYS_CONTEXT* esys() { return esys_; }
    void track(ESYS_TR handle) { transient_.push_back(handle); }

    // The owner hierarchy's storage primary key (the TCG's ECC P-256 SRK template). The TPM derives
    // it from its owner seed, so the same template gives the same key on the same TPM every time.
    Result<ESYS_TR> primary() {
        TPM2B_PUBLIC in_public{};
        auto& area = in_public.publicArea;
        area.type = TPM2_ALG_ECC;
        area.nameAlg = TPM2_ALG_SHA256;
        area.objectAttributes = TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT | TPMA_OBJECT_FIXEDTPM |
                                TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN |
                                TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_NODA;
        area.parameters.eccDetail.symmetric.algorithm = TPM2_ALG_AES;
        area.parameters.eccDetail.symmetric.keyBits.aes = 128;
        area.parameters.eccDetail.symmetric.mode.aes = TPM2_ALG_CFB;
        area.parameters.eccDetail.scheme.scheme = TPM2_ALG_NULL;
        area.parameters.eccDetail.curveID = TPM2_ECC_NIST_P256;
        area.parameters.eccDetail.kdf.scheme = TPM2_ALG_NULL;
        TPM2B_SENSITIVE_CREATE sensitive{};
        TPM2B_DATA outside{};
        TPML_PCR_SELECTION pcrs{};
        ESYS_TR handle = ESYS_TR_NONE;
        auto rc = Esys_CreatePrimary(esys_, ESYS_TR_RH_OWNER, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE, &sensitive,
                                     &in_public, &outside, &pcrs, &handle, nullptr, nullptr, nullptr, nullptr);
        if (rc != TSS2_RC_SUCCESS)
            return fail("the TPM refused to make its storage primary key (owner hierarchy): " + rc_text(rc));
        track(handle);
        return handle;
    }

    // A session salted with the primary key that encrypts the first command and response parameter,
    // so the seed never crosses the bus in the clear.
    Result<ESYS_TR> encrypting_session(ESYS_TR primary_key) {
        TPMT_SYM_DEF symmetric{};
        symmetric.algorithm = TPM2_ALG_AES;
        symmetric.keyBits.aes = 128;
        symmetric.mode.aes = TPM2_ALG_CFB;
        ESYS_TR session = ESYS_TR_NONE;
        auto rc = Esys_StartAuthSession(esys_, primary_key, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
                                        nullptr, TPM2_SE_HMAC, &symmetric, TPM2_ALG_SHA256, &session);
        if (rc != TSS2_RC_SUCCESS) return fail("cannot start an encrypted TPM session: " + rc_text(rc));
        track(session);
        rc = Esys_TRSess_SetAttributes(esys_, session,
                                       TPMA_SESSION_DECRYPT | TPMA_SESSION_ENCRYPT | TPMA_SESSION_CONTINUESESSION, 0xff);
        if (rc != TSS2_RC_SUCCESS) return fail("cannot set the TPM session's attributes: " + rc_text(rc));
        return session;
    }

private:
    TSS2_TCTI_CONTEXT* tcti_ = nullptr;
    ESYS_CONTEXT* esys_ = nullptr;
    std::vector<ESYS_TR> transient_;
};

// What seal and unseal both start from: a connection, its storage primary key, and a session
// salted with that key which encrypts the seed on its way over the bus.
struct Channel {
    std::unique_ptr<Connection> connection;
    ESYS_TR primary_key = ESYS_TR_NONE;
    ESYS_TR session = ESYS_TR_NONE;
};

Result<Channel> open_channel(const std::string& tcti) {
    auto connection = Connection::open(tcti);
    if (!connection) return std::unexpected(connection.error());
    auto primary_key = (*connection)->primary();
    if (!primary_key) return std::unexpected(primary_key.error());
    auto session = (*connection)->encrypting_session(*primary_key);
    if (!session) return std::unexpected(session.error());
    return Channel{std::move(*connection), *primary_key, *session};
}

template <typename T>
struct EsysFree {
    void operator()(T* pointer) const { Esys_Free(pointer); }
};
template <typename T>
using EsysOwned = std::unique_ptr<T, EsysFree<T>>;

std::string marshal_public(const TPM2B_PUBLIC& area) {
    std::vector<std::uint8_t> buffer(sizeof(TPM2B_PUBLIC));
    std::size_t offset = 0;
    Tss2_MU_TPM2B_PUBLIC_Marshal(&area, buffer.data(), buffer.size(), &offset);
    return {reinterpret_cast<const char*>(buffer.data()), offset};
}

std::string marshal_private(const TPM2B_PRIVATE& area) {
    std::vector<std::uint8_t> buffer(sizeof(TPM2B_PRIVATE));
    std::size_t offset = 0;
    Tss2_MU_TPM2B_PRIVATE_Marshal(&area, buffer.data(), buffer.size(), &offset);
    return {reinterpret_cast<const char*>(buffer.data()), offset};
}

}  // namespace

LockedSeed::LockedSeed() {
    if (sodium_init() < 0) throw std::bad_alloc();
    bytes_ = static_cast<std::uint8_t*>(sodium_malloc(size));
    if (!bytes_) throw std::bad_alloc();
}

LockedSeed::~LockedSeed() {
    if (bytes_) sodium_free(bytes_);  // zeroes before freeing
}

LockedSeed::LockedSeed(LockedSeed&& other) noexcept : bytes_(std::exchange(other.bytes_, nullptr)) {}

std::string SealedBlob::file_text() const {
    return std::string(blob_comment) + "\npublic " + to_base64(public_area) + "\nprivate " + to_base64(private_area) +
           "\n";
}

Result<SealedBlob> parse_blob_file(std::string_view text) {
    SealedBlob blob;
    bool has_public = false, has_private = false;
    std::size_t line_number = 0;
    while (!text.empty()) {
        auto end = text.find('\n');
        auto line = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        if (line_number++ == 0) {
            if (line != blob_comment) return fail("not a kiosk TPM-sealed key file");
            continue;
        }
        auto space = line.find(' ');
        if (space == std::string_view::npos) return fail("TPM-sealed key file: line " + std::to_string(line_number) + " has no value");
        auto name = line.substr(0, space);
        auto bytes = from_base64(line.substr(space + 1));
        if (!bytes) return fail("TPM-sealed key file: " + std::string(name) + " is not base64");
        if (name == "public" && !has_public) blob.public_area = *bytes, has_public = true;
        else if (name == "private" && !has_private) blob.private_area = *bytes, has_private = true;
        else return fail("TPM-sealed key file: unexpected line '" + std::string(name) + "'");
    }
    if (!has_public || !has_private) return fail("TPM-sealed key file lacks its public or private part");
    TPM2B_PUBLIC public_area{};
    std::size_t offset = 0;
    if (Tss2_MU_TPM2B_PUBLIC_Unmarshal(reinterpret_cast<const std::uint8_t*>(blob.public_area.data()),
                                       blob.public_area.size(), &offset, &public_area) != TSS2_RC_SUCCESS ||
        offset != blob.public_area.size())
        return fail("TPM-sealed key file: the public part is not a TPM2B_PUBLIC");
    TPM2B_PRIVATE private_area{};
    offset = 0;
    if (Tss2_MU_TPM2B_PRIVATE_Unmarshal(reinterpret_cast<const std::uint8_t*>(blob.private_area.data()),
                                        blob.private_area.size(), &offset, &private_area) != TSS2_RC_SUCCESS ||
        offset != blob.private_area.size())
        return fail("TPM-sealed key file: the private part is not a TPM2B_PRIVATE");
    return blob;
}

Result<SealedBlob> seal(const std::string& tcti, const LockedSeed& seed) {
    auto channel = open_channel(tcti);
    if (!channel) return std::unexpected(channel.error());
    auto& [tpm, primary_key, session] = *channel;

    TPM2B_SENSITIVE_CREATE sensitive{};
    sensitive.sensitive.data.size = static_cast<UINT16>(LockedSeed::size);
    std::memcpy(sensitive.sensitive.data.buffer, seed.data(), LockedSeed::size);
    TPM2B_PUBLIC in_public{};
    auto& area = in_public.publicArea;
    area.type = TPM2_ALG_KEYEDHASH;
    area.nameAlg = TPM2_ALG_SHA256;
    // A sealed data object: never leaves this TPM under another parent, usable with empty auth.
    area.objectAttributes = TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_NODA;
    area.parameters.keyedHashDetail.scheme.scheme = TPM2_ALG_NULL;
    TPM2B_DATA outside{};
    TPML_PCR_SELECTION pcrs{};
    TPM2B_PRIVATE* out_private = nullptr;
    TPM2B_PUBLIC* out_public = nullptr;
    auto rc = Esys_Create(tpm->esys(), primary_key, session, ESYS_TR_NONE, ESYS_TR_NONE, &sensitive, &in_public, &outside,
                          &pcrs, &out_private, &out_public, nullptr, nullptr, nullptr);
    sodium_memzero(&sensitive, sizeof sensitive);
    EsysOwned<TPM2B_PRIVATE> owned_private(out_private);
    EsysOwned<TPM2B_PUBLIC> owned_public(out_public);
    if (rc != TSS2_RC_SUCCESS) return fail("the TPM refused to seal the key: " + rc_text(rc));
    return SealedBlob{marshal_public(*out_public), marshal_private(*out_private)};
}

Result<LockedSeed> unseal(const std::string& tcti, const SealedBlob& blob) {
    TPM2B_PUBLIC in_public{};
    TPM2B_PRIVATE in_private{};
    std::size_t offset = 0;
    if (Tss2_MU_TPM2B_PUBLIC_Unmarshal(reinterpret_cast<const std::uint8_t*>(blob.public_area.data()),
                                       blob.public_area.size(), &offset, &in_public) != TSS2_RC_SUCCESS)
        return fail("TPM-sealed key: the public part is damaged");
    offset = 0;
    if (Tss2_MU_TPM2B_PRIVATE_Unmarshal(reinterpret_cast<const std::uint8_t*>(blob.private_area.data()),
                                        blob.private_area.size(), &offset, &in_private) != TSS2_RC_SUCCESS)
        return fail("TPM-sealed key: the private part is damaged");

    auto channel = open_channel(tcti);
    if (!channel) return std::unexpected(channel.error());
    auto& [tpm, primary_key, session] = *channel;
    ESYS_TR object = ESYS_TR_NONE;
    auto rc = Esys_Load(tpm->esys(), primary_key, session, ESYS_TR_NONE, ESYS_TR_NONE, &in_private, &in_public, &object);
    if (rc != TSS2_RC_SUCCESS)
        return fail("the TPM-sealed kiosk key does not load on this TPM: it was sealed by another TPM, or this TPM "
                    "was cleared (" + rc_text(rc) + ")");
    tpm->track(object);
    TPM2B_SENSITIVE_DATA* out_data = nullptr;
    rc = Esys_Unseal(tpm->esys(), object, session, ESYS_TR_NONE, ESYS_TR_NONE, &out_data);
    EsysOwned<TPM2B_SENSITIVE_DATA> owned_data(out_data);
    if (rc != TSS2_RC_SUCCESS) return fail("the TPM refused to unseal the kiosk key: " + rc_text(rc));
    if (out_data->size != LockedSeed::size) {
        sodium_memzero(out_data->buffer, out_data->size);
        return fail("the TPM-sealed object does not hold an Ed25519 seed");
    }
    LockedSeed seed;
    std::memcpy(seed.data(), out_data->buffer, LockedSeed::size);
    sodium_memzero(out_data->buffer, out_data->size);
    return seed;
}

}  // namespace kiosk::ledger::tpm
