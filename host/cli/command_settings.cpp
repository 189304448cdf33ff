// rdpmedic-cli settings: every setting in effect and where its value came from (the default,
// the user's settings.json, or the organization's policy).
#include "arguments.h"
#include "commands.h"
#include "exit_codes.h"

#include "rdpmedic/app/effective_settings.h"
#include "rdpmedic/core/stored_file.h"
#include "rdpmedic/platform/logging.h"
#include "rdpmedic/platform/state_dirs.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <cstdio>

namespace rdpmedic::cli {

const char* const kSettingsUsage =
    "usage: rdpmedic-cli settings [--json]\n"
    "  Every setting in effect and its source: default, user (settings.json, which the tray\n"
    "  writes) or policy (machine|user), which wins over the user's. Values set by policy also\n"
    "  win over connect's options. Policy: /etc/rdpmedic/policy.json on Linux,\n"
    "  HKLM and HKCU\\Software\\Policies\\rdpmedic on Windows.\n"
    "  --json   one JSON object: {\"settings\": {KEY: {\"value\", \"source\", \"origin\"}}, \"notices\": [...]}\n";

namespace {

/// The user's settings as the tray would read them, without the tray's repair of a bad file:
/// showing settings changes nothing.
Settings read_user_settings(const std::filesystem::path& file, std::vector<std::string>& notices) {
    try {
        if (const auto text = read_stored_file(file)) {
            const auto json = nlohmann::json::parse(*text);
            if (json.is_object()) {
                return settings_from_json(json);
            }
            notices.push_back(file.string() + " is not a JSON object; its values are not used");
        }
    } catch (const std::exception& error) {
        notices.push_back(file.string() + " could not be read (" + error.what() + "); its values are not used");
    }
    return {};
}

std::string shown(const nlohmann::json& value) {
    return value.is_string() ? value.get<std::string>() : value.dump();
}

} // namespace

int run_settings(const std::vector<std::string>& raw) {
    const Arguments args(raw, {{"json", false, false}});
    if (!args.positionals().empty()) {
        throw UsageError("settings takes no arguments, got '" + args.positionals().front() + "'");
    }
    try {
        init_logging({state_directory(), false, false});
    } catch (const LoggingError&) {
        spdlog::set_level(spdlog::level::off); // showing settings needs no log; stdout stays clean
    }
    const auto file = config_directory() / "settings.json";
    std::vector<std::string> notices;
    const Settings user = read_user_settings(file, notices);
    EffectiveSettings effective = app::apply_policy(user);
    notices.insert(notices.end(), effective.notices.begin(), effective.notices.end());

    if (args.flag("json")) {
        const nlohmann::json out = {{"settings", to_json(effective)}, {"user_file", file.string()}, {"notices", notices}};
        std::printf("%s\n", out.dump(2).c_str());
        return kOk;
    }
    const nlohmann::json values = to_json(effective);
    for (const auto& setting : policy_settings()) {
        const auto& entry = values[setting.key];
        std::string line = std::string(setting.key) + " = " + shown(entry["value"]) + "  (" +
                           entry["source"].get<std::string>();
        if (entry.contains("origin")) {
            line += ": " + entry["origin"].get<std::string>();
        }
        std::printf("%s)\n", line.c_str());
    }
    std::printf("user settings: %s\n", file.string().c_str());
    for (const auto& notice : notices) {
        std::fprintf(stderr, "note: %s\n", notice.c_str());
    }
    return kOk;
}

} // namespace rdpmedic::cli
