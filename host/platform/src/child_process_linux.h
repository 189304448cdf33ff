#pragma once
/// A child process with its stdin writable and its stdout and stderr merged into one pipe;
/// its exit is observable through a pidfd, so readers block in poll() and never sleep.

#include <string>
#include <sys/types.h>
#include <vector>

namespace rdpmedic {

class ChildProcess {
  public:
    /// Starts argv[0] (an absolute path). Throws std::system_error.
    explicit ChildProcess(const std::vector<std::string>& argv);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const { return pid_; }
    int output_fd() const { return output_; } ///< read end of merged stdout/stderr
    int exit_fd() const { return pidfd_; }    ///< becomes readable when the child exits

    /// Writes everything and closes stdin; after this the child reads end-of-file.
    void write_stdin_and_close(const std::string& data);
    /// Writes everything and keeps stdin open (request/answer protocols). False when the
    /// child has closed its end; never raises SIGPIPE.
    bool write_stdin(const std::string& data);
    void close_stdin();
    void signal(int signo);
    /// Reaps the child; returns its exit code, or 128 + the signal that ended it.
    int wait();
    /// After wait(): whether a signal ended the child (xfreerdp's own exit codes reach 143,
    /// which is also 128 + SIGTERM, so the code alone cannot tell).
    bool ended_by_signal() const;

  private:
    pid_t pid_ = -1;
    int input_ = -1;
    int output_ = -1;
    int pidfd_ = -1;
    bool reaped_ = false;
    int status_ = 0;
};

/// The absolute path of an executable: `name` itself when it contains a slash, otherwise the
/// first match on PATH. Empty when there is none.
std::string find_executable(const std::string& name);

} // namespace rdpmedic
