// Notifications that act, clicked where a person clicks them: xfce4-notifyd draws rdpmedic's
// notifications with their buttons, the mouse clicks a button, and what it says happens to
// the session the notification was about, with two sessions' notifications on screen.
#include "notification_server.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace rdpmedic::gui;
using namespace std::chrono_literals;

namespace {

bool gave_up(const nlohmann::json& connection) {
    const auto& events = connection["events"];
    return std::any_of(events.begin(), events.end(), [](const auto& e) { return json_text(e, "event") == "gave-up"; });
}

/// Waits until `count` notifications are on screen, each with `buttons` buttons, and keeps
/// the screenshot that shows them as `screenshot`; the notifications, oldest first.
std::vector<ShownNotification> settled(Desktop& desktop, const NotificationServer& server, std::size_t count,
                                       std::size_t buttons, const std::string& screenshot) {
    // The pointer off the tray icon, whose tooltip would cover the top notification.
    sh("xdotool mousemove 300 500");
    std::vector<ShownNotification> shown;
    wait_until(
        [&] {
            shown = server.notifications();
            if (shown.size() != count) {
                return false;
            }
            const auto png = desktop.screenshot(screenshot);
            return std::all_of(shown.begin(), shown.end(), [&](const ShownNotification& n) {
                return NotificationServer::buttons(png, n.where).size() == buttons;
            });
        },
        15s);
    desktop.screenshot(screenshot);
    return shown;
}

/// Clicks button `button` (0: the first) of `note` as `screenshot` shows it.
void click_button(const std::string& screenshot, const ShownNotification& note, std::size_t button) {
    const auto buttons = NotificationServer::buttons(artifacts() / (screenshot + ".png"), note.where);
    REQUIRE(buttons.size() > button);
    NotificationServer::click(buttons[button]);
}

bool logged(const Desktop& desktop, const std::string& line, std::chrono::milliseconds timeout) {
    return wait_until([&] { return desktop.log().find(line) != std::string::npos; }, timeout);
}

} // namespace

TEST_CASE("tray: Retry and Details clicked in the notifications of two failed sessions", "[gui]") {
    Desktop desktop;
    NotificationServer server(desktop);
    const auto capabilities = server.capabilities();
    REQUIRE(std::find(capabilities.begin(), capabilities.end(), "actions") != capabilities.end());
    desktop.write_settings(R"({"max_attempts": 1, "diagnose_after_failure": false})");
    desktop.start_app();

    // Two computers that refuse the connection, one after the other: each gives up and says so.
    const std::string first = "127.0.0.1:" + std::to_string(closed_port());
    const std::string second = "127.0.0.1:" + std::to_string(closed_port());
    for (const auto& target : {first, second}) {
        connect_through_dialog(desktop, target);
        REQUIRE(logged(desktop, "notification: Gave up connecting to " + target, 30s));
    }
    INFO("rdpmedic's log: " << desktop.log());
    // Each session's notification stays beside the other's, with Retry and Details.
    const auto both = settled(desktop, server, 2, 2, "notification-actions");
    REQUIRE(both.size() == 2);
    REQUIRE(connections_to(desktop, first).size() == 1);
    REQUIRE(connections_to(desktop, second).size() == 1);

    // Retry in the first session's: a new connection to the first computer with an attempt of
    // its own; the second computer is left alone.
    click_button("notification-actions", both[0], 0);
    REQUIRE(logged(desktop, "notification action: Retry (session 1)", 10s));
    REQUIRE(wait_until([&] { return connections_to(desktop, first).size() == 2; }, 20s));
    CHECK(wait_until([&] { return gave_up(connections_to(desktop, first).back()); }, 30s));
    CHECK(connections_to(desktop, first).back()["events"].size() >= 2);
    CHECK(connections_to(desktop, second).size() == 1);

    // The server closed the clicked one; the retry's own is new. Details in the second
    // session's, still there: the History window opens at that connection, not at the newest.
    const auto after = settled(desktop, server, 2, 2, "notification-actions-after-retry");
    REQUIRE(after.size() == 2);
    CHECK(after[0].window == both[1].window);
    CHECK(after[1].window > both[1].window);
    click_button("notification-actions-after-retry", after[0], 1);
    REQUIRE(logged(desktop, "notification action: Details (session 2)", 10s));
    REQUIRE(desktop.wait_window("^History - rdpmedic$"));
    const std::string second_id = json_text(connections_to(desktop, second).front(), "id");
    CHECK(logged(desktop, "history shows connection " + second_id, 5s));
    desktop.screenshot("notification-details-history");

    quit_app(desktop);
    CHECK(desktop.app().wait_exit(15s).has_value());
}

TEST_CASE("tray: Trust… clicked in the notification of a refused certificate asks again", "[gui][e2e][certificates]") {
    Desktop desktop;
    NotificationServer server(desktop);
    rdpmedic::lab::LabOptions options;
    options.xrdp_self_signed = true;
    const rdpmedic::lab::Lab lab(options);
    desktop.write_settings(R"({"max_attempts": 3, "backoff_ms": 300, "connect_timeout_ms": 20000})");
    desktop.start_app();
    const std::string window = "^Trust this certificate\\? - rdpmedic$";

    // Don't trust (Enter): the session gives up, and its notification offers Trust….
    connect_through_dialog(desktop, address(lab));
    REQUIRE(desktop.wait_window(window, 60s));
    focus(desktop, window);
    desktop.key("Return");
    REQUIRE(logged(desktop, "notification: Gave up connecting to " + address(lab), 60s));
    INFO("rdpmedic's log: " << desktop.log());
    const auto shown = settled(desktop, server, 1, 3, "notification-trust");
    REQUIRE(shown.size() == 1);

    // Trust… (the first button): the certificate dialog again, for the session that connects
    // again; trusted there, it connects.
    click_button("notification-trust", shown[0], 0);
    REQUIRE(logged(desktop, "notification action: Trust… (session 1)", 10s));
    REQUIRE(desktop.wait_window(window, 60s));
    CHECK(logged(desktop, "(Session 2: " + address(lab) + ")", 5s));
    focus(desktop, window);
    desktop.key("alt+t");
    CHECK(wait_until([&] { return history_has(desktop, "connected"); }, 60s));

    quit_app(desktop);
    CHECK(desktop.app().wait_exit(15s).has_value());
}
