#pragma once
// Child processes the lab runs (xrdp, Xvfb). Each runs in its own process group so stopping
// it reaches anything it started, and gets SIGTERM if the thread that started it dies, so a
// crashed test run does not leave servers bound to loopback ports.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace rdpmedic::lab::detail {

/// The full path of an executable found on PATH or in the sbin directories (xrdp lives in
/// /usr/sbin, which a normal user's PATH often lacks); empty when not found.
std::filesystem::path find_executable(const std::string& name);

class ChildProcess {
  public:
    ChildProcess() = default;
    ~ChildProcess() { stop(); }
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    ChildProcess(ChildProcess&& other) noexcept;
    ChildProcess& operator=(ChildProcess&& other) noexcept;

    /// Starts argv[0] (a full path) with stdin from /dev/null and stdout/stderr appended to
    /// output. pass_fd, when >= 0, becomes fd 3 in the child. Throws std::runtime_error.
    static ChildProcess start(const std::vector<std::string>& argv,
                              const std::filesystem::path& output, int pass_fd = -1);

    bool running();
    /// The exit status text once it has ended ("exit 1", "signal 9").
    std::string status_text() const;
    /// SIGTERM to the group, SIGKILL after grace; always reaps.
    void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(2000));
    pid_t pid() const { return pid_; }

  private:
    struct Exit {
        int code;   // CLD_EXITED, CLD_KILLED, ...
        int status; // exit status or signal number
    };
    pid_t pid_ = -1;
    std::optional<Exit> exit_;
};

/// The last lines of a text file, for error messages.
std::string tail_of_file(const std::filesystem::path& file, std::size_t max_lines = 8);

} // namespace rdpmedic::lab::detail
