// The Plugins window as a person uses it: every plugin listed, one turned off and one moved,
// both kept in settings.json across a restart, and the fix stage running only what is on.
// The scenario: xrdp requires TLS while the connection asks for /sec:rdp, which only the
// security-negotiation strategy fixes.
#include "gui_support.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

using namespace rdpmedic::gui;
using namespace std::chrono_literals;

namespace {

const std::string kPluginsWindow = "^rdpmedic: plugins$";
const std::string kConsentWindow = "^Allow this change\\? - rdpmedic$";
const std::string kSecurity = "rdpmedic.security-negotiation";

nlohmann::json saved_settings(const Desktop& desktop) {
    std::ifstream in(desktop.config_dir() / "settings.json");
    return in ? nlohmann::json::parse(in, nullptr, false) : nlohmann::json();
}

std::vector<std::string> saved_list(const Desktop& desktop, const char* key) {
    const auto settings = saved_settings(desktop);
    if (!settings.is_object() || !settings.contains(key) || !settings[key].is_array()) {
        return {};
    }
    return settings[key].get<std::vector<std::string>>();
}

/// The rows of the plugins window, as it last logged them ("ID STATUS [LAST RESULT]").
std::vector<std::string> logged_rows(const Desktop& desktop) {
    const std::string log = desktop.log();
    const std::string marker = "plugins window rows: ";
    const auto at = log.rfind(marker);
    std::vector<std::string> rows;
    if (at == std::string::npos) {
        return rows;
    }
    std::istringstream listed(log.substr(at + marker.size(), log.find('\n', at) - at - marker.size()));
    std::string row;
    while (std::getline(listed, row, '|')) {
        rows.push_back(row);
    }
    return rows;
}

std::string id_of(const std::string& row) {
    std::istringstream words(row);
    std::string id;
    words >> id;
    return id;
}

/// The ids in the rows of the plugins window, as it last logged them.
std::vector<std::string> window_rows(const Desktop& desktop) {
    std::vector<std::string> ids;
    for (const auto& row : logged_rows(desktop)) {
        ids.push_back(id_of(row));
    }
    return ids;
}

/// The "Last result" of each plugin, by id, from the newest rows the plugins window logged.
std::map<std::string, std::string> window_last_results(const Desktop& desktop) {
    std::map<std::string, std::string> results;
    for (const auto& row : logged_rows(desktop)) {
        const auto open = row.find('[');
        const auto close = row.rfind(']');
        if (open != std::string::npos && close != std::string::npos && close > open) {
            results[id_of(row)] = row.substr(open + 1, close - open - 1);
        }
    }
    return results;
}

/// The outcome of the newest session in the history, "" while there is none.
std::string newest_outcome(const Desktop& desktop) {
    const auto h = history(desktop);
    return h.is_object() && h.contains("sessions") && !h["sessions"].empty() ? json_text(h["sessions"].back(), "outcome")
                                                                           : std::string();
}

/// The time of the newest history event whose note starts with `note`, as the plugins window
/// shows it: "2026-11-24T10:02:33.120Z" -> "2026-11-24 10:02 UTC".
std::string shown_time_of(const Desktop& desktop, const std::string& note) {
    std::string at;
    for (const auto& e : newest_events(desktop)) {
        if (json_text(e, "note").starts_with(note)) {
            at = json_text(e, "at");
        }
    }
    return at.size() < 16 ? std::string() : at.substr(0, 10) + " " + at.substr(11, 5) + " UTC";
}

/// Opens the plugins window and waits until the last result of `id` reads `expected`;
/// returns what the window showed for every plugin.
std::map<std::string, std::string> last_results_shown(Desktop& desktop, const std::string& id,
                                                      const std::string& expected) {
    menu_pick(desktop, "p");
    REQUIRE(desktop.wait_window(kPluginsWindow));
    std::map<std::string, std::string> results;
    wait_until(
        [&] {
            results = window_last_results(desktop);
            return results[id] == expected;
        },
        5s);
    return results;
}

/// In the open plugins window: selects the row of `id` with the keyboard (Home, then Down)
/// and presses the button with `mnemonic`.
void press_for(Desktop& desktop, const std::string& id, const std::string& mnemonic) {
    std::vector<std::string> rows;
    REQUIRE(wait_until(
        [&] {
            rows = window_rows(desktop);
            return std::find(rows.begin(), rows.end(), id) != rows.end();
        },
        5s));
    const auto row = std::find(rows.begin(), rows.end(), id);
    std::string keys = "Home";
    for (auto i = rows.begin(); i != row; ++i) {
        keys += " Down";
    }
    focus(desktop, kPluginsWindow);
    desktop.key(keys);
    desktop.key(mnemonic);
}

/// Connects to the lab and waits for the outcome; true when it connected.
bool connects(Desktop& desktop, const rdpmedic::lab::Lab& lab) {
    const std::size_t sessions_before = [&] {
        const auto h = history(desktop);
        return h.is_object() && h.contains("sessions") ? h["sessions"].size() : 0;
    }();
    connect_through_dialog(desktop, address(lab));
    std::string outcome;
    wait_until(
        [&] {
            const auto h = history(desktop);
            if (!h.is_object() || !h.contains("sessions") || h["sessions"].size() <= sessions_before) {
                return false;
            }
            outcome = json_text(h["sessions"].back(), "outcome");
            return outcome == "connected" || outcome == "gave-up";
        },
        60s);
    if (outcome == "connected") {
        disconnect_session(desktop);
        wait_until([&] { return json_text(history(desktop)["sessions"].back(), "outcome") != "connected"; }, 20s);
    }
    return outcome == "connected";
}

} // namespace

TEST_CASE("tray: a plugin turned off in the Plugins window is not run and its order is kept", "[gui][e2e]") {
    Desktop desktop;
    const auto lab = security_layer_lab(desktop, "tls", 2, "/sec:rdp");
    desktop.start_app();

    menu_pick(desktop, "p");
    REQUIRE(desktop.wait_window(kPluginsWindow));
    REQUIRE(wait_until([&] { return desktop.log().find("plugins window:") != std::string::npos; }, 5s));
    press_for(desktop, kSecurity, "alt+o");
    REQUIRE(wait_until([&] { return saved_list(desktop, "plugins_disabled") == std::vector<std::string>{kSecurity}; }, 5s));
    // Moving tls-compat up once, past security-negotiation (found before it: folders are
    // found in name order), makes the list as shown the user's order.
    press_for(desktop, "rdpmedic.tls-compat", "alt+u");
    REQUIRE(wait_until([&] { return !saved_list(desktop, "plugin_order").empty(); }, 5s));
    const auto order = saved_list(desktop, "plugin_order");
    auto expected = order;
    std::sort(expected.begin(), expected.end());
    const auto tls = std::find(expected.begin(), expected.end(), "rdpmedic.tls-compat");
    REQUIRE((tls != expected.begin() && *(tls - 1) == kSecurity));
    std::iter_swap(tls, tls - 1);
    CHECK(order == expected);
    desktop.screenshot("plugins");
    close_window(desktop, kPluginsWindow);

    // Kept across a restart, and what the fix stage loads.
    quit_app(desktop);
    REQUIRE(desktop.app().wait_exit(15s).has_value());
    desktop.start_app();
    CHECK_FALSE(connects(desktop, *lab));
    std::string tried;
    for (const auto& id : order) {
        tried += id == kSecurity ? "" : (tried.empty() ? "" : ", ") + id;
    }
    CHECK_THAT(desktop.log(), Catch::Contains("plugin " + kSecurity + " is turned off") &&
                                  Catch::Contains("fix strategies available (in your order): " + tried));
    CHECK(history(desktop).dump().find(kSecurity) == std::string::npos);

    // Turned on again, the same connection is fixed.
    menu_pick(desktop, "p");
    REQUIRE(desktop.wait_window(kPluginsWindow));
    press_for(desktop, kSecurity, "alt+o");
    REQUIRE(wait_until([&] { return saved_list(desktop, "plugins_disabled").empty(); }, 5s));
    close_window(desktop, kPluginsWindow);
    CHECK(connects(desktop, *lab));
    CHECK(history(desktop).dump().find(kSecurity + ": use security-layer tls for this connection") != std::string::npos);

    quit_app(desktop);
    CHECK(desktop.app().wait_exit(15s).has_value());
}

TEST_CASE("tray: the GUI desktop keeps rdpmedic away from the real user's files", "[gui]") {
    const char* real_home = std::getenv("HOME");
    const std::string before = real_home ? real_home : "";
    {
        Desktop desktop;
        desktop.start_app();
        menu_pick(desktop, "p");
        REQUIRE(desktop.wait_window(kPluginsWindow));
        REQUIRE(wait_until([&] { return desktop.log().find("plugins window:") != std::string::npos; }, 5s));
        // Every folder rdpmedic reads or writes is inside the desktop's temporary directory.
        const std::string home = desktop.home().string();
        CHECK_THAT(desktop.log(), Catch::Contains("plugins window: 0 plugin folder(s) listed from " + home +
                                                  "/system/plugins and " + home + "/data/rdpmedic/plugins"));
        CHECK(std::filesystem::exists(desktop.state_dir() / "rdpmedic.log"));
        CHECK(std::string(std::getenv("HOME")) == home + "/home");
        quit_app(desktop);
        CHECK(desktop.app().wait_exit(15s).has_value());
    }
    // The test process gets its own environment back.
    CHECK(std::string(std::getenv("HOME") ? std::getenv("HOME") : "") == before);
}

TEST_CASE("tray: the Plugins window shows what each plugin did the last time it was used", "[gui][e2e]") {
    // xrdp requires TLS, the connection asks for /sec:rdp: only security-negotiation can fix it,
    // by adding /sec:tls, and with "apply per-connection changes automatically" off it asks.
    Desktop desktop;
    const auto lab = security_layer_lab(desktop, "tls", 2, "/sec:rdp", R"("apply_connection_changes": false)");
    desktop.start_app();
    const std::string target = address(*lab);

    menu_pick(desktop, "p");
    REQUIRE(desktop.wait_window(kPluginsWindow));
    REQUIRE(wait_until([&] { return window_last_results(desktop).size() > 1; }, 5s));
    for (const auto& [id, result] : window_last_results(desktop)) {
        INFO(id);
        CHECK(result == "never used");
    }
    close_window(desktop, kPluginsWindow);

    // Refused: the change is not made and rdpmedic gives up.
    connect_through_dialog(desktop, target);
    REQUIRE(desktop.wait_window(kConsentWindow, 60s));
    focus(desktop, kConsentWindow);
    desktop.key("Escape");
    REQUIRE(wait_until([&] { return newest_outcome(desktop) == "gave-up"; }, 60s));
    const std::string refused_at = shown_time_of(desktop, "plugin " + kSecurity + ": not done without your consent");
    REQUIRE_FALSE(refused_at.empty());
    auto results = last_results_shown(desktop, kSecurity, "consent refused for " + target + " \xC2\xB7 " + refused_at);
    CHECK(results[kSecurity] == "consent refused for " + target + " \xC2\xB7 " + refused_at);
    CHECK(results["rdpmedic.tls-compat"] == "never used");
    close_window(desktop, kPluginsWindow);

    // Allowed: the retry with /sec:tls connects; that is now the plugin's last result.
    connect_through_dialog(desktop, target);
    REQUIRE(desktop.wait_window(kConsentWindow, 60s));
    focus(desktop, kConsentWindow);
    desktop.key("alt+a");
    REQUIRE(wait_until([&] { return history_has(desktop, "connected"); }, 60s));
    const std::string fixed_at = shown_time_of(desktop, kSecurity + ": use security-layer tls for this connection");
    REQUIRE_FALSE(fixed_at.empty());
    disconnect_session(desktop);
    REQUIRE(wait_until([&] { return newest_outcome(desktop) != "connected"; }, 20s));

    results = last_results_shown(desktop, kSecurity, "fixed " + target + " \xC2\xB7 " + fixed_at);
    INFO(newest_events(desktop).dump(2));
    CHECK(results[kSecurity] == "fixed " + target + " \xC2\xB7 " + fixed_at);
    CHECK(results["rdpmedic.tls-compat"] == "never used");
    std::this_thread::sleep_for(300ms);
    desktop.screenshot("plugins-last-result");
    close_window(desktop, kPluginsWindow);

    quit_app(desktop);
    CHECK(desktop.app().wait_exit(15s).has_value());
}
