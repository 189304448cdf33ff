#include "rdpmedic/app/plugin_fixes.h"

#include "rdpmedic/platform/state_dirs.h"
#include "rdpmedic/plugins/change_host.h"
#include "rdpmedic/plugins/discovery.h"
#include "rdpmedic/plugins/journal.h"
#include "rdpmedic/plugins/plugin_fix_stage.h"
#include "rdpmedic/plugins/plugin_paths.h"
#include "rdpmedic/plugins/strategy_memory.h"
#include "rdpmedic/plugins/trust_store.h"
#include "rdpmedic/plugins/worker_client.h"

#include <spdlog/spdlog.h>

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

std::unique_ptr<PluginFixes> PluginFixes::create(PluginFixesOptions options) {
    const auto tell = [&](const std::string& line) {
        spdlog::info("{}", line);
        if (options.notice) {
            options.notice(line);
        }
    };
    const plugins::PluginPaths paths = plugins::default_plugin_paths();
    const plugins::TrustStore trust = plugins::TrustStore::load(paths.trust_dirs());
    const auto found = plugins::discover_plugins(
        paths.plugin_dirs(), trust, {plugins::developer_allows_unsigned(paths.developer_settings)});
    std::vector<std::filesystem::path> folders;
    std::vector<std::string> names;
    for (const auto& plugin : found) {
        if (plugin.loadable()) {
            folders.push_back(plugin.dir);
            names.push_back(plugin.dir.filename().string());
        } else {
            tell("plugin refused: " + plugin.message);
        }
    }
    if (folders.empty()) {
        tell("no fix strategies are installed or trusted; see rdpmedic-cli plugins list");
        return nullptr;
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
    parts->stage.set_memory(&parts->memory);
    if (options.consent) {
        parts->stage.set_consent([consent = options.consent](const std::string& plugin, const plugins::Change& change) {
            return consent(plugin, change.note.empty() ? plugins::describe(change) : change.note);
        });
    }
    spdlog::info("fix strategies available: {}", parts->loaded.size());
    return std::unique_ptr<PluginFixes>(new PluginFixes(std::move(parts)));
}

} // namespace rdpmedic::app
