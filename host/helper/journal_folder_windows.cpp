#include "journal_folder.h"

#include "file_rights.h"

#include "rdpmedic/platform/windows_error.h"
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/platform/windows_api.h"

#include <vector>

namespace rdpmedic::helper {

using rdpmedic::utf8_text;

namespace {

/// What `handle` is: a plain folder (want_folder) or a plain file with one name, else why not.
std::string why_not_plain(HANDLE handle, const std::filesystem::path& path, bool want_folder) {
    BY_HANDLE_FILE_INFORMATION info{};
    if (!GetFileInformationByHandle(handle, &info)) {
        return utf8_text(path) + " cannot be read (" + windows_error_text(GetLastError()) + ")";
    }
    if ((info.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0) {
        return utf8_text(path) + " is a link (reparse point) and is not followed";
    }
    const bool folder = (info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
    if (folder != want_folder) {
        return utf8_text(path) + (want_folder ? " is not a folder" : " is a folder");
    }
    if (!want_folder && info.nNumberOfLinks != 1) {
        return utf8_text(path) + " is a hard link to another file and is not used";
    }
    return {};
}

} // namespace

std::string hold_journal_folder(const std::filesystem::path& journal) {
    static std::vector<HANDLE> held; // closed when the process ends
    const std::filesystem::path folder = journal.parent_path();
    std::filesystem::path reached = folder.root_path();
    for (const auto& part : folder.relative_path()) {
        reached /= part;
        // No FILE_SHARE_DELETE: while this handle is open the folder cannot be renamed or
        // removed, so nothing can be put in its place.
        HANDLE handle = CreateFileW(reached.c_str(), FILE_READ_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE,
                                    nullptr, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT,
                                    nullptr);
        if (handle == INVALID_HANDLE_VALUE) {
            return "refused: " + utf8_text(reached) + " cannot be held open (" + windows_error_text(GetLastError()) +
                   "); nothing was changed";
        }
        held.push_back(handle);
        if (const std::string why = why_not_plain(handle, reached, true); !why.empty()) {
            return "refused: " + why + "; nothing was changed";
        }
    }
    std::string why;
    const bool ran = with_users_rights([&] {
        HANDLE file = CreateFileW(journal.c_str(), GENERIC_READ | FILE_APPEND_DATA,
                                  FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, OPEN_ALWAYS,
                                  FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, nullptr);
        if (file == INVALID_HANDLE_VALUE) {
            why = utf8_text(journal) + ": the journal cannot be opened with the rights of the user who asked (" +
                  windows_error_text(GetLastError()) + ")";
            return;
        }
        why = why_not_plain(file, journal, false);
        CloseHandle(file);
    });
    if (!ran) {
        return "refused: the rights of the user who asked cannot be taken (" + windows_error_text(GetLastError()) +
               "); nothing was changed";
    }
    return why.empty() ? std::string() : "refused: " + why + "; nothing was changed";
}

} // namespace rdpmedic::helper
