// The tray app driven as a person would: click the icon, open the menu and each window, and
// connect to the lab. Screenshots go to the artifacts directory (see gui_support.h).
#include "gui_support.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include <thread>

using namespace rdpmedic::gui;
using namespace std::chrono_literals;

TEST_CASE("tray: the icon, its menu and every window", "[gui]") {
    Desktop desktop;
    desktop.start_app();
    const Rect icon = *desktop.icon();
    const auto idle = desktop.screenshot("tray-idle");
    CHECK(busy_pixels(idle, icon) > 40);
    CHECK(has_colour(idle, icon, "#1F4E79"));

    desktop.click_icon(3);
    REQUIRE(wait_until([&] { return desktop.log().find("tray menu:") != std::string::npos; }, 5s));
    std::this_thread::sleep_for(500ms);
    const auto menu = desktop.screenshot("tray-menu");
    // The menu opens below the icon; it is mostly text on a plain background.
    const Rect below{std::max(0, icon.x - 200), icon.y + icon.height, 220, 220};
    CHECK(busy_pixels(menu, below) > 400);
    CHECK_THAT(desktop.log(),
               Catch::Contains("tray menu: Connect… | Diagnose… | History… | Log… | Plugins… | "
                               "Undo last change | Settings… | Quit"));
    desktop.key("Escape");
    std::this_thread::sleep_for(300ms);

    menu_pick(desktop, "s");
    REQUIRE(desktop.wait_window("^Settings - rdpmedic$"));
    desktop.screenshot("settings");
    close_window(desktop, "^Settings - rdpmedic$");

    menu_pick(desktop, "c");
    REQUIRE(desktop.wait_window("^Connect - rdpmedic$"));
    desktop.screenshot("connect");
    close_window(desktop, "^Connect - rdpmedic$");

    menu_pick(desktop, "d");
    REQUIRE(desktop.wait_window("^Diagnose - rdpmedic$"));
    close_window(desktop, "^Diagnose - rdpmedic$");

    desktop.click_icon(1);
    REQUIRE(desktop.wait_window("^History - rdpmedic$"));
    desktop.screenshot("history-empty");
    close_window(desktop, "^History - rdpmedic$");
    CHECK(desktop.windows_named("^History - rdpmedic$").empty());

    // A second start hands over to this one, which shows itself, and exits at once.
    const std::string second = sh(std::string(RDPMEDIC_TRAY) + " 2>&1; echo exit=$?");
    CHECK_THAT(second, Catch::Contains("already running") && Catch::Contains("exit=0"));
    CHECK(desktop.wait_window("^History - rdpmedic$"));

    quit_app(desktop);
    const auto code = desktop.app().wait_exit(10s);
    REQUIRE(code.has_value());
    CHECK(*code == 0);
}

TEST_CASE("tray: Plugins... opens the plugins window", "[gui]") {
    Desktop desktop;
    desktop.start_app();
    menu_pick(desktop, "p");
    REQUIRE(desktop.wait_window("^rdpmedic: plugins$"));
    CHECK(wait_until([&] { return desktop.log().find("plugins window:") != std::string::npos; }, 5s));
    desktop.screenshot("plugins");
    close_window(desktop, "^rdpmedic: plugins$");
    CHECK(desktop.windows_named("^rdpmedic: plugins$").empty());
}

TEST_CASE("tray: --version and --help answer without a display", "[gui]") {
    const std::string tray = RDPMEDIC_TRAY;
    CHECK_THAT(sh("env -u DISPLAY -u WAYLAND_DISPLAY " + tray + " --version 2>&1; echo exit=$?"),
               Catch::Contains("rdpmedic ") && Catch::Contains("exit=0"));
    CHECK_THAT(sh("env -u DISPLAY -u WAYLAND_DISPLAY " + tray + " --help 2>&1; echo exit=$?"),
               Catch::Contains("usage: rdpmedic") && Catch::Contains("exit=0"));
}

TEST_CASE("tray: a corrupt settings file is kept aside and reported", "[gui]") {
    Desktop desktop;
    desktop.write_settings("{\"max_attempts\": 5,");
    desktop.start_app();
    bool kept = false;
    for (const auto& entry : std::filesystem::directory_iterator(desktop.config_dir())) {
        kept = kept || entry.path().filename().string().starts_with("settings.json.corrupt-");
    }
    CHECK(kept);
    CHECK_THAT(desktop.log(), Catch::Contains("a copy was kept as"));
    CHECK(wait_until([&] { return desktop.log().find("notification: rdpmedic: a file could not be read") != std::string::npos; }, 5s));
    desktop.screenshot("corrupt-settings");
}

TEST_CASE("tray: connect to a lab that fails once, then connects", "[gui][e2e]") {
    Desktop desktop;
    rdpmedic::lab::LabOptions options;
    options.initial.fault = rdpmedic::lab::Fault::AcceptThenClose;
    // The first xfreerdp run makes two connections (it falls back once by itself) and the
    // diagnosis after its failure makes a third, so the probe still sees the fault; the
    // second run finds the server healthy.
    options.fault_connections = 3;
    rdpmedic::lab::Lab lab(options);
    desktop.set_environment("SSL_CERT_FILE", lab.ca_certificate().string());
    desktop.write_settings(R"({"max_attempts": 3, "backoff_ms": 300, "connect_timeout_ms": 20000})");
    desktop.start_app();

    connect_through_dialog(desktop, "localhost:" + std::to_string(lab.port()), "connect-filled");

    REQUIRE(wait_until([&] { return history_has(desktop, "failed"); }, 30s));
    CHECK(wait_until([&] { return history_has(desktop, "diagnosing"); }, 15s));
    CHECK(wait_until([&] { return desktop.log().find("notification: Diagnosis of") != std::string::npos; }, 5s));
    std::this_thread::sleep_for(300ms);
    desktop.screenshot("diagnosis-notification");
    REQUIRE(wait_until([&] { return history_has(desktop, "connected"); }, 60s));
    std::this_thread::sleep_for(800ms);
    const auto connected = desktop.screenshot("connected");
    CHECK(has_colour(connected, *desktop.icon(), "#27AE60"));

    const auto h = history(desktop);
    const auto& events = h["sessions"].back()["events"];
    bool socket_closed = false;
    bool diagnosed = false;
    for (const auto& e : events) {
        socket_closed = socket_closed || (e.contains("failure") && json_text(e["failure"], "kind") == "socket-closed");
        diagnosed = diagnosed || (e.contains("diagnosis") && e["diagnosis"].contains("verdict"));
    }
    CHECK(socket_closed);
    CHECK(diagnosed);
    CHECK_THAT(desktop.log(), Catch::Contains("notification: Connection to localhost:") &&
                                  Catch::Contains("notification: Diagnosis of localhost:") &&
                                  Catch::Contains("notification: Connected to localhost:"));

    desktop.click_icon(1);
    REQUIRE(desktop.wait_window("^History - rdpmedic$"));
    std::this_thread::sleep_for(500ms);
    desktop.screenshot("history");

    disconnect_session(desktop);
    CHECK(wait_until([&] { return history_has(desktop, "cancelled") || history_has(desktop, "disconnected"); }, 20s));
    quit_app(desktop);
    CHECK(desktop.app().wait_exit(15s).has_value());
}

TEST_CASE("tray: the organization's start_at_login is this user's login entry", "[gui]") {
    Desktop desktop;
    const auto entry = desktop.home() / "config" / "autostart" / "rdpmedic.desktop";
    const auto policy = desktop.home() / "policy.json";
    desktop.set_environment("RDPMEDIC_POLICY_FILE", policy.string());

    // Policy turns it on: the tray writes the entry at its first start, without being asked.
    std::ofstream(policy) << R"({"start_at_login": true})";
    REQUIRE_FALSE(std::filesystem::exists(entry));
    desktop.start_app();
    CHECK(wait_until([&] { return std::filesystem::exists(entry); }, 5s));
    CHECK_THAT(desktop.log(), Catch::Contains("start at login turned on for this user"));
    CHECK_THAT(whole_file(entry), Catch::Contains("--at-login"));
}

TEST_CASE("tray: a login start that policy turns off ends quietly and the entry goes", "[gui]") {
    Desktop desktop;
    const auto entry = desktop.home() / "config" / "autostart" / "rdpmedic.desktop";
    std::filesystem::create_directories(entry.parent_path());
    std::ofstream(entry) << "[Desktop Entry]\nType=Application\nExec=" RDPMEDIC_TRAY " --at-login\n";
    const auto policy = desktop.home() / "policy.json";
    std::ofstream(policy) << R"({"start_at_login": false})";
    desktop.set_environment("RDPMEDIC_POLICY_FILE", policy.string());

    // The user's own entry starts the tray at login; the organization says no: no icon, exit 0.
    Background at_login({RDPMEDIC_TRAY, "--verbose", "--at-login"}, desktop.home() / "at-login.out");
    CHECK(at_login.wait_exit(10s) == 0);
    CHECK_FALSE(desktop.icon().has_value());

    // Started by hand, the tray runs, and takes the user's entry away as policy says.
    desktop.start_app();
    CHECK(wait_until([&] { return !std::filesystem::exists(entry); }, 5s));
    CHECK_THAT(desktop.log(), Catch::Contains("start at login turned off for this user"));
}

TEST_CASE("tray: Settings turns the system log's events off, and policy holds them on", "[gui]") {
    Desktop desktop;
    desktop.start_app();
    menu_pick(desktop, "s");
    REQUIRE(desktop.wait_window("^Settings - rdpmedic$"));
    focus(desktop, "^Settings - rdpmedic$");
    desktop.key("alt+e");
    desktop.key("Return");
    REQUIRE(wait_until([&] { return desktop.log().find("settings saved to") != std::string::npos; }, 5s));
    CHECK(nlohmann::json::parse(whole_file(desktop.config_dir() / "settings.json"))["system_log_events"] == false);
    quit_app(desktop);
    REQUIRE(desktop.app().wait_exit(15s).has_value());

    // The organization wants the events: the box is locked, and the user's own choice is kept.
    const auto policy = desktop.home() / "policy.json";
    std::ofstream(policy) << R"({"system_log_events": true})";
    desktop.set_environment("RDPMEDIC_POLICY_FILE", policy.string());
    desktop.start_app();
    menu_pick(desktop, "s");
    REQUIRE(desktop.wait_window("^Settings - rdpmedic$"));
    CHECK(wait_until([&] {
        return desktop.log().find("settings shown; set by policy: system_log_events") != std::string::npos;
    }, 5s));
    focus(desktop, "^Settings - rdpmedic$");
    desktop.key("alt+e");
    desktop.key("Return");
    REQUIRE(wait_until([&] { return desktop.windows_named("^Settings - rdpmedic$").empty(); }, 5s));
    CHECK(nlohmann::json::parse(whole_file(desktop.config_dir() / "settings.json"))["system_log_events"] == false);
}

TEST_CASE("tray: a setting held by policy is shown disabled and the user's own is kept", "[gui]") {
    Desktop desktop;
    desktop.write_settings(R"({"max_attempts": 5, "backoff_ms": 300})");
    const auto policy = desktop.home() / "policy.json";
    std::ofstream(policy) << R"({"max_attempts": 1, "diagnose_after_failure": false, "backoff_ms": "fast"})";
    desktop.set_environment("RDPMEDIC_POLICY_FILE", policy.string());
    desktop.start_app();
    // The value that could not be used is reported, at start, in a notification.
    CHECK(wait_until([&] {
        return desktop.log().find("notification: rdpmedic: part of your organization's policy is ignored") !=
               std::string::npos;
    }, 5s));
    CHECK_THAT(desktop.log(), Catch::Contains("backoff_ms is \"fast\", not a whole number; ignored"));

    menu_pick(desktop, "s");
    REQUIRE(desktop.wait_window("^Settings - rdpmedic$"));
    CHECK(wait_until([&] {
        return desktop.log().find("settings shown; set by policy: diagnose_after_failure, max_attempts") !=
               std::string::npos;
    }, 5s));
    std::this_thread::sleep_for(300ms);
    desktop.screenshot("settings-set-by-policy");
    focus(desktop, "^Settings - rdpmedic$");
    desktop.key("Return");
    REQUIRE(wait_until([&] { return desktop.windows_named("^Settings - rdpmedic$").empty(); }, 5s));
    // OK saved the user's settings: theirs, not the organization's 1, and backoff still theirs.
    REQUIRE(wait_until([&] { return desktop.log().find("settings saved to") != std::string::npos; }, 5s));
    std::ifstream saved(desktop.config_dir() / "settings.json");
    const auto json = nlohmann::json::parse(saved);
    CHECK(json["max_attempts"] == 5);
    CHECK(json["diagnose_after_failure"] == true);
    CHECK(json["backoff_ms"] == 300);
}
