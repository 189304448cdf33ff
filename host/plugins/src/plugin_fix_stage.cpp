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

namespace {

/// "/sec:tls" → "/sec:"; "/cert:name:x" → "/cert:"; "+clipboard" → "+clipboard".
std::string option_of(const std::string& argument) {
    const auto colon = argument.find(':');
    return colon == std::string::npos ? argument : argument.substr(0, colon + 1);
}

} // namespace

bool PluginFixStage::apply(const std::string& plugin, const nlohmann::json& context, ConnectRequest& next,
                           FixReport& report) {
    const ApplyResult result = worker_.apply(plugin, context);
    for (const auto& why : result.refused) {
        if (notice_) {
            notice_("plugin " + plugin + ": change refused: " + why);
        }
    }
    // What a strategy tells the user (advice, why it does not apply) reaches them.
    for (const auto& line : result.log) {
        if (notice_ && line.rfind("debug:", 0) != 0) {
            notice_("plugin " + plugin + ": " + line);
        }
    }
    if (result.status != "ok") {
        return false;
    }
    bool changed = false;
    for (const auto& change : result.changes) {
        if (needs_asking(change, ask_before_) && !(consent_ && consent_(plugin, change))) {
            if (notice_) {
                notice_("plugin " + plugin + ": not done without your consent: " + describe(change) +
                        (change.note.empty() ? "" : " (" + change.note + ")"));
            }
            continue;
        }
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
        case ChangeKind::ClientArgument: {
            // A later override of the same option replaces the earlier one.
            const std::string option = option_of(change.value.data);
            std::erase_if(next.client_args, [&option](const std::string& existing) {
                return option_of(existing) == option && option.back() == ':';
            });
            next.client_args.push_back(change.value.data);
            report.applied.push_back(plugin + ": " + describe(change));
            changed = true;
            break;
        }
        case ChangeKind::Client:
            // Only a client the platform found installed; the supervisor hands the connection
            // over to it instead of the next attempt.
            if (std::find(other_clients_.begin(), other_clients_.end(), change.value.data) == other_clients_.end()) {
                if (notice_) {
                    notice_("plugin " + plugin + ": refused: " + change.value.data + " is not installed here");
                }
                break;
            }
            next.client = change.value.data;
            report.applied.push_back(plugin + ": " + describe(change) +
                                     (change.note.empty() ? "" : " (" + change.note + ")"));
            changed = true;
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

FixReport PluginFixStage::on_failure(const Failure& failure, const Diagnosis* diagnosis, int attempt,
                                     ConnectRequest& next) {
    FixReport report;
    load_once();
    if (target_.empty()) {
        target_ = next.target.to_string();
    }
    nlohmann::json context = make_context(next.target.host, next.target.port, to_json(failure),
                                          diagnosis ? to_json(*diagnosis) : nlohmann::json());
    std::vector<std::string> arguments = base_args_;
    arguments.insert(arguments.end(), next.client_args.begin(), next.client_args.end());
    context["client"] = {{"name", client_name_}, {"args", arguments}, {"installed", other_clients_}};
    context["gateway"] = next.gateway ? nlohmann::json(*next.gateway) : nlohmann::json();
    context["attempt"] = attempt;
    ranking_.clear();
    last_applied_.clear();
    std::vector<Candidate> order;
    for (const auto& plugin : plugins_) {
        if (used_.count(plugin) != 0) {
            continue;
        }
        if (order_ == Order::LoadOrder) {
            order.push_back({plugin, 0, "load order"});
            continue;
        }
        try {
            Assessment assessment = worker_.assess(plugin, context);
            if (assessment.score > 0) {
                order.push_back({plugin, assessment.score, std::move(assessment.reason)});
            }
        } catch (const PluginFailure& fault) {
            if (notice_) {
                notice_(fault.what());
            }
        }
    }
    if (order_ != Order::LoadOrder) {
        if (order_ == Order::Ranked) {
            std::stable_sort(order.begin(), order.end(),
                             [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
        }
        if (const auto remembered = memory_ ? memory_->fixed_last(target_) : std::nullopt) {
            prefer(order, *remembered);
        }
        ranking_ = order;
    }
    for (const auto& candidate : order) {
        used_.insert(candidate.plugin);
        try {
            if (apply(candidate.plugin, context, next, report)) {
                last_applied_ = candidate.plugin;
                fixed_by_ = candidate.plugin;
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

void PluginFixStage::on_connected(const ConnectRequest& /*request*/) {
    if (memory_ && !fixed_by_.empty() && !target_.empty()) {
        memory_->remember(target_, fixed_by_);
    }
}

bool needs_asking(const Change& change, PluginFixStage::AskBefore ask) {
    return change.needs_consent || (is_system_change(change) ? ask.system_changes : ask.connection_changes);
}

void prefer(std::vector<PluginFixStage::Candidate>& ranking, const std::string& plugin) {
    const auto it = std::find_if(ranking.begin(), ranking.end(),
                                 [&](const PluginFixStage::Candidate& c) { return c.plugin == plugin; });
    if (it != ranking.end()) {
        std::rotate(ranking.begin(), it, it + 1);
    }
}

} // namespace rdpmedic::plugins
