#include "worker_stdio.h"

#include <fcntl.h>
#include <unistd.h>

namespace rdpmedic::fixer {

std::FILE* take_answer_channel() {
    const int channel_fd = ::dup(STDOUT_FILENO);
    const int null_fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (channel_fd < 0 || null_fd < 0) {
        return nullptr;
    }
    ::dup2(null_fd, STDOUT_FILENO);
    ::dup2(null_fd, STDERR_FILENO);
    ::close(null_fd);
    return ::fdopen(channel_fd, "w");
}

} // namespace rdpmedic::fixer
