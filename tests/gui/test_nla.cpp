// The Connect dialog's password field against a real server that requires NLA (FreeRDP's
// shadow server, sharing the desktop's display): what the user types there signs them in.
#include "gui_support.h"
#include "rdpmedic/lab/nla_server.h"

#include <catch2/catch.hpp>
#include <thread>

using namespace rdpmedic::gui;
using namespace std::chrono_literals;

TEST_CASE("tray: the password typed in the Connect dialog signs in to a server that requires NLA",
          "[gui][e2e][nla]") {
    Desktop desktop;
    rdpmedic::lab::NlaServerOptions options;
    options.display = desktop.display();
    const rdpmedic::lab::NlaServer server(options);
    desktop.set_environment("SSL_CERT_FILE", server.ca_certificate().string());
    desktop.write_settings(R"({"max_attempts": 1, "connect_timeout_ms": 20000})");
    desktop.start_app();

    REQUIRE(open_connect_dialog(desktop, "localhost:" + std::to_string(server.port()), server.user(),
                                server.password()));
    desktop.screenshot("connect-nla-filled");
    // Back to the computer field, where Enter connects.
    desktop.key("shift+Tab shift+Tab shift+Tab Return");

    REQUIRE(wait_until(
        [&] { return history_has(desktop, "connected") || history_has(desktop, "gave-up"); }, 40s));
    INFO(desktop.log());
    CHECK(history_has(desktop, "connected"));
    // The server itself says the user signed in.
    CHECK(server.wait_activated(1, 5s));
    CHECK(server.authentication_failures() == 0);
    std::this_thread::sleep_for(500ms);
    desktop.screenshot("connected-nla");
    // The password stays in memory: neither the log nor the history holds it.
    CHECK(desktop.log().find(server.password()) == std::string::npos);
    CHECK(history(desktop).dump().find(server.password()) == std::string::npos);

    // The session is the shared display itself, so the client's window covers all of it,
    // the tray too: moved below the tray, as a user would drag it.
    sh("for w in $(xdotool search --class xfreerdp); do xdotool windowmove $w 0 48; done");
    disconnect_session(desktop);
    CHECK(wait_until(
        [&] { return history_has(desktop, "cancelled") || history_has(desktop, "disconnected"); },
        20s));
    quit_app(desktop);
    CHECK(desktop.app().wait_exit(15s).has_value());
}
