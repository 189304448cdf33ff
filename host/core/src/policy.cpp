#include "rdpmedic/core/policy.h"

#include "rdpmedic/core/ascii.h"

#include <algorithm>

namespace rdpmedic {

namespace {

using Kind = PolicyValueKind;

/// A value that was accepted, or why it was not.
struct Checked {
    std::optional<nlohmann::json> value;
    std::vector<std::string> problems; ///< also list items dropped from an accepted list
};

bool is_key_id(const std::string& text) {
    return text.size() == 16 && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

Checked check_boolean(const nlohmann::json& value) {
    if (value.is_boolean()) {
        return {value, {}};
    }
    // The registry has no booleans: a policy's DWORD 1 or 0 is what Group Policy writes.
    if (value.is_number_integer() && (value == 0 || value == 1)) {
        return {nlohmann::json(value == 1), {}};
    }
    return {std::nullopt, {"is " + value.dump() + ", not true or false (1 or 0)"}};
}

Checked check_number(const PolicySetting& setting, const nlohmann::json& value) {
    if (!value.is_number_integer()) {
        return {std::nullopt, {"is " + value.dump() + ", not a whole number"}};
    }
    const auto number = value.get<long long>();
    if (number < setting.low || number > setting.high) {
        return {std::nullopt, {"is " + value.dump() + ", outside " + std::to_string(setting.low) + ".." +
                               std::to_string(setting.high)}};
    }
    return {value, {}};
}

Checked check_text(const nlohmann::json& value) {
    if (!value.is_string()) {
        return {std::nullopt, {"is " + value.dump() + ", not text"}};
    }
    return {value, {}};
}

Checked check_list(const PolicySetting& setting, const nlohmann::json& value,
                   const std::optional<std::vector<std::string>>& known_plugins) {
    if (!value.is_array()) {
        return {std::nullopt, {"is " + value.dump() + ", not a list of text"}};
    }
    const std::string key = setting.key;
    const bool plugin_ids = key == "plugin_order" || key == "plugins_disabled";
    Checked checked{nlohmann::json::array(), {}};
    for (const auto& item : value) {
        if (!item.is_string()) {
            checked.problems.push_back("has " + item.dump() + ", not text; that entry is ignored");
            continue;
        }
        std::string text = item.get<std::string>();
        if (key == "trusted_publisher_keys") {
            text = ascii_lowercase(text);
            if (!is_key_id(text)) {
                checked.problems.push_back("has " + item.dump() +
                                           ", not a key id (16 hex digits, as rdpmedic-cli plugins keys lists "
                                           "them); that entry is ignored");
                continue;
            }
        }
        if (plugin_ids && known_plugins &&
            std::find(known_plugins->begin(), known_plugins->end(), text) == known_plugins->end()) {
            checked.problems.push_back("names " + item.dump() +
                                       ", which is no installed strategy (see rdpmedic-cli plugins list); "
                                       "that entry is ignored");
            continue;
        }
        checked.value->push_back(text);
    }
    if (checked.value->empty() && !value.empty()) {
        checked.value.reset(); // nothing usable left: the list is not what the policy meant
    }
    return checked;
}

Checked check(const PolicySetting& setting, const nlohmann::json& value,
              const std::optional<std::vector<std::string>>& known_plugins) {
    switch (setting.kind) {
    case Kind::Boolean: return check_boolean(value);
    case Kind::Number: return check_number(setting, value);
    case Kind::Text: return check_text(value);
    case Kind::TextList: return check_list(setting, value, known_plugins);
    }
    return {};
}

const PolicySetting* setting_for_key(const std::string& key) {
    for (const auto& setting : policy_settings()) {
        if (key == setting.key) {
            return &setting;
        }
    }
    return nullptr;
}

} // namespace

std::string_view to_id(SettingSource source) {
    switch (source) {
    case SettingSource::Default: return "default";
    case SettingSource::User: return "user";
    case SettingSource::PolicyMachine: return "policy (machine)";
    case SettingSource::PolicyUser: return "policy (user)";
    }
    return "default";
}

const std::vector<PolicySetting>& policy_settings() {
    // The ranges are the ones settings_from_json() keeps, so a policy cannot set what a user could not.
    static const std::vector<PolicySetting> settings = {
        {"auto_retry", "AutoRetry", Kind::Boolean},
        {"max_attempts", "MaxAttempts", Kind::Number, 1, 100},
        {"backoff_ms", "BackoffMs", Kind::Number, 0, 3'600'000},
        {"connect_timeout_ms", "ConnectTimeoutMs", Kind::Number, 100, 3'600'000},
        {"diagnose_after_failure", "DiagnoseAfterFailure", Kind::Boolean},
        {"ask_before_system_changes", "AskBeforeSystemChanges", Kind::Boolean},
        {"apply_connection_changes", "ApplyConnectionChanges", Kind::Boolean},
        {"notifications", "Notifications", Kind::Boolean},
        {"start_at_login", "StartAtLogin", Kind::Boolean},
        {"system_log_events", "SystemLogEvents", Kind::Boolean},
        {"client_path", "ClientPath", Kind::Text},
        {"client_args", "ClientArgs", Kind::TextList},
        {"plugin_order", "PluginOrder", Kind::TextList},
        {"plugins_disabled", "PluginsDisabled", Kind::TextList},
        {"trusted_publisher_keys", "TrustedPublisherKeys", Kind::TextList},
    };
    return settings;
}

const PolicySetting* policy_setting_for_registry_name(std::string_view registry_name) {
    const std::string wanted = ascii_lowercase(registry_name);
    for (const auto& setting : policy_settings()) {
        if (ascii_lowercase(setting.registry_name) == wanted) {
            return &setting;
        }
    }
    return nullptr;
}

bool EffectiveSettings::set_by_policy(const std::string& key) const {
    const auto found = source(key);
    return found == SettingSource::PolicyMachine || found == SettingSource::PolicyUser;
}

SettingSource EffectiveSettings::source(const std::string& key) const {
    const auto it = sources.find(key);
    return it == sources.end() ? SettingSource::Default : it->second;
}

EffectiveSettings effective_settings(const Settings& user, const std::vector<PolicyLayer>& layers,
                                     const std::optional<std::vector<std::string>>& known_plugins) {
    EffectiveSettings effective;
    const nlohmann::json defaults = to_json(Settings{});
    nlohmann::json merged = to_json(user);
    for (const auto& setting : policy_settings()) {
        effective.sources[setting.key] =
            merged[setting.key] == defaults[setting.key] ? SettingSource::Default : SettingSource::User;
    }
    // The machine's layers first: a value they set is not taken from a user's layer after.
    std::vector<const PolicyLayer*> ordered;
    for (const auto scope : {PolicyScope::Machine, PolicyScope::User}) {
        for (const auto& layer : layers) {
            if (layer.scope == scope) {
                ordered.push_back(&layer);
            }
        }
    }
    for (const PolicyLayer* layer : ordered) {
        const std::string where = "policy " + layer->origin;
        for (const auto& problem : layer->problems) {
            effective.notices.push_back(where + ": " + problem);
        }
        if (!layer->values.is_object()) {
            effective.notices.push_back(where + ": not a JSON object; ignored");
            continue;
        }
        for (const auto& [key, value] : layer->values.items()) {
            if (key == "version") {
                continue;
            }
            const PolicySetting* setting = setting_for_key(key);
            if (setting == nullptr) {
                effective.notices.push_back(where + ": " + key + " is not a setting rdpmedic takes from policy; ignored");
                continue;
            }
            if (effective.set_by_policy(key)) {
                continue; // a machine's value already holds; a user's policy cannot loosen it
            }
            Checked checked = check(*setting, value, known_plugins);
            for (const auto& problem : checked.problems) {
                effective.notices.push_back(where + ": " + key + " " + problem +
                                            (checked.value ? "" : "; ignored"));
            }
            if (checked.value) {
                merged[key] = *checked.value;
                effective.sources[key] =
                    layer->scope == PolicyScope::Machine ? SettingSource::PolicyMachine : SettingSource::PolicyUser;
                effective.policy_origins[key] = layer->origin;
            }
        }
    }
    effective.settings = settings_from_json(merged);
    effective.settings.recent = user.recent;
    return effective;
}

nlohmann::json to_json(const EffectiveSettings& effective) {
    const nlohmann::json values = to_json(effective.settings);
    nlohmann::json out = nlohmann::json::object();
    for (const auto& setting : policy_settings()) {
        nlohmann::json entry = {{"value", values[setting.key]}, {"source", to_id(effective.source(setting.key))}};
        if (const auto it = effective.policy_origins.find(setting.key); it != effective.policy_origins.end()) {
            entry["origin"] = it->second;
        }
        out[setting.key] = entry;
    }
    return out;
}

} // namespace rdpmedic
