#pragma once
// A real systemd-journald for the system log tests: the one already serving the default
// socket, or one started for the test (as root) and stopped after it.

#include <nlohmann/json.hpp>

#include <string>
#include <sys/types.h>
#include <vector>

namespace rdpmedic::e2e {

class SystemJournal {
  public:
    /// Empty when a journal serves /run/systemd/journal/socket (already, or once started);
    /// otherwise why there is none (not root and none running, journald failed to start).
    static std::string unavailable_reason();

    SystemJournal();
    ~SystemJournal();
    SystemJournal(const SystemJournal&) = delete;
    SystemJournal& operator=(const SystemJournal&) = delete;

    /// True when this test started journald.
    bool started() const { return pid_ > 0; }

    /// The entries with MESSAGE_ID `message_id` and the field `match` ("RDPMEDIC_TARGET=…"),
    /// written since `since_epoch_seconds`, as journalctl -o json gives them.
    static std::vector<nlohmann::json> entries(const std::string& message_id, const std::string& match,
                                               long since_epoch_seconds);

  private:
    pid_t pid_ = -1;
};

/// Whether something accepts datagrams on the journal's socket now.
bool journal_socket_served();

} // namespace rdpmedic::e2e
