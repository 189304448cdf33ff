// Windows: the sessions an earlier tray left running are mstsc processes it started outside any
// kill-on-close job, each named by a record with its pid, creation time and program. A record
// is believed only while that pid is still that program, created at that time, run by this
// user: a pid Windows gave to another process since is told apart by its creation time.
#include "rdpmedic/platform/kept_sessions.h"

#include "kept_files_windows.h"
#include "owner_only_descriptor_windows.h"
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/platform/file_permissions.h"
#include "rdpmedic/platform/state_dirs.h"
#include "rdpmedic/platform/user_sid.h"
#include "rdpmedic/platform/wide_text.h"
#include "rdpmedic/platform/windows_api.h"
#include "rdpmedic/platform/windows_error.h"

#include <aclapi.h>
#include <sddl.h>

#include <iterator>
#include <memory>
#include <system_error>
#include <vector>

namespace rdpmedic {

namespace {

std::string this_user_sid() {
    try {
        return current_user_sid();
    } catch (const std::system_error&) {
        return {};
    }
}

/// Whether `path`'s owner is this user, or the administrators (who own what an elevated
/// process of the user's created).
bool owned_by_this_user(const std::filesystem::path& path) {
    PSID owner = nullptr;
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    if (GetNamedSecurityInfoW(path.c_str(), SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION, &owner, nullptr, nullptr,
                              nullptr, &descriptor) != ERROR_SUCCESS) {
        return false;
    }
    const std::unique_ptr<void, LocalFreeDeleter> owned(descriptor);
    if (owner == nullptr) {
        return false;
    }
    if (IsWellKnownSid(owner, WinBuiltinAdministratorsSid)) {
        return true;
    }
    wchar_t* text = nullptr;
    if (!ConvertSidToStringSidW(owner, &text)) {
        return false;
    }
    const std::unique_ptr<wchar_t, LocalFreeDeleter> owned_text(text);
    const std::string user = this_user_sid();
    return !user.empty() && narrow(text) == user;
}

/// Whether `a` and `b` name the same file as Windows compares names: case-insensitively.
bool same_path(const std::wstring& a, const std::wstring& b) {
    return CompareStringOrdinal(a.c_str(), static_cast<int>(a.size()), b.c_str(), static_cast<int>(b.size()),
                                TRUE) == CSTR_EQUAL;
}

/// A handle with PROCESS_QUERY_LIMITED_INFORMATION and `access` to `pid` while it runs; empty
/// otherwise. A handle someone else still holds keeps an ended process openable: hence the exit code.
OwnedHandle open_running_process(int pid, unsigned long access) {
    OwnedHandle process(OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION | access, FALSE, static_cast<DWORD>(pid)));
    DWORD exit_code = 0;
    if (!process || !GetExitCodeProcess(process.get(), &exit_code) || exit_code != STILL_ACTIVE) {
        return {};
    }
    return process;
}

/// Creates `folder`, which must not exist, readable and writable by this user alone.
void create_private_folder(const std::filesystem::path& folder, bool may_exist) {
    const auto descriptor = owner_only_descriptor(Inheritance::ByContents);
    if (!descriptor) {
        throw_last_windows_error(utf8_text(folder) + ": cannot be protected");
    }
    SECURITY_ATTRIBUTES attributes{sizeof(SECURITY_ATTRIBUTES), descriptor.get(), FALSE};
    if (!CreateDirectoryW(folder.c_str(), &attributes) && !(may_exist && GetLastError() == ERROR_ALREADY_EXISTS)) {
        throw_last_windows_error("cannot create " + utf8_text(folder));
    }
}

} // namespace

bool own_private_folder(const std::filesystem::path& path, std::string& why) {
    const DWORD attributes = GetFileAttributesW(path.c_str());
    if (attributes == INVALID_FILE_ATTRIBUTES) {
        why = windows_error_text(GetLastError());
        return false;
    }
    if ((attributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0) {
        why = "a link (reparse point)";
        return false;
    }
    if ((attributes & FILE_ATTRIBUTE_DIRECTORY) == 0) {
        why = "not a folder";
        return false;
    }
    if (!owned_by_this_user(path)) {
        why = "owned by another user";
        return false;
    }
    if (writable_by_others(path)) {
        why = "others can write in it";
        return false;
    }
    return true;
}

std::optional<std::string> read_own_file(const std::filesystem::path& file, std::size_t max_bytes, std::string& why) {
    // FILE_FLAG_OPEN_REPARSE_POINT: a link is opened as itself; FILE_FLAG_BACKUP_SEMANTICS: so is
    // a folder in the file's place. Both are refused below.
    const OwnedHandle handle(CreateFileW(file.c_str(), GENERIC_READ, FILE_SHARE_READ, nullptr, OPEN_EXISTING,
                                         FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_BACKUP_SEMANTICS, nullptr));
    if (handle.get() == INVALID_HANDLE_VALUE) {
        why = windows_error_text(GetLastError());
        return std::nullopt;
    }
    BY_HANDLE_FILE_INFORMATION info{};
    if (GetFileType(handle.get()) != FILE_TYPE_DISK || !GetFileInformationByHandle(handle.get(), &info) ||
        (info.dwFileAttributes & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT)) != 0) {
        why = "not a regular file";
        return std::nullopt;
    }
    if (!owned_by_this_user(file)) {
        why = "owned by another user";
        return std::nullopt;
    }
    if (writable_by_others(file)) {
        why = "others can write it";
        return std::nullopt;
    }
    const std::uint64_t size = (std::uint64_t{info.nFileSizeHigh} << 32) | info.nFileSizeLow;
    if (size > max_bytes) {
        why = "larger than " + std::to_string(max_bytes) + " bytes";
        return std::nullopt;
    }
    std::string text(static_cast<std::size_t>(size), '\0');
    DWORD read = 0;
    if (!text.empty() && (!ReadFile(handle.get(), text.data(), static_cast<DWORD>(text.size()), &read, nullptr))) {
        why = windows_error_text(GetLastError());
        return std::nullopt;
    }
    text.resize(read);
    return text;
}

void remove_kept_folder(const std::filesystem::path& folder) {
    std::error_code ignored;
    for (const char* name : {kKeptRecordFile, kKeptRdpFile}) {
        std::filesystem::remove(folder / name, ignored);
    }
    std::filesystem::remove(folder, ignored);
}

std::filesystem::path create_kept_folder(const std::filesystem::path& directory, const std::string& name) {
    std::error_code ignored;
    std::filesystem::create_directories(directory.parent_path(), ignored);
    create_private_folder(directory, true);
    const auto folder = directory / utf8_path(name);
    create_private_folder(folder, false);
    return folder;
}

std::optional<std::uint64_t> creation_time(void* process) {
    FILETIME created{};
    FILETIME exited{};
    FILETIME kernel{};
    FILETIME user{};
    if (!GetProcessTimes(process, &created, &exited, &kernel, &user)) {
        return std::nullopt;
    }
    return (std::uint64_t{created.dwHighDateTime} << 32) | created.dwLowDateTime;
}

std::filesystem::path process_image(void* process) {
    wchar_t image[MAX_PATH * 4];
    DWORD length = static_cast<DWORD>(std::size(image));
    if (!QueryFullProcessImageNameW(process, 0, image, &length)) {
        return {};
    }
    return std::filesystem::path(std::wstring(image, length));
}

OwnedHandle open_kept_process(int pid, std::uint64_t start, const std::filesystem::path& program,
                              unsigned long access) {
    if (pid <= 0 || program.empty()) {
        return {};
    }
    OwnedHandle process = open_running_process(pid, access);
    if (!process || creation_time(process.get()) != start) {
        return {};
    }
    std::error_code error;
    const auto wanted = std::filesystem::weakly_canonical(program, error);
    if (error || !same_path(process_image(process.get()).wstring(), wanted.wstring())) {
        return {};
    }
    HANDLE token = nullptr;
    if (!OpenProcessToken(process.get(), TOKEN_QUERY, &token)) {
        return {};
    }
    const OwnedHandle owned_token(token);
    const std::string user = this_user_sid();
    try {
        if (user.empty() || token_user_sid(token) != user) {
            return {};
        }
    } catch (const std::system_error&) {
        return {};
    }
    return process;
}

std::filesystem::path kept_sessions_directory() { return state_directory() / "sessions"; }

std::filesystem::path find_session_keeper() { return {}; }

bool sessions_outlive_the_tray() { return true; }

KeptSessionSearch find_kept_sessions(const std::filesystem::path& directory, const std::filesystem::path&) {
    return find_kept_sessions_in(directory, [](const KeptSessionRecord& record) {
        return !record.program.empty() &&
               is_running_program(record.keeper_pid, record.keeper_start, utf8_path(record.program));
    });
}

std::optional<std::uint64_t> process_start_time(int pid) {
    if (pid <= 0) {
        return std::nullopt;
    }
    const OwnedHandle process = open_running_process(pid, 0);
    if (!process) {
        return std::nullopt;
    }
    return creation_time(process.get());
}

bool is_running_program(int pid, std::uint64_t start, const std::filesystem::path& executable) {
    return static_cast<bool>(open_kept_process(pid, start, executable, 0));
}

} // namespace rdpmedic
