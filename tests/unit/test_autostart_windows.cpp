// Start at login on Windows, in the real registry (Wine's, in its prefix): the HKCU Run value,
// quoted, and Task Manager's "disabled" record honoured and cleared.
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/platform/autostart.h"
#include "rdpmedic/platform/windows_api.h"

#include <catch2/catch.hpp>
#include <optional>
#include <string>

namespace {

const wchar_t* const kRunKey = L"Software\\Microsoft\\Windows\\CurrentVersion\\Run";
const wchar_t* const kApprovedKey =
    L"Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\StartupApproved\\Run";

std::optional<std::wstring> run_value(HKEY hive = HKEY_CURRENT_USER) {
    wchar_t data[1024];
    DWORD size = sizeof data;
    if (RegGetValueW(hive, kRunKey, L"rdpmedic", RRF_RT_REG_SZ, nullptr, data, &size) !=
        ERROR_SUCCESS) {
        return std::nullopt;
    }
    return std::wstring(data);
}

/// Puts back the user's own entry a test found, if there was one.
void restore_run_value(const std::optional<std::wstring>& saved) {
    if (!saved) {
        return;
    }
    HKEY key = nullptr;
    RegCreateKeyExW(HKEY_CURRENT_USER, kRunKey, 0, nullptr, 0, KEY_SET_VALUE, nullptr, &key, nullptr);
    RegSetValueExW(key, L"rdpmedic", 0, REG_SZ, reinterpret_cast<const BYTE*>(saved->c_str()),
                   static_cast<DWORD>((saved->size() + 1) * sizeof(wchar_t)));
    RegCloseKey(key);
}

/// What Task Manager writes when the user disables a startup entry of that hive's Run key.
void disable_in_task_manager(HKEY hive = HKEY_CURRENT_USER) {
    HKEY key = nullptr;
    REQUIRE(RegCreateKeyExW(hive, kApprovedKey, 0, nullptr, 0, KEY_SET_VALUE, nullptr,
                            &key, nullptr) == ERROR_SUCCESS);
    const BYTE disabled[12] = {0x03, 0, 0, 0, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x01};
    REQUIRE(RegSetValueExW(key, L"rdpmedic", 0, REG_BINARY, disabled, sizeof disabled) ==
            ERROR_SUCCESS);
    RegCloseKey(key);
}

} // namespace

TEST_CASE("autostart (Windows): the HKCU Run value is written quoted, honoured and removed",
          "[autostart]") {
    const auto saved = run_value();
    const std::filesystem::path program = L"C:\\Program Files\\rdpmedic\\rdpmedic.exe";

    rdpmedic::set_autostart(false, {});
    CHECK_FALSE(rdpmedic::autostart_enabled());
    CHECK_FALSE(run_value());

    rdpmedic::set_autostart(true, program);
    CHECK(rdpmedic::autostart_enabled());
    CHECK(run_value() == L"\"C:\\Program Files\\rdpmedic\\rdpmedic.exe\" --at-login");

    disable_in_task_manager();
    CHECK_FALSE(rdpmedic::autostart_enabled()); // the entry is there, but the user turned it off
    rdpmedic::set_autostart(true, program);     // turning it on here clears that
    CHECK(rdpmedic::autostart_enabled());

    rdpmedic::set_autostart(false, {});
    CHECK_FALSE(rdpmedic::autostart_enabled());
    CHECK_FALSE(run_value());
    rdpmedic::set_autostart(false, {}); // removing what is not there is no error

    restore_run_value(saved);
}

TEST_CASE("autostart (Windows): a program in a profile folder with a non-ASCII name is written to the Run value by that name",
          "[autostart][utf8]") {
    const auto saved = run_value();
    // As the tray has it: the executable's path from wx, as UTF-8.
    rdpmedic::set_autostart(
        true, rdpmedic::utf8_path("C:\\Users\\J\xC3\xBCrgen\\AppData\\Local\\Programs\\rdpmedic\\rdpmedic.exe"));
    CHECK(run_value() == L"\"C:\\Users\\J\u00FCrgen\\AppData\\Local\\Programs\\rdpmedic\\rdpmedic.exe\" --at-login");
    rdpmedic::set_autostart(false, {});
    CHECK_FALSE(run_value());
    restore_run_value(saved);
}

TEST_CASE("autostart (Windows): with the installer's machine-wide entry a user opts out for "
          "themselves, and never gets a second entry",
          "[autostart]") {
    // Wine runs this as an administrator, as the installer does when it writes HKLM.
    const std::wstring machine_command = L"\"C:\\Program Files\\rdpmedic\\rdpmedic.exe\" --at-login";
    HKEY run = nullptr;
    REQUIRE(RegCreateKeyExW(HKEY_LOCAL_MACHINE, kRunKey, 0, nullptr, 0, KEY_SET_VALUE, nullptr,
                            &run, nullptr) == ERROR_SUCCESS);
    REQUIRE(RegSetValueExW(run, L"rdpmedic", 0, REG_SZ,
                           reinterpret_cast<const BYTE*>(machine_command.c_str()),
                           static_cast<DWORD>((machine_command.size() + 1) * sizeof(wchar_t))) ==
            ERROR_SUCCESS);
    const std::filesystem::path program = L"C:\\Program Files\\rdpmedic\\rdpmedic.exe";

    CHECK(rdpmedic::autostart_enabled()); // the machine's entry starts this user's tray
    CHECK_FALSE(rdpmedic::autostart_declined());

    rdpmedic::set_autostart(false, program);
    CHECK_FALSE(rdpmedic::autostart_enabled());
    CHECK(rdpmedic::autostart_declined());
    CHECK(run_value(HKEY_LOCAL_MACHINE) == machine_command); // other users keep it
    CHECK_FALSE(run_value());

    rdpmedic::set_autostart(true, program);
    CHECK(rdpmedic::autostart_enabled());
    CHECK_FALSE(rdpmedic::autostart_declined());
    CHECK_FALSE(run_value()); // no second tray at login

    // The machine's entry disabled in Task Manager: the user's own entry is the way.
    disable_in_task_manager(HKEY_LOCAL_MACHINE);
    CHECK_FALSE(rdpmedic::autostart_enabled());
    rdpmedic::set_autostart(true, program);
    CHECK(rdpmedic::autostart_enabled());
    CHECK(run_value() == machine_command);
    rdpmedic::set_autostart(false, program);
    CHECK_FALSE(rdpmedic::autostart_enabled());

    RegDeleteValueW(run, L"rdpmedic");
    RegCloseKey(run);
    HKEY approved = nullptr;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, kApprovedKey, 0, KEY_SET_VALUE, &approved) == ERROR_SUCCESS) {
        RegDeleteValueW(approved, L"rdpmedic");
        RegCloseKey(approved);
    }
    CHECK_FALSE(rdpmedic::autostart_declined()); // no machine entry: nothing to decline
}
