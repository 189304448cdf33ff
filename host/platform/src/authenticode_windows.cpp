#include "rdpmedic/platform/authenticode_windows.h"

#include "rdpmedic/platform/windows_api.h"
#include "rdpmedic/platform/windows_error.h"

// After windows.h, which they need.
#include <softpub.h>
#include <wincrypt.h>
#include <wintrust.h>

#include <cstdio>

namespace rdpmedic {

namespace {

std::string thumbprint(PCCERT_CONTEXT certificate) {
    BYTE hash[20];
    DWORD size = sizeof hash;
    if (!CertGetCertificateContextProperty(certificate, CERT_HASH_PROP_ID, hash, &size)) {
        return {};
    }
    std::string hex;
    for (DWORD i = 0; i < size; ++i) {
        char digits[3];
        std::snprintf(digits, sizeof digits, "%02x", hash[i]);
        hex += digits;
    }
    return hex;
}

bool broken(long status) {
    return status == TRUST_E_BAD_DIGEST || status == CERT_E_REVOKED || status == TRUST_E_EXPLICIT_DISTRUST;
}

/// What a status means, in words and by number: wine's FormatMessage has no text for most
/// of WinVerifyTrust's HRESULTs.
std::string status_text(long status) {
    char number[16];
    std::snprintf(number, sizeof number, "0x%08lx", static_cast<unsigned long>(status));
    switch (status) {
    case TRUST_E_BAD_DIGEST: return std::string("the file was changed after it was signed, ") + number;
    case CERT_E_REVOKED: return std::string("its certificate is revoked, ") + number;
    case TRUST_E_EXPLICIT_DISTRUST: return std::string("its certificate is marked as not trusted, ") + number;
    default: return windows_error_text(static_cast<unsigned long>(status)) + ", " + number;
    }
}

} // namespace

AuthenticodeSignature authenticode_signature(const std::filesystem::path& file) {
    const std::wstring path = file.wstring();
    WINTRUST_FILE_INFO file_info{};
    file_info.cbStruct = sizeof file_info;
    file_info.pcwszFilePath = path.c_str();
    WINTRUST_DATA data{};
    data.cbStruct = sizeof data;
    data.dwUIChoice = WTD_UI_NONE;
    data.fdwRevocationChecks = WTD_REVOKE_NONE;
    data.dwUnionChoice = WTD_CHOICE_FILE;
    data.pFile = &file_info;
    data.dwStateAction = WTD_STATEACTION_VERIFY;
    data.dwProvFlags = WTD_CACHE_ONLY_URL_RETRIEVAL;
    GUID action = WINTRUST_ACTION_GENERIC_VERIFY_V2;
    // INVALID_HANDLE_VALUE: no window, never ask the user.
    const auto no_window = static_cast<HWND>(INVALID_HANDLE_VALUE);
    AuthenticodeSignature signature;
    signature.status = WinVerifyTrust(no_window, &action, &data);
    if (!broken(signature.status)) {
        if (CRYPT_PROVIDER_DATA* provider = WTHelperProvDataFromStateData(data.hWVTStateData)) {
            CRYPT_PROVIDER_SGNR* signer = WTHelperGetProvSignerFromChain(provider, 0, FALSE, 0);
            if (signer != nullptr && signer->csCertChain > 0 && signer->pasCertChain[0].pCert != nullptr) {
                signature.signer_thumbprint = thumbprint(signer->pasCertChain[0].pCert);
            }
        }
    }
    data.dwStateAction = WTD_STATEACTION_CLOSE;
    WinVerifyTrust(no_window, &action, &data);
    return signature;
}

std::string authenticode_refusal(const AuthenticodeSignature& program, const AuthenticodeSignature& helper,
                                 const std::string& helper_name) {
    const std::string reinstall = "; reinstall rdpmedic";
    if (broken(helper.status)) {
        return helper_name + "'s signature is broken (" + status_text(helper.status) + ")" + reinstall;
    }
    if (helper.status != TRUST_E_NOSIGNATURE && helper.signer_thumbprint.empty()) {
        return helper_name + "'s signature cannot be read (" + status_text(helper.status) + ")" + reinstall;
    }
    if (program.signer_thumbprint.empty()) {
        return {}; // an unsigned build: nothing to compare with
    }
    if (helper.signer_thumbprint.empty()) {
        return helper_name + " is not signed, while this program is" + reinstall;
    }
    if (helper.signer_thumbprint != program.signer_thumbprint) {
        return helper_name + " is signed by another certificate (" + helper.signer_thumbprint + ") than this program (" +
               program.signer_thumbprint + ")" + reinstall;
    }
    return {};
}

} // namespace rdpmedic
