#include "rdpmedic/platform/unelevated_token_windows.h"

#include "rdpmedic/platform/windows_error.h"

#include <vector>

namespace rdpmedic {

namespace {

/// The token's user SID, copied out of TokenUser (empty when it cannot be read).
std::vector<unsigned char> user_sid(HANDLE token) {
    DWORD size = 0;
    GetTokenInformation(token, TokenUser, nullptr, 0, &size);
    std::vector<unsigned char> info(size);
    if (size == 0 || !GetTokenInformation(token, TokenUser, info.data(), size, &size)) {
        return {};
    }
    const PSID sid = reinterpret_cast<TOKEN_USER*>(info.data())->User.Sid;
    const auto* first = static_cast<const unsigned char*>(sid);
    return {first, first + GetLengthSid(sid)};
}

/// An ACL granting `user` and SYSTEM GENERIC_ALL, nothing else.
std::vector<unsigned char> user_and_system_acl(PSID user) {
    BYTE system[SECURITY_MAX_SID_SIZE];
    DWORD system_size = sizeof system;
    if (!CreateWellKnownSid(WinLocalSystemSid, nullptr, system, &system_size)) {
        return {};
    }
    const DWORD ace_overhead = sizeof(ACCESS_ALLOWED_ACE) - sizeof(DWORD);
    std::vector<unsigned char> acl(sizeof(ACL) + 2 * ace_overhead + GetLengthSid(user) + GetLengthSid(system));
    auto* list = reinterpret_cast<PACL>(acl.data());
    if (!InitializeAcl(list, static_cast<DWORD>(acl.size()), ACL_REVISION) ||
        !AddAccessAllowedAce(list, ACL_REVISION, GENERIC_ALL, user) ||
        !AddAccessAllowedAce(list, ACL_REVISION, GENERIC_ALL, system)) {
        return {};
    }
    return acl;
}

bool set_medium_integrity(HANDLE token) {
    BYTE medium[SECURITY_MAX_SID_SIZE];
    DWORD size = sizeof medium;
    if (!CreateWellKnownSid(WinMediumLabelSid, nullptr, medium, &size)) {
        return false;
    }
    TOKEN_MANDATORY_LABEL label{};
    label.Label.Sid = medium;
    label.Label.Attributes = SE_GROUP_INTEGRITY;
    return SetTokenInformation(token, TokenIntegrityLevel, &label, sizeof label + GetLengthSid(medium)) != 0;
}

std::string failed(const char* step) { return std::string(step) + ": " + windows_error_text(GetLastError()); }

} // namespace

OwnedHandle restricted_user_token(HANDLE own, std::string& error) {
    BYTE administrators[SECURITY_MAX_SID_SIZE];
    DWORD size = sizeof administrators;
    if (!CreateWellKnownSid(WinBuiltinAdministratorsSid, nullptr, administrators, &size)) {
        error = failed("the Administrators SID");
        return nullptr;
    }
    SID_AND_ATTRIBUTES deny_only{administrators, 0};
    HANDLE restricted = nullptr;
    if (!CreateRestrictedToken(own, DISABLE_MAX_PRIVILEGE | LUA_TOKEN, 1, &deny_only, 0, nullptr, 0, nullptr,
                               &restricted)) {
        error = failed("CreateRestrictedToken");
        return nullptr;
    }
    OwnedHandle token(restricted);
    std::vector<unsigned char> user = user_sid(own);
    if (user.empty()) {
        error = failed("the token's user");
        return nullptr;
    }
    std::vector<unsigned char> acl = user_and_system_acl(user.data());
    if (acl.empty()) {
        error = failed("the DACL for the user and SYSTEM");
        return nullptr;
    }
    // What the copy creates (its process, threads, pipes) belongs to the user and is open to
    // the user, not to the Administrators group its token may not use.
    TOKEN_OWNER owner{user.data()};
    // Wine does not implement setting a token's owner (ERROR_INVALID_FUNCTION, which Windows
    // never answers for TokenOwner); there the default DACL below alone keeps the copy's
    // objects open to the user.
    if (!SetTokenInformation(token.get(), TokenOwner, &owner, sizeof owner) &&
        GetLastError() != ERROR_INVALID_FUNCTION) {
        error = failed("setting the token's owner to the user");
        return nullptr;
    }
    TOKEN_DEFAULT_DACL default_dacl{reinterpret_cast<PACL>(acl.data())};
    if (!SetTokenInformation(token.get(), TokenDefaultDacl, &default_dacl, sizeof default_dacl)) {
        error = failed("setting the token's default DACL");
        return nullptr;
    }
    // The token object itself got this process's default DACL when it was made; the copy opens
    // its own token (to see that it is not elevated) with the user's rights alone.
    SECURITY_DESCRIPTOR descriptor{};
    if (!InitializeSecurityDescriptor(&descriptor, SECURITY_DESCRIPTOR_REVISION) ||
        !SetSecurityDescriptorOwner(&descriptor, user.data(), FALSE) ||
        !SetSecurityDescriptorDacl(&descriptor, TRUE, reinterpret_cast<PACL>(acl.data()), FALSE) ||
        !SetKernelObjectSecurity(token.get(), OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, &descriptor)) {
        error = failed("granting the user the token");
        return nullptr;
    }
    if (!set_medium_integrity(token.get())) {
        error = failed("medium integrity");
        return nullptr;
    }
    return token;
}

} // namespace rdpmedic
