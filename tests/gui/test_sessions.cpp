// Several sessions at once, as an administrator with three servers has them: each its own
// client, history entry and menu, one ended without disturbing the others.
#include "gui_support.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <thread>

using namespace rdpmedic::gui;
using namespace std::chrono_literals;

namespace {

/// The outcome of each session in the history, oldest first, for the given target.
std::vector<std::string> outcomes_of(const Desktop& desktop, const std::string& target) {
    std::vector<std::string> found;
    for (const auto& session : connections_to(desktop, target)) {
        found.push_back(json_text(session, "outcome"));
    }
    return found;
}

bool client_runs_for(const std::string& target) {
    // [/] so that the pattern does not match the shell that runs pgrep.
    return sh("pgrep -f -- '[/]v:" + target + "' >/dev/null && echo yes").find("yes") != std::string::npos;
}

} // namespace

TEST_CASE("tray: two sessions at once, each in the menu, one ended leaves the other running", "[gui][e2e]") {
    Desktop desktop;
    rdpmedic::lab::Lab first;
    rdpmedic::lab::Lab second;
    // Each lab has a CA of its own: the client trusts both.
    const auto authorities = desktop.home() / "lab-authorities.pem";
    std::ofstream(authorities) << whole_file(first.ca_certificate()) << whole_file(second.ca_certificate());
    desktop.set_environment("SSL_CERT_FILE", authorities.string());
    desktop.write_settings(R"({"max_attempts": 2, "backoff_ms": 300, "connect_timeout_ms": 20000})");
    desktop.start_app();
    const std::string a = address(first);
    const std::string b = address(second);

    connect_through_dialog(desktop, a);
    REQUIRE(wait_until([&] { return outcomes_of(desktop, a) == std::vector<std::string>{"connected"}; }, 40s));
    // A second computer while the first is open: Connect… is there and starts another session.
    connect_through_dialog(desktop, b);
    REQUIRE(wait_until([&] { return outcomes_of(desktop, b) == std::vector<std::string>{"connected"}; }, 40s));
    CHECK(client_runs_for(a));
    CHECK(client_runs_for(b));

    desktop.click_icon(3);
    REQUIRE(wait_until([&] { return desktop.log().find("tray menu: Connect… | 1  " + a) != std::string::npos; }, 5s));
    std::this_thread::sleep_for(500ms);
    desktop.screenshot("two-sessions-menu");
    desktop.key("Escape");
    CHECK_THAT(desktop.log(), Catch::Contains("| 2  " + b + " — connected"));

    // The first one ended from its own menu: the second goes on, client and all.
    disconnect_session(desktop, 1);
    REQUIRE(wait_until([&] { return !client_runs_for(a); }, 20s));
    CHECK(outcomes_of(desktop, a) != std::vector<std::string>{"connected"});
    std::this_thread::sleep_for(1s);
    CHECK(client_runs_for(b));
    CHECK(outcomes_of(desktop, b) == std::vector<std::string>{"connected"});

    // The same computer again: asked first, and "Open another" opens a second session to it.
    connect_through_dialog(desktop, b);
    REQUIRE(desktop.wait_window("^Already connected - rdpmedic$"));
    desktop.screenshot("already-connected");
    focus(desktop, "^Already connected - rdpmedic$");
    desktop.key("alt+o");
    REQUIRE(wait_until([&] { return outcomes_of(desktop, b) == std::vector<std::string>{"connected", "connected"}; },
                       40s));
    CHECK_THAT(desktop.log(), Catch::Contains("a session to " + b + " is open: opening another"));

    quit_app(desktop);
    CHECK(desktop.app().wait_exit(20s).has_value());
}
