// The user's folders from the shell's known-folder list, which follows folder redirection
// and roaming profiles; the environment variables are the fallback where the shell cannot
// answer (a service account without a profile).
#include "rdpmedic/platform/state_dirs.h"
#include "environment_folder_windows.h"
#include "rdpmedic/platform/windows_api.h"

#include <algorithm>
#include <knownfolders.h>
#include <optional>
#include <shlobj.h>

namespace rdpmedic {

namespace {

std::optional<std::filesystem::path> known_folder(const KNOWNFOLDERID& id) {
    wchar_t* path = nullptr;
    std::optional<std::filesystem::path> result;
    if (SHGetKnownFolderPath(id, KF_FLAG_DEFAULT, nullptr, &path) == S_OK && path != nullptr &&
        *path != L'\0') {
        result = std::filesystem::path(path);
    }
    CoTaskMemFree(path);
    return result;
}

} // namespace

std::optional<std::filesystem::path> environment_folder(const wchar_t* name) {
    const DWORD size = GetEnvironmentVariableW(name, nullptr, 0);
    if (size <= 1) {
        return std::nullopt;
    }
    std::wstring value(size, L'\0');
    value.resize(GetEnvironmentVariableW(name, value.data(), size));
    return std::filesystem::path(value);
}

std::filesystem::path state_directory() {
    if (auto local = known_folder(FOLDERID_LocalAppData)) {
        return *local / L"rdpmedic";
    }
    if (auto local = environment_folder(L"LOCALAPPDATA")) {
        return *local / L"rdpmedic";
    }
    return std::filesystem::temp_directory_path() / L"rdpmedic";
}

std::filesystem::path config_directory() {
    if (auto roaming = known_folder(FOLDERID_RoamingAppData)) {
        return *roaming / L"rdpmedic";
    }
    if (auto roaming = environment_folder(L"APPDATA")) {
        return *roaming / L"rdpmedic";
    }
    return state_directory();
}

std::optional<std::vector<std::filesystem::path>> every_users_state_directories() {
    std::vector<std::filesystem::path> found;
    const auto add = [&found](const std::filesystem::path& folder) {
        std::error_code ec;
        if (std::filesystem::is_directory(folder, ec) &&
            std::find(found.begin(), found.end(), folder.lexically_normal()) == found.end()) {
            found.push_back(folder.lexically_normal());
        }
    };
    add(state_directory());
    HKEY profiles = nullptr;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList", 0,
                      KEY_READ | KEY_WOW64_64KEY, &profiles) != ERROR_SUCCESS) {
        return found;
    }
    wchar_t sid[256];
    for (DWORD index = 0;; ++index) {
        DWORD sid_length = 256;
        if (RegEnumKeyExW(profiles, index, sid, &sid_length, nullptr, nullptr, nullptr, nullptr) != ERROR_SUCCESS) {
            break;
        }
        wchar_t image[MAX_PATH];
        DWORD size = sizeof image;
        // ProfileImagePath is REG_EXPAND_SZ ("%SystemDrive%\Users\NAME"); asked for as REG_SZ,
        // RegGetValueW returns it expanded.
        if (RegGetValueW(profiles, sid, L"ProfileImagePath", RRF_RT_REG_SZ, nullptr, image, &size) == ERROR_SUCCESS) {
            add(std::filesystem::path(image) / L"AppData" / L"Local" / L"rdpmedic");
        }
    }
    RegCloseKey(profiles);
    return found;
}

} // namespace rdpmedic
