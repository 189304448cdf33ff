#pragma once
/// What each plugin did the last time a connection used it, read from the tray's history
/// (History::sessions()): the plugins window shows it beside each plugin.
///
/// The history holds the supervisor's "fixing" events, whose note is either a change the fix
/// stage applied ("PLUGIN_ID: add the client argument /sec:tls") or one of the fix stage's
/// notices, which the tray records as they come ("plugin PLUGIN_ID: not done without your
/// consent: …", "plugin PLUGIN_ID: info: not applicable: …", "plugin PLUGIN_ID crashed the
/// worker …"). Whether an applied change fixed the connection is what the next attempt did.

#include "rdpmedic/i18n/translate.h"

#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace rdpmedic::tray {

enum class PluginOutcome {
    Fixed,          ///< it changed something and the next attempt connected
    DidNotFix,      ///< it changed something and the next attempt failed anyway
    Applied,        ///< it changed something; the connection ended before the next attempt did
    HandedOver,     ///< it handed the connection to another client
    Advised,        ///< it only gave advice (steps for the server's administrator)
    NotApplicable,  ///< it said the failure is not one it can fix
    ConsentRefused, ///< its change needed the user's consent and did not get it
    Failed,         ///< it faulted, or the host refused or could not make its change
};

struct PluginLastResult {
    PluginOutcome outcome = PluginOutcome::Applied;
    std::string target; ///< the connection's target as the user gave it
    std::string at;     ///< the event's time, UTC ISO 8601 as stored
};

/// The newest result of every plugin the history names, by plugin id. Anything in the
/// history that is not in the expected shape is skipped.
std::map<std::string, PluginLastResult> last_plugin_results(const nlohmann::json& sessions);

/// "fixed server:3389 · 2026-11-24 10:02 UTC", "not applicable to server:3389 · …", in the
/// user's language: the history keeps only the plugin's notes, so this is made where it is shown.
/// `translate` gives a message in the user's language (i18n::tr in the tray); nullptr keeps
/// English. It is passed in so that this file needs no wxWidgets.
using Translate = const char* (*)(const char*);
std::string describe(const PluginLastResult& result, Translate translate = nullptr);

/// What the plugins window shows for a plugin the history does not name (translated there).
inline constexpr const char* kNeverUsed = N_("never used");

} // namespace rdpmedic::tray
