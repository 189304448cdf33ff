#include "file_sync.h"

#include <fcntl.h>
#include <unistd.h>

namespace rdpmedic {

void sync_file_to_disk(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace rdpmedic
