// The user behind the administrator prompt is the owner of the process that asked for it:
// Windows starts the elevated program as a child of the program that called ShellExecuteExW
// "runas" (rdpmedic, waiting for it), whichever account's password confirmed the prompt.
#include "file_rights.h"

#include "rdpmedic/platform/windows_error.h"
#include "rdpmedic/platform/windows_api.h"

#include <knownfolders.h>
#include <shlobj.h>
#include <tlhelp32.h>

#include <memory>
#include <vector>

namespace rdpmedic::helper {

namespace {

struct HandleCloser {
    void operator()(HANDLE handle) const {
        if (handle != nullptr && handle != INVALID_HANDLE_VALUE) {
            CloseHandle(handle);
        }
    }
};
using OwnedHandle = std::unique_ptr<void, HandleCloser>;

/// The user's token, for impersonation, once the helper works for them.
OwnedHandle& users_token() {
    static OwnedHandle token;
    return token;
}

DWORD parent_process_id() {
    const OwnedHandle snapshot(CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0));
    PROCESSENTRY32W entry{};
    entry.dwSize = sizeof entry;
    const DWORD self = GetCurrentProcessId();
    for (BOOL more = Process32FirstW(snapshot.get(), &entry); more; more = Process32NextW(snapshot.get(), &entry)) {
        if (entry.th32ProcessID == self) {
            return entry.th32ParentProcessID;
        }
    }
    return 0;
}

ULONGLONG started_at(HANDLE process) {
    FILETIME created{}, ended{}, kernel{}, user{};
    if (!GetProcessTimes(process, &created, &ended, &kernel, &user)) {
        return ~0ULL;
    }
    return (static_cast<ULONGLONG>(created.dwHighDateTime) << 32) | created.dwLowDateTime;
}

std::vector<unsigned char> token_user(HANDLE token) {
    DWORD size = 0;
    GetTokenInformation(token, TokenUser, nullptr, 0, &size);
    std::vector<unsigned char> buffer(size);
    if (size == 0 || !GetTokenInformation(token, TokenUser, buffer.data(), size, &size)) {
        return {};
    }
    return buffer;
}

bool same_user(HANDLE one, HANDLE other) {
    const auto first = token_user(one);
    const auto second = token_user(other);
    return !first.empty() && !second.empty() &&
           EqualSid(reinterpret_cast<const TOKEN_USER*>(first.data())->User.Sid,
                    reinterpret_cast<const TOKEN_USER*>(second.data())->User.Sid);
}

/// The token of the process that started this one, still running and older than this one (a
/// process id is reused only after its process ended).
OwnedHandle parent_token(std::string& error) {
    const DWORD parent = parent_process_id();
    const OwnedHandle process(parent == 0 ? nullptr : OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, parent));
    if (!process || started_at(process.get()) > started_at(GetCurrentProcess())) {
        error = "the program that asked for the administrator prompt is gone, so it is not known whose journal "
                "to keep; nothing was changed";
        return {};
    }
    HANDLE token = nullptr;
    if (!OpenProcessToken(process.get(), TOKEN_QUERY | TOKEN_DUPLICATE, &token)) {
        error = "the user who asked for the administrator prompt cannot be read (" +
                windows_error_text(GetLastError()) + "); nothing was changed";
        return {};
    }
    const OwnedHandle primary(token);
    HANDLE impersonation = nullptr;
    if (!DuplicateTokenEx(primary.get(), TOKEN_QUERY | TOKEN_IMPERSONATE, nullptr, SecurityImpersonation,
                          TokenImpersonation, &impersonation)) {
        error = "the rights of the user who asked for the administrator prompt cannot be taken (" +
                windows_error_text(GetLastError()) + "); nothing was changed";
        return {};
    }
    return OwnedHandle(impersonation);
}

} // namespace

void keep_new_files_private() {}

std::optional<UsersJournal> take_invoking_users_file_rights(bool through_prompt, std::string& error) {
    if (!through_prompt) {
        return std::nullopt; // pipes: started by a process with this one's own rights
    }
    OwnedHandle token = parent_token(error);
    if (!token) {
        return std::nullopt;
    }
    HANDLE own = nullptr;
    const bool mine = OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &own) && same_user(own, token.get());
    if (own != nullptr) {
        CloseHandle(own);
    }
    // Another account's password confirmed the prompt: ask for the folder of the user whose
    // token it is. The same account: its own known folder (a token is then not needed).
    wchar_t* folder = nullptr;
    const HRESULT found =
        SHGetKnownFolderPath(FOLDERID_LocalAppData, KF_FLAG_DONT_VERIFY, mine ? nullptr : token.get(), &folder);
    const std::filesystem::path local = found == S_OK && folder != nullptr ? folder : L"";
    CoTaskMemFree(folder);
    if (local.empty() || !local.is_absolute()) {
        error = "the LocalAppData folder of the user who asked for the administrator prompt is not known; nothing "
                "was changed";
        return std::nullopt;
    }
    users_token() = std::move(token);
    return UsersJournal{{}, local / L"rdpmedic" / L"journal.jsonl"};
}

bool with_users_rights(const std::function<void()>& work) {
    if (!users_token()) {
        work();
        return true;
    }
    if (!SetThreadToken(nullptr, users_token().get())) {
        return false;
    }
    struct Revert {
        ~Revert() { RevertToSelf(); }
    } revert;
    work();
    return true;
}

} // namespace rdpmedic::helper
