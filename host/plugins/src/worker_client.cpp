#include "rdpmedic/plugins/worker_client.h"

#include "child_process.h"
#include "own_executable.h"
#include "process_end.h"
#include "rdpmedic/plugins/path_text.h"

#include <system_error>

namespace rdpmedic::plugins {

namespace {

std::filesystem::path find_tool(const char* variable, const char* name, const char* build_folder) {
    if (auto configured = absolute_path_from_environment(variable); !configured.empty()) {
        return configured;
    }
    const auto here = own_executable_dir();
    const std::string file = executable_file_name(name);
    // The installed places first; the build tree's folders only when nothing is installed.
    for (const auto& candidate : {here / file, here.parent_path() / "libexec" / "rdpmedic" / file,
                                  here.parent_path() / build_folder / file,
                                  here.parent_path().parent_path() / "host" / build_folder / file}) {
        if (is_executable_file(candidate)) {
            return candidate;
        }
    }
    return {};
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
    if (options_.executable.empty() || !is_executable_file(options_.executable)) {
        throw PluginFailure("no-worker", "the plugin worker rdpmedic-fixer was not found (" +
                                             utf8_text(options_.executable) + ")");
    }
    try {
        process_ = std::make_unique<ChildProcess>(std::vector<std::string>{utf8_text(options_.executable)});
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
                exchange({{"op", "load"}, {"dir", utf8_text(dir)}}, id);
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
        if (std::chrono::steady_clock::now() >= deadline) {
            fault("hung", "plugin " + plugin + " did not answer within " + std::to_string(options_.timeout.count()) +
                              " ms; the worker was killed and restarted");
        }
        if (process_->read_output(buffer_, deadline) == ChildProcess::Read::closed) {
            const int code = process_->wait();
            fault("crashed", "plugin " + plugin + " crashed the worker (" +
                                 describe_process_end(code, process_->ended_by_signal()) +
                                 "); the worker was restarted");
        }
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
    const std::string name = utf8_text(plugin_dir.filename());
    const nlohmann::json answer = call({{"op", "load"}, {"dir", utf8_text(plugin_dir)}}, name);
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
