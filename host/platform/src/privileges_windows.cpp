#include "rdpmedic/platform/privileges.h"

#include "rdpmedic/platform/windows_api.h"

namespace rdpmedic {

// TokenElevation is what Windows itself reports as "elevated": true for a UAC-elevated token,
// for an administrator with UAC turned off, for SYSTEM, and false for the filtered token UAC
// gives administrators and for a token whose Administrators group is deny-only.
bool running_with_admin_rights() {
    HANDLE token = nullptr;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) {
        return true; // unknown counts as elevated: the worker then refuses rather than guesses
    }
    TOKEN_ELEVATION elevation{};
    DWORD size = 0;
    const BOOL ok = GetTokenInformation(token, TokenElevation, &elevation, sizeof elevation, &size);
    CloseHandle(token);
    return !ok || elevation.TokenIsElevated != 0;
}

bool elevated_for_another_user() { return false; }

} // namespace rdpmedic
