#include "settings_in_effect.h"

#include "rdpmedic/app/effective_settings.h"
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/core/stored_file.h"
#include "rdpmedic/platform/logging.h"
#include "rdpmedic/platform/state_dirs.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace rdpmedic::cli {

namespace {

Settings read_user_settings(const std::filesystem::path& file, std::vector<std::string>& notices) {
    try {
        if (const auto text = read_stored_file(file)) {
            const auto json = nlohmann::json::parse(*text);
            if (json.is_object()) {
                return settings_from_json(json);
            }
            notices.push_back(utf8_text(file) + " is not a JSON object; its values are not used");
        }
    } catch (const std::exception& error) {
        notices.push_back(utf8_text(file) + " could not be read (" + error.what() + "); its values are not used");
    }
    return {};
}

} // namespace

SettingsInEffect settings_in_effect() {
    try {
        init_logging({state_directory(), false, false});
    } catch (const LoggingError&) {
        spdlog::set_level(spdlog::level::off); // showing settings needs no log; stdout stays clean
    }
    SettingsInEffect in_effect;
    in_effect.user_file = config_directory() / "settings.json";
    const Settings user = read_user_settings(in_effect.user_file, in_effect.notices);
    in_effect.effective = app::apply_policy(user);
    in_effect.notices.insert(in_effect.notices.end(), in_effect.effective.notices.begin(),
                             in_effect.effective.notices.end());
    return in_effect;
}

std::string source_text(const EffectiveSettings& effective, const std::string& key) {
    std::string text(to_id(effective.source(key)));
    if (const auto it = effective.policy_origins.find(key); it != effective.policy_origins.end()) {
        text += ": " + it->second;
    }
    return text;
}

} // namespace rdpmedic::cli
