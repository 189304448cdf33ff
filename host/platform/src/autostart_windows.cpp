// Start at login through the Run keys, where Task Manager's Startup tab shows and manages
// them: the user's own (HKCU, written by Settings, no administrator rights) and the machine's
// (HKLM, written by the installer's "Start at login for every user"). A user who turns start
// at login off while the machine's entry exists opts out for themselves
// (HKCU\Software\rdpmedic\StartAtLogin = 0), which the tray reads when the entry starts it
// (--at-login): a standard user cannot remove an HKLM value, and one user's choice must not
// end another's.
#include "rdpmedic/platform/autostart.h"
#include "rdpmedic/platform/windows_api.h"
#include "rdpmedic/platform/windows_error.h"

#include <string>
#include <vector>

namespace rdpmedic {

namespace {

const wchar_t* const kRunKey = L"Software\\Microsoft\\Windows\\CurrentVersion\\Run";
/// Where Task Manager records that an entry of the Run key of the same hive was disabled (the
/// entry itself stays). Absent means enabled.
const wchar_t* const kApprovedKey =
    L"Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\StartupApproved\\Run";
const wchar_t* const kValue = L"rdpmedic";
const wchar_t* const kChoiceKey = L"Software\\rdpmedic";
const wchar_t* const kChoiceValue = L"StartAtLogin";

[[noreturn]] void fail(const std::string& what, const std::string& where, LSTATUS status) {
    throw AutostartError(what + " " + where + ": " +
                         windows_error_text(static_cast<unsigned long>(status)));
}

bool has_run_entry(HKEY hive) {
    DWORD size = 0;
    return RegGetValueW(hive, kRunKey, kValue, RRF_RT_REG_SZ | RRF_RT_REG_EXPAND_SZ | RRF_NOEXPAND,
                        nullptr, nullptr, &size) == ERROR_SUCCESS;
}

/// Task Manager writes 12 bytes: a flag (an odd first byte means disabled) and a FILETIME.
bool disabled_in_task_manager(HKEY hive) {
    std::vector<BYTE> data(16);
    DWORD size = static_cast<DWORD>(data.size());
    if (RegGetValueW(hive, kApprovedKey, kValue, RRF_RT_REG_BINARY, nullptr, data.data(), &size) !=
            ERROR_SUCCESS ||
        size == 0) {
        return false;
    }
    return (data[0] & 1) != 0;
}

/// The machine's entry, not disabled for the machine in Task Manager.
bool machine_entry_active() {
    return has_run_entry(HKEY_LOCAL_MACHINE) && !disabled_in_task_manager(HKEY_LOCAL_MACHINE);
}

bool user_opted_out() {
    DWORD choice = 1;
    DWORD size = sizeof choice;
    return RegGetValueW(HKEY_CURRENT_USER, kChoiceKey, kChoiceValue, RRF_RT_REG_DWORD, nullptr,
                        &choice, &size) == ERROR_SUCCESS &&
           choice == 0;
}

void write_user_run_entry(const std::filesystem::path& executable) {
    HKEY key = nullptr;
    LSTATUS status = RegCreateKeyExW(HKEY_CURRENT_USER, kRunKey, 0, nullptr, 0, KEY_SET_VALUE,
                                     nullptr, &key, nullptr);
    if (status != ERROR_SUCCESS) {
        fail("cannot open", "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run", status);
    }
    // Quoted: an unquoted path with spaces would be split at the first space.
    const std::wstring command = L"\"" + executable.wstring() + L"\" " + std::wstring(kAtLoginOptionW);
    status = RegSetValueExW(key, kValue, 0, REG_SZ, reinterpret_cast<const BYTE*>(command.c_str()),
                            static_cast<DWORD>((command.size() + 1) * sizeof(wchar_t)));
    RegCloseKey(key);
    if (status != ERROR_SUCCESS) {
        fail("cannot write", "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\rdpmedic", status);
    }
}

void remove_value(const wchar_t* subkey, const wchar_t* value, const char* where) {
    HKEY key = nullptr;
    if (RegOpenKeyExW(HKEY_CURRENT_USER, subkey, 0, KEY_SET_VALUE, &key) != ERROR_SUCCESS) {
        return; // no key, no value
    }
    const LSTATUS status = RegDeleteValueW(key, value);
    RegCloseKey(key);
    if (status != ERROR_SUCCESS && status != ERROR_FILE_NOT_FOUND) {
        fail("cannot remove", where, status);
    }
}

void record_user_choice(DWORD start_at_login) {
    HKEY key = nullptr;
    LSTATUS status = RegCreateKeyExW(HKEY_CURRENT_USER, kChoiceKey, 0, nullptr, 0, KEY_SET_VALUE,
                                     nullptr, &key, nullptr);
    if (status == ERROR_SUCCESS) {
        status = RegSetValueExW(key, kChoiceValue, 0, REG_DWORD,
                                reinterpret_cast<const BYTE*>(&start_at_login), sizeof start_at_login);
        RegCloseKey(key);
    }
    if (status != ERROR_SUCCESS) {
        fail("cannot write", "HKCU\\Software\\rdpmedic\\StartAtLogin", status);
    }
}

} // namespace

bool autostart_enabled() {
    const bool own = has_run_entry(HKEY_CURRENT_USER) && !disabled_in_task_manager(HKEY_CURRENT_USER);
    return own || (machine_entry_active() && !user_opted_out());
}

bool autostart_declined() {
    return has_run_entry(HKEY_LOCAL_MACHINE) && user_opted_out();
}

void set_autostart(bool enabled, const std::filesystem::path& executable) {
    const bool machine = machine_entry_active();
    if (enabled && !machine) {
        write_user_run_entry(executable);
    } else {
        // With the machine's entry, an own one would start a second tray at login.
        remove_value(kRunKey, kValue, "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\rdpmedic");
    }
    if (machine) {
        record_user_choice(enabled ? 1 : 0);
    } else {
        remove_value(kChoiceKey, kChoiceValue, "HKCU\\Software\\rdpmedic\\StartAtLogin");
    }
    // The user's choice here replaces an earlier "disabled" from Task Manager; without the
    // record Windows treats the entry as enabled.
    remove_value(kApprovedKey, kValue,
                 "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\StartupApproved\\Run\\rdpmedic");
}

} // namespace rdpmedic
