#include "plugin_file.h"

#include "rdpmedic/core/path_text.h"
#include "rdpmedic/platform/descriptor_linux.h"
#include "rdpmedic/plugins/signing.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace rdpmedic::plugins {

namespace {

// Straight into the string, sized from fstat() so a library is read in one call or a few; a
// file that grows meanwhile is still read to its end.
std::string read_all(int fd, const std::filesystem::path& file) {
    struct stat info {};
    std::string data;
    data.resize(::fstat(fd, &info) == 0 && info.st_size > 0 ? static_cast<std::size_t>(info.st_size) + 1 : 65536);
    std::size_t done = 0;
    for (;;) {
        if (done == data.size()) {
            data.resize(data.size() * 2);
        }
        const ssize_t got = ::read(fd, data.data() + done, data.size() - done);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got < 0) {
            throw SigningError(utf8_text(file) + ": cannot be read (" + std::strerror(errno) + ")");
        }
        if (got == 0) {
            data.resize(done);
            return data;
        }
        done += static_cast<std::size_t>(got);
    }
}

int open_no_follow(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        const int error = errno;
        throw SigningError(utf8_text(file) + (error == ELOOP ? ": is a symbolic link, which plugins may not use"
                                                             : ": cannot be opened (" +
                                                                   std::string(std::strerror(error)) + ")"));
    }
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        ::close(fd);
        throw SigningError(utf8_text(file) + ": is not a regular file");
    }
    return fd;
}

bool write_all(int fd, const std::string& data) {
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t put = ::write(fd, data.data() + done, data.size() - done);
        if (put < 0 && errno == EINTR) {
            continue;
        }
        if (put <= 0) {
            return false;
        }
        done += static_cast<std::size_t>(put);
    }
    return true;
}

} // namespace

struct PluginLibraryFile::Handles {
    int copy = -1; ///< the sealed memfd; open while the library may be loaded from it
};

std::string read_plugin_file(const std::filesystem::path& file) {
    const Descriptor fd(open_no_follow(file));
    return read_all(fd.get(), file);
}

std::shared_ptr<PluginLibraryFile> PluginLibraryFile::open(const std::filesystem::path& file) {
    std::shared_ptr<PluginLibraryFile> library(new PluginLibraryFile);
    library->path_ = file;
    library->bytes_ = read_plugin_file(file);
    library->handles_ = std::make_unique<Handles>();
    return library;
}

PluginLibraryFile::~PluginLibraryFile() {
    if (handles_ && handles_->copy >= 0) {
        ::close(handles_->copy);
    }
}

std::filesystem::path PluginLibraryFile::load_path(std::string& error) {
    if (handles_->copy < 0) {
        const int copy = ::memfd_create("rdpmedic-plugin", MFD_CLOEXEC | MFD_ALLOW_SEALING);
        if (copy < 0) {
            error = std::string("no in-memory copy of the checked library can be made (") + std::strerror(errno) + ")";
            return {};
        }
        // Sealed: neither this process nor anyone holding the descriptor can change it now.
        if (!write_all(copy, bytes_) ||
            ::fcntl(copy, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL) != 0) {
            error = std::string("the in-memory copy of the checked library cannot be sealed (") +
                    std::strerror(errno) + ")";
            ::close(copy);
            return {};
        }
        handles_->copy = copy;
    }
    return "/proc/self/fd/" + std::to_string(handles_->copy);
}

bool PluginLibraryFile::is_held_file(const std::filesystem::path& /*module_file*/) const { return true; }

} // namespace rdpmedic::plugins
