#include "rdpmedic/platform/locked_append_file.h"

#include "rdpmedic/core/path_text.h"

#include <cerrno>
#include <fcntl.h>
#include <stdexcept>
#include <sys/file.h>
#include <unistd.h>

namespace rdpmedic {

struct LockedAppendFile::Handle {
    int fd = -1;
};

LockedAppendFile::LockedAppendFile(const std::filesystem::path& file)
    : file_(file), handle_(std::make_unique<Handle>()) {
    std::filesystem::create_directories(file.parent_path());
    handle_->fd = ::open(file.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (handle_->fd < 0) {
        throw std::runtime_error(utf8_text(file) + ": the journal cannot be opened; no change was made");
    }
    while (::flock(handle_->fd, LOCK_EX) != 0 && errno == EINTR) {
    }
}

LockedAppendFile::~LockedAppendFile() { ::close(handle_->fd); }

void LockedAppendFile::append(const std::string& line) const {
    std::string record = line + "\n";
    const off_t size = ::lseek(handle_->fd, 0, SEEK_END);
    char last = '\n';
    if (size > 0 && ::pread(handle_->fd, &last, 1, size - 1) == 1 && last != '\n') {
        record.insert(record.begin(), '\n');
    }
    if (::write(handle_->fd, record.data(), record.size()) != static_cast<ssize_t>(record.size()) ||
        ::fsync(handle_->fd) != 0) {
        throw std::runtime_error(utf8_text(file_) + ": the journal cannot be written; no change was made");
    }
}

} // namespace rdpmedic
