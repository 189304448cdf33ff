#include "net.h"
#include "process.h"
#include "rdpmedic/lab/lab.h"

#include <cstdlib>
#include <fcntl.h>
#include <poll.h>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace rdpmedic::lab {

using namespace detail;

struct VirtualDisplay::Impl {
    ChildProcess process;
    std::string name;
    std::filesystem::path output;
};

VirtualDisplay::VirtualDisplay() : impl_(std::make_unique<Impl>()) {
    const std::filesystem::path xvfb = find_executable("Xvfb");
    if (xvfb.empty()) {
        throw std::runtime_error("lab: Xvfb not found (install the xvfb package)");
    }
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
        throw std::runtime_error(errno_message("lab: pipe2()"));
    }
    Fd read_end(pipe_fds[0]);
    Fd write_end(pipe_fds[1]);
    const char* tmp = std::getenv("TMPDIR");
    std::string log = (std::filesystem::path(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") /
                       "rdpmedic-xvfb-XXXXXX")
                          .string();
    const int log_fd = ::mkstemp(log.data());
    if (log_fd < 0) {
        throw std::runtime_error(errno_message("lab: cannot create " + log));
    }
    ::close(log_fd);
    impl_->output = log;
    // Xvfb writes the display number it chose to fd 3 once it accepts clients. -noreset:
    // by default it resets when its last client leaves and refuses the next one meanwhile
    // (a server started right after another one stopped could not open the display).
    impl_->process = ChildProcess::start(
        {xvfb.string(), "-displayfd", "3", "-noreset", "-nolisten", "tcp", "-screen", "0",
         "1280x800x24"},
        impl_->output, write_end.get());
    write_end.reset();

    std::string number;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (number.empty() || number.back() != '\n') {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        pollfd pfd{read_end.get(), POLLIN, 0};
        if (left.count() <= 0 || ::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) {
            impl_->process.stop();
            throw std::runtime_error("lab: Xvfb did not report a display within 15 s:" +
                                     tail_of_file(impl_->output));
        }
        char buffer[32];
        const ssize_t n = ::read(read_end.get(), buffer, sizeof buffer);
        if (n <= 0) {
            impl_->process.stop();
            throw std::runtime_error("lab: Xvfb exited before reporting a display:" +
                                     tail_of_file(impl_->output));
        }
        number.append(buffer, static_cast<std::size_t>(n));
    }
    number.pop_back();
    impl_->name = ":" + number;
}

VirtualDisplay::~VirtualDisplay() {
    impl_->process.stop();
    std::error_code ignored;
    std::filesystem::remove(impl_->output, ignored);
}

std::string VirtualDisplay::name() const {
    return impl_->name;
}

} // namespace rdpmedic::lab
