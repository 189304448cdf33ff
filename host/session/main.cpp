// rdpmedic-session: keeps one RDP client alive apart from the tray that asked for it. The tray
// starts it in a session and process group of its own (so the tray's exit, crash or upgrade
// reaches neither it nor the client), with the client's log file as stdout and stderr and the
// password answers on stdin. It runs the client as its child, hands it those three
// descriptors, and when the client ends writes how in STATUS_FILE (created new, 0600): one
// line, "exit N" or "signal N". SIGTERM, SIGINT and SIGHUP are passed on to the client, which
// is killed if it is still there two seconds later (xfreerdp sometimes ignores SIGTERM while
// it waits on the server). Its exit code is the client's (128 + the signal that ended it).
//
// Usage: rdpmedic-session STATUS_FILE CLIENT [ARG...]   (CLIENT an absolute path)
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace {

constexpr unsigned kKillAfterSeconds = 2;

volatile sig_atomic_t g_client = 0;
volatile sig_atomic_t g_stop_signal = 0;

void pass_on(int signo) {
    g_stop_signal = signo;
    if (g_client > 0) {
        ::kill(g_client, signo);
        ::alarm(kKillAfterSeconds);
    }
}

void kill_client(int) {
    if (g_client > 0) {
        ::kill(g_client, SIGKILL);
    }
}

void handle(int signo, void (*handler)(int)) {
    struct sigaction action {};
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    ::sigaction(signo, &action, nullptr);
}

void write_status(const char* file, const std::string& line) {
    const int fd = ::open(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        std::fprintf(stderr, "rdpmedic-session: cannot create %s: %s\n", file, std::strerror(errno));
        return;
    }
    if (::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
        std::fprintf(stderr, "rdpmedic-session: cannot write %s\n", file);
    }
    ::fsync(fd);
    ::close(fd);
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 3 || argv[2][0] != '/') {
        std::fputs("usage: rdpmedic-session STATUS_FILE /PATH/TO/CLIENT [ARG...]\n", stderr);
        return 2;
    }
    // A start without its own session (by hand, from a terminal) gets one here.
    if (::getsid(0) != ::getpid()) {
        ::setsid();
    }
    // The signal handlers are set before the client exists, so a stop request is never lost;
    // the client starts with default dispositions and an empty mask.
    sigset_t blocked;
    sigemptyset(&blocked);
    for (const int signo : {SIGTERM, SIGINT, SIGHUP}) {
        sigaddset(&blocked, signo);
    }
    sigprocmask(SIG_BLOCK, &blocked, nullptr);
    for (const int signo : {SIGTERM, SIGINT, SIGHUP}) {
        handle(signo, pass_on);
    }
    handle(SIGALRM, kill_client);
    ::signal(SIGPIPE, SIG_IGN);

    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t defaults;
    sigemptyset(&defaults);
    for (const int signo : {SIGTERM, SIGINT, SIGHUP, SIGALRM, SIGPIPE}) {
        sigaddset(&defaults, signo);
    }
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    pid_t client = -1;
    const int error = ::posix_spawn(&client, argv[2], nullptr, &attributes, argv + 2, environ);
    posix_spawnattr_destroy(&attributes);
    if (error != 0) {
        std::fprintf(stderr, "rdpmedic-session: cannot start %s: %s\n", argv[2], std::strerror(error));
        write_status(argv[1], "exit 127\n");
        return 127;
    }
    g_client = client;
    sigprocmask(SIG_UNBLOCK, &blocked, nullptr);

    int status = 0;
    while (::waitpid(client, &status, 0) < 0) {
        if (errno != EINTR) {
            write_status(argv[1], "exit 255\n");
            return 255;
        }
    }
    if (WIFSIGNALED(status)) {
        write_status(argv[1], "signal " + std::to_string(WTERMSIG(status)) + "\n");
        return 128 + WTERMSIG(status);
    }
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 255;
    write_status(argv[1], "exit " + std::to_string(code) + "\n");
    return code;
}
