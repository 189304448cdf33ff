#include "rdpmedic/plugins/worker_client.h"

#include "child_process_linux.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <poll.h>
#include <system_error>
#include <unistd.h>

namespace rdpmedic::plugins {

namespace {

std::filesystem::path self_directory() {
    std::error_code error;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", error);
    return error ? std::filesystem::path{} : exe.parent_path();
}

std::filesystem::path find_tool(const char* variable, const char* name, const char* build_folder) {
    if (const char* value = std::getenv(variable); value != nullptr && value[0] == '/') {
        return value;
    }
    const auto here = self_directory();
    for (const auto& candidate : {here / name, here.parent_path() / build_folder / name,
                                  here.parent_path().parent_path() / "host" / build_folder / name,
                                  here.parent_path() / "libexec" / "rdpmedic" / name}) {
        if (::access(candidate.c_str(), X_OK) == 0) {
            return candidate;
        }
    }
    return {};
}

std::string describe_signal(int signal_number) {
    const char* abbreviation = ::sigabbrev_np(signal_number);
    return "signal " + std::to_string(signal_number) +
           (abbreviation != nullptr ? std::string(" (SIG") + abbreviation + ")" : std::string());
}

} // namespace

std::filesystem::path find_fixer() { return find_tool("RDPMEDIC_FIXER", "rdpmedic-fixer", "fixer"); }
std::filesystem::path find_helper() { return find_tool("RDPMEDIC_HELPER", "rdpmedic-helper", "helper"); }

nlohmann::json make_context(const std::string& host, std::uint16_t port, const nlohmann::json& failure,
                            const nlohmann::json& diagnosis) {
    return {{"target", {{"host", host}, {"port", port}}}, {"failure", failure}, {"diagnosis", diagnosis}};
}

WorkerClient::WorkerClient(Options options) : options_(std::move(options)) {}

WorkerClient::~WorkerClient() = default;

int WorkerClient::pid() const { return process_ ? process_->pid() : 0; }

void WorkerClient::fault(const std::string& code, const std::string& message) {
    process_.reset(); // kills and reaps what is left of it
    buffer_.clear();
    throw PluginFailure(code, message);
}

void WorkerClient::ensure_running() {
    if (process_) {
        return;
    }
    if (options_.executable.empty() || ::access(options_.executable.c_str(), X_OK) != 0) {
        throw PluginFailure("no-worker", "the plugin worker rdpmedic-fixer was not found (" +
                                             options_.executable.string() + ")");
    }
    try {
        process_ = std::make_unique<ChildProcess>(std::vector<std::string>{options_.executable.string()});
    } catch (const std::system_error& error) {
        throw PluginFailure("no-worker", std::string("the plugin worker cannot start: ") + error.what());
    }
    if (started_once_) {
        ++restarts_;
    }
    started_once_ = true;
    const auto survivors = loaded_;
    loaded_.clear();
    for (const auto& [id, dir] : survivors) {
        if (faulty_.count(id) == 0) {
            try {
                exchange({{"op", "load"}, {"dir", dir.string()}}, id);
                loaded_[id] = dir;
            } catch (const PluginFailure&) {
                // It loaded before; if it no longer does, its next request says so.
                if (!process_) {
                    faulty_.insert(id);
                    ensure_running();
                    return;
                }
            }
        }
    }
}

std::string WorkerClient::read_line(std::chrono::steady_clock::time_point deadline, const std::string& plugin) {
    for (;;) {
        if (const auto end = buffer_.find('\n'); end != std::string::npos) {
            std::string line = buffer_.substr(0, end);
            buffer_.erase(0, end + 1);
            return line;
        }
        if (buffer_.size() > (1u << 20)) {
            fault("garbage", "plugin " + plugin + ": the worker sent more than 1 MiB without a line end; restarted");
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            fault("hung", "plugin " + plugin + " did not answer within " + std::to_string(options_.timeout.count()) +
                              " ms; the worker was killed and restarted");
        }
        pollfd fds[1] = {{process_->output_fd(), POLLIN, 0}};
        const int ready = ::poll(fds, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR) {
            continue;
        }
        if (ready <= 0) {
            continue; // the deadline check above decides
        }
        char chunk[8192];
        const ssize_t n = ::read(process_->output_fd(), chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            const int code = process_->wait();
            const std::string how = process_->ended_by_signal() ? describe_signal(code - 128)
                                                                : "exit code " + std::to_string(code);
            fault("crashed", "plugin " + plugin + " crashed the worker (" + how + "); the worker was restarted");
        }
        buffer_.append(chunk, static_cast<std::size_t>(n));
    }
}

nlohmann::json WorkerClient::exchange(const nlohmann::json& request, const std::string& plugin) {
    const long long id = next_id_++;
    nlohmann::json message = request;
    message["id"] = id;
    const auto deadline = std::chrono::steady_clock::now() + options_.timeout;
    if (!process_->write_stdin(message.dump() + "\n")) {
        read_line(deadline, plugin); // reports how the worker ended
        fault("crashed", "plugin " + plugin + ": the worker closed its input; restarted");
    }
    for (;;) {
        const std::string line = read_line(deadline, plugin);
        const nlohmann::json answer = nlohmann::json::parse(line, nullptr, false);
        if (!answer.is_object() || !answer.contains("ok") || !answer["ok"].is_boolean()) {
            fault("garbage", "plugin " + plugin + ": the worker answered something that is not a protocol message; "
                             "restarted");
        }
        if (answer.value("id", nlohmann::json()) != nlohmann::json(id)) {
            continue; // a late answer to a request that timed out in an earlier worker cannot happen; skip strays
        }
        if (!answer["ok"].get<bool>()) {
            throw PluginFailure(answer.value("code", "failed"), answer.value("error", "plugin " + plugin + " failed"));
        }
        return answer;
    }
}

nlohmann::json WorkerClient::call(nlohmann::json request, const std::string& plugin) {
    if (faulty_.count(plugin) != 0) {
        throw PluginFailure("disabled", "plugin " + plugin + " is disabled after an earlier fault in this session");
    }
    ensure_running();
    try {
        return exchange(request, plugin);
    } catch (const PluginFailure& failure) {
        if (failure.worker_fault()) {
            faulty_.insert(plugin);
            loaded_.erase(plugin);
        }
        throw;
    }
}

PluginInfo WorkerClient::load(const std::filesystem::path& plugin_dir) {
    const std::string name = plugin_dir.filename().string();
    const nlohmann::json answer = call({{"op", "load"}, {"dir", plugin_dir.string()}}, name);
    const nlohmann::json& plugin = answer.at("plugin");
    PluginInfo info{plugin.at("id").get<std::string>(), plugin.value("name", ""), plugin.value("version", ""),
                    plugin.value("abi", ""), plugin.value("flags", 0u), plugin.value("has_verify", false)};
    loaded_[info.id] = plugin_dir;
    return info;
}

Assessment WorkerClient::assess(const std::string& plugin, const nlohmann::json& context) {
    const nlohmann::json answer = call({{"op", "assess"}, {"plugin", plugin}, {"context", context}}, plugin);
    return {answer.value("score", 0), answer.value("reason", "")};
}

ApplyResult WorkerClient::apply(const std::string& plugin, const nlohmann::json& context) {
    const nlohmann::json answer = call({{"op", "apply"}, {"plugin", plugin}, {"context", context}}, plugin);
    ApplyResult result;
    result.status = answer.value("status", "failed");
    try {
        for (const auto& change : answer.value("changes", nlohmann::json::array())) {
            result.changes.push_back(change_from_json(change));
        }
    } catch (const ChangeError& error) {
        throw PluginFailure("bad-change", "plugin " + plugin + " requested a change the host refuses: " + error.what());
    }
    for (const auto& refused : answer.value("refused", nlohmann::json::array())) {
        result.refused.push_back(refused.is_string() ? refused.get<std::string>() : refused.dump());
    }
    for (const auto& line : answer.value("log", nlohmann::json::array())) {
        result.log.push_back(line.value("level", "info") + ": " + line.value("message", ""));
    }
    return result;
}

std::string WorkerClient::verify(const std::string& plugin, const nlohmann::json& context) {
    return call({{"op", "verify"}, {"plugin", plugin}, {"context", context}}, plugin).value("status", "failed");
}

} // namespace rdpmedic::plugins
