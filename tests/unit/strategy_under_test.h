#pragma once
// One of the project's strategy plugins as the build staged it, loaded the way rdpmedic-fixer
// loads it (manifest, then the library through the loader), and driven through a host table
// the test fills in. The table stands in for the worker's, so the plugin's own assess/apply
// decisions are checked without processes; the worker itself is exercised in tests/e2e.

#include "rdpmedic/plugin.h"
#include "rdpmedic/plugins/discovery.h"
#include "rdpmedic/plugins/loader.h"
#include "rdpmedic/plugins/trust_store.h"
#include "rdpmedic/plugins/manifest.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace rdpmedic::test {

/// What the host tells the plugin, and what the plugin asked for.
struct StrategyHost {
    std::string target_host = "server.test";
    std::uint16_t target_port = 3389;
    std::string failure_kind = "socket-closed";
    std::string verdict_cause;
    std::string client_name = "xfreerdp";
    std::vector<std::string> client_args;
    std::string gateway;
    std::uint32_t attempt = 2;
    std::vector<std::string> installed_clients;
    std::vector<std::string> findings; ///< the diagnosis' finding ids
    std::string diagnosis_json = "{}";

    struct Request {
        std::uint32_t kind = 0;
        std::string key;
        std::string name;
        std::uint32_t value_type = 0;
        std::string value;
        std::uint32_t flags = 0;
        std::string note;
    };
    std::vector<Request> requests;
    std::vector<std::string> log;

    /// The plugin's log lines, one per line, to match text across them.
    std::string log_text() const {
        std::string text;
        for (const auto& line : log) {
            text += line + "\n";
        }
        return text;
    }
};

struct Verdict {
    int score = 0;
    std::string reason;
};

class StrategyUnderTest {
  public:
    explicit StrategyUnderTest(const std::string& id) {
        const auto folder = std::filesystem::path(RDPMEDIC_STAGE_DIR) / "plugins" / id;
        // Checked against the build's own trust-store entry, as an installed copy would be.
        const auto trust = plugins::TrustStore::load({std::filesystem::path(RDPMEDIC_STAGE_DIR) / "trusted-keys"});
        const plugins::CheckedPlugin checked = plugins::check_plugin(folder, trust, {false});
        if (!checked.loadable()) {
            throw std::runtime_error("the build's " + id + " does not pass its checks: " + checked.message);
        }
        plugins::LoadOutcome outcome = plugins::load_plugin(checked);
        if (!outcome.plugin) {
            throw std::runtime_error("the build's " + id + " does not load: " + outcome.message);
        }
        plugin_ = std::move(outcome.plugin);
    }

    const rdpmedic_plugin_t& api() const { return plugin_->api(); }

    Verdict assess(StrategyHost& state) const {
        const Table table(state, false);
        char reason[512] = {};
        const int score = api().assess(table.raw(), reason, sizeof reason);
        return {score, reason};
    }
    rdpmedic_status_t apply(StrategyHost& state) const {
        const Table table(state, true);
        return api().apply(table.raw());
    }

  private:
    class Table {
      public:
        Table(StrategyHost& state, bool changes_allowed) : state_(state), changes_allowed_(changes_allowed) {
            table_.abi = RDPMEDIC_ABI_VERSION_INIT;
            table_.struct_size = sizeof(rdpmedic_host_t);
            table_.host_data = this;
            table_.log = [](const rdpmedic_host_t* host, rdpmedic_log_level_t, const char* message) {
                self(host).state_.log.emplace_back(message ? message : "");
            };
            table_.target_host = [](const rdpmedic_host_t* host) { return self(host).state_.target_host.c_str(); };
            table_.target_port = [](const rdpmedic_host_t* host) { return self(host).state_.target_port; };
            table_.failure_kind = [](const rdpmedic_host_t* host) { return self(host).state_.failure_kind.c_str(); };
            table_.verdict_cause = [](const rdpmedic_host_t* host) { return self(host).state_.verdict_cause.c_str(); };
            table_.has_finding = [](const rdpmedic_host_t* host, const char* id) {
                const auto& findings = self(host).state_.findings;
                return id != nullptr && std::find(findings.begin(), findings.end(), id) != findings.end() ? 1 : 0;
            };
            table_.address = [](const rdpmedic_host_t*, uint32_t) -> const char* { return nullptr; };
            table_.diagnosis_json = [](const rdpmedic_host_t* host) { return self(host).state_.diagnosis_json.c_str(); };
            table_.request_change = &request_change;
            table_.client_name = [](const rdpmedic_host_t* host) { return self(host).state_.client_name.c_str(); };
            table_.client_argument = [](const rdpmedic_host_t* host, uint32_t index) {
                return entry(self(host).state_.client_args, index);
            };
            table_.gateway = [](const rdpmedic_host_t* host) { return self(host).state_.gateway.c_str(); };
            table_.attempt = [](const rdpmedic_host_t* host) { return self(host).state_.attempt; };
            table_.installed_client = [](const rdpmedic_host_t* host, uint32_t index) {
                return entry(self(host).state_.installed_clients, index);
            };
        }
        const rdpmedic_host_t* raw() const { return &table_; }

      private:
        static Table& self(const rdpmedic_host_t* host) { return *static_cast<Table*>(host->host_data); }
        static const char* entry(const std::vector<std::string>& list, uint32_t index) {
            return index < list.size() ? list[index].c_str() : nullptr;
        }
        static int request_change(const rdpmedic_host_t* host, const rdpmedic_change_t* change) {
            Table& table = self(host);
            if (!table.changes_allowed_ || change == nullptr) {
                return 0;
            }
            const auto text = [](const char* value) { return std::string(value ? value : ""); };
            table.state_.requests.push_back({change->kind, text(change->key), text(change->name), change->value_type,
                                             text(change->value), change->flags, text(change->note)});
            return 1;
        }

        StrategyHost& state_;
        bool changes_allowed_;
        rdpmedic_host_t table_{};
    };

    std::unique_ptr<plugins::LoadedPlugin> plugin_;
};

/// The build's staged plugin `id`, loaded once for the whole test run.
inline const StrategyUnderTest& staged_strategy(const std::string& id) {
    static std::map<std::string, std::unique_ptr<StrategyUnderTest>> loaded;
    auto& plugin = loaded[id];
    if (!plugin) {
        plugin = std::make_unique<StrategyUnderTest>(id);
    }
    return *plugin;
}

} // namespace rdpmedic::test
