#define NOMINMAX
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include "rdpmedic/platform/autostart.h"

#include <string>

namespace rdpmedic {

namespace {
const wchar_t* const kRunKey = L"Software\\Microsoft\\Windows\\CurrentVersion\\Run";
const wchar_t* const kValue = L"rdpmedic";
} // namespace

bool autostart_enabled() {
    DWORD size = 0;
    return RegGetValueW(HKEY_CURRENT_USER, kRunKey, kValue, RRF_RT_REG_SZ, nullptr, nullptr,
                        &size) == ERROR_SUCCESS;
}

void set_autostart(bool enabled, const std::filesystem::path& executable) {
    HKEY key = nullptr;
    if (RegCreateKeyExW(HKEY_CURRENT_USER, kRunKey, 0, nullptr, 0, KEY_SET_VALUE, nullptr, &key,
                        nullptr) != ERROR_SUCCESS) {
        throw AutostartError("cannot open HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run");
    }
    LSTATUS status = ERROR_SUCCESS;
    if (enabled) {
        const std::wstring command = L"\"" + executable.wstring() + L"\"";
        status = RegSetValueExW(key, kValue, 0, REG_SZ, reinterpret_cast<const BYTE*>(command.c_str()),
                                static_cast<DWORD>((command.size() + 1) * sizeof(wchar_t)));
    } else {
        status = RegDeleteValueW(key, kValue);
        if (status == ERROR_FILE_NOT_FOUND) {
            status = ERROR_SUCCESS;
        }
    }
    RegCloseKey(key);
    if (status != ERROR_SUCCESS) {
        throw AutostartError("cannot change the rdpmedic value under HKCU\\...\\Run (error " +
                             std::to_string(status) + ")");
    }
}

} // namespace rdpmedic
