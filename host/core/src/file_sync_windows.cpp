#include "file_sync.h"

#include <fcntl.h>
#include <io.h>

namespace rdpmedic {

void sync_file_to_disk(const std::filesystem::path& file) {
    // FlushFileBuffers needs write access, so the file is opened for writing (and not changed).
    const int fd = _wopen(file.c_str(), _O_WRONLY | _O_BINARY);
    if (fd >= 0) {
        _commit(fd);
        _close(fd);
    }
}

} // namespace rdpmedic
