// rdpmedic-cli settings: every setting in effect and where its value came from (the default,
// the user's settings.json, or the organization's policy).
#include "arguments.h"
#include "commands.h"
#include "exit_codes.h"

#include "settings_in_effect.h"
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/i18n/translate.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace rdpmedic::cli {

const char* const kSettingsUsage = N_(
    "usage: rdpmedic-cli settings [--json]\n"
    "  Every setting in effect and its source: default, user (settings.json, which the tray\n"
    "  writes) or policy (machine|user), which wins over the user's. Values set by policy also\n"
    "  win over connect's options. Policy: /etc/rdpmedic/policy.json on Linux,\n"
    "  HKLM and HKCU\\Software\\Policies\\rdpmedic on Windows.\n"
    "  --json   one JSON object: {\"settings\": {KEY: {\"value\", \"source\", \"origin\"}}, \"notices\": [...]}\n");

namespace {

std::string shown(const nlohmann::json& value) {
    return value.is_string() ? value.get<std::string>() : value.dump();
}

} // namespace

int run_settings(const std::vector<std::string>& raw) {
    const Arguments args(raw, {{"json", false, false}});
    if (!args.positionals().empty()) {
        throw UsageError(i18n::formatted(i18n::tr("settings takes no arguments, got '%s'"),
                                         args.positionals().front().c_str()));
    }
    const SettingsInEffect in_effect = settings_in_effect();
    const EffectiveSettings& effective = in_effect.effective;
    const auto& file = in_effect.user_file;
    const auto& notices = in_effect.notices;

    if (args.flag("json")) {
        const nlohmann::json out = {{"settings", to_json(effective)}, {"user_file", utf8_text(file)}, {"notices", notices}};
        std::printf("%s\n", out.dump(2).c_str());
        return kOk;
    }
    const nlohmann::json values = to_json(effective);
    for (const auto& setting : policy_settings()) {
        const auto& entry = values[setting.key];
        std::printf("%s = %s  (%s)\n", setting.key, shown(entry["value"]).c_str(),
                    source_text(effective, setting.key).c_str());
    }
    std::printf(i18n::tr("user settings: %s\n"), utf8_text(file).c_str());
    for (const auto& notice : notices) {
        std::fprintf(stderr, "note: %s\n", notice.c_str());
    }
    return kOk;
}

} // namespace rdpmedic::cli
