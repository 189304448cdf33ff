#include "system_journal.h"

#include "e2e_support.h"

#include <csignal>
#include <cstring>
#include <stdexcept>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

namespace rdpmedic::e2e {

namespace {
constexpr const char* kJournalSocket = "/run/systemd/journal/socket";
constexpr const char* kJournald = "/lib/systemd/systemd-journald";
} // namespace

bool journal_socket_served() {
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return false;
    }
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, kJournalSocket, sizeof address.sun_path - 1);
    // A socket file left by a journald that ended refuses the connection.
    const bool served = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return served;
}

std::string SystemJournal::unavailable_reason() {
    if (journal_socket_served()) {
        return {};
    }
    if (::geteuid() != 0) {
        return "no systemd-journald serves " + std::string(kJournalSocket) +
               " and only root can start one (run the tests as root, as CI does)";
    }
    if (::access(kJournald, X_OK) != 0) {
        return std::string(kJournald) + " is not installed";
    }
    return {};
}

SystemJournal::SystemJournal() {
    if (journal_socket_served()) {
        return;
    }
    pid_ = ::fork();
    if (pid_ == 0) {
        ::execl(kJournald, kJournald, static_cast<char*>(nullptr));
        ::_exit(127);
    }
    if (pid_ < 0 || !wait_until(journal_socket_served, std::chrono::milliseconds(10000))) {
        throw std::runtime_error(std::string(kJournald) + " did not start serving " + kJournalSocket);
    }
}

SystemJournal::~SystemJournal() {
    if (pid_ > 0) {
        ::kill(pid_, SIGTERM);
        ::waitpid(pid_, nullptr, 0);
    }
}

std::vector<nlohmann::json> SystemJournal::entries(const std::string& message_id, const std::string& match,
                                                   long since_epoch_seconds) {
    const CommandResult result =
        run_command({"/usr/bin/journalctl", "--no-pager", "-o", "json", "--since", "@" + std::to_string(since_epoch_seconds),
                     "MESSAGE_ID=" + message_id, match});
    return json_lines(result.output);
}

} // namespace rdpmedic::e2e
