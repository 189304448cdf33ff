#include "rdpmedic/plugins/worker_client.h"

#include "rdpmedic/core/path_text.h"
#include "rdpmedic/platform/child_process.h"
#include "rdpmedic/platform/own_executable.h"
#include "rdpmedic/platform/process_end.h"

#include <algorithm>
#include <initializer_list>
#include <system_error>

namespace rdpmedic::plugins {

std::filesystem::path find_fixer() { return find_project_executable("RDPMEDIC_FIXER", "rdpmedic-fixer", "fixer"); }
std::filesystem::path find_helper() { return find_project_executable("RDPMEDIC_HELPER", "rdpmedic-helper", "helper"); }

nlohmann::json make_context(const std::string& host, std::uint16_t port, const nlohmann::json& failure,
                            const nlohmann::json& diagnosis) {
    return {{"target", {{"host", host}, {"port", port}}}, {"failure", failure}, {"diagnosis", diagnosis}};
}

namespace {

constexpr int kMaxNesting = 32;

enum class Type { String, Boolean, Unsigned, Integer, Array, Object };

struct Field {
    const char* name;
    Type type;
};

bool has_type(const nlohmann::json& value, Type type) {
    switch (type) {
    case Type::String: return value.is_string();
    case Type::Boolean: return value.is_boolean();
    case Type::Unsigned: return value.is_number_unsigned();
    case Type::Integer: return value.is_number_integer();
    case Type::Array: return value.is_array();
    case Type::Object: return value.is_object();
    }
    return false;
}

/// Every field of `object` is one of `allowed` and has its type; the first `required` are there.
void check_fields(const nlohmann::json& object, std::initializer_list<Field> allowed, std::size_t required,
                  const std::string& where, const std::string& plugin) {
    const auto garbage = [&](const std::string& why) {
        throw PluginFailure("garbage", "plugin " + plugin + ": the worker's " + where + " " + why +
                                           " (rule: worker answers follow the protocol's schema)");
    };
    if (!object.is_object()) {
        garbage("is not a JSON object");
    }
    for (const auto& [key, value] : object.items()) {
        const auto field =
            std::find_if(allowed.begin(), allowed.end(), [&key](const Field& f) { return key == f.name; });
        if (field == allowed.end()) {
            garbage("has the unknown field \"" + key.substr(0, 40) + "\"");
        }
        if (!has_type(value, field->type)) {
            garbage("has \"" + key + "\" of the wrong type");
        }
    }
    for (std::size_t i = 0; i < required; ++i) {
        if (!object.contains(std::data(allowed)[i].name)) {
            garbage(std::string("lacks \"") + std::data(allowed)[i].name + "\"");
        }
    }
}

void check_log(const nlohmann::json& answer, const std::string& plugin) {
    if (const auto log = answer.find("log"); log != answer.end()) {
        for (const auto& line : *log) {
            check_fields(line, {{"level", Type::String}, {"message", Type::String}}, 2, "log line", plugin);
        }
    }
}

void check_strings(const nlohmann::json& answer, const char* field, const std::string& plugin) {
    if (const auto list = answer.find(field); list != answer.end()) {
        for (const auto& item : *list) {
            if (!item.is_string()) {
                throw PluginFailure("garbage", "plugin " + plugin + ": the worker's \"" + field +
                                                   "\" holds something else than text (rule: worker answers "
                                                   "follow the protocol's schema)");
            }
        }
    }
}

} // namespace

bool json_nesting_exceeds(std::string_view text, int limit) {
    int depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (const char c : text) {
        if (in_string) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limit) {
                return true;
            }
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return false;
}

void check_worker_answer(const std::string& op, const nlohmann::json& answer, const std::string& plugin) {
    check_fields(answer, {{"ok", Type::Boolean}, {"id", Type::Integer}, {"code", Type::String},
                          {"error", Type::String}, {"plugin", Type::Object}, {"score", Type::Integer},
                          {"reason", Type::String}, {"status", Type::String}, {"changes", Type::Array},
                          {"refused", Type::Array}, {"log", Type::Array}},
                 2, "answer", plugin);
    if (!answer["ok"].get<bool>()) {
        check_fields(answer, {{"ok", Type::Boolean}, {"id", Type::Integer}, {"code", Type::String},
                              {"error", Type::String}},
                     4, "refusal", plugin);
        return;
    }
    if (op == "load") {
        check_fields(answer, {{"ok", Type::Boolean}, {"id", Type::Integer}, {"plugin", Type::Object}}, 3,
                     "answer to load", plugin);
        check_fields(answer["plugin"], {{"id", Type::String}, {"name", Type::String}, {"version", Type::String},
                                        {"abi", Type::String}, {"flags", Type::Unsigned},
                                        {"has_verify", Type::Boolean}, {"check", Type::String}},
                     7, "plugin description", plugin);
    } else if (op == "assess") {
        check_fields(answer, {{"ok", Type::Boolean}, {"id", Type::Integer}, {"score", Type::Integer},
                              {"reason", Type::String}, {"log", Type::Array}},
                     4, "assessment", plugin);
    } else if (op == "apply") {
        check_fields(answer, {{"ok", Type::Boolean}, {"id", Type::Integer}, {"status", Type::String},
                              {"changes", Type::Array}, {"refused", Type::Array}, {"log", Type::Array}},
                     5, "answer to apply", plugin);
        check_strings(answer, "refused", plugin);
        for (const auto& change : answer["changes"]) {
            if (!change.is_object()) {
                throw PluginFailure("garbage", "plugin " + plugin + ": the worker's changes hold something else "
                                                   "than objects (rule: worker answers follow the protocol's schema)");
            }
        }
    } else {
        check_fields(answer, {{"ok", Type::Boolean}, {"id", Type::Integer}, {"status", Type::String},
                              {"log", Type::Array}},
                     3, "answer to verify", plugin);
    }
    check_log(answer, plugin);
}

WorkerClient::WorkerClient(Options options) : options_(std::move(options)) {}

WorkerClient::~WorkerClient() = default;

int WorkerClient::pid(const std::string& plugin) const {
    const auto it = workers_.find(plugin);
    return it != workers_.end() && it->second.process ? it->second.process->pid() : 0;
}

void WorkerClient::fault(const std::string& plugin, const std::string& code, const std::string& message) {
    workers_.erase(plugin); // kills and reaps what is left of it
    throw PluginFailure(code, message);
}

WorkerClient::Worker& WorkerClient::start(const std::string& plugin) {
    if (options_.executable.empty() || !is_executable_file(options_.executable)) {
        throw PluginFailure("no-worker", "the plugin worker rdpmedic-fixer was not found (" +
                                             utf8_text(options_.executable) + ")");
    }
    Worker worker;
    try {
        worker.process = std::make_unique<ChildProcess>(std::vector<std::string>{utf8_text(options_.executable)});
    } catch (const std::system_error& error) {
        throw PluginFailure("no-worker", std::string("the plugin worker cannot start: ") + error.what());
    }
    workers_[plugin] = std::move(worker);
    return workers_[plugin];
}

std::string WorkerClient::read_line(Worker& worker, std::chrono::steady_clock::time_point deadline,
                                    const std::string& plugin) {
    for (;;) {
        if (const auto end = worker.buffer.find('\n'); end != std::string::npos) {
            std::string line = worker.buffer.substr(0, end);
            worker.buffer.erase(0, end + 1);
            return line;
        }
        if (worker.buffer.size() > (1u << 20)) {
            fault(plugin, "garbage",
                  "plugin " + plugin + ": the worker sent more than 1 MiB without a line end; stopped");
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            fault(plugin, "hung",
                  "plugin " + plugin + " did not answer within " + std::to_string(options_.timeout.count()) +
                      " ms; its worker was killed");
        }
        if (worker.process->read_output(worker.buffer, deadline) == ChildProcess::Read::closed) {
            const int code = worker.process->wait();
            fault(plugin, "crashed",
                  "plugin " + plugin + " crashed its worker (" +
                      describe_process_end(code, worker.process->ended_by_signal()) + ")");
        }
    }
}

nlohmann::json WorkerClient::exchange(Worker& worker, const std::string& op, const nlohmann::json& request,
                                      const std::string& plugin) {
    const long long id = next_id_++;
    nlohmann::json message = request;
    message["op"] = op;
    message["id"] = id;
    const auto deadline = std::chrono::steady_clock::now() + options_.timeout;
    if (!worker.process->write_stdin(message.dump() + "\n")) {
        read_line(worker, deadline, plugin); // reports how the worker ended
        fault(plugin, "crashed", "plugin " + plugin + ": its worker closed its input");
    }
    for (;;) {
        const std::string line = read_line(worker, deadline, plugin);
        // A recursive parser given 400,000 nested brackets overflows the stack: refuse first.
        if (json_nesting_exceeds(line, kMaxNesting)) {
            fault(plugin, "garbage", "plugin " + plugin + ": the worker's answer nests deeper than " +
                                         std::to_string(kMaxNesting) + " levels (rule: worker answers follow "
                                                                       "the protocol's schema); stopped");
        }
        const nlohmann::json answer = nlohmann::json::parse(line, nullptr, false);
        if (answer.is_discarded()) {
            fault(plugin, "garbage", "plugin " + plugin + ": the worker answered something that is not JSON; stopped");
        }
        if (answer.is_object() && answer.contains("id") && answer["id"] != nlohmann::json(id)) {
            continue; // a stray answer to an earlier request; the deadline still holds
        }
        try {
            check_worker_answer(op, answer, plugin);
        } catch (const PluginFailure& failure) {
            fault(plugin, failure.code(), std::string(failure.what()) + "; stopped");
        }
        if (!answer["ok"].get<bool>()) {
            const std::string code = answer["code"].get<std::string>();
            if (PluginFailure(code, "").worker_fault()) {
                // Only the host sees a worker crash, hang or lie; a worker claiming one is lying.
                fault(plugin, "garbage", "plugin " + plugin + ": the worker reported \"" + code.substr(0, 40) +
                                             "\" itself (rule: worker answers follow the protocol's schema); stopped");
            }
            // The worker's words, under the name the host knows the plugin by.
            std::string text = answer["error"].get<std::string>().substr(0, 2000);
            if (text.rfind("plugin " + plugin, 0) != 0) {
                text = "plugin " + plugin + ": " + text;
            }
            throw PluginFailure(code.substr(0, 40), text);
        }
        return answer;
    }
}

nlohmann::json WorkerClient::call(const std::string& op, nlohmann::json request, const std::string& plugin) {
    if (faulty_.count(plugin) != 0) {
        throw PluginFailure("disabled", "plugin " + plugin + " is disabled after an earlier fault in this session");
    }
    const auto it = workers_.find(plugin);
    if (it == workers_.end()) {
        throw PluginFailure("not-loaded", "plugin " + plugin + " is not loaded");
    }
    try {
        return exchange(it->second, op, request, plugin);
    } catch (const PluginFailure& failure) {
        if (failure.worker_fault()) {
            faulty_.insert(plugin);
        }
        throw;
    }
}

PluginInfo WorkerClient::load(const std::filesystem::path& plugin_dir) {
    PluginInfo info;
    try {
        info.manifest = read_manifest(plugin_dir / kManifestFile);
    } catch (const ManifestError& error) {
        throw PluginFailure("bad-manifest", "plugin " + utf8_text(plugin_dir.filename()) + ": " + error.what());
    }
    info.id = info.manifest.id;
    if (faulty_.count(info.id) != 0) {
        throw PluginFailure("disabled", "plugin " + info.id + " is disabled after an earlier fault in this session");
    }
    Worker& worker = start(info.id);
    nlohmann::json answer;
    try {
        answer = exchange(worker, "load", {{"dir", utf8_text(plugin_dir)}}, info.id);
    } catch (const PluginFailure& failure) {
        workers_.erase(info.id);
        if (failure.worker_fault()) {
            faulty_.insert(info.id);
        }
        throw;
    }
    const nlohmann::json& plugin = answer["plugin"];
    if (plugin["id"].get<std::string>() != info.id) {
        faulty_.insert(info.id);
        fault(info.id, "garbage",
              "plugin " + info.id + ": its worker answered for \"" + plugin["id"].get<std::string>().substr(0, 60) +
                  "\" (rule: a plugin is known by the id of its own manifest); stopped");
    }
    info.name = plugin["name"].get<std::string>();
    info.version = plugin["version"].get<std::string>();
    info.abi = plugin["abi"].get<std::string>();
    info.flags = plugin["flags"].get<std::uint32_t>();
    info.has_verify = plugin["has_verify"].get<bool>();
    return info;
}

Assessment WorkerClient::assess(const std::string& plugin, const nlohmann::json& context) {
    const nlohmann::json answer = call("assess", {{"plugin", plugin}, {"context", context}}, plugin);
    return {answer["score"].get<int>(), answer["reason"].get<std::string>()};
}

ApplyResult WorkerClient::apply(const std::string& plugin, const nlohmann::json& context) {
    const nlohmann::json answer = call("apply", {{"plugin", plugin}, {"context", context}}, plugin);
    ApplyResult result;
    result.status = answer["status"].get<std::string>();
    try {
        for (const auto& change : answer["changes"]) {
            result.changes.push_back(change_from_json(change));
            check_allowlisted(result.changes.back());
        }
    } catch (const ChangeError& error) {
        throw PluginFailure("bad-change", "plugin " + plugin + " requested a change the host refuses: " + error.what());
    }
    for (const auto& refused : answer["refused"]) {
        result.refused.push_back(refused.get<std::string>().substr(0, 2000));
    }
    for (const auto& line : answer.value("log", nlohmann::json::array())) {
        result.log.push_back(line["level"].get<std::string>().substr(0, 20) + ": " +
                             line["message"].get<std::string>().substr(0, 1000));
    }
    return result;
}

std::string WorkerClient::verify(const std::string& plugin, const nlohmann::json& context) {
    return call("verify", {{"plugin", plugin}, {"context", context}}, plugin)["status"].get<std::string>();
}

} // namespace rdpmedic::plugins
