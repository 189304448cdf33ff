// Start at login through HKCU\Software\Microsoft\Windows\CurrentVersion\Run: per user, no
// administrator rights, and where Task Manager's Startup tab shows and manages it.
#include "rdpmedic/platform/autostart.h"
#include "rdpmedic/platform/windows_error.h"
#include "windows_api.h"

#include <string>
#include <vector>

namespace rdpmedic {

namespace {

const wchar_t* const kRunKey = L"Software\\Microsoft\\Windows\\CurrentVersion\\Run";
/// Where Task Manager records that the user disabled an entry of the Run key (the entry
/// itself stays). Absent means enabled.
const wchar_t* const kApprovedKey =
    L"Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\StartupApproved\\Run";
const wchar_t* const kValue = L"rdpmedic";

[[noreturn]] void fail(const std::string& what, LSTATUS status) {
    throw AutostartError(what +
                         " HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\rdpmedic: " +
                         windows_error_text(static_cast<unsigned long>(status)));
}

/// Task Manager writes 12 bytes: a flag (an odd first byte means disabled) and a FILETIME.
bool disabled_in_task_manager() {
    std::vector<BYTE> data(16);
    DWORD size = static_cast<DWORD>(data.size());
    if (RegGetValueW(HKEY_CURRENT_USER, kApprovedKey, kValue, RRF_RT_REG_BINARY, nullptr,
                     data.data(), &size) != ERROR_SUCCESS ||
        size == 0) {
        return false;
    }
    return (data[0] & 1) != 0;
}

} // namespace

bool autostart_enabled() {
    DWORD size = 0;
    const LSTATUS status =
        RegGetValueW(HKEY_CURRENT_USER, kRunKey, kValue,
                     RRF_RT_REG_SZ | RRF_RT_REG_EXPAND_SZ | RRF_NOEXPAND, nullptr, nullptr, &size);
    return status == ERROR_SUCCESS && !disabled_in_task_manager();
}

void set_autostart(bool enabled, const std::filesystem::path& executable) {
    HKEY key = nullptr;
    LSTATUS status = RegCreateKeyExW(HKEY_CURRENT_USER, kRunKey, 0, nullptr, 0, KEY_SET_VALUE,
                                     nullptr, &key, nullptr);
    if (status != ERROR_SUCCESS) {
        fail("cannot open", status);
    }
    if (enabled) {
        // Quoted: an unquoted path with spaces would be split at the first space.
        const std::wstring command = L"\"" + executable.wstring() + L"\"";
        status =
            RegSetValueExW(key, kValue, 0, REG_SZ, reinterpret_cast<const BYTE*>(command.c_str()),
                           static_cast<DWORD>((command.size() + 1) * sizeof(wchar_t)));
    } else {
        status = RegDeleteValueW(key, kValue);
        if (status == ERROR_FILE_NOT_FOUND) {
            status = ERROR_SUCCESS;
        }
    }
    RegCloseKey(key);
    if (status != ERROR_SUCCESS) {
        fail(enabled ? "cannot write" : "cannot remove", status);
    }
    // The user's choice here replaces an earlier "disabled" from Task Manager; without the
    // record Windows treats the entry as enabled.
    HKEY approved = nullptr;
    if (RegOpenKeyExW(HKEY_CURRENT_USER, kApprovedKey, 0, KEY_SET_VALUE, &approved) ==
        ERROR_SUCCESS) {
        RegDeleteValueW(approved, kValue);
        RegCloseKey(approved);
    }
}

} // namespace rdpmedic
