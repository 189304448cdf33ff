// rdpmedic-fixer: the unelevated worker that runs plugin code. It reads one JSON request per
// line on stdin and answers one JSON line on stdout (README, "Plugins"). The host kills and
// restarts it when a plugin crashes or hangs, so nothing here tries to survive that.
#include "host_services.h"
#include "unprivileged.h"
#include "worker_stdio.h"

#include "rdpmedic/core/path_text.h"
#include "rdpmedic/platform/privileges.h"
#include "rdpmedic/platform/process_hardening.h"
#include "rdpmedic/platform/utf8_arguments.h"
#include "rdpmedic/plugins/discovery.h"
#include "rdpmedic/plugins/loader.h"
#include "rdpmedic/plugins/plugin_paths.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <string>

namespace {

using nlohmann::json;
using namespace rdpmedic;

class Worker {
  public:
    Worker(FILE* channel, bool allow_unsigned, plugins::TrustStore trust)
        : channel_(channel), allow_unsigned_(allow_unsigned), trust_(std::move(trust)) {}

    json handle(const json& request) {
        const std::string op = request.value("op", "");
        if (op == "hello") {
            return {{"ok", true},
                    {"abi", plugins::host_abi().to_string()},
                    {"admin_rights", running_with_admin_rights()},
                    {"allow_unsigned", allow_unsigned_}};
        }
        if (op == "load") {
            return load(utf8_path(request.value("dir", "")));
        }
        if (op == "assess" || op == "apply" || op == "verify") {
            const auto it = plugins_.find(request.value("plugin", ""));
            if (it == plugins_.end()) {
                return error("not-loaded", "plugin " + request.value("plugin", "") + " is not loaded");
            }
            const json context = request.value("context", json::object());
            if (op == "assess") {
                return assess(*it->second, context);
            }
            return op == "apply" ? apply(*it->second, context) : verify(*it->second, context);
        }
        return error("bad-request", "unknown op \"" + op + "\"");
    }

    void reply(json answer, const json& id) {
        answer["id"] = id;
        const std::string line = answer.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
        std::fwrite(line.data(), 1, line.size(), channel_);
        std::fflush(channel_);
    }

  private:
    static json error(const std::string& code, const std::string& message) {
        return {{"ok", false}, {"code", code}, {"error", message}};
    }

    json load(const std::filesystem::path& dir) {
        // The host starts one worker per plugin, so that no plugin can answer for another.
        if (!plugins_.empty()) {
            return error("one-plugin", "this worker already runs plugin " + plugins_.begin()->first);
        }
        const plugins::CheckedPlugin checked = plugins::check_plugin(dir, trust_, {allow_unsigned_});
        if (!checked.loadable()) {
            return error(std::string(plugins::to_id(checked.check)), checked.message);
        }
        plugins::LoadOutcome outcome = plugins::load_plugin(checked);
        if (!outcome.plugin) {
            return error(std::string(plugins::to_id(outcome.result)), outcome.message);
        }
        const auto& info = *outcome.plugin->api().info;
        json answer = {{"ok", true},
                       {"plugin",
                        {{"id", info.id},
                         {"name", info.display_name ? info.display_name : info.id},
                         {"version", info.version ? info.version : ""},
                         {"abi", outcome.plugin->abi().to_string()},
                         {"flags", info.flags},
                         {"has_verify", outcome.plugin->api().verify != nullptr},
                         {"check", plugins::to_id(checked.check)}}}};
        plugins_[info.id] = std::move(outcome.plugin);
        return answer;
    }

    static json assess(const plugins::LoadedPlugin& plugin, const json& context) {
        fixer::HostServices services(plugin.manifest().id, context, false);
        char reason[512] = {};
        int32_t score = 0;
        try {
            score = plugin.api().assess(services.table(), reason, sizeof reason);
        } catch (...) {
            // Only reached by a plugin that lets an exception unwind through the C ABI.
            return error("threw", "plugin " + plugin.manifest().id + " threw an exception out of assess()");
        }
        reason[sizeof reason - 1] = '\0';
        if (score == -1) {
            return error("assess-failed", "plugin " + plugin.manifest().id + " could not assess: " + reason);
        }
        if (score < 0 || score > 100) {
            return error("bad-score", "plugin " + plugin.manifest().id + " returned the score " + std::to_string(score) +
                                          ", outside 0-100");
        }
        return {{"ok", true}, {"score", score}, {"reason", reason}, {"log", services.log()}};
    }

    static const char* status_id(rdpmedic_status_t status) {
        switch (status) {
        case RDPMEDIC_OK: return "ok";
        case RDPMEDIC_NOT_APPLICABLE: return "not-applicable";
        case RDPMEDIC_FAILED: return "failed";
        }
        return nullptr;
    }

    static json apply(const plugins::LoadedPlugin& plugin, const json& context) {
        fixer::HostServices services(plugin.manifest().id, context, true);
        rdpmedic_status_t status = RDPMEDIC_FAILED;
        try {
            status = plugin.api().apply(services.table());
        } catch (...) {
            return error("threw", "plugin " + plugin.manifest().id + " threw an exception out of apply()");
        }
        const char* id = status_id(status);
        if (id == nullptr) {
            return error("bad-status", "plugin " + plugin.manifest().id + " returned an unknown status from apply()");
        }
        return {{"ok", true}, {"status", id}, {"changes", status == RDPMEDIC_OK ? services.changes() : json::array()},
                {"refused", services.refused()}, {"log", services.log()}};
    }

    static json verify(const plugins::LoadedPlugin& plugin, const json& context) {
        if (plugin.api().verify == nullptr) {
            return {{"ok", true}, {"status", "unsupported"}};
        }
        fixer::HostServices services(plugin.manifest().id, context, false);
        rdpmedic_status_t status = RDPMEDIC_FAILED;
        try {
            status = plugin.api().verify(services.table());
        } catch (...) {
            return error("threw", "plugin " + plugin.manifest().id + " threw an exception out of verify()");
        }
        const char* id = status_id(status);
        if (id == nullptr) {
            return error("bad-status", "plugin " + plugin.manifest().id + " returned an unknown status from verify()");
        }
        return {{"ok", true}, {"status", id}, {"log", services.log()}};
    }

    FILE* channel_;
    bool allow_unsigned_;
    plugins::TrustStore trust_;
    std::map<std::string, std::unique_ptr<plugins::LoadedPlugin>> plugins_;
};

} // namespace

int main(int argc, char** argv) {
    rdpmedic::harden_process();
    if (const auto copy_exit = fixer::rerun_without_admin_rights(rdpmedic::utf8_arguments(argc, argv))) {
        return *copy_exit;
    }
    std::FILE* channel = fixer::take_answer_channel();
    if (channel == nullptr) {
        return 3;
    }

    // Read as the user who started the worker, before dropping privileges.
    const plugins::PluginPaths paths = plugins::default_plugin_paths();
    plugins::TrustStore trust = plugins::TrustStore::load(paths.trust_dirs());
    const bool wants_unsigned = plugins::developer_allows_unsigned(paths.developer_settings);
    if (const std::string refusal = fixer::drop_admin_rights(); !refusal.empty()) {
        const std::string line =
            json({{"id", nullptr}, {"ok", false}, {"code", "elevated"}, {"error", refusal}}).dump() + "\n";
        std::fputs(line.c_str(), channel);
        std::fflush(channel);
        return 3;
    }
    // Allowing unsigned plugins is a developer convenience for the unelevated worker only.
    const bool allow_unsigned = wants_unsigned && !running_with_admin_rights();

    Worker worker(channel, allow_unsigned, std::move(trust));
    std::string line;
    while (std::getline(std::cin, line)) {
        const json request = json::parse(line, nullptr, false);
        if (!request.is_object()) {
            worker.reply({{"ok", false}, {"code", "bad-request"}, {"error", "not a JSON object"}}, nullptr);
            continue;
        }
        worker.reply(worker.handle(request), request.value("id", json()));
    }
    return 0;
}
