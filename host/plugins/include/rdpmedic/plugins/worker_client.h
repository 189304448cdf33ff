#pragma once
/// The host's side of the pipe to rdpmedic-fixer. One request at a time; every answer is
/// awaited with a timeout. A worker that dies, hangs or answers garbage is killed, the fault
/// is reported with the plugin's name, and the next request starts a fresh worker with the
/// other plugins loaded again.

#include "rdpmedic/plugins/change.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace rdpmedic {
class ChildProcess;
}

namespace rdpmedic::plugins {

/// A request the plugin or the worker could not answer. `code` is stable: the worker's
/// ("abi-too-new", "bad-score", "threw", "untrusted-signer", …) or the host's ("crashed",
/// "hung", "garbage", "no-worker").
class PluginFailure : public std::runtime_error {
  public:
    PluginFailure(std::string code, const std::string& message)
        : std::runtime_error(message), code_(std::move(code)) {}
    const std::string& code() const { return code_; }
    /// The worker died or was killed (and will be restarted).
    bool worker_fault() const { return code_ == "crashed" || code_ == "hung" || code_ == "garbage"; }

  private:
    std::string code_;
};

struct PluginInfo {
    std::string id;
    std::string name;
    std::string version;
    std::string abi;
    std::uint32_t flags = 0;
    bool has_verify = false;
};

struct Assessment {
    int score = 0;
    std::string reason;
};

struct ApplyResult {
    std::string status; ///< "ok", "not-applicable", "failed"
    std::vector<Change> changes;
    std::vector<std::string> refused; ///< change requests the host turned down, with why
    std::vector<std::string> log;     ///< "level: message"
};

class WorkerClient {
  public:
    struct Options {
        std::filesystem::path executable;
        std::chrono::milliseconds timeout{5000}; ///< per request
    };

    explicit WorkerClient(Options options);
    ~WorkerClient();
    WorkerClient(const WorkerClient&) = delete;
    WorkerClient& operator=(const WorkerClient&) = delete;

    /// All throw PluginFailure.
    PluginInfo load(const std::filesystem::path& plugin_dir);
    Assessment assess(const std::string& plugin, const nlohmann::json& context);
    ApplyResult apply(const std::string& plugin, const nlohmann::json& context);
    std::string verify(const std::string& plugin, const nlohmann::json& context);

    /// The running worker's process id, 0 when none runs.
    int pid() const;
    int restarts() const { return restarts_; }

  private:
    nlohmann::json call(nlohmann::json request, const std::string& plugin);
    nlohmann::json exchange(const nlohmann::json& request, const std::string& plugin);
    void ensure_running();
    [[noreturn]] void fault(const std::string& code, const std::string& message);
    std::string read_line(std::chrono::steady_clock::time_point deadline, const std::string& plugin);

    Options options_;
    std::unique_ptr<ChildProcess> process_;
    std::string buffer_;
    long long next_id_ = 1;
    int restarts_ = 0;
    bool started_once_ = false;
    std::map<std::string, std::filesystem::path> loaded_; ///< id → folder, reloaded after a restart
    std::set<std::string> faulty_;                        ///< never loaded again in this session
};

/// rdpmedic-fixer beside this executable, in the build tree's host/fixer, or in
/// PREFIX/libexec/rdpmedic; RDPMEDIC_FIXER overrides. Empty when there is none.
std::filesystem::path find_fixer();
/// The same for rdpmedic-helper (RDPMEDIC_HELPER overrides).
std::filesystem::path find_helper();

/// The context of a request: {"target":{"host","port"},"failure":…,"diagnosis":…}.
nlohmann::json make_context(const std::string& host, std::uint16_t port, const nlohmann::json& failure,
                            const nlohmann::json& diagnosis);

} // namespace rdpmedic::plugins
