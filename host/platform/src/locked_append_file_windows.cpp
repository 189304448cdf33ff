#include "rdpmedic/platform/locked_append_file.h"

#include "rdpmedic/core/path_text.h"
#include "rdpmedic/platform/windows_api.h"
#include "rdpmedic/platform/windows_error.h"

#include <stdexcept>

namespace rdpmedic {

namespace {

// Windows locks are mandatory: a locked byte range cannot be read through another handle.
// The lock therefore covers one byte far past any real end of the file, so readers of the
// journal are never blocked while writers still exclude each other.
constexpr DWORD kLockOffsetLow = 0xFFFFFFFEu;
constexpr DWORD kLockOffsetHigh = 0x7FFFFFFFu;

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& what) {
    throw std::runtime_error(utf8_text(file) + ": the journal cannot be " + what + " (" +
                             windows_error_text(GetLastError()) + "); no change was made");
}

} // namespace

struct LockedAppendFile::Handle {
    HANDLE file = INVALID_HANDLE_VALUE;
    OVERLAPPED lock{};
};

LockedAppendFile::LockedAppendFile(const std::filesystem::path& file)
    : file_(file), handle_(std::make_unique<Handle>()) {
    std::filesystem::create_directories(file.parent_path());
    // A reparse point (symbolic link, mount point) is opened as itself and then refused, like
    // O_NOFOLLOW: an elevated helper must not be steered into writing some other file.
    handle_->file = CreateFileW(file.c_str(), GENERIC_READ | GENERIC_WRITE,
                                FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, OPEN_ALWAYS,
                                FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, nullptr);
    if (handle_->file == INVALID_HANDLE_VALUE) {
        fail(file, "opened");
    }
    BY_HANDLE_FILE_INFORMATION info{};
    if (!GetFileInformationByHandle(handle_->file, &info)) {
        CloseHandle(handle_->file);
        fail(file, "opened");
    }
    if ((info.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0 || info.nNumberOfLinks > 1) {
        CloseHandle(handle_->file);
        throw std::runtime_error(utf8_text(file) +
                                 ": the journal is a link to another file and is not used; no change was made");
    }
    handle_->lock.Offset = kLockOffsetLow;
    handle_->lock.OffsetHigh = kLockOffsetHigh;
    if (!LockFileEx(handle_->file, LOCKFILE_EXCLUSIVE_LOCK, 0, 1, 0, &handle_->lock)) {
        CloseHandle(handle_->file);
        fail(file, "locked");
    }
}

LockedAppendFile::~LockedAppendFile() {
    UnlockFileEx(handle_->file, 0, 1, 0, &handle_->lock);
    CloseHandle(handle_->file);
}

void LockedAppendFile::append(const std::string& line) const {
    std::string record = line + "\n";
    LARGE_INTEGER size{};
    if (!GetFileSizeEx(handle_->file, &size)) {
        fail(file_, "read");
    }
    if (size.QuadPart > 0) {
        OVERLAPPED at{};
        const auto last_offset = static_cast<ULONGLONG>(size.QuadPart - 1);
        at.Offset = static_cast<DWORD>(last_offset & 0xFFFFFFFFu);
        at.OffsetHigh = static_cast<DWORD>(last_offset >> 32);
        char last = '\n';
        DWORD read = 0;
        if (ReadFile(handle_->file, &last, 1, &read, &at) && read == 1 && last != '\n') {
            record.insert(record.begin(), '\n');
        }
    }
    // Offset 0xFFFFFFFF:0xFFFFFFFF writes at the end of the file, whatever its size is now.
    OVERLAPPED end{};
    end.Offset = 0xFFFFFFFFu;
    end.OffsetHigh = 0xFFFFFFFFu;
    DWORD written = 0;
    if (!WriteFile(handle_->file, record.data(), static_cast<DWORD>(record.size()), &written, &end) ||
        written != record.size()) {
        fail(file_, "written");
    }
    if (!FlushFileBuffers(handle_->file)) {
        fail(file_, "flushed to disk");
    }
}

} // namespace rdpmedic
