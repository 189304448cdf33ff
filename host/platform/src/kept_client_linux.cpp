#include "kept_client_linux.h"

#include "kept_files_linux.h"
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/platform/child_process.h"
#include "rdpmedic/platform/new_file.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdexcept>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>

extern char** environ;

namespace rdpmedic {

namespace {

// A line longer than this is handed on in pieces: a log is input, and memory is not its to take.
constexpr std::size_t kMaxLine = 64 * 1024;
constexpr std::size_t kMaxStatusBytes = 64;

[[noreturn]] void throw_errno(const std::string& what) {
    throw std::system_error(errno, std::generic_category(), what);
}

int open_pidfd(int pid) { return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)); }

/// "exit N" or "signal N" from the keeper's status file; exit 255 when it is missing or garbage.
std::pair<int, bool> read_status(const std::filesystem::path& folder) {
    std::string why;
    const auto text = read_own_file(folder / kKeptStatusFile, kMaxStatusBytes, why);
    for (const auto& [prefix, signalled] : {std::pair{"exit ", false}, std::pair{"signal ", true}}) {
        if (text && text->starts_with(prefix)) {
            const std::string number = text->substr(std::string_view(prefix).size());
            char* end = nullptr;
            const long value = std::strtol(number.c_str(), &end, 10);
            if (end != number.c_str() && (*end == '\n' || *end == '\0') && value >= 0 && value < 256) {
                return {signalled ? 128 + static_cast<int>(value) : static_cast<int>(value), signalled};
            }
        }
    }
    return {255, false};
}

} // namespace

KeptClient::KeptClient(std::filesystem::path folder, int pid, int pidfd, int log_fd, bool own_child, Watcher watcher)
    : m_folder(std::move(folder)), m_pid(pid), m_pidfd(pidfd), m_log(log_fd), m_own_child(own_child),
      m_watcher(std::move(watcher)) {
    m_inotify = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    m_wake = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (m_inotify < 0 || m_wake < 0 ||
        ::inotify_add_watch(m_inotify, (m_folder / kKeptLogFile).c_str(), IN_MODIFY | IN_DONT_FOLLOW) < 0) {
        const int error = errno;
        for (int fd : {m_inotify, m_wake, m_log, m_pidfd}) {
            if (fd >= 0) {
                ::close(fd);
            }
        }
        throw std::system_error(error, std::generic_category(), "cannot watch " + utf8_text(m_folder / kKeptLogFile));
    }
    m_reader = std::thread([this] { read_until_end(); });
}

std::unique_ptr<KeptClient> KeptClient::start(const std::filesystem::path& directory,
                                              const std::filesystem::path& keeper,
                                              const std::vector<std::string>& argv, const std::string& stdin_text,
                                              KeptSessionRecord record, Watcher watcher) {
    std::error_code ignored;
    std::filesystem::create_directories(directory, ignored);
    ::chmod(directory.c_str(), 0700);
    std::string pattern = (directory / "XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        throw_errno("cannot create a session folder in " + utf8_text(directory));
    }
    const std::filesystem::path folder = pattern;
    const auto log_path = folder / kKeptLogFile;
    const int log = ::open(log_path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_APPEND, 0600);
    if (log < 0) {
        const int error = errno;
        remove_kept_folder(folder);
        throw std::system_error(error, std::generic_category(), "cannot create " + utf8_text(log_path));
    }
    int in[2];
    if (::pipe2(in, O_CLOEXEC) != 0) {
        const int error = errno;
        ::close(log);
        remove_kept_folder(folder);
        throw std::system_error(error, std::generic_category(), "pipe");
    }
    std::vector<std::string> keeper_argv{keeper.string(), (folder / kKeptStatusFile).string()};
    keeper_argv.insert(keeper_argv.end(), argv.begin(), argv.end());
    std::vector<char*> args;
    for (auto& arg : keeper_argv) {
        args.push_back(arg.data());
    }
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, log, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, log, STDERR_FILENO);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setsigmask(&attributes, &none);
    // A session (and process group) of its own: no terminal's hangup, no signal meant for
    // the tray's group reaches it, and nothing asks the kernel to end it with the tray.
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    pid_t pid = -1;
    const int error = ::posix_spawn(&pid, args[0], &actions, &attributes, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    ::close(in[0]);
    if (error != 0) {
        ::close(in[1]);
        ::close(log);
        remove_kept_folder(folder);
        throw std::system_error(error, std::generic_category(), "cannot start " + utf8_text(keeper));
    }
    // What the client reads from stdin is all it will ever get there: then end-of-file,
    // which answers any further prompt (an untrusted certificate) with "no".
    write_without_sigpipe(in[1], stdin_text);
    ::close(in[1]);
    const int pidfd = open_pidfd(pid);
    const auto give_up = [&] {
        ::kill(pid, SIGTERM);
        ::waitpid(pid, nullptr, 0);
        remove_kept_folder(folder);
    };
    if (pidfd < 0) {
        const int open_error = errno;
        ::close(log);
        give_up();
        throw std::system_error(open_error, std::generic_category(), "pidfd_open");
    }
    record.keeper_pid = pid;
    record.keeper_start = process_start_time(pid).value_or(0);
    try {
        write_new_file(folder / kKeptRecordFile, to_record_text(record), Readers::Owner);
    } catch (...) {
        ::close(log);
        ::close(pidfd);
        give_up();
        throw;
    }
    try {
        // The constructor closes both descriptors when it throws.
        return std::unique_ptr<KeptClient>(new KeptClient(folder, pid, pidfd, log, true, std::move(watcher)));
    } catch (...) {
        give_up();
        throw;
    }
}

std::unique_ptr<KeptClient> KeptClient::attach(const KeptSession& session, const std::filesystem::path& keeper,
                                               Watcher watcher) {
    const int pid = session.record.keeper_pid;
    const int pidfd = open_pidfd(pid);
    // Checked again once the pidfd holds the process: it cannot be another one from here on.
    if (pidfd < 0 || !is_running_program(pid, session.record.keeper_start, keeper)) {
        if (pidfd >= 0) {
            ::close(pidfd);
        }
        throw std::runtime_error("the session keeper " + std::to_string(pid) + " is no longer running");
    }
    std::string why;
    const int log = open_own_file(session.folder / kKeptLogFile, why);
    if (log < 0) {
        ::close(pidfd);
        throw std::runtime_error(utf8_text(session.folder / kKeptLogFile) + ": " + why);
    }
    return std::unique_ptr<KeptClient>(new KeptClient(session.folder, pid, pidfd, log, false, std::move(watcher)));
}

KeptClient::~KeptClient() {
    if (!m_let_go) {
        stop();
    }
    m_reader.join();
    if (m_ended) {
        remove_kept_folder(m_folder);
    }
    for (int fd : {m_inotify, m_wake, m_log, m_pidfd}) {
        ::close(fd);
    }
}

void KeptClient::stop() {
    // Through the pidfd, so the signal can never reach another process that reused the pid.
    ::syscall(SYS_pidfd_send_signal, m_pidfd, SIGTERM, nullptr, 0);
}

void KeptClient::let_go() {
    m_let_go = true;
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto written = ::write(m_wake, &one, sizeof one);
}

bool KeptClient::read_log(std::string& pending) {
    char buffer[8192];
    bool any = false;
    for (;;) {
        const ssize_t n = ::pread(m_log, buffer, sizeof buffer, m_read);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return any;
        }
        any = true;
        m_read += n;
        pending.append(buffer, static_cast<std::size_t>(n));
        std::size_t start = 0;
        for (auto end = pending.find('\n'); end != std::string::npos; end = pending.find('\n', start)) {
            m_watcher.line(std::string_view(pending).substr(start, end - start), m_pid);
            start = end + 1;
        }
        pending.erase(0, start);
        if (pending.size() > kMaxLine) {
            m_watcher.line(pending, m_pid);
            pending.clear();
        }
    }
}

void KeptClient::read_until_end() {
    std::string pending;
    for (;;) {
        read_log(pending);
        pollfd fds[3] = {{m_wake, POLLIN, 0}, {m_pidfd, POLLIN, 0}, {m_inotify, POLLIN, 0}};
        if (::poll(fds, 3, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        if (m_let_go) {
            return;
        }
        if (fds[2].revents != 0) {
            char events[4096];
            while (::read(m_inotify, events, sizeof events) > 0) {
            }
        }
        if (fds[1].revents != 0) {
            break;
        }
    }
    read_log(pending);
    if (!pending.empty()) {
        m_watcher.line(pending, m_pid);
    }
    int exit_code = 255;
    bool signalled = false;
    std::tie(exit_code, signalled) = read_status(m_folder);
    if (m_own_child) {
        int status = 0;
        while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
    m_ended = true;
    m_watcher.ended(exit_code, signalled, m_pid);
}

} // namespace rdpmedic
