#include "rdpmedic/plugins/plugin_fix_stage.h"

#include "rdpmedic/core/json.h"

#include <algorithm>
#include <optional>

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
            PluginInfo info = worker_.load(dir);
            plugins_.push_back(info.id);
            manifests_[info.id] = std::move(info.manifest);
        } catch (const PluginFailure& failure) {
            if (notice_) {
                notice_(failure.what());
            }
        }
    }
}

namespace {

/// "/sec:tls" → "/sec:"; "/cert:name:x" → "/cert:"; "+clipboard" and "-clipboard" → "clipboard".
std::string option_of(const std::string& argument) {
    const auto colon = argument.find(':');
    if (colon != std::string::npos) {
        return argument.substr(0, colon + 1);
    }
    return !argument.empty() && (argument[0] == '+' || argument[0] == '-') ? argument.substr(1) : argument;
}

std::optional<SecurityLayer> security_layer(const std::string& id) {
    if (id == "rdp") return SecurityLayer::Rdp;
    if (id == "tls") return SecurityLayer::Tls;
    if (id == "nla") return SecurityLayer::Nla;
    if (id == "ext") return SecurityLayer::Ext;
    return std::nullopt;
}

std::optional<GatewayTransport> gateway_transport(const std::string& id) {
    if (id == "auto") return GatewayTransport::Auto;
    if (id == "http") return GatewayTransport::Http;
    if (id == "rpc") return GatewayTransport::Rpc;
    return std::nullopt;
}

bool allowlisted(const Change& change) {
    try {
        check_allowlisted(change);
        return true;
    } catch (const ChangeError&) {
        return false;
    }
}

/// Rdp < Tls < Nla <= Ext: what each layer proves about the server and protects before logon.
int strength(SecurityLayer layer) {
    switch (layer) {
    case SecurityLayer::Rdp: return 0;
    case SecurityLayer::Tls: return 1;
    case SecurityLayer::Nla: return 2;
    case SecurityLayer::Ext: return 2;
    }
    return 0;
}

/// OpenSSL's default security level on the platforms rdpmedic runs on; below it the client
/// accepts TLS 1.0, SHA-1 signatures and short keys.
constexpr int kDefaultTlsSecurityLevel = 2;

} // namespace

bool PluginFixStage::system_wide(const std::string& plugin) const {
    const auto manifest = manifests_.find(plugin);
    return manifest == manifests_.end() || manifest->second.scope == "system";
}

std::string PluginFixStage::refusal(const std::string& plugin, const Change& change) const {
    // Whatever the manifest says: this failure allows no system change.
    if (is_system_change(change) && !no_system_change_.empty()) {
        return no_system_change_ + " (rule: no system-wide change for this failure)";
    }
    const auto manifest = manifests_.find(plugin);
    if (is_system_change(change) && manifest != manifests_.end()) {
        const Manifest& declared = manifest->second;
        if (needs_elevation(change) && !declared.needs_elevation) {
            return "it needs administrator rights, but the plugin's manifest says "
                   "needs_elevation: false (rule: manifest flags must cover every change)";
        }
        if (declared.scope != "system") {
            return "it changes the system, but the plugin's manifest says scope \"" +
                   declared.scope + "\" (rule: manifest flags must cover every change)";
        }
        if (!is_reversible(change) && declared.reversible) {
            return "it cannot be undone, but the plugin's manifest says reversible: true "
                   "(rule: manifest flags must cover every change)";
        }
    }
    switch (change.kind) {
    case ChangeKind::TargetAddress: {
        Target target;
        try {
            target = parse_target(change.value.data);
        } catch (const TargetError& error) {
            return error.what();
        }
        if (std::find(resolved_.begin(), resolved_.end(), target.host) == resolved_.end()) {
            return "the address " + change.value.data.substr(0, 80) + " is not one the diagnosis resolved for " +
                   target_ + " (rule: a plugin may only move the connection to an address of its own name)";
        }
        if (target.port != target_port_) {
            return "the address " + change.value.data.substr(0, 80) + " is on another port than " + target_ +
                   " (rule: a plugin may only move the connection to an address of its own name)";
        }
        return {};
    }
    case ChangeKind::InterfaceMtu:
        if (std::find(resolved_.begin(), resolved_.end(), change.key) == resolved_.end()) {
            return "the address " + change.key.substr(0, 80) + " is not one the diagnosis resolved for " + target_ +
                   " (rule: a plugin may only change the route to the server it diagnosed)";
        }
        return {};
    case ChangeKind::Client:
        if (std::find(other_clients_.begin(), other_clients_.end(), change.value.data) == other_clients_.end()) {
            return change.value.data.substr(0, 60) + " is not installed here (rule: only another installed client)";
        }
        return {};
    case ChangeKind::Override:
        if (change.name == kOverrideCertificateName && change.value.data != target_host_) {
            return "the certificate name " + change.value.data.substr(0, 80) + " is not " + target_host_ +
                   ", the name this connection is for (rule: the certificate must carry the name you connect to)";
        }
        return {};
    case ChangeKind::ClientArgument:
        for (const auto& argument : user_args_) {
            if (option_of(argument) == option_of(change.value.data)) {
                return "you chose " + argument + " yourself; the plugin asked for " + change.value.data +
                       " (rule: a plugin never overrides your own choice)";
            }
        }
        return {};
    default: return {};
    }
}

std::string PluginFixStage::user_choice(const Change& change) const {
    if (change.kind != ChangeKind::Override) {
        return {};
    }
    std::string chosen;
    for (const auto& argument : user_args_) {
        if (const auto mine = override_from_client_argument(argument); mine && mine->name == change.name) {
            chosen = argument; // the later one wins, as in the client
        }
    }
    const bool typed = (change.name == kOverrideSecurityLayer && user_overrides_.security) ||
                       (change.name == kOverrideTlsSecurityLevel && user_overrides_.tls_security_level) ||
                       (change.name == kOverrideGatewayTransport && user_overrides_.gateway_transport) ||
                       (change.name == kOverrideCertificateName && user_overrides_.certificate_name);
    return chosen.empty() && typed ? "your own " + change.name + " setting" : chosen;
}

std::string PluginFixStage::consent_reason(const Change& change, const ConnectRequest& next) const {
    switch (change.kind) {
    case ChangeKind::TargetAddress:
        return "connects to " + change.value.data + " instead of " + target_ +
               ": the connection and your credentials go to that address";
    case ChangeKind::Override: {
        // What the connection asks for now: a choice of the user's or an earlier fix's, or else
        // the client's own negotiation (NLA first) and OpenSSL's default level.
        std::optional<SecurityLayer> layer = next.overrides.security;
        std::optional<int> level = next.overrides.tls_security_level;
        for (const auto& argument : user_args_) {
            if (const auto mine = override_from_client_argument(argument); mine && allowlisted(*mine)) {
                if (mine->name == kOverrideSecurityLayer && !next.overrides.security) {
                    layer = security_layer(mine->value.data);
                } else if (mine->name == kOverrideTlsSecurityLevel && !next.overrides.tls_security_level) {
                    level = std::stoi(mine->value.data);
                }
            }
        }
        if (change.name == kOverrideSecurityLayer) {
            const SecurityLayer wanted = *security_layer(change.value.data);
            if (strength(wanted) < strength(layer.value_or(SecurityLayer::Nla))) {
                return wanted == SecurityLayer::Rdp
                           ? "standard RDP security: the server is not authenticated and the session can be read "
                             "by anyone on the way"
                           : "TLS without Network Level Authentication: you log on at the server's screen, after "
                             "the connection is made";
            }
        }
        if (change.name == kOverrideTlsSecurityLevel &&
            std::stoi(change.value.data) < level.value_or(kDefaultTlsSecurityLevel)) {
            return "TLS security level " + change.value.data + ": accepts outdated TLS versions and weak keys";
        }
        return {};
    }
    default: return change.needs_consent ? std::string("the plugin says it needs your consent") : std::string();
    }
}

bool PluginFixStage::apply(const std::string& plugin, const nlohmann::json& context, ConnectRequest& next,
                           FixReport& report) {
    const ApplyResult result = worker_.apply(plugin, context);
    const auto refused = [&](const std::string& change, bool system_wide, const std::string& why) {
        report.actions.push_back({FixAction::Outcome::Refused, plugin, change, system_wide, why});
    };
    const auto applied = [&](const Change& change, std::string line) {
        report.actions.push_back({FixAction::Outcome::Applied, plugin, describe(change), is_system_change(change), {}});
        report.applied.push_back(std::move(line));
    };
    for (const auto& why : result.refused) {
        refused({}, false, why);
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
    for (Change change : result.changes) {
        if (const std::string why = refusal(plugin, change); !why.empty()) {
            refused(describe(change), is_system_change(change), why);
            if (notice_) {
                notice_("plugin " + plugin + ": refused: " + describe(change) + ": " + why);
            }
            continue;
        }
        // The host decides what lowers security or moves the credentials; the plugin's own
        // flag can add a question, never remove one.
        if (const std::string why = consent_reason(change, next); !why.empty()) {
            change.needs_consent = true;
            if (change.note.empty()) {
                change.note = why;
            } else if (change.note.find(why) == std::string::npos) {
                change.note = why + "; the plugin says: " + change.note;
            }
        }
        // Never silently over the user's own choice: the note (and the consent prompt) say so.
        const std::string overridden = user_choice(change);
        if (!overridden.empty()) {
            change.note = "replaces " + overridden + (change.note.empty() ? "" : "; " + change.note);
        }
        if (needs_asking(change, ask_before_) && !(consent_ && consent_(plugin, change))) {
            refused(describe(change), is_system_change(change), "not done without the user's consent");
            if (notice_) {
                notice_("plugin " + plugin + ": not done without your consent: " + describe(change) +
                        (change.note.empty() ? "" : " (" + change.note + ")"));
            }
            continue;
        }
        switch (change.kind) {
        case ChangeKind::TargetAddress:
            next.target = parse_target(change.value.data); // checked by refusal()
            applied(change, plugin + ": " + describe(change));
            changed = true;
            break;
        case ChangeKind::Override:
            if (change.name == kOverrideSecurityLayer) {
                next.overrides.security = security_layer(change.value.data);
            } else if (change.name == kOverrideTlsSecurityLevel) {
                next.overrides.tls_security_level = std::stoi(change.value.data);
            } else if (change.name == kOverrideGatewayTransport) {
                next.overrides.gateway_transport = gateway_transport(change.value.data);
            } else if (change.name == kOverrideCertificateName) {
                next.overrides.certificate_name = change.value.data;
            }
            applied(change, plugin + ": " + describe(change) + (overridden.empty() ? "" : " (replaces " + overridden + ")"));
            changed = true;
            break;
        case ChangeKind::ClientArgument: {
            // A later plugin's option replaces an earlier plugin's; the user's own never reach here.
            const std::string option = option_of(change.value.data);
            std::erase_if(next.client_args,
                          [&option](const std::string& existing) { return option_of(existing) == option; });
            next.client_args.push_back(change.value.data);
            applied(change, plugin + ": " + describe(change));
            changed = true;
            break;
        }
        case ChangeKind::Client:
            // The supervisor hands the connection over to it instead of the next attempt.
            next.client = change.value.data;
            applied(change, plugin + ": " + describe(change) + (change.note.empty() ? "" : " (" + change.note + ")"));
            changed = true;
            break;
        default: {
            const ApplyOutcome outcome = changes_.apply(plugin, change);
            if (outcome.ok) {
                applied(change, plugin + ": " + outcome.message + " (change " + outcome.id + ")");
                changed = true;
            } else {
                refused(describe(change), true, outcome.message);
                if (notice_) {
                    notice_("plugin " + plugin + ": " + outcome.message);
                }
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
        // What the user asked for, before any plugin changed it.
        target_ = next.target.to_string();
        target_host_ = next.target.host;
        target_port_ = next.target.port;
        user_args_ = base_args_;
        user_args_.insert(user_args_.end(), next.client_args.begin(), next.client_args.end());
        user_overrides_ = next.overrides;
    }
    resolved_ = diagnosis ? diagnosis->addresses : std::vector<std::string>{};
    no_system_change_ = failure.no_system_change;
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
    std::vector<std::string> withheld; ///< system-wide strategies this failure does not allow
    for (const auto& plugin : plugins_) {
        if (used_.count(plugin) != 0) {
            continue;
        }
        if (!no_system_change_.empty() && system_wide(plugin)) {
            withheld.push_back(plugin);
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
    if (!no_system_change_.empty() && notice_) {
        // One line for the user and the log; it names no single plugin, so the plugins
        // window does not take it for one plugin's result.
        std::string left_out;
        for (const auto& plugin : withheld) {
            left_out += (left_out.empty() ? " (system-wide strategies left out: " : ", ") + plugin;
        }
        notice_(no_system_change_ + "; no system-wide change was made" + (left_out.empty() ? "" : left_out + ")"));
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
