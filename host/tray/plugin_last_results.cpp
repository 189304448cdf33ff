#include "plugin_last_results.h"

#include "rdpmedic/i18n/filled.h"
#include "rdpmedic/i18n/translate.h"

#include <cctype>
#include <optional>
#include <string_view>
#include <utility>

namespace rdpmedic::tray {

namespace {

std::string text_at(const nlohmann::json& object, const char* key) {
    if (!object.is_object()) {
        return {};
    }
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool is_id_character(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == '_';
}

/// The plugin id `text` starts with, or "": ids are "vendor.name", so a word without an inner
/// dot ("refused", "choosing") is not one.
std::string leading_id(std::string_view text) {
    std::size_t end = 0;
    while (end < text.size() && is_id_character(text[end])) {
        ++end;
    }
    const std::string_view id = text.substr(0, end);
    const auto dot = id.find('.');
    return dot != std::string_view::npos && dot != 0 && id.back() != '.' ? std::string(id) : std::string();
}

struct Mention {
    std::string plugin;
    PluginOutcome outcome = PluginOutcome::Applied;
};

/// What one of the fix stage's notices ("plugin ID…") says about a plugin. Its own log lines
/// arrive as "plugin ID: LEVEL: message"; an info or warning line is advice unless it says
/// "not applicable" (the convention every strategy follows when it returns that status).
std::optional<Mention> read_notice(std::string_view rest) {
    const std::string id = leading_id(rest);
    if (id.empty()) {
        return std::nullopt; // "plugin refused: …" from discovery names a folder, not a use
    }
    rest.remove_prefix(id.size());
    if (!rest.starts_with(": ")) {
        // "plugin ID crashed the worker", "… did not answer within", "… is disabled after an
        // earlier fault", "… requested a change the host refuses": the plugin faulted.
        return Mention{id, PluginOutcome::Failed};
    }
    rest.remove_prefix(2);
    for (const std::string_view level : {"info: ", "warning: "}) {
        if (rest.starts_with(level)) {
            rest.remove_prefix(level.size());
            return Mention{id, rest.starts_with("not applicable") ? PluginOutcome::NotApplicable
                                                                  : PluginOutcome::Advised};
        }
    }
    if (rest.starts_with("debug: ")) {
        return std::nullopt;
    }
    if (rest.starts_with("not done without your consent")) {
        return Mention{id, PluginOutcome::ConsentRefused};
    }
    // "error: …" from the plugin, "change refused: …", a change the host could not make, a
    // client that is not installed, a worker that faulted.
    return Mention{id, PluginOutcome::Failed};
}

/// What a "fixing" event's note says about a plugin, if it names one.
std::optional<Mention> read_note(std::string_view note) {
    constexpr std::string_view kNotice = "plugin ";
    if (note.starts_with(kNotice)) {
        return read_notice(note.substr(kNotice.size()));
    }
    // A change the fix stage applied: "ID: what it changed".
    const std::string id = leading_id(note);
    if (!id.empty() && note.substr(id.size()).starts_with(": ")) {
        return Mention{id, PluginOutcome::Applied};
    }
    return std::nullopt;
}

/// What became of a change applied at `events[applied]`: the first attempt's end after it.
PluginOutcome after_change(const nlohmann::json& events, std::size_t applied) {
    for (std::size_t i = applied + 1; i < events.size(); ++i) {
        const std::string event = text_at(events[i], "event");
        if (event == "connected") {
            return PluginOutcome::Fixed;
        }
        if (event == "failed" || event == "gave-up") {
            return PluginOutcome::DidNotFix;
        }
        if (event == "handed-over") {
            return PluginOutcome::HandedOver;
        }
        if (event == "cancelled" || event == "disconnected") {
            break;
        }
    }
    return PluginOutcome::Applied;
}

// "2026-11-24T10:02:33.120Z" -> "2026-11-24 10:02 UTC": to the minute, as stored (UTC).
std::string short_time(const std::string& iso) {
    if (iso.size() < 16 || iso[10] != 'T') {
        return iso;
    }
    return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}

} // namespace

std::map<std::string, PluginLastResult> last_plugin_results(const nlohmann::json& sessions) {
    std::map<std::string, PluginLastResult> results;
    if (!sessions.is_array()) {
        return results;
    }
    // Oldest first, so a newer use replaces an older one. Within one use a plugin's advice
    // comes before what it did, so the later line of a session is the one that counts.
    for (const auto& session : sessions) {
        if (!session.is_object() || !session.contains("events") || !session["events"].is_array()) {
            continue;
        }
        const auto& events = session["events"];
        for (std::size_t i = 0; i < events.size(); ++i) {
            if (text_at(events[i], "event") != "fixing") {
                continue;
            }
            auto mention = read_note(text_at(events[i], "note"));
            if (!mention) {
                continue;
            }
            if (mention->outcome == PluginOutcome::Applied) {
                mention->outcome = after_change(events, i);
            }
            std::string target = text_at(session, "target");
            if (target.empty()) {
                target = text_at(events[i], "target");
            }
            results[mention->plugin] = {mention->outcome, std::move(target), text_at(events[i], "at")};
        }
    }
    return results;
}

std::string describe(const PluginLastResult& result, Translate translate) {
    if (translate == nullptr) {
        translate = [](const char* english) { return english; };
    }
    const char* what = "";
    switch (result.outcome) {
    // TRANSLATORS: %1$s is the connection's target, "server:3389", or "a connection".
    case PluginOutcome::Fixed:
        what = translate(N_("fixed %1$s"));
        break;
    case PluginOutcome::DidNotFix:
        what = translate(N_("did not fix %1$s"));
        break;
    case PluginOutcome::Applied:
        what = translate(N_("applied to %1$s"));
        break;
    case PluginOutcome::HandedOver:
        what = translate(N_("handed over %1$s"));
        break;
    case PluginOutcome::Advised:
        what = translate(N_("gave advice on %1$s"));
        break;
    case PluginOutcome::NotApplicable:
        what = translate(N_("not applicable to %1$s"));
        break;
    case PluginOutcome::ConsentRefused:
        what = translate(N_("consent refused for %1$s"));
        break;
    case PluginOutcome::Failed:
        what = translate(N_("failed on %1$s"));
        break;
    }
    std::string text = i18n::filled(
        what, {result.target.empty() ? std::string(translate(N_("a connection"))) : result.target});
    if (!result.at.empty()) {
        text += " \xC2\xB7 " + short_time(result.at); // U+00B7 MIDDLE DOT
    }
    return text;
}

} // namespace rdpmedic::tray
