#include "rdpmedic/core/path_text.h"
#include "rdpmedic/core/settings.h"

#include "rdpmedic/core/stored_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace rdpmedic {

namespace {

template <typename T> void read(const nlohmann::json& json, const char* key, T& value) {
    const auto it = json.find(key);
    if (it == json.end()) {
        return;
    }
    try {
        value = it->get<T>();
    } catch (const nlohmann::json::exception&) {
        // Keep the default: one bad value must not cost the user every other setting.
    }
}

void read_int(const nlohmann::json& json, const char* key, int& value, int low, int high) {
    int candidate = value;
    read(json, key, candidate);
    if (candidate >= low && candidate <= high) {
        value = candidate;
    }
}

} // namespace

void Settings::remember(const RecentTarget& target) {
    std::erase_if(recent, [&](const RecentTarget& r) { return r.target == target.target; });
    recent.insert(recent.begin(), target);
    if (recent.size() > kRecentLimit) {
        recent.resize(kRecentLimit);
    }
}

nlohmann::json to_json(const Settings& s) {
    nlohmann::json recent = nlohmann::json::array();
    for (const auto& r : s.recent) {
        recent.push_back({{"target", r.target}, {"user", r.user}, {"password_remembered", r.password_remembered}});
    }
    return {{"version", 1},
            {"auto_retry", s.auto_retry},
            {"max_attempts", s.max_attempts},
            {"backoff_ms", s.backoff_ms},
            {"connect_timeout_ms", s.connect_timeout_ms},
            {"diagnose_after_failure", s.diagnose_after_failure},
            {"ask_before_system_changes", s.ask_before_system_changes},
            {"apply_connection_changes", s.apply_connection_changes},
            {"notifications", s.notifications},
            {"start_at_login", s.start_at_login},
            {"system_log_events", s.system_log_events},
            {"client_path", s.client_path},
            {"client_args", s.client_args},
            {"plugin_order", s.plugin_order},
            {"plugins_disabled", s.plugins_disabled},
            {"trusted_publisher_keys", s.trusted_publisher_keys},
            {"recent", recent}};
}

Settings settings_from_json(const nlohmann::json& json) {
    Settings s;
    if (!json.is_object()) {
        return s;
    }
    read(json, "auto_retry", s.auto_retry);
    read_int(json, "max_attempts", s.max_attempts, 1, 100);
    read_int(json, "backoff_ms", s.backoff_ms, 0, 3'600'000);
    read_int(json, "connect_timeout_ms", s.connect_timeout_ms, 100, 3'600'000);
    read(json, "diagnose_after_failure", s.diagnose_after_failure);
    read(json, "ask_before_system_changes", s.ask_before_system_changes);
    read(json, "apply_connection_changes", s.apply_connection_changes);
    read(json, "notifications", s.notifications);
    read(json, "start_at_login", s.start_at_login);
    read(json, "system_log_events", s.system_log_events);
    read(json, "client_path", s.client_path);
    read(json, "client_args", s.client_args);
    read(json, "plugin_order", s.plugin_order);
    read(json, "plugins_disabled", s.plugins_disabled);
    read(json, "trusted_publisher_keys", s.trusted_publisher_keys);
    if (const auto it = json.find("recent"); it != json.end() && it->is_array()) {
        for (const auto& entry : *it) {
            RecentTarget r;
            if (entry.is_object()) {
                read(entry, "target", r.target);
                read(entry, "user", r.user);
                read(entry, "password_remembered", r.password_remembered);
            }
            if (!r.target.empty() && s.recent.size() < Settings::kRecentLimit) {
                s.recent.push_back(r);
            }
        }
    }
    return s;
}

SettingsLoad load_settings(const std::filesystem::path& file) {
    SettingsLoad result;
    const auto text = read_stored_file(file);
    if (!text) {
        return result;
    }
    try {
        const auto json = nlohmann::json::parse(*text);
        if (!json.is_object()) {
            throw std::invalid_argument("the top level is not a JSON object");
        }
        result.settings = settings_from_json(json);
        return result;
    } catch (const std::exception& error) {
        result.problem = utf8_text(file) + " could not be read (" + error.what() + ")";
    }
    result.kept_copy = keep_aside(file);
    *result.problem += "; a copy was kept as " + result.kept_copy->string() +
                       " and the defaults are used";
    save_settings(result.settings, file);
    return result;
}

void save_settings(const Settings& settings, const std::filesystem::path& file) {
    write_file_atomically(file, to_json(settings).dump(2) + "\n");
}

} // namespace rdpmedic
