#include "rdpmedic/platform/child_process.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
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

int milliseconds_until(std::chrono::steady_clock::time_point deadline) {
    // Rounded up: poll() must not return before the deadline.
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now())
            .count();
    return static_cast<int>(std::clamp<long long>(left, 0, 1'000'000));
}

/// poll() on one descriptor, restarted after signals; true when it became ready.
bool wait_readable(int fd, int timeout_ms) {
    pollfd p{fd, POLLIN, 0};
    for (;;) {
        const int ready = ::poll(&p, 1, timeout_ms);
        if (ready >= 0 || errno != EINTR) {
            return ready > 0;
        }
    }
}

} // namespace

struct ChildProcess::State {
    pid_t pid = -1;
    int input = -1;
    int output = -1;
    int pidfd = -1;
    bool reaped = false;
    int status = 0;
};

ChildProcess::ChildProcess(const std::vector<std::string>& argv, ChildLifetime)
    : state_(std::make_unique<State>()) {
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
    State& s = *state_;
    const int error =
        ::posix_spawn(&s.pid, argv.at(0).c_str(), &actions, &attributes, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    ::close(in[0]);
    ::close(out[1]);
    s.input = in[1];
    s.output = out[0];
    if (error != 0) {
        close_fd(s.input);
        close_fd(s.output);
        throw_errno(error, "cannot start " + argv.at(0));
    }
    s.pidfd = static_cast<int>(::syscall(SYS_pidfd_open, s.pid, 0));
    if (s.pidfd < 0) {
        const int open_error = errno;
        ::kill(s.pid, SIGKILL);
        wait();
        close_fd(s.input);
        close_fd(s.output);
        throw_errno(open_error, "pidfd_open");
    }
}

ChildProcess::~ChildProcess() {
    if (!state_->reaped) {
        ::kill(state_->pid, SIGKILL);
        wait();
    }
    close_fd(state_->input);
    close_fd(state_->output);
    close_fd(state_->pidfd);
}

int ChildProcess::pid() const {
    return state_->pid;
}
int ChildProcess::output_fd() const {
    return state_->output;
}
int ChildProcess::exit_fd() const {
    return state_->pidfd;
}

ChildProcess::Read ChildProcess::read_output(std::string& appended_to,
                                             std::chrono::steady_clock::time_point deadline) {
    if (state_->output < 0) {
        return Read::closed;
    }
    char buffer[8192];
    for (;;) {
        if (!wait_readable(state_->output, milliseconds_until(deadline))) {
            return Read::timeout;
        }
        const ssize_t n = ::read(state_->output, buffer, sizeof buffer);
        if (n > 0) {
            appended_to.append(buffer, static_cast<std::size_t>(n));
            return Read::data;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        return Read::closed;
    }
}

bool write_without_sigpipe(int fd, std::string_view data) {
    // A reader that already went away must not kill us with SIGPIPE: block it on this thread
    // and swallow the one the failed write raised.
    sigset_t pipe_signal;
    sigset_t previous;
    sigemptyset(&pipe_signal);
    sigaddset(&pipe_signal, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_signal, &previous);
    bool ok = fd >= 0;
    std::size_t written = 0;
    while (ok && written < data.size()) {
        const ssize_t n = ::write(fd, data.data() + written, data.size() - written);
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

bool ChildProcess::write_stdin(const std::string& data) {
    return write_without_sigpipe(state_->input, data);
}

void ChildProcess::write_stdin_and_close(const std::string& data) {
    write_stdin(data); // a child that closed its stdin will fail on its own and say why
    close_stdin();
}

void ChildProcess::close_stdin() {
    close_fd(state_->input);
}

void ChildProcess::signal(int signo) {
    // Through the pidfd, so a signal can never reach another process that reused the pid.
    ::syscall(SYS_pidfd_send_signal, state_->pidfd, signo, nullptr, 0);
}

void ChildProcess::request_stop() {
    signal(SIGTERM);
}

void ChildProcess::kill() {
    signal(SIGKILL);
}

std::optional<int> ChildProcess::wait_for(std::chrono::milliseconds timeout) {
    if (!state_->reaped && !wait_readable(state_->pidfd, static_cast<int>(std::clamp<long long>(
                                                             timeout.count(), 0, 1'000'000)))) {
        return std::nullopt;
    }
    return wait();
}

int ChildProcess::wait() {
    State& s = *state_;
    while (!s.reaped) {
        if (::waitpid(s.pid, &s.status, 0) == s.pid) {
            s.reaped = true;
        } else if (errno != EINTR) {
            s.reaped = true;
            s.status = 0xff00; // exit code 255: already reaped elsewhere, result unknown
        }
    }
    if (WIFEXITED(s.status)) {
        return WEXITSTATUS(s.status);
    }
    return WIFSIGNALED(s.status) ? 128 + WTERMSIG(s.status) : 255;
}

bool ChildProcess::ended_by_signal() const {
    return state_->reaped && WIFSIGNALED(state_->status);
}

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
        std::string dir =
            dirs.substr(start, end == std::string::npos ? std::string::npos : end - start);
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
