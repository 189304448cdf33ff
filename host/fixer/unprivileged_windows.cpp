#include "unprivileged.h"

#include "rdpmedic/platform/privileges.h"
#include "rdpmedic/platform/unelevated_token_windows.h"
#include "rdpmedic/platform/windows_api.h"
#include "rdpmedic/platform/windows_error.h"

#include <algorithm>
#include <vector>

namespace rdpmedic::fixer {

namespace {

/// Marks the unelevated copy, so that it never starts another one.
constexpr const char* kRerunFlag = "--unelevated-copy";

std::string& why_not_rerun() {
    static std::string why;
    return why;
}

/// The unelevated half of a split administrator token (UAC's "linked token"), as a primary
/// token. Creating a process with it needs SeAssignPrimaryTokenPrivilege, which an elevated
/// administrator usually lacks, so restricted_user_token() is the second choice: a restricted
/// copy of one's own token needs no privilege to start a process with.
OwnedHandle linked_token(HANDLE own) {
    TOKEN_LINKED_TOKEN linked{};
    DWORD size = 0;
    if (!GetTokenInformation(own, TokenLinkedToken, &linked, sizeof linked, &size)) {
        return nullptr;
    }
    const OwnedHandle impersonation(linked.LinkedToken);
    HANDLE primary = nullptr;
    if (!DuplicateTokenEx(impersonation.get(), MAXIMUM_ALLOWED, nullptr, SecurityImpersonation, TokenPrimary,
                          &primary)) {
        return nullptr;
    }
    return OwnedHandle(primary);
}

/// Starts this executable with `token`, handing it this process's standard input and output
/// (and nothing else), and waits for it. nullopt when it cannot start.
std::optional<int> run_copy(HANDLE token) {
    std::vector<wchar_t> exe(32768);
    const DWORD length = GetModuleFileNameW(nullptr, exe.data(), static_cast<DWORD>(exe.size()));
    if (length == 0 || length >= exe.size()) {
        return std::nullopt;
    }
    std::wstring command_line = L"\"" + std::wstring(exe.data(), length) + L"\" ";
    for (const char* c = kRerunFlag; *c != '\0'; ++c) {
        command_line.push_back(static_cast<wchar_t>(*c));
    }
    HANDLE input = nullptr;
    HANDLE output = nullptr;
    const HANDLE self = GetCurrentProcess();
    if (!DuplicateHandle(self, GetStdHandle(STD_INPUT_HANDLE), self, &input, 0, TRUE, DUPLICATE_SAME_ACCESS)) {
        return std::nullopt;
    }
    const OwnedHandle owned_input(input);
    if (!DuplicateHandle(self, GetStdHandle(STD_OUTPUT_HANDLE), self, &output, 0, TRUE, DUPLICATE_SAME_ACCESS)) {
        return std::nullopt;
    }
    const OwnedHandle owned_output(output);

    SIZE_T list_size = 0;
    InitializeProcThreadAttributeList(nullptr, 1, 0, &list_size);
    std::vector<unsigned char> list_memory(list_size);
    auto* list = reinterpret_cast<LPPROC_THREAD_ATTRIBUTE_LIST>(list_memory.data());
    HANDLE inherited[2] = {input, output};
    if (!InitializeProcThreadAttributeList(list, 1, 0, &list_size)) {
        return std::nullopt;
    }
    const bool listed = UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, inherited,
                                                  sizeof inherited, nullptr, nullptr) != 0;
    STARTUPINFOEXW startup{};
    startup.StartupInfo.cb = sizeof startup;
    startup.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
    startup.StartupInfo.hStdInput = input;
    startup.StartupInfo.hStdOutput = output;
    startup.StartupInfo.hStdError = output;
    startup.lpAttributeList = list;
    PROCESS_INFORMATION process{};
    // The copy stays in this process's job, so whoever ends this worker's job ends it too.
    const BOOL started = listed && CreateProcessAsUserW(token, nullptr, command_line.data(), nullptr, nullptr, TRUE,
                                                        EXTENDED_STARTUPINFO_PRESENT | CREATE_NO_WINDOW, nullptr,
                                                        nullptr, &startup.StartupInfo, &process);
    const DWORD error = GetLastError();
    DeleteProcThreadAttributeList(list);
    if (!started) {
        why_not_rerun() = windows_error_text(error);
        return std::nullopt;
    }
    CloseHandle(process.hThread);
    const OwnedHandle child(process.hProcess);
    WaitForSingleObject(child.get(), INFINITE);
    DWORD code = 1;
    GetExitCodeProcess(child.get(), &code);
    return static_cast<int>(code);
}

} // namespace

std::optional<int> rerun_without_admin_rights(const std::vector<std::string>& arguments) {
    if (std::find(arguments.begin(), arguments.end(), kRerunFlag) != arguments.end()) {
        return std::nullopt;
    }
    if (!running_with_admin_rights()) {
        return std::nullopt;
    }
    HANDLE own = nullptr;
    if (!OpenProcessToken(GetCurrentProcess(), kRestrictableTokenAccess, &own)) {
        why_not_rerun() = windows_error_text(GetLastError());
        return std::nullopt;
    }
    const OwnedHandle own_token(own);
    if (const OwnedHandle linked = linked_token(own)) {
        if (const auto code = run_copy(linked.get())) {
            return code;
        }
    }
    std::string error;
    if (const OwnedHandle restricted = restricted_user_token(own, error)) {
        if (const auto code = run_copy(restricted.get())) {
            return code;
        }
    } else {
        why_not_rerun() = "its restricted token cannot be made (" + error + ")";
    }
    return std::nullopt;
}

std::string drop_admin_rights() {
    if (!running_with_admin_rights()) {
        return {};
    }
    std::string refusal = "rdpmedic-fixer runs elevated (as administrator) and will not run plugin code so";
    if (!why_not_rerun().empty()) {
        refusal += "; an unelevated copy could not start: " + why_not_rerun();
    }
    return refusal + ". Start rdpmedic without \"Run as administrator\"";
}

} // namespace rdpmedic::fixer
