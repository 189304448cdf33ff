#include "answer_file.h"

#include "file_rights.h"

#include "rdpmedic/platform/windows_error.h"
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/platform/windows_api.h"

namespace rdpmedic::helper {

struct AnswerFile::Handle {
    HANDLE file = INVALID_HANDLE_VALUE;
};

AnswerFile::AnswerFile(std::unique_ptr<Handle> handle) : handle_(std::move(handle)) {}

AnswerFile::~AnswerFile() { CloseHandle(handle_->file); }

std::unique_ptr<AnswerFile> AnswerFile::create(const std::filesystem::path& file, std::string& error) {
    HANDLE created = INVALID_HANDLE_VALUE;
    DWORD why = ERROR_ACCESS_DENIED;
    // CREATE_NEW fails on any name already there, a link included; FILE_FLAG_OPEN_REPARSE_POINT
    // keeps a reparse point planted after that from being followed.
    const bool ran = with_users_rights([&] {
        created = CreateFileW(file.c_str(), GENERIC_WRITE, FILE_SHARE_READ, nullptr, CREATE_NEW,
                              FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, nullptr);
        why = GetLastError();
    });
    if (!ran || created == INVALID_HANDLE_VALUE) {
        error = why == ERROR_FILE_EXISTS || why == ERROR_ALREADY_EXISTS
                    ? answer_file_exists_text(file)
                    : utf8_text(file) + ": the answer file cannot be created with the rights of the user " +
                          "who asked (" + windows_error_text(ran ? why : GetLastError()) + "); nothing was changed";
        return nullptr;
    }
    BY_HANDLE_FILE_INFORMATION info{};
    if (!GetFileInformationByHandle(created, &info) || (info.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0 ||
        info.nNumberOfLinks != 1) {
        CloseHandle(created);
        error = "refused: the answer file " + utf8_text(file) +
                " became a link while it was created; nothing was changed";
        return nullptr;
    }
    auto handle = std::make_unique<Handle>();
    handle->file = created;
    return std::unique_ptr<AnswerFile>(new AnswerFile(std::move(handle)));
}

void AnswerFile::write(const std::string& text) {
    DWORD written = 0;
    WriteFile(handle_->file, text.data(), static_cast<DWORD>(text.size()), &written, nullptr);
}

} // namespace rdpmedic::helper
