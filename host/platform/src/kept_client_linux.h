#pragma once
// One client run by the session keeper (rdpmedic-session): started here, or found again after
// the tray that started it ended. Its output is read from the log file as it grows (inotify),
// its end from the keeper's pidfd and the status file.

#include "rdpmedic/platform/kept_sessions.h"

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace rdpmedic {

class KeptClient {
  public:
    /// Called on the reader thread, with the keeper's pid: each line of output, then once how
    /// the client ended (exit code, or 128 + signal with `signalled`). Neither after let_go().
    struct Watcher {
        std::function<void(std::string_view line, int keeper_pid)> line;
        std::function<void(int exit_code, bool signalled, int keeper_pid)> ended;
    };

    /// Starts `argv` under `keeper` in a new folder of `directory` and writes its record
    /// (`record` with the keeper's pid and start time filled in). `stdin_text` is all the
    /// client reads on stdin. Throws std::system_error or std::runtime_error.
    static std::unique_ptr<KeptClient> start(const std::filesystem::path& directory,
                                             const std::filesystem::path& keeper,
                                             const std::vector<std::string>& argv, const std::string& stdin_text,
                                             KeptSessionRecord record, Watcher watcher);
    /// Watches a client found by find_kept_sessions(), its output from the beginning of its log.
    /// Throws std::runtime_error when it is gone or its files are refused.
    static std::unique_ptr<KeptClient> attach(const KeptSession& session, const std::filesystem::path& keeper,
                                              Watcher watcher);

    /// Stops the client unless it was let go, waits for the reader; once the client has
    /// ended, its folder is removed.
    ~KeptClient();
    KeptClient(const KeptClient&) = delete;
    KeptClient& operator=(const KeptClient&) = delete;

    /// SIGTERM to the keeper, which passes it on and kills the client after a grace period.
    void stop();
    /// Stops watching: the client runs on, its folder stays for the next tray to find.
    void let_go();

  private:
    KeptClient(std::filesystem::path folder, int pid, int pidfd, int log_fd, bool own_child, Watcher watcher);
    void read_until_end();
    /// Reads what the log gained since the last call; false when nothing was there.
    bool read_log(std::string& pending);

    std::filesystem::path m_folder;
    int m_pid;
    int m_pidfd;
    int m_log;
    int m_inotify = -1;
    int m_wake = -1;
    bool m_own_child;
    Watcher m_watcher;
    off_t m_read = 0;
    std::atomic<bool> m_let_go{false};
    bool m_ended = false;
    std::thread m_reader;
};

} // namespace rdpmedic
