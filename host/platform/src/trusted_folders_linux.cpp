#include "rdpmedic/platform/trusted_folders_linux.h"

#include "rdpmedic/core/path_text.h"

#include <cerrno>
#include <fcntl.h>
#include <system_error>
#include <unistd.h>

namespace rdpmedic {

std::string why_untrusted(const std::filesystem::path& path, const struct stat& info, uid_t owner) {
    const std::string name = utf8_text(path);
    if (S_ISLNK(info.st_mode)) {
        return name + " is a symbolic link";
    }
    if (info.st_uid != 0 && info.st_uid != owner) {
        return name + " belongs to user id " + std::to_string(info.st_uid) + ", not to root" +
               (owner != 0 ? " or user id " + std::to_string(owner) : "");
    }
    const bool sticky_folder = S_ISDIR(info.st_mode) && (info.st_mode & S_ISVTX) != 0;
    if ((info.st_mode & (S_IWGRP | S_IWOTH)) != 0 && !sticky_folder) {
        return name + " can be written by other users (run chmod go-w on it)";
    }
    return {};
}

int open_trusted_folder(const std::filesystem::path& dir, uid_t owner, bool create) {
    if (!dir.is_absolute()) {
        throw UntrustedPlace(utf8_text(dir) + " is not an absolute path");
    }
    int fd = ::open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    std::filesystem::path reached = "/";
    for (const auto& part : dir.relative_path()) {
        const std::string name = part.string();
        if (name.empty() || name == ".") {
            continue;
        }
        struct stat info {};
        if (fd < 0 || ::fstat(fd, &info) != 0) {
            break;
        }
        if (const std::string why = why_untrusted(reached, info, owner); !why.empty()) {
            ::close(fd);
            throw UntrustedPlace(why);
        }
        if (name == "..") {
            ::close(fd);
            throw UntrustedPlace(utf8_text(dir) + " goes up a folder (..)");
        }
        reached /= part;
        int next = ::openat(fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (next < 0 && errno == ENOENT && create) {
            if (::mkdirat(fd, name.c_str(), 0755) != 0 && errno != EEXIST) {
                const int error = errno;
                ::close(fd);
                throw std::filesystem::filesystem_error("cannot create the folder", reached,
                                                        std::error_code(error, std::generic_category()));
            }
            next = ::openat(fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        }
        const int error = errno;
        ::close(fd);
        if (next < 0) {
            if (error == ELOOP || error == ENOTDIR) {
                throw UntrustedPlace(utf8_text(reached) + " is a symbolic link or not a folder");
            }
            throw std::filesystem::filesystem_error("cannot open the folder", reached,
                                                    std::error_code(error, std::generic_category()));
        }
        fd = next;
    }
    struct stat info {};
    if (fd < 0 || ::fstat(fd, &info) != 0) {
        if (fd >= 0) {
            ::close(fd);
        }
        throw UntrustedPlace(utf8_text(reached) + " cannot be opened");
    }
    if (const std::string why = why_untrusted(reached, info, owner); !why.empty()) {
        ::close(fd);
        throw UntrustedPlace(why);
    }
    return fd;
}

uid_t trusted_owner() { return ::geteuid(); }

} // namespace rdpmedic
