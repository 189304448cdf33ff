#include "rdpmedic/platform/new_file.h"

#include "rdpmedic/core/path_text.h"

#include <fcntl.h>
#include <unistd.h>

#include <stdexcept>

namespace rdpmedic {

void write_new_file(const std::filesystem::path& file, const std::string& data, Readers readers) {
    const mode_t mode = readers == Readers::Owner ? 0600 : 0644;
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0) {
        throw std::runtime_error(utf8_text(file) + ": cannot be created (it may already exist)");
    }
    const bool ok = ::write(fd, data.data(), data.size()) == static_cast<ssize_t>(data.size());
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (!ok || !synced) {
        throw std::runtime_error(utf8_text(file) + ": cannot be written");
    }
}

} // namespace rdpmedic
