#pragma once
// For the Windows tests of files that others must not be able to write.

#include "rdpmedic/platform/windows_api.h"

#include <aclapi.h>
#include <catch2/catch.hpp>

#include <filesystem>

namespace rdpmedic::test {

/// Grants Everyone the right to write `path`, through the Windows API (wine keeps it as the
/// file's Unix "others" permission bits).
inline void let_everyone_write(const std::filesystem::path& path) {
    PACL old = nullptr;
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    REQUIRE(GetNamedSecurityInfoW(path.c_str(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, nullptr, nullptr, &old,
                                  nullptr, &descriptor) == ERROR_SUCCESS);
    BYTE everyone[SECURITY_MAX_SID_SIZE];
    DWORD size = sizeof everyone;
    REQUIRE(CreateWellKnownSid(WinWorldSid, nullptr, everyone, &size));
    EXPLICIT_ACCESSW access{};
    access.grfAccessPermissions = FILE_GENERIC_WRITE;
    access.grfAccessMode = GRANT_ACCESS;
    access.grfInheritance = NO_INHERITANCE;
    access.Trustee.TrusteeForm = TRUSTEE_IS_SID;
    access.Trustee.ptstrName = reinterpret_cast<LPWSTR>(everyone);
    PACL updated = nullptr;
    REQUIRE(SetEntriesInAclW(1, &access, old, &updated) == ERROR_SUCCESS);
    const DWORD status = SetNamedSecurityInfoW(const_cast<wchar_t*>(path.c_str()), SE_FILE_OBJECT,
                                               DACL_SECURITY_INFORMATION, nullptr, nullptr, updated, nullptr);
    LocalFree(updated);
    LocalFree(descriptor);
    REQUIRE(status == ERROR_SUCCESS);
}

} // namespace rdpmedic::test
