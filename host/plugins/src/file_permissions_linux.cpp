#include "file_permissions.h"

#include "rdpmedic/plugins/path_text.h"

#include <sys/stat.h>

namespace rdpmedic::plugins {

bool writable_by_others(const std::filesystem::path& path) {
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0) {
        return false;
    }
    return (info.st_mode & (S_IWGRP | S_IWOTH)) != 0;
}

std::string how_to_restrict(const std::filesystem::path& path) {
    return utf8_text(path) + " can be written by other users; run chmod go-w on it";
}

} // namespace rdpmedic::plugins
