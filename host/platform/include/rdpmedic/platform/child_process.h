#pragma once
/// A child process with its stdin writable and its stdout and stderr merged into one pipe.
/// Linux: posix_spawn and a pidfd, so readers block in poll() and never sleep.
/// Windows: CreateProcessW inheriting only the two pipe ends, inside a job object that takes
/// the whole process tree down with it (and, unless it may outlive this process, ends it when
/// this process ends); a reader thread feeds read_output(), because anonymous pipes have no
/// overlapped reads.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rdpmedic {

/// Whether a child ends when this process does, however it ends (Windows: a kill-on-close
/// job). On Linux a child never ends with its parent by itself; its pipes are what it loses.
enum class ChildLifetime { EndsWithParent, MayOutliveParent };

class ChildProcess {
  public:
    /// Starts argv[0] (an absolute path). Throws std::system_error.
    explicit ChildProcess(const std::vector<std::string>& argv,
                          ChildLifetime lifetime = ChildLifetime::EndsWithParent);
    /// Kills the child if it is still running (on Windows with every process it started)
    /// and reaps it.
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    int pid() const;

    enum class Read { data, timeout, closed };
    /// Appends what the child wrote to `appended_to`. Returns `data` as soon as something
    /// arrived, `closed` once every process holding the write end has ended and nothing is
    /// left, `timeout` when nothing arrived by `deadline`.
    Read read_output(std::string& appended_to, std::chrono::steady_clock::time_point deadline);

    /// Writes everything and closes stdin; after this the child reads end-of-file.
    void write_stdin_and_close(const std::string& data);
    /// Writes everything and keeps stdin open (request/answer protocols). False when the
    /// child has closed its end; never raises SIGPIPE.
    bool write_stdin(const std::string& data);
    void close_stdin();

    /// Asks the child to end. Linux: SIGTERM. Windows: WM_CLOSE to the child's top-level
    /// windows, as `taskkill` without /f does; a console program without a window has no
    /// such request, so it is terminated like kill().
    void request_stop();
    /// Ends the child at once. Linux: SIGKILL. Windows: the job object is terminated, so
    /// the processes the child started end too. request_stop() and kill() may be called from
    /// another thread while one thread blocks in wait().
    void kill();

    /// The exit code once the child has ended within `timeout`, nullopt while it runs.
    std::optional<int> wait_for(std::chrono::milliseconds timeout);
    /// Reaps the child; returns its exit code, or on Linux 128 + the signal that ended it.
    /// On Windows an NTSTATUS such as 0xC0000005 comes back as the negative int it casts to.
    int wait();
    /// After wait(): whether the child was ended from outside rather than exiting by itself.
    /// Linux: a signal ended it (xfreerdp's own exit codes reach 143, which is also
    /// 128 + SIGTERM, so the code alone cannot tell). Windows: request_stop() or kill()
    /// terminated it while it was running.
    bool ended_by_signal() const;

#if defined(_WIN32)
    /// Windows only: the process handle, for waiting on it together with other handles.
    void* process_handle() const;
    /// Windows only, for a child started with ChildLifetime::MayOutliveParent: stops owning it,
    /// so the destructor neither ends it nor waits for it.
    void let_go();
#else
    /// Linux only, for callers that poll several descriptors at once.
    int output_fd() const; ///< read end of merged stdout/stderr
    int exit_fd() const;   ///< becomes readable when the child exits
    void signal(int signo);
#endif

  private:
    struct State;
    std::unique_ptr<State> state_;
};

/// The absolute path of an executable: `name` itself when it contains a directory, otherwise
/// the first match on PATH. Windows tries PATHEXT's .EXE and .COM for a name without one;
/// batch files are never returned, because their arguments would go through cmd.exe's parser,
/// which no quoting makes safe. Empty when there is none.
std::string find_executable(const std::string& name);

#if !defined(_WIN32)
/// Writes all of `data` to `fd`; false when the reader has gone, without raising SIGPIPE.
bool write_without_sigpipe(int fd, std::string_view data);
#endif

} // namespace rdpmedic
