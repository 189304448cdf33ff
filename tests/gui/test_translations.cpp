// The tray in German, as a desktop whose LANG is de_DE.UTF-8 starts it (with no German C
// locale generated on the test machine: rdpmedic reads its catalogue itself).
#include "gui_support.h"
#include "rdpmedic/lab/lab.h"

#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using namespace rdpmedic::gui;
using namespace std::chrono_literals;

TEST_CASE("translations: the tray's menu and windows in German", "[gui][translations]") {
    Desktop desktop;
    for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANGUAGE"}) {
        desktop.set_environment(name, "");
    }
    desktop.set_environment("LANG", "de_DE.UTF-8");
    desktop.start_app();

    desktop.click_icon(3);
    REQUIRE(wait_until([&] { return desktop.log().find("tray menu:") != std::string::npos; }, 5s));
    std::this_thread::sleep_for(500ms);
    desktop.screenshot("tray-menu-de");
    CHECK_THAT(desktop.log(),
               Catch::Contains(
                   "tray menu: Verbinden … | Diagnose … | Verlauf … | Protokoll … | Plugins … | "
                   "Letzte Änderung rückgängig machen | Einstellungen … | Beenden"));
    desktop.key("Escape");
    std::this_thread::sleep_for(300ms);

    // The German mnemonics open what they name, titled in German.
    const std::vector<std::pair<std::string, std::string>> windows = {
        {"e", "^Einstellungen - rdpmedic$"},
        {"v", "^Verbinden - rdpmedic$"},
        {"d", "^Diagnose - rdpmedic$"}};
    for (const auto& [mnemonic, title] : windows) {
        INFO(title);
        menu_pick(desktop, mnemonic);
        REQUIRE(desktop.wait_window(title));
        desktop.screenshot("de-" + mnemonic);
        close_window(desktop, title);
    }

    desktop.click_icon(1);
    REQUIRE(desktop.wait_window("^Verlauf - rdpmedic$"));
    close_window(desktop, "^Verlauf - rdpmedic$");

    menu_pick(desktop, "b");
    const auto code = desktop.app().wait_exit(10s);
    REQUIRE(code.has_value());
    CHECK(*code == 0);
}

TEST_CASE("translations: the tray's notifications of a failure and its diagnosis in German",
          "[gui][e2e][translations]") {
    Desktop desktop;
    for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANGUAGE"}) {
        desktop.set_environment(name, "");
    }
    desktop.set_environment("LANG", "de_DE.UTF-8");
    rdpmedic::lab::LabOptions options;
    options.initial.fault = rdpmedic::lab::Fault::PortClosed;
    rdpmedic::lab::Lab lab(options);
    desktop.write_settings(R"({"max_attempts": 1, "connect_timeout_ms": 20000})");
    desktop.start_app({"127.0.0.1:" + std::to_string(lab.port())});

    // The diagnosis' verdict and advice, from the core's tables, as the notification shows them.
    REQUIRE(wait_until([&] { return desktop.log().find("notification: Diagnose von") != std::string::npos; }, 60s));
    std::this_thread::sleep_for(300ms);
    desktop.screenshot("diagnosis-notification-de");
    CHECK_THAT(desktop.log(),
               Catch::Contains("notification: Diagnose von 127.0.0.1:" + std::to_string(lab.port()) +
                               ": der Port ist gesperrt oder der Host ist nicht erreichbar"));
    CHECK_THAT(desktop.log(), Catch::Contains("Auf diesem Port nimmt nichts Verbindungen an."));
    // The supervisor's own words when it stops, from a format filled in English.
    CHECK(wait_until([&] { return desktop.log().find("aufgegeben (Versuche: 1)") != std::string::npos; }, 10s));
    // What the history keeps stays English.
    CHECK_THAT(history(desktop).dump(), Catch::Contains("Nothing accepts connections on that port."));
}

TEST_CASE("translations: the tray's --help in German, without a display", "[gui][translations]") {
    // Answered before wx opens the display: the catalogue is found without the tray's wxApp.
    const std::string help =
        sh("env -u DISPLAY -u WAYLAND_DISPLAY -u LC_ALL -u LC_MESSAGES -u LANGUAGE "
           "LANG=de_DE.UTF-8 " +
           std::string(RDPMEDIC_TRAY) + " --help 2>&1; echo exit=$?");
    CHECK_THAT(help, Catch::StartsWith("Aufruf: rdpmedic [HOST[:PORT] | DATEI.rdp]") &&
                         Catch::Contains("exit=0"));
}
