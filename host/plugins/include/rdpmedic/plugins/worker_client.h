#pragma once
/// The host's side of the pipes to rdpmedic-fixer. Each plugin runs in a worker process of its
/// own, so one plugin can never answer for another; the host knows a plugin by the id in the
/// manifest it read itself, never by what a worker says. One request at a time; every answer is
/// awaited with a timeout and checked against the protocol's schema (at most 32 levels of
/// JSON nesting, the fields of its request, their types). A worker that dies, hangs or answers
/// anything else is killed, the fault is reported with the plugin's name, and that plugin is
/// disabled for the session; the others' workers are untouched.

#include "rdpmedic/plugins/change.h"
#include "rdpmedic/plugins/manifest.h"

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
    std::string id; ///< the manifest's, which the worker's answer must match
    Manifest manifest; ///< as the host read it (flags compared with each change requested)
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

    /// The process id of `plugin`'s worker, 0 when none runs.
    int pid(const std::string& plugin) const;

  private:
    struct Worker {
        std::unique_ptr<ChildProcess> process;
        std::string buffer;
    };

    nlohmann::json call(const std::string& op, nlohmann::json request, const std::string& plugin);
    nlohmann::json exchange(Worker& worker, const std::string& op, const nlohmann::json& request,
                            const std::string& plugin);
    Worker& start(const std::string& plugin);
    [[noreturn]] void fault(const std::string& plugin, const std::string& code, const std::string& message);
    std::string read_line(Worker& worker, std::chrono::steady_clock::time_point deadline, const std::string& plugin);

    Options options_;
    long long next_id_ = 1;
    std::map<std::string, Worker> workers_; ///< by the manifest's plugin id
    std::set<std::string> faulty_;          ///< never loaded again in this session
};

/// Throws PluginFailure("garbage") unless `answer` (a worker's line, parsed) is what the
/// protocol allows as the answer to `op` ("load", "assess", "apply", "verify"): an object with
/// "ok" and "id", the fields of that answer with their types, nothing else. Public for tests.
void check_worker_answer(const std::string& op, const nlohmann::json& answer, const std::string& plugin);
/// Whether `text` nests JSON arrays and objects deeper than `limit` (strings are skipped), so it
/// is refused before a recursive parser sees it.
bool json_nesting_exceeds(std::string_view text, int limit);

/// rdpmedic-fixer beside this executable, in the build tree's host/fixer, or in
/// PREFIX/libexec/rdpmedic; RDPMEDIC_FIXER overrides. Empty when there is none.
std::filesystem::path find_fixer();
/// The same for rdpmedic-helper (RDPMEDIC_HELPER overrides).
std::filesystem::path find_helper();

/// The context of a request: {"target":{"host","port"},"failure":…,"diagnosis":…}.
nlohmann::json make_context(const std::string& host, std::uint16_t port, const nlohmann::json& failure,
                            const nlohmann::json& diagnosis);

} // namespace rdpmedic::plugins
