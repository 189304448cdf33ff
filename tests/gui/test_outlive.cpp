// Sessions outlive the tray: quitting with a session open leaves its client running when the
// user says so (the default), a tray killed outright takes no client with it, and the tray
// started again finds the sessions still running, shows them and can end them.
#include "gui_support.h"

#include <catch2/catch.hpp>

#include <csignal>
#include <string>
#include <thread>

using namespace rdpmedic::gui;
using namespace std::chrono_literals;

namespace {

/// The pid of the xfreerdp connected to `target` (host:port), 0 when there is none.
int client_pid(const std::string& target) {
    // The client's own command line starts with it (its keeper's with rdpmedic-session);
    // [/] so that the pattern does not match the shell that runs pgrep.
    const std::string out = sh("pgrep -f -- '^[^ ]*freerdp[^ ]* .*[/]v:" + target + "' | head -n 1");
    return out.empty() ? 0 : std::stoi(out);
}

/// The outcome of the newest session in the history; empty when there is none.
std::string newest_outcome(const Desktop& desktop) {
    const auto h = history(desktop);
    if (!h.is_object() || !h.contains("sessions") || !h["sessions"].is_array() || h["sessions"].empty()) {
        return {};
    }
    return json_text(h["sessions"].back(), "outcome");
}

bool alive(int pid) {
    return pid > 0 && ::kill(pid, 0) == 0 &&
           whole_file("/proc/" + std::to_string(pid) + "/stat").find(") Z") == std::string::npos;
}

/// Whether `pid` holds an established TCP connection to `port`.
bool connected_to(int pid, int port) {
    return sh("ss -Htnp state established '( dport = :" + std::to_string(port) + " )'")
               .find("pid=" + std::to_string(pid) + ",") != std::string::npos;
}

/// Where the process's stdout or stderr (fd 1 or 2) goes.
std::string output_of(int pid, int fd) {
    std::error_code ec;
    return std::filesystem::read_symlink("/proc/" + std::to_string(pid) + "/fd/" + std::to_string(fd), ec).string();
}

/// The client is the one left running and still in its session: its connection to the lab is
/// established, it writes to its log file (no pipe whose reader went away, so no SIGPIPE can
/// reach it) and SIGPIPE is not pending.
void check_runs_on(const Desktop& desktop, int pid, int port) {
    CHECK(alive(pid));
    CHECK(connected_to(pid, port));
    for (const int fd : {1, 2}) {
        const std::string out = output_of(pid, fd);
        CHECK(out.find((desktop.state_dir() / "sessions").string()) == 0);
        CHECK(out.ends_with("/client.log"));
    }
    const std::string status = whole_file("/proc/" + std::to_string(pid) + "/status");
    CHECK(status.find("\nSigPnd:\t0000000000000000") != std::string::npos);
    CHECK(status.find("\nShdPnd:\t0000000000000000") != std::string::npos);
}

/// Starts the tray, connects to the lab through Connect… and returns the client's pid.
int connect_once(Desktop& desktop, const rdpmedic::lab::Lab& lab) {
    desktop.set_environment("SSL_CERT_FILE", lab.ca_certificate().string());
    desktop.write_settings(R"({"max_attempts": 2, "backoff_ms": 300, "connect_timeout_ms": 20000})");
    desktop.start_app();
    connect_through_dialog(desktop, address(lab));
    REQUIRE(wait_until([&] { return newest_outcome(desktop) == "connected"; }, 40s));
    const int client = client_pid(address(lab));
    REQUIRE(client > 0);
    return client;
}

/// Starts the tray again and waits until its menu lists `target` as session 1, connected.
void restart_showing(Desktop& desktop, const std::string& target) {
    desktop.start_app();
    REQUIRE(wait_until([&] { return desktop.log().find("was left running by an earlier rdpmedic") != std::string::npos; },
                       10s));
    bool listed = false;
    for (int tries = 0; tries < 10 && !listed; ++tries) {
        desktop.click_icon(3);
        listed = wait_until([&] { return desktop.log().find("| 1  " + target + " — connected") != std::string::npos; }, 2s);
        desktop.key("Escape");
    }
    REQUIRE(listed);
}

/// A tray with one session connected to a lab of its own.
struct OneSession {
    Desktop desktop;
    rdpmedic::lab::Lab lab;
    const std::string target = address(lab);
    const int client = connect_once(desktop, lab);
};

} // namespace

TEST_CASE_METHOD(OneSession, "tray: quit leaving a session running, the next start shows it connected and Disconnect ends it",
                 "[gui][e2e]") {
    // Quit asks; Enter takes the default, Leave them running.
    menu_pick(desktop, "q");
    REQUIRE(desktop.wait_window("^Quit - rdpmedic$"));
    desktop.screenshot("quit-sessions-open");
    focus(desktop, "^Quit - rdpmedic$");
    desktop.key("Return");
    REQUIRE(desktop.app().wait_exit(20s).has_value());
    CHECK_THAT(desktop.log(), Catch::Contains("quitting, leaving the sessions running"));
    std::this_thread::sleep_for(2s);
    check_runs_on(desktop, client, lab.port());

    restart_showing(desktop, target);
    CHECK(client_pid(target) == client);

    disconnect_session(desktop, 1);
    REQUIRE(wait_until([&] { return !alive(client); }, 20s));
    // Its folder goes with it: nothing is found at the next start.
    CHECK(wait_until([&] { return recorded_keepers(desktop).empty(); }, 5s));
    quit_app(desktop);
    CHECK(desktop.app().wait_exit(20s).has_value());
}

TEST_CASE_METHOD(OneSession, "tray: a tray killed with SIGKILL leaves its client connected, and Close them at quit ends it",
                 "[gui][e2e]") {
    ::kill(desktop.app().pid(), SIGKILL);
    REQUIRE(desktop.app().wait_exit(10s).has_value());
    std::this_thread::sleep_for(2s);
    check_runs_on(desktop, client, lab.port());

    restart_showing(desktop, target);
    quit_app(desktop, OpenSessions::Close);
    INFO(desktop.log());
    REQUIRE(desktop.app().wait_exit(20s).has_value());
    CHECK_THAT(desktop.log(), Catch::Contains("quitting, closing the sessions"));
    CHECK(wait_until([&] { return !alive(client); }, 10s));
    CHECK(recorded_keepers(desktop).empty());
}
