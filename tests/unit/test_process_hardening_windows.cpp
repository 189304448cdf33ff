// DLL search hardening: a DLL planted in the current folder loads before harden_process() and
// not after it. The planted DLL is a copy of a real system DLL under a name nothing else uses.
#include "rdpmedic/platform/process_hardening.h"
#include "rdpmedic/platform/windows_api.h"

#include <catch2/catch.hpp>
#include <filesystem>

TEST_CASE("process hardening (Windows): the current folder is no longer searched for DLLs",
          "[hardening]") {
    wchar_t system[MAX_PATH];
    const UINT length = GetSystemDirectoryW(system, MAX_PATH);
    REQUIRE(length > 0);
    const auto folder = std::filesystem::temp_directory_path() / L"rdpmedic-planted";
    std::filesystem::create_directories(folder);
    const auto planted = folder / L"rdpmedic-planted-test.dll";
    std::filesystem::copy_file(std::filesystem::path(std::wstring(system, length)) / L"dnsapi.dll",
                               planted, std::filesystem::copy_options::overwrite_existing);
    const auto previous = std::filesystem::current_path();
    std::filesystem::current_path(folder);

    HMODULE before = LoadLibraryW(L"rdpmedic-planted-test.dll");
    CHECK(before != nullptr); // the default search order finds it: the check below can fail
    if (before != nullptr) {
        FreeLibrary(before);
    }
    rdpmedic::harden_process();
    HMODULE after = LoadLibraryW(L"rdpmedic-planted-test.dll");
    CHECK(after == nullptr);
    if (after != nullptr) {
        FreeLibrary(after);
    }
    // System32 is still searched.
    HMODULE system_dll = LoadLibraryW(L"dnsapi.dll");
    CHECK(system_dll != nullptr);
    if (system_dll != nullptr) {
        FreeLibrary(system_dll);
    }

    std::filesystem::current_path(previous);
    std::error_code ignored;
    std::filesystem::remove_all(folder, ignored);
}
