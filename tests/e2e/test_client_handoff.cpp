// client-fallback's handoff with the real Remmina under Xvfb, and gateway-transport's change
// through the real helper and journal.
//
// What is proved, and what is not: on Linux Remmina's RDP plugin uses the same libfreerdp 2.11
// as xfreerdp, so no fault of the server or the network makes xfreerdp fail where Remmina
// gets through; only the handoff mechanism is proved here. The supervised run uses a fault
// that stays (the lab closes every connection), so Remmina meets it too, and the test checks
// exactly that: Remmina was started with the right rdp:// address and its connection reached
// the lab. A second test hands a connection to Remmina against the healthy lab and checks
// that Remmina holds a connection to the real xrdp behind it.
// No RD Gateway exists here, so gateway-transport has no end-to-end connection scenario; its
// Windows registry change is run through the helper and the journal on the Linux stand-in,
// with a prior value and without one.
#include "e2e_support.h"
#include "strategy_rig.h"

#include "rdpmedic/platform/client_handoff.h"
#include "rdpmedic/plugins/system_values.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

using namespace rdpmedic;
using namespace rdpmedic::e2e;
using S = SupervisorState;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> command_line(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
    std::vector<std::string> argv;
    std::string arg;
    while (std::getline(in, arg, '\0')) {
        argv.push_back(arg);
    }
    return argv;
}

/// Running and not a zombie (the handed-over client's parent is init, which may reap late).
bool running(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat;
    std::getline(in, stat);
    const auto close = stat.rfind(')');
    return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] != 'Z';
}

/// Whether `pid` holds an established TCP connection to 127.0.0.1:`port`: its socket inodes
/// matched against the kernel's table.
bool holds_connection_to(int pid, std::uint16_t port) {
    std::set<std::string> inodes;
    std::error_code error;
    for (const auto& fd : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", error)) {
        const std::string target = std::filesystem::read_symlink(fd.path(), error).string();
        if (target.rfind("socket:[", 0) == 0) {
            inodes.insert(target.substr(8, target.size() - 9));
        }
    }
    char remote[32];
    std::snprintf(remote, sizeof remote, "0100007F:%04X", port);
    std::ifstream table("/proc/" + std::to_string(pid) + "/net/tcp");
    std::string line;
    std::getline(table, line); // header
    while (std::getline(table, line)) {
        std::istringstream fields(line);
        std::string slot, local, peer, state, queues, timer, retransmits, uid, timeout, inode;
        fields >> slot >> local >> peer >> state >> queues >> timer >> retransmits >> uid >> timeout >> inode;
        if (peer == remote && state == "01" && inodes.count(inode) != 0) {
            return true;
        }
    }
    return false;
}

/// Ends a client the test handed a connection to: SIGTERM, then SIGKILL. Only that pid.
void end_handed_over(int pid) {
    if (pid <= 0) {
        return;
    }
    ::kill(pid, SIGTERM);
    if (!wait_until([pid] { return !running(pid); }, 10s)) {
        ::kill(pid, SIGKILL);
        wait_until([pid] { return !running(pid); }, 5s);
    }
}

/// Remmina keeps one instance per session bus and forwards a second start to it; a test's
/// Remmina must be its own, so it gets no session bus (its settings go to the sandbox's XDG
/// folders).
void own_remmina_instance() { ::unsetenv("DBUS_SESSION_BUS_ADDRESS"); }

} // namespace

TEST_CASE("client-fallback: a connection that keeps failing is handed to the real Remmina", "[e2e][handoff]") {
    const auto installed = other_installed_clients("xfreerdp");
    INFO("Debian: apt install remmina remmina-plugin-rdp (scripts/install-deps.sh)");
    REQUIRE(std::find(installed.begin(), installed.end(), "remmina") != installed.end());
    own_remmina_instance();

    lab::LabOptions options;
    options.initial = {lab::Fault::AcceptThenClose};
    lab::Lab lab(options);
    StrategyRig rig({"rdpmedic.client-fallback"});
    rig.stage().set_other_clients(installed);
    const auto handoff = make_client_handoff({});

    std::size_t connections_at_handoff = 0;
    // Read at once: Remmina may end soon after the lab closes its connection.
    std::vector<std::string> argv_at_handoff;
    RunOptions run;
    run.max_attempts = 3;
    run.backoff = 50ms;
    run.fixes = &rig.stage();
    run.handoff = handoff.get(); // no diagnoser, as with --no-diagnose: the plugin sees no cause
    run.on_event = [&](const SupervisorEvent& event) {
        if (event.state == S::HandedOver) {
            connections_at_handoff = lab.connection_count();
            std::smatch pid_in_note;
            if (std::regex_search(event.note, pid_in_note, std::regex(R"(pid (\d+))"))) {
                argv_at_handoff = command_line(std::stoi(pid_in_note[1].str()));
            }
        }
    };
    const SupervisedRun result = supervise(lab, run);
    const int pid = result.result.handoff ? result.result.handoff->process_id : 0;
    INFO([&] {
        std::string notices;
        for (const auto& line : rig.notices) {
            notices += line + "\n";
        }
        return notices;
    }());

    // Two failed attempts with xfreerdp, then the switch, then the handoff; no third attempt.
    CHECK(result.states() == std::vector<S>{S::Launching, S::Failed, S::Fixing, S::Waiting, S::Launching, S::Failed,
                                            S::Fixing, S::Fixing, S::HandedOver});
    CHECK(result.result.final_state == S::HandedOver);
    CHECK(result.result.attempts == 2);
    REQUIRE(result.result.handoff);
    CHECK(result.result.handoff->client == "remmina");
    CHECK_THAT(result.events[7].note, Catch::Contains("rdpmedic.client-fallback: use the client remmina"));
    const std::string address = "rdp://localhost:" + std::to_string(lab.port());
    CHECK_THAT(result.events.back().note,
               Catch::Contains("handed over to Remmina (pid " + std::to_string(pid) + ")") && Catch::Contains(address));

    // The process is Remmina, started with that address.
    REQUIRE(pid > 0);
    const auto& argv = argv_at_handoff;
    REQUIRE(argv.size() == 3);
    CHECK(std::filesystem::path(argv[0]).filename() == "remmina");
    CHECK(argv[1] == "-c");
    CHECK(argv[2] == address);
    // Remmina connected to the lab: a connection after the handoff, served the same fault.
    CHECK(wait_until([&] { return lab.connection_count() > connections_at_handoff; }, 30s));
    const auto connections = lab.connections();
    REQUIRE(connections.size() > connections_at_handoff);
    CHECK(connections.back().served.fault == lab::Fault::AcceptThenClose);
    CHECK(running(pid)); // rdpmedic let go of it: it is the user's now
    end_handed_over(pid);
    CHECK_FALSE(running(pid));
}

TEST_CASE("client-fallback: rdpmedic-cli connect says it handed over and exits 5", "[e2e][handoff]") {
    ensure_display();
    own_remmina_instance();
    PluginSandbox sandbox;
    // The build's signed strategies, as an installed system has them.
    ::setenv("RDPMEDIC_SYSTEM_DIR", RDPMEDIC_STAGE_DIR, 1);
    lab::LabOptions options;
    options.initial = {lab::Fault::AcceptThenClose};
    lab::Lab lab(options);
    const auto run = run_command({RDPMEDIC_CLI, "connect", "localhost:" + std::to_string(lab.port()), "--no-diagnose",
                                  "--backoff", "50", "--log-dir", sandbox.root().string()});
    INFO(run.output);
    const std::string marker = "handed over to Remmina (pid ";
    const auto at = run.output.find(marker);
    REQUIRE(at != std::string::npos);
    const int pid = std::stoi(run.output.substr(at + marker.size()));
    CHECK(run.exit_code == 5);
    CHECK_THAT(run.output, Catch::Contains("attempt 2/3   handed-over") &&
                               Catch::Contains("rdp://localhost:" + std::to_string(lab.port())));
    CHECK(running(pid));
    end_handed_over(pid);
}

TEST_CASE("client-fallback: Remmina handed a connection holds it to the real xrdp", "[e2e][handoff]") {
    ensure_display();
    own_remmina_instance();
    PluginSandbox sandbox; // Remmina's settings go to a throw-away XDG folder
    lab::Lab lab;
    trust_lab_ca(lab);
    ConnectRequest request;
    request.target = Target{"localhost", lab.port()};
    request.client = "remmina";
    const auto handoff = make_client_handoff({});
    const Handoff started = handoff->hand_over(request);
    REQUIRE(started.process_id > 0);
    const int pid = started.process_id;

    CHECK(wait_until([&] { return holds_connection_to(pid, lab.port()); }, 30s));
    const auto connections = lab.connections();
    REQUIRE_FALSE(connections.empty());
    CHECK(connections.back().served.fault == lab::Fault::Healthy); // forwarded to xrdp
    CHECK_FALSE(connections.back().closed_by_lab);
    // Remmina's connection window for that address belongs to the process started.
    const std::string title = "localhost:" + std::to_string(lab.port());
    CHECK(wait_until(
        [&] {
            const auto found = run_command({"/usr/bin/xdotool", "search", "--pid", std::to_string(pid), "--name", title});
            return found.exit_code == 0;
        },
        20s));
    std::this_thread::sleep_for(2s);
    CHECK(holds_connection_to(pid, lab.port())); // still connected, not bounced
    end_handed_over(pid);
}

TEST_CASE("gateway-transport for mstsc: RDGClientTransport is journaled without elevation and undo restores "
          "the prior value or its absence",
          "[e2e][strategies][gateway]") {
    const std::string key = "HKCU\\Software\\Microsoft\\Terminal Server Client";
    for (const bool existed : {false, true}) {
        StrategyRig rig({"rdpmedic.gateway-transport"});
        rig.stage().set_client("mstsc", {});
        auto values = plugins::make_system_values();
        if (existed) {
            values->write(key, "RDGClientTransport", {"dword", "0"});
        }
        Failure failure;
        failure.kind = FailureKind::SocketClosed;
        ConnectRequest next;
        next.target = {"rdp.example", 3389};
        next.gateway = "gateway.example";
        const FixReport report = rig.stage().on_failure(failure, nullptr, 1, next);
        REQUIRE(report.applied.size() == 1);
        CHECK_THAT(report.applied.front(), Catch::Contains("RDGClientTransport = 1"));
        CHECK(values->read(key, "RDGClientTransport") == plugins::StoredValue{"dword", "1"});
        CHECK(next.client_args.empty());

        const auto undone = run_command({RDPMEDIC_CLI, "undo", "--all"});
        INFO(undone.output);
        CHECK(undone.exit_code == 0);
        if (existed) {
            CHECK(values->read(key, "RDGClientTransport") == plugins::StoredValue{"dword", "0"});
        } else {
            CHECK_FALSE(values->read(key, "RDGClientTransport"));
        }
    }
}

TEST_CASE("gateway-transport for xfreerdp: /gt:rpc for the connection through a gateway, nothing without one",
          "[e2e][strategies][gateway]") {
    StrategyRig rig({"rdpmedic.gateway-transport"});
    Failure failure;
    failure.kind = FailureKind::SocketClosed;
    ConnectRequest direct;
    direct.target = {"rdp.example", 3389};
    CHECK(rig.stage().on_failure(failure, nullptr, 1, direct).applied.empty());
    CHECK(rig.stage().last_ranking().empty());

    StrategyRig gateway_rig({"rdpmedic.gateway-transport"});
    ConnectRequest through = direct;
    through.gateway = "gateway.example";
    const FixReport report = gateway_rig.stage().on_failure(failure, nullptr, 1, through);
    REQUIRE(report.applied.size() == 1);
    CHECK(through.overrides.gateway_transport == GatewayTransport::Rpc);
    CHECK(through.client_args.empty());
}
