// The Credential Manager: a domain password (CRED_TYPE_DOMAIN_PASSWORD) for "TERMSRV/host",
// the entry mstsc writes for "Remember me" and reads when it signs in. Windows lets only its
// sign-in read a domain password back, so load_password confirms the entry and leaves the
// password to mstsc.
#include "rdpmedic/platform/credential_store.h"
#include "rdpmedic/platform/wide_text.h"
#include "rdpmedic/platform/windows_api.h"
#include "rdpmedic/platform/windows_error.h"

#include <wincred.h>

#include <memory>
#include <string>

namespace rdpmedic {

namespace {

std::wstring target_name(const CredentialKey& key) { return L"TERMSRV/" + widen(key.host); }

struct CredFreeDeleter {
    void operator()(CREDENTIALW* credential) const { CredFree(credential); }
};
using Credential = std::unique_ptr<CREDENTIALW, CredFreeDeleter>;

CredentialErrorKind kind_of(DWORD code) {
    switch (code) {
    case ERROR_NOT_FOUND: return CredentialErrorKind::NotFound;
    // The logon session keeps the credentials: without one (a service account) there is no store.
    case ERROR_NO_SUCH_LOGON_SESSION: return CredentialErrorKind::NoService;
    default: return CredentialErrorKind::Other;
    }
}

[[noreturn]] void fail(CredentialErrorKind kind, const std::string& what, const CredentialKey& key,
                       const std::string& detail) {
    throw CredentialError(kind, what + " " + describe(key) + " in the Credential Manager (TERMSRV/" + key.host +
                                    "): " + detail);
}

[[noreturn]] void fail_last_error(const std::string& what, const CredentialKey& key) {
    const DWORD code = GetLastError();
    fail(kind_of(code), what, key, windows_error_text(code));
}

/// The entry for `key`'s host when it names `key`'s user (any user when that is empty).
Credential read_entry(const CredentialKey& key, const std::string& what) {
    CREDENTIALW* raw = nullptr;
    if (!CredReadW(target_name(key).c_str(), CRED_TYPE_DOMAIN_PASSWORD, 0, &raw)) {
        fail_last_error(what, key);
    }
    Credential entry(raw);
    const std::string user = entry->UserName ? narrow(entry->UserName) : std::string();
    if (!key.user.empty() && CompareStringOrdinal(widen(user).c_str(), -1, widen(key.user).c_str(), -1, TRUE) != CSTR_EQUAL) {
        fail(CredentialErrorKind::NotFound, what, key, "the entry there is for " + user);
    }
    return entry;
}

} // namespace

void save_password(const CredentialKey& key, const Secret& password) {
    const std::string what = "cannot remember the password of";
    if (key.user.empty()) {
        // Windows keeps a domain password only together with the user it signs in.
        fail(CredentialErrorKind::Other, what, key, "a user name is needed");
    }
    std::wstring blob = widen(password.reveal());
    const std::wstring target = target_name(key);
    std::wstring user = widen(key.user);
    CREDENTIALW credential{};
    credential.Type = CRED_TYPE_DOMAIN_PASSWORD;
    credential.TargetName = const_cast<wchar_t*>(target.c_str());
    credential.UserName = user.data();
    // UTF-16 without a terminating zero, as the Credential Manager keeps a domain password.
    credential.CredentialBlobSize = static_cast<DWORD>(blob.size() * sizeof(wchar_t));
    credential.CredentialBlob = reinterpret_cast<BYTE*>(blob.data());
    // Kept on this computer across sign-ins, not roamed to others with the profile.
    credential.Persist = CRED_PERSIST_LOCAL_MACHINE;
    const BOOL written = CredWriteW(&credential, 0);
    const DWORD code = GetLastError();
    SecureZeroMemory(blob.data(), blob.size() * sizeof(wchar_t));
    if (!written) {
        fail(kind_of(code), what, key, windows_error_text(code));
    }
}

Secret load_password(const CredentialKey& key) {
    (void)read_entry(key, "cannot read the remembered password of");
    return Secret();
}

void forget_password(const CredentialKey& key) {
    const std::string what = "cannot forget the password of";
    // Read first: an entry mstsc keeps for another user of this host stays.
    (void)read_entry(key, what);
    if (!CredDeleteW(target_name(key).c_str(), CRED_TYPE_DOMAIN_PASSWORD, 0)) {
        fail_last_error(what, key);
    }
}

} // namespace rdpmedic
