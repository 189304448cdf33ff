#include "rdpmedic/platform/file_permissions.h"

#include "rdpmedic/core/path_text.h"
#include "rdpmedic/platform/owned_handle_windows.h"
#include "rdpmedic/platform/windows_api.h"

#include <aclapi.h>

#include <array>

namespace rdpmedic {

namespace {

// The groups every ordinary account is in. Writable by one of them means writable by
// another user; the owner, SYSTEM and the administrators may write as they always can.
constexpr std::array kEveryoneGroups = {WinWorldSid, WinAuthenticatedUserSid, WinBuiltinUsersSid, WinInteractiveSid,
                                        WinBuiltinGuestsSid, WinAnonymousSid};

// Rights that let someone replace a file or a folder's contents: write or append data (add
// files or subfolders), delete, delete children, change permissions or owner.
constexpr ACCESS_MASK kReplacingRights = FILE_WRITE_DATA | FILE_APPEND_DATA | FILE_DELETE_CHILD | DELETE |
                                         WRITE_DAC | WRITE_OWNER | GENERIC_WRITE | GENERIC_ALL;

bool is_everyone_group(PSID sid) {
    for (const auto group : kEveryoneGroups) {
        if (IsWellKnownSid(sid, group)) {
            return true;
        }
    }
    return false;
}

} // namespace

// The allow entries are read directly instead of asking for effective rights: an entry that
// grants one of these groups a replacing right makes the file refused even if a deny entry
// would take it back. That errs on the safe side, and Windows never sets such a pair up by
// default. Entries that only pass on to children (inherit-only) do not apply to the file.
bool writable_by_others(const std::filesystem::path& path) {
    PSID owner = nullptr;
    PACL dacl = nullptr;
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    const DWORD status = GetNamedSecurityInfoW(path.c_str(), SE_FILE_OBJECT,
                                               OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, &owner,
                                               nullptr, &dacl, nullptr, &descriptor);
    if (status != ERROR_SUCCESS) {
        return false; // a file that does not exist: the next check reports it missing
    }
    const std::unique_ptr<void, LocalFreeDeleter> owned(descriptor);
    if (dacl == nullptr || (owner != nullptr && is_everyone_group(owner))) {
        return true; // no DACL grants everything; an owner may always change the permissions
    }
    for (DWORD index = 0; index < dacl->AceCount; ++index) {
        void* entry = nullptr;
        if (!GetAce(dacl, index, &entry)) {
            continue;
        }
        const auto* header = static_cast<const ACE_HEADER*>(entry);
        if (header->AceType != ACCESS_ALLOWED_ACE_TYPE || (header->AceFlags & INHERIT_ONLY_ACE) != 0) {
            continue;
        }
        const auto* allowed = static_cast<const ACCESS_ALLOWED_ACE*>(entry);
        PSID sid = const_cast<DWORD*>(&allowed->SidStart);
        if ((allowed->Mask & kReplacingRights) != 0 && is_everyone_group(sid)) {
            return true;
        }
    }
    return false;
}

std::string how_to_restrict(const std::filesystem::path& path) {
    return utf8_text(path) +
           " can be written by other users (Everyone, Users or Authenticated Users may change it); install it "
           "under %ProgramFiles% or your own %LOCALAPPDATA%, or remove their write access (icacls)";
}

bool only_administrators_can_change(const std::filesystem::path& path) {
    std::error_code error;
    if (!path.is_absolute() || !std::filesystem::exists(path, error)) {
        return false;
    }
    for (auto place = path; !place.empty(); place = place.parent_path()) {
        if (writable_by_others(place)) {
            return false;
        }
        if (place == place.root_path()) {
            break;
        }
    }
    return true;
}

} // namespace rdpmedic
