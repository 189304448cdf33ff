#include "rdpmedic/plugins/plugin_fix_stage.h"

#include "rdpmedic/core/json.h"

#include <algorithm>

namespace rdpmedic::plugins {

PluginFixStage::PluginFixStage(std::vector<std::filesystem::path> plugin_dirs, WorkerClient& worker,
                               ChangeHost& changes, Notice notice)
    : plugin_dirs_(std::move(plugin_dirs)), worker_(worker), changes_(changes), notice_(std::move(notice)) {}

void PluginFixStage::load_once() {
    if (loaded_) {
        return;
    }
    loaded_ = true;
    for (const auto& dir : plugin_dirs_) {
        try {
            plugins_.push_back(worker_.load(dir).id);
        } catch (const PluginFailure& failure) {
            if (notice_) {
                notice_(failure.what());
            }
        }
    }
}

bool PluginFixStage::apply(const std::string& plugin, const nlohmann::json& context, ConnectRequest& next,
                           FixReport& report) {
    const ApplyResult result = worker_.apply(plugin, context);
    for (const auto& why : result.refused) {
        if (notice_) {
            notice_("plugin " + plugin + ": change refused: " + why);
        }
    }
    if (result.status != "ok") {
        return false;
    }
    bool changed = false;
    for (const auto& change : result.changes) {
        switch (change.kind) {
        case ChangeKind::TargetAddress:
            try {
                next.target = parse_target(change.value.data);
                report.applied.push_back(plugin + ": " + describe(change));
                changed = true;
            } catch (const TargetError& error) {
                if (notice_) {
                    notice_("plugin " + plugin + ": " + error.what());
                }
            }
            break;
        case ChangeKind::ClientArgument:
            next.client_args.push_back(change.value.data);
            report.applied.push_back(plugin + ": " + describe(change));
            changed = true;
            break;
        case ChangeKind::Client:
            // The launcher is chosen once per connection; switching it is not supported yet.
            if (notice_) {
                notice_("plugin " + plugin + ": " + describe(change) + " is not supported by this launcher");
            }
            break;
        default: {
            const ApplyOutcome outcome = changes_.apply(plugin, change);
            if (outcome.ok) {
                report.applied.push_back(plugin + ": " + outcome.message + " (change " + outcome.id + ")");
                changed = true;
            } else if (notice_) {
                notice_("plugin " + plugin + ": " + outcome.message);
            }
        }
        }
    }
    return changed;
}

FixReport PluginFixStage::on_failure(const Failure& failure, const Diagnosis* diagnosis, int /*attempt*/,
                                     ConnectRequest& next) {
    FixReport report;
    load_once();
    const nlohmann::json context = make_context(next.target.host, next.target.port, to_json(failure),
                                                diagnosis ? to_json(*diagnosis) : nlohmann::json());
    struct Ranked {
        std::string plugin;
        int score;
    };
    std::vector<Ranked> ranked;
    for (const auto& plugin : plugins_) {
        if (used_.count(plugin) != 0) {
            continue;
        }
        try {
            const Assessment assessment = worker_.assess(plugin, context);
            if (assessment.score > 0) {
                ranked.push_back({plugin, assessment.score});
            }
        } catch (const PluginFailure& fault) {
            if (notice_) {
                notice_(fault.what());
            }
        }
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) { return a.score > b.score; });
    for (const auto& candidate : ranked) {
        used_.insert(candidate.plugin);
        try {
            if (apply(candidate.plugin, context, next, report)) {
                break;
            }
        } catch (const PluginFailure& fault) {
            if (notice_) {
                notice_(fault.what());
            }
        }
    }
    return report;
}

} // namespace rdpmedic::plugins
