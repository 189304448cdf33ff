#include "rdpmedic/app/plugin_fixes.h"

#include "rdpmedic/app/allowed_plugins.h"
#include "rdpmedic/core/plugin_choice.h"
#include "rdpmedic/platform/client_handoff.h"
#include "rdpmedic/platform/state_dirs.h"
#include "rdpmedic/plugins/change_host.h"
#include "rdpmedic/plugins/journal.h"
#include "rdpmedic/plugins/plugin_fix_stage.h"
#include "rdpmedic/plugins/plugin_paths.h"
#include "rdpmedic/plugins/strategy_memory.h"
#include "rdpmedic/plugins/worker_client.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

namespace rdpmedic::app {

struct PluginFixes::Parts {
    Parts(std::vector<std::filesystem::path> folders, const std::filesystem::path& fixer,
          const std::filesystem::path& helper, const PluginFixesOptions& options)
        : worker({fixer, std::chrono::milliseconds(5000)}),
          changes({helper, plugins::journal_file(state_directory())}),
          memory(plugins::StrategyMemory::default_file(state_directory())),
          stage(std::move(folders), worker, changes, options.notice) {}

    plugins::WorkerClient worker;
    plugins::ChangeHost changes;
    plugins::StrategyMemory memory;
    plugins::PluginFixStage stage;
    std::vector<std::string> loaded;
};

PluginFixes::PluginFixes(std::unique_ptr<Parts> parts) : m_parts(std::move(parts)) {}
PluginFixes::~PluginFixes() = default;

FixStage& PluginFixes::stage() { return m_parts->stage; }
const std::vector<std::string>& PluginFixes::loaded() const { return m_parts->loaded; }

std::string how_to_undo(const ConsentRequest& request) {
    if (!request.system_wide) {
        return "Nothing to undo: only the next attempt of this connection changes; the next connection starts "
               "as you set it up.";
    }
    if (!request.reversible) {
        return "It cannot be taken back once done.";
    }
    return "Undo last change in the rdpmedic menu (or rdpmedic-cli undo) puts the previous value back.";
}

namespace {

ConsentRequest consent_request(const std::string& plugin, const plugins::Change& change) {
    ConsentRequest request;
    request.plugin = plugin;
    request.what = plugins::describe(change);
    request.why = change.note;
    request.system_wide = plugins::is_system_change(change);
    request.elevated = plugins::needs_elevation(change);
    request.reversible = plugins::is_reversible(change);
    request.lowers_security = change.needs_consent;
    return request;
}

} // namespace

std::unique_ptr<PluginFixes> PluginFixes::create(PluginFixesOptions options) {
    const auto tell = [&](const std::string& line) {
        spdlog::info("{}", line);
        if (options.notice) {
            options.notice(line);
        }
    };
    const plugins::PluginPaths paths = plugins::default_plugin_paths();
    const auto found = discover_allowed_plugins(paths, options.trusted_publisher_keys);
    std::map<std::string, std::filesystem::path> folder_of;
    std::vector<std::string> loadable;
    for (const auto& plugin : found) {
        if (plugin.loadable() && plugin.manifest) {
            folder_of[plugin.manifest->id] = plugin.dir;
            loadable.push_back(plugin.manifest->id);
        } else {
            tell("plugin refused: " + plugin.message);
        }
    }
    if (loadable.empty()) {
        tell("no fix strategies are installed or trusted; see rdpmedic-cli plugins list");
        return nullptr;
    }
    auto names = enabled_plugins(loadable, options.plugin_order, options.plugins_disabled);
    for (const auto& id : loadable) {
        if (std::find(names.begin(), names.end(), id) == names.end()) {
            spdlog::info("plugin {} is turned off", id);
        }
    }
    if (names.empty()) {
        tell("every fix strategy is turned off; turn one on in Plugins…");
        return nullptr;
    }
    std::vector<std::filesystem::path> folders;
    for (const auto& id : names) {
        folders.push_back(folder_of.at(id));
    }
    const auto fixer = plugins::find_fixer();
    const auto helper = plugins::find_helper();
    if (fixer.empty() || helper.empty()) {
        tell("rdpmedic-fixer or rdpmedic-helper is missing from this installation; fixes are off");
        return nullptr;
    }
    auto parts = std::make_unique<Parts>(std::move(folders), fixer, helper, options);
    parts->loaded = std::move(names);
    parts->stage.set_client(options.client_name, options.client_args);
    parts->stage.set_other_clients(other_installed_clients(options.client_name));
    parts->stage.set_memory(&parts->memory);
    parts->stage.set_ask_before({options.ask_before_system_changes, options.ask_before_connection_changes});
    if (!options.plugin_order.empty()) {
        // The user arranged them: of the strategies that apply, theirs is the order tried.
        parts->stage.set_order(plugins::PluginFixStage::Order::Given);
    }
    if (options.consent) {
        parts->stage.set_consent([consent = options.consent](const std::string& plugin, const plugins::Change& change) {
            return consent(consent_request(plugin, change));
        });
    }
    std::string listed;
    for (const auto& id : parts->loaded) {
        listed += (listed.empty() ? "" : ", ") + id;
    }
    spdlog::info("fix strategies available ({}): {}",
                 options.plugin_order.empty() ? "best score first" : "in your order", listed);
    return std::unique_ptr<PluginFixes>(new PluginFixes(std::move(parts)));
}

} // namespace rdpmedic::app
