#include "file_sync.h"

#include <fcntl.h>
#include <io.h>
#include <sys/stat.h>
#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

namespace rdpmedic {

void sync_file_to_disk(const std::filesystem::path& file) {
    // FlushFileBuffers needs write access, so the file is opened for writing (and not changed).
    const int fd = _wopen(file.c_str(), _O_WRONLY | _O_BINARY);
    if (fd >= 0) {
        _commit(fd);
        _close(fd);
    }
}

void sync_folder_to_disk(const std::filesystem::path& /*folder: NTFS journals renames*/) {}

bool write_exclusive_file(const std::filesystem::path& file, const std::string& data) {
    const int fd = _wopen(file.c_str(), _O_WRONLY | _O_CREAT | _O_EXCL | _O_BINARY, _S_IREAD | _S_IWRITE);
    if (fd < 0) {
        return false;
    }
    const bool ok = _write(fd, data.data(), static_cast<unsigned>(data.size())) == static_cast<int>(data.size()) &&
                    _commit(fd) == 0;
    _close(fd);
    return ok;
}

FileLock::FileLock(const std::filesystem::path& file)
    : handle_(reinterpret_cast<std::intptr_t>(CreateFileW(file.c_str(), GENERIC_READ | GENERIC_WRITE,
                                                          FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                                                          nullptr, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr))) {
    const HANDLE handle = reinterpret_cast<HANDLE>(handle_);
    if (handle != INVALID_HANDLE_VALUE) {
        OVERLAPPED whole{};
        LockFileEx(handle, LOCKFILE_EXCLUSIVE_LOCK, 0, MAXDWORD, MAXDWORD, &whole);
    }
}

FileLock::~FileLock() {
    const HANDLE handle = reinterpret_cast<HANDLE>(handle_);
    if (handle != INVALID_HANDLE_VALUE) {
        CloseHandle(handle); // releases the lock
    }
}

} // namespace rdpmedic
