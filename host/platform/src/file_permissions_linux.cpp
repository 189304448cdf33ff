#include "rdpmedic/platform/file_permissions.h"

#include "rdpmedic/core/path_text.h"
#include "rdpmedic/platform/trusted_folders_linux.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace rdpmedic {

bool writable_by_others(const std::filesystem::path& path) {
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0) {
        return false;
    }
    return (info.st_mode & (S_IWGRP | S_IWOTH)) != 0;
}

bool only_administrators_can_change(const std::filesystem::path& path) {
    struct stat info {};
    if (!path.is_absolute()) {
        return false;
    }
    if (::lstat(path.c_str(), &info) != 0) {
        // Missing: only root can change what will appear there when only root can create it,
        // i.e. the nearest existing folder above is root's and not even sticky-writable (in a
        // sticky /tmp anyone may create the missing name first).
        const auto parent = path.parent_path();
        if (errno != ENOENT || parent == path || !only_administrators_can_change(parent)) {
            return false;
        }
        // A missing parent was judged the same way one level up.
        return ::lstat(parent.c_str(), &info) != 0 || (info.st_mode & (S_IWGRP | S_IWOTH)) == 0;
    }
    if (S_ISLNK(info.st_mode)) {
        return false;
    }
    try {
        const bool folder = S_ISDIR(info.st_mode);
        const int fd = open_trusted_folder(folder ? path : path.parent_path(), 0, false);
        const bool trusted =
            folder || (::fstatat(fd, path.filename().c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0 &&
                       why_untrusted(path, info, 0).empty());
        ::close(fd);
        return trusted;
    } catch (const std::exception&) {
        return false;
    }
}

std::string how_to_restrict(const std::filesystem::path& path) {
    return utf8_text(path) + " can be written by other users; run chmod go-w on it";
}

} // namespace rdpmedic
