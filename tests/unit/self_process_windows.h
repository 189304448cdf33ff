#pragma once
// Windows tests that need a second process run this test program again on hidden tests.

#include "rdpmedic/platform/windows_api.h"

#include <catch2/catch.hpp>

#include <string>

namespace rdpmedic::test {

/// Starts this test program on the hidden tests matching `spec`, with `token` when given
/// (CreateProcessAsUserW), otherwise as this process. The thread handle is closed already.
inline PROCESS_INFORMATION start_self(const std::wstring& spec, HANDLE token = nullptr) {
    wchar_t exe[MAX_PATH];
    REQUIRE(GetModuleFileNameW(nullptr, exe, MAX_PATH) > 0);
    std::wstring command_line = L"\"" + std::wstring(exe) + L"\" --warn NoTests \"" + spec + L"\"";
    STARTUPINFOW startup{};
    startup.cb = sizeof startup;
    PROCESS_INFORMATION process{};
    const BOOL started =
        token != nullptr
            ? CreateProcessAsUserW(token, nullptr, command_line.data(), nullptr, nullptr, FALSE, 0, nullptr, nullptr,
                                   &startup, &process)
            : CreateProcessW(nullptr, command_line.data(), nullptr, nullptr, FALSE, 0, nullptr, nullptr, &startup,
                             &process);
    REQUIRE(started);
    CloseHandle(process.hThread);
    return process;
}

} // namespace rdpmedic::test
