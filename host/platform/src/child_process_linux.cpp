#include "child_process_linux.h"

#include <cerrno>
#include <csignal>
#include <pthread.h>
#include <cstdlib>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>

extern char** environ;

namespace rdpmedic {

namespace {

[[noreturn]] void throw_errno(int error, const std::string& what) {
    throw std::system_error(error, std::generic_category(), what);
}

void close_fd(int& fd) {
    if (fd >= 0) {
        ::close(fd);
        fd = -1;
    }
}

} // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& argv) {
    int in[2];
    int out[2];
    if (::pipe2(in, O_CLOEXEC) != 0) {
        throw_errno(errno, "pipe");
    }
    if (::pipe2(out, O_CLOEXEC) != 0) {
        const int error = errno;
        ::close(in[0]);
        ::close(in[1]);
        throw_errno(error, "pipe");
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDERR_FILENO);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    // The child gets default signal dispositions: a parent ignoring SIGPIPE must not make
    // the client ignore it too.
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);

    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const auto& arg : argv) {
        args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    const int error = ::posix_spawn(&pid_, argv.at(0).c_str(), &actions, &attributes, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    ::close(in[0]);
    ::close(out[1]);
    input_ = in[1];
    output_ = out[0];
    if (error != 0) {
        close_fd(input_);
        close_fd(output_);
        throw_errno(error, "cannot start " + argv.at(0));
    }
    pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));
    if (pidfd_ < 0) {
        const int open_error = errno;
        ::kill(pid_, SIGKILL);
        wait();
        close_fd(input_);
        close_fd(output_);
        throw_errno(open_error, "pidfd_open");
    }
}

ChildProcess::~ChildProcess() {
    if (!reaped_) {
        ::kill(pid_, SIGKILL);
        wait();
    }
    close_fd(input_);
    close_fd(output_);
    close_fd(pidfd_);
}

bool ChildProcess::write_stdin(const std::string& data) {
    // A child that already exited must not kill us with SIGPIPE: block it on this thread
    // and swallow the one the failed write raised.
    sigset_t pipe_signal;
    sigset_t previous;
    sigemptyset(&pipe_signal);
    sigaddset(&pipe_signal, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_signal, &previous);
    bool ok = input_ >= 0;
    std::size_t written = 0;
    while (ok && written < data.size()) {
        const ssize_t n = ::write(input_, data.data() + written, data.size() - written);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            ok = false;
            if (errno == EPIPE) {
                const timespec no_wait{0, 0};
                sigtimedwait(&pipe_signal, nullptr, &no_wait);
            }
            break;
        }
        written += static_cast<std::size_t>(n);
    }
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    return ok;
}

void ChildProcess::write_stdin_and_close(const std::string& data) {
    write_stdin(data); // a child that closed its stdin will fail on its own and say why
    close_stdin();
}

void ChildProcess::close_stdin() { close_fd(input_); }

void ChildProcess::signal(int signo) {
    // Through the pidfd, so a signal can never reach another process that reused the pid.
    ::syscall(SYS_pidfd_send_signal, pidfd_, signo, nullptr, 0);
}

int ChildProcess::wait() {
    while (!reaped_) {
        if (::waitpid(pid_, &status_, 0) == pid_) {
            reaped_ = true;
        } else if (errno != EINTR) {
            reaped_ = true;
            status_ = 0xff00; // exit code 255: already reaped elsewhere, result unknown
        }
    }
    if (WIFEXITED(status_)) {
        return WEXITSTATUS(status_);
    }
    return WIFSIGNALED(status_) ? 128 + WTERMSIG(status_) : 255;
}

bool ChildProcess::ended_by_signal() const { return reaped_ && WIFSIGNALED(status_); }

std::string find_executable(const std::string& name) {
    if (name.empty()) {
        return {};
    }
    if (name.find('/') != std::string::npos) {
        return ::access(name.c_str(), X_OK) == 0 ? name : std::string{};
    }
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= dirs.size()) {
        const auto end = dirs.find(':', start);
        std::string dir = dirs.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!dir.empty()) {
            const std::string candidate = dir + "/" + name;
            if (::access(candidate.c_str(), X_OK) == 0) {
                return candidate;
            }
        }
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
    return {};
}

} // namespace rdpmedic
