// Remember password against a real server that requires NLA (FreeRDP's shadow server) and a
// real GNOME Keyring: the password typed once signs in again from the recent menu without
// being typed, lives only in the keyring, and Forget password takes it out again.
#include "gui_support.h"
#include "rdpmedic/lab/nla_server.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <thread>

using namespace rdpmedic::gui;
using namespace std::chrono_literals;

namespace {

nlohmann::json settings_file(const Desktop& desktop) {
    std::ifstream in(desktop.config_dir() / "settings.json");
    return nlohmann::json::parse(in, nullptr, false);
}

bool marked_remembered(const Desktop& desktop) {
    const auto settings = settings_file(desktop);
    return settings.is_object() && settings.contains("recent") && !settings["recent"].empty() &&
           settings["recent"][0].value("password_remembered", false);
}

std::size_t events_named(const Desktop& desktop, const std::string& name) {
    std::size_t count = 0;
    const auto h = history(desktop);
    if (h.is_object() && h.contains("sessions")) {
        for (const auto& session : h["sessions"]) {
            for (const auto& e : session["events"]) {
                count += json_text(e, "event") == name ? 1 : 0;
            }
        }
    }
    return count;
}

/// The password appears nowhere of rdpmedic's: not in a file under the desktop's home (its
/// settings, history and log among them; the keyring's own file is encrypted), not on any
/// process's command line or in its environment.
void check_password_hidden(const Desktop& desktop, const std::string& password) {
    CHECK(files_holding(desktop.home(), password).empty());
    CHECK_FALSE(any_process_shows(password));
}

/// The session is the shared display itself, so the client's window covers the tray: moved
/// below it, as a user would drag it, then the connection is cancelled from the menu.
void end_connection(Desktop& desktop, std::size_t ended_before) {
    sh("for w in $(xdotool search --class xfreerdp); do xdotool windowmove $w 0 48; done");
    disconnect_session(desktop);
    CHECK(wait_until(
        [&] { return events_named(desktop, "cancelled") + events_named(desktop, "disconnected") > ended_before; },
        20s));
}

} // namespace

TEST_CASE("tray: a remembered password signs in to an NLA server again from the recent menu without being typed",
          "[gui][e2e][nla][credentials]") {
    Desktop desktop;
    PrivateKeyring keyring(desktop);
    rdpmedic::lab::NlaServerOptions options;
    options.display = desktop.display();
    const rdpmedic::lab::NlaServer server(options);
    desktop.set_environment("SSL_CERT_FILE", server.ca_certificate().string());
    desktop.write_settings(R"({"max_attempts": 1, "connect_timeout_ms": 20000})");
    desktop.start_app();

    REQUIRE(open_connect_dialog(desktop, "localhost:" + std::to_string(server.port()), server.user(),
                                server.password()));
    // Remember password follows the password field.
    desktop.key("Tab space");
    desktop.screenshot("connect-remember-password");
    desktop.key("shift+Tab shift+Tab shift+Tab shift+Tab Return");

    REQUIRE(wait_until([&] { return history_has(desktop, "connected") || history_has(desktop, "gave-up"); }, 40s));
    INFO(desktop.log());
    REQUIRE(history_has(desktop, "connected"));
    CHECK(server.wait_activated(1, 5s));
    // In the keyring, and only the mark of it in rdpmedic's settings.
    CHECK(keyring.remembered("localhost", server.port(), server.user()) == server.password());
    CHECK(marked_remembered(desktop));
    check_password_hidden(desktop, server.password());
    end_connection(desktop, 0);

    // The recent target (first below Connect…) connects at once: no dialog asks for anything.
    desktop.click_icon(3);
    std::this_thread::sleep_for(700ms);
    desktop.key("Down Down Return");
    REQUIRE(wait_until([&] { return events_named(desktop, "connected") >= 2 || history_has(desktop, "gave-up"); },
                       40s));
    CHECK(desktop.windows_named("^Connect - rdpmedic$").empty());
    CHECK(events_named(desktop, "connected") == 2);
    CHECK(server.wait_activated(2, 5s));
    CHECK(server.authentication_failures() == 0);
    CHECK(desktop.log().find("using the password remembered for alice@localhost:") != std::string::npos);
    check_password_hidden(desktop, server.password());
    end_connection(desktop, 1);

    // Forget password ▸ the target: gone from the keyring and from the mark.
    desktop.click_icon(3);
    std::this_thread::sleep_for(700ms);
    desktop.screenshot("tray-menu-forget-password");
    desktop.key("f");
    std::this_thread::sleep_for(500ms);
    desktop.key("Return");
    CHECK(wait_until([&] { return !marked_remembered(desktop); }, 10s));
    CHECK_FALSE(keyring.remembered("localhost", server.port(), server.user()).has_value());
    CHECK(desktop.log().find("is forgotten") != std::string::npos);

    quit_app(desktop);
    CHECK(desktop.app().wait_exit(15s).has_value());
}

TEST_CASE("tray: without a Secret Service, a recent target with a remembered password asks for it once, in the "
          "Connect dialog",
          "[gui][e2e][nla][credentials]") {
    // The desktop has no session bus, so no Secret Service either.
    Desktop desktop;
    rdpmedic::lab::NlaServerOptions options;
    options.display = desktop.display();
    const rdpmedic::lab::NlaServer server(options);
    desktop.set_environment("SSL_CERT_FILE", server.ca_certificate().string());
    nlohmann::json settings = {{"max_attempts", 1}, {"connect_timeout_ms", 20000}};
    settings["recent"] = {{{"target", "localhost:" + std::to_string(server.port())},
                           {"user", server.user()},
                           {"password_remembered", true}}};
    desktop.write_settings(settings.dump());
    desktop.start_app();

    desktop.click_icon(3);
    std::this_thread::sleep_for(700ms);
    desktop.key("Down Down Return");
    const std::string title = "^Connect - rdpmedic$";
    REQUIRE(desktop.wait_window(title));
    desktop.screenshot("connect-keyring-unavailable");
    focus(desktop, title);
    // The keyboard is in the password field; the computer and user are filled in.
    desktop.type(server.password());
    desktop.screenshot("connect-keyring-unavailable-typed");
    // Enter in the password field connects.
    desktop.key("Return");

    const bool ended =
        wait_until([&] { return history_has(desktop, "connected") || history_has(desktop, "gave-up"); }, 40s);
    desktop.screenshot("connect-keyring-unavailable-after");
    INFO(desktop.log());
    REQUIRE(ended);
    CHECK(history_has(desktop, "connected"));
    CHECK(server.authentication_failures() == 0);
    // Said once: the typed password is used this time only, the store is not asked again.
    const std::string log = desktop.log();
    const auto first = log.find("no Secret Service answers");
    CHECK(first != std::string::npos);
    CHECK(log.find("no Secret Service answers", first + 1) == std::string::npos);
    check_password_hidden(desktop, server.password());
    end_connection(desktop, 0);
    quit_app(desktop);
    CHECK(desktop.app().wait_exit(15s).has_value());
}
