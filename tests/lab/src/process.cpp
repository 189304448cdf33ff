#include "process.h"

#include "net.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <fstream>
#include <signal.h>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace rdpmedic::lab::detail {

namespace fs = std::filesystem;

fs::path find_executable(const std::string& name) {
    std::string dirs;
    if (const char* path = std::getenv("PATH")) {
        dirs = path;
    }
    dirs += ":/usr/local/sbin:/usr/sbin:/sbin:/usr/local/bin:/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= dirs.size()) {
        const std::size_t end = std::min(dirs.find(':', start), dirs.size());
        const std::string dir = dirs.substr(start, end - start);
        if (!dir.empty()) {
            fs::path candidate = fs::path(dir) / name;
            if (::access(candidate.c_str(), X_OK) == 0) {
                return candidate;
            }
        }
        start = end + 1;
    }
    return {};
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept : pid_(other.pid_), exit_(other.exit_) {
    other.pid_ = -1;
}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
    if (this != &other) {
        stop();
        pid_ = other.pid_;
        exit_ = other.exit_;
        other.pid_ = -1;
    }
    return *this;
}

ChildProcess ChildProcess::start(const std::vector<std::string>& argv, const fs::path& output,
                                 int pass_fd) {
    if (argv.empty()) {
        throw std::runtime_error("lab: nothing to start");
    }
    // Everything the child needs is prepared before fork: after it, in a threaded process,
    // only async-signal-safe calls are allowed.
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const std::string& arg : argv) {
        args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    Fd out(::open(output.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600));
    if (!out.valid()) {
        throw std::runtime_error(errno_message("lab: cannot open " + output.string()));
    }
    Fd devnull(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    if (!devnull.valid()) {
        throw std::runtime_error(errno_message("lab: cannot open /dev/null"));
    }
    const pid_t parent = ::getpid();

    const pid_t pid = ::fork();
    if (pid < 0) {
        throw std::runtime_error(errno_message("lab: fork()"));
    }
    if (pid == 0) {
        ::setpgid(0, 0);
        ::prctl(PR_SET_PDEATHSIG, static_cast<unsigned long>(SIGTERM));
        if (::getppid() != parent) {
            ::_exit(127);
        }
        sigset_t none;
        ::sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        ::dup2(devnull.get(), 0);
        ::dup2(out.get(), 1);
        ::dup2(out.get(), 2);
        if (pass_fd >= 0) {
            ::dup2(pass_fd, 3);
        }
        ::close_range(pass_fd >= 0 ? 4U : 3U, ~0U, 0);
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    ::setpgid(pid, pid);
    ChildProcess child;
    child.pid_ = pid;
    return child;
}

bool ChildProcess::running() {
    if (pid_ < 0 || exit_) {
        return false;
    }
    // WNOWAIT leaves the zombie in place: while it exists its pid, and so the group id, cannot
    // be reused, which keeps the group kill in stop() aimed at our own processes only.
    siginfo_t info{};
    if (::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
        return false;
    }
    if (info.si_pid == 0) {
        return true;
    }
    exit_ = Exit{info.si_code, info.si_status};
    return false;
}

std::string ChildProcess::status_text() const {
    if (!exit_) {
        return "running";
    }
    if (exit_->code == CLD_EXITED) {
        return "exit " + std::to_string(exit_->status);
    }
    return "signal " + std::to_string(exit_->status);
}

void ChildProcess::stop(std::chrono::milliseconds grace) {
    if (pid_ < 0) {
        return;
    }
    if (running()) {
        ::kill(-pid_, SIGTERM);
        const auto deadline = std::chrono::steady_clock::now() + grace;
        while (running() && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }
    // Whatever is left in the group (the leader, if it ignored SIGTERM, or anything it
    // started) goes now, before the leader is reaped.
    ::kill(-pid_, SIGKILL);
    int status = 0;
    pid_t r = 0;
    do {
        r = ::waitpid(pid_, &status, 0);
    } while (r < 0 && errno == EINTR);
    if (!exit_ && r == pid_) {
        exit_ = WIFEXITED(status) ? Exit{CLD_EXITED, WEXITSTATUS(status)}
                                  : Exit{CLD_KILLED, WTERMSIG(status)};
    }
    pid_ = -1;
}

std::string tail_of_file(const fs::path& file, std::size_t max_lines) {
    std::ifstream in(file);
    std::deque<std::string> lines;
    std::string line;
    while (std::getline(in, line)) {
        lines.push_back(line);
        if (lines.size() > max_lines) {
            lines.pop_front();
        }
    }
    std::string text;
    for (const std::string& l : lines) {
        text += "\n  " + l;
    }
    return text;
}

} // namespace rdpmedic::lab::detail
