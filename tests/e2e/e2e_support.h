#pragma once
// Shared by the end-to-end tests: an X display for xfreerdp, running the real supervisor
// against a lab, and running the CLI as a user would.

#include "rdpmedic/core/supervisor.h"
#include "rdpmedic/lab/lab.h"
#include "rdpmedic/lab/network_namespace.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace rdpmedic::e2e {

/// Makes sure DISPLAY names a running X server, starting one Xvfb for the whole test run.
void ensure_display();

/// Makes xfreerdp trust the lab's CA, the way an administrator would add a company CA.
void trust_lab_ca(const lab::Lab& lab);

struct SupervisedRun {
    std::vector<SupervisorEvent> events;
    SupervisorResult result;
    std::vector<SupervisorState> states() const;
    const SupervisorEvent* first(SupervisorState state) const;
};

struct RunOptions {
    int max_attempts = 1;
    std::chrono::milliseconds connect_timeout{20000};
    std::chrono::milliseconds backoff{200};
    std::vector<std::string> client_args;
    /// Arguments the launcher puts before the request's own, as `connect --client-arg` does.
    std::vector<std::string> launcher_args;
    std::string host = "localhost";
    /// The client to run (a FreeRDP binary); empty: the one discovery picks.
    std::string client_path;
    /// The fix stage and diagnoser the supervisor runs after a failure (none by default).
    FixStage* fixes = nullptr;
    Diagnoser* diagnoser = nullptr;
    /// Carries out a strategy's switch to another client (none by default).
    ClientHandoff* handoff = nullptr;
    /// Called on every event, on the supervisor's thread, before it is recorded.
    std::function<void(const SupervisorEvent&)> on_event;
};

/// The real supervisor with the real xfreerdp, connecting to the lab; stops once connected.
SupervisedRun supervise(const lab::Lab& lab, const RunOptions& options);
/// The same against a server of the test's own on options.host and `port` (xfreerdp trusts
/// what it is told through the environment or options.client_args).
SupervisedRun supervise(std::uint16_t port, const RunOptions& options);

struct CommandResult {
    int exit_code = -1;
    std::string output; ///< stdout and stderr, merged
};

/// Polls `condition` until it holds (true) or `limit` passes (false).
bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds limit);

/// The lines, each ending in a newline: notices and logs as one text to match against.
std::string joined(const std::vector<std::string>& lines);

/// A file's whole text; empty when it cannot be read.
std::string text_of(const std::filesystem::path& file);

/// The JSON objects among the output's lines (`--json` events, one per line), in order.
std::vector<nlohmann::json> json_lines(const std::string& output);

/// Runs a program to completion, feeding it `input` on stdin.
CommandResult run_command(const std::vector<std::string>& argv, const std::string& input = "");

/// Runs this executable again inside `ns` (`ip netns exec`, which also gives it a mount
/// namespace of its own) with `args` and the environment variable `assignment` ("NAME=VALUE")
/// that tells the run which scenario it is in.
CommandResult run_self_in_namespace(const lab::NetworkNamespace& ns, const std::string& assignment,
                                    const std::vector<std::string>& args);

} // namespace rdpmedic::e2e
