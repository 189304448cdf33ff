// The password path against a real server that requires NLA (FreeRDP's shadow server, see
// rdpmedic/lab/nla_server.h): rdpmedic-cli as a user runs it, with the real client. The
// password from --password-stdin signs in; a wrong one is an authentication failure, tried
// once and not probed; a connection that offers only TLS is fixed by security-negotiation.
#include "e2e_support.h"
#include "freerdp_clients.h"
#include "rdpmedic/lab/nla_server.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>

using namespace rdpmedic;
using namespace rdpmedic::e2e;

namespace {

const std::string kCli = RDPMEDIC_CLI;

/// Every installed FreeRDP generation; each test runs once per client.
std::vector<std::string> client_paths() {
    std::vector<std::string> paths;
    for (const auto& client : freerdp_clients()) paths.push_back(client.path);
    return paths;
}

std::string log_dir() {
    return "/tmp/rdpmedic-nla-test-logs";
}

/// The server on the run's display, trusted the way the lab's xrdp is.
std::unique_ptr<lab::NlaServer> start_server() {
    ensure_display();
    auto server = std::make_unique<lab::NlaServer>();
    ::setenv("SSL_CERT_FILE", server->ca_certificate().c_str(), 1);
    return server;
}

CommandResult connect(const lab::NlaServer& server, const std::string& client,
                      const std::string& password, std::vector<std::string> extra) {
    std::vector<std::string> args = {
        kCli,        "connect",     "localhost:" + std::to_string(server.port()),
        "--user",    server.user(), "--password-stdin",
        "--client",  client,        "--json",
        "--backoff", "100",         "--log-dir",
        log_dir()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_command(args, password + "\n");
}

std::vector<std::string> names_of(const std::vector<nlohmann::json>& events) {
    std::vector<std::string> names;
    for (const auto& event : events) {
        names.push_back(event.value("event", ""));
    }
    return names;
}

/// The first event named `name` whose JSON contains `text` (anything when empty).
const nlohmann::json* first_event(const std::vector<nlohmann::json>& events,
                                  const std::string& name, const std::string& text = {}) {
    for (const auto& event : events) {
        if (event.value("event", "") == name && event.dump().find(text) != std::string::npos) {
            return &event;
        }
    }
    return nullptr;
}

/// The project's strategies as the build staged and signed them, for one test.
class StagedStrategies {
  public:
    StagedStrategies() { ::setenv("RDPMEDIC_SYSTEM_DIR", RDPMEDIC_STAGE_DIR, 1); }
    ~StagedStrategies() { ::unsetenv("RDPMEDIC_SYSTEM_DIR"); }
    StagedStrategies(const StagedStrategies&) = delete;
    StagedStrategies& operator=(const StagedStrategies&) = delete;
};

} // namespace

TEST_CASE("nla: the probe finds a server that requires NLA and calls it healthy", "[e2e][nla]") {
    const auto server = start_server();
    const auto r =
        run_command({kCli, "diagnose", "localhost:" + std::to_string(server->port()), "--json"});
    INFO(r.output);
    CHECK(r.exit_code == 0);
    const auto diagnosis = nlohmann::json::parse(r.output);
    bool found = false;
    for (const auto& finding : diagnosis["findings"]) {
        if (finding["id"] == "x224.nla-required") {
            found = true;
            CHECK(finding["severity"] == "info");
            CHECK(finding["evidence"]["tls_only_offer"] == "RDP_NEG_FAILURE 5 (hybrid-required)");
        }
    }
    CHECK(found);
    CHECK(diagnosis["verdict"]["cause"] == "none");
    // The check sends no credentials: the server refused nobody's sign-in.
    CHECK(server->authentication_failures() == 0);
}

TEST_CASE("nla: the password from --password-stdin reaches the server and connects", "[e2e][nla]") {
    const auto server = start_server();
    std::size_t activated = 0;
    for (const std::string& client : client_paths()) {
        DYNAMIC_SECTION(client) {
            const auto r = connect(*server, client, server->password(),
                                   {"--max-attempts", "1", "--until-connected"});
            INFO(r.output);
            CHECK(r.exit_code == 0);
            CHECK(names_of(json_lines(r.output)) ==
                  std::vector<std::string>{"launching", "connected"});
            // The server itself says the user signed in, not only the client.
            CHECK(server->wait_activated(++activated, std::chrono::seconds(5)));
            CHECK(server->authentication_failures() == 0);
            CHECK(r.output.find(server->password()) == std::string::npos);
        }
    }
}

TEST_CASE("nla: a wrong password is an authentication failure, tried once and not diagnosed",
          "[e2e][nla]") {
    const auto server = start_server();
    std::size_t refused = 0;
    for (const std::string& client : client_paths()) {
        DYNAMIC_SECTION(client) {
            const auto r =
                connect(*server, client, "not-" + server->password(), {"--max-attempts", "3"});
            INFO(r.output);
            CHECK(r.exit_code == 1);
            const auto events = json_lines(r.output);
            // One launch, no probe, no strategy, no backoff: trying again cannot help.
            CHECK(names_of(events) == std::vector<std::string>{"launching", "failed", "gave-up"});
            const auto* failed = first_event(events, "failed");
            REQUIRE(failed != nullptr);
            CHECK((*failed)["failure"]["kind"] == "authentication-failed");
            CHECK((*failed)["failure"]["retriable"] == false);
            CHECK((*failed)["failure"]["codes"]["freerdp_error"] == "0x00020009");
            CHECK((*failed)["failure"]["codes"]["exit_code"] == 132);
            // The server refused exactly one sign-in, and let nobody in.
            CHECK(wait_until([&] { return server->authentication_failures() == refused + 1; },
                             std::chrono::seconds(5)));
            ++refused;
            CHECK(server->authentication_failures() == refused);
            CHECK(server->activated_count() == 0);

            // What a user reading the text sees.
            const auto text = run_command(
                {kCli, "connect", "localhost:" + std::to_string(server->port()), "--user",
                 server->user(), "--password-stdin", "--client", client, "--log-dir", log_dir()},
                "wrong\n");
            INFO(text.output);
            CHECK(text.exit_code == 1);
            CHECK_THAT(text.output, Catch::Contains("authentication-failed"));
            CHECK_THAT(text.output, Catch::Contains("not retrying"));
            CHECK(text.output.find("verdict") == std::string::npos);
            CHECK(wait_until([&] { return server->authentication_failures() == refused + 1; },
                             std::chrono::seconds(5)));
            ++refused;
        }
    }
}

TEST_CASE("nla: a connection that offers only TLS is fixed by security-negotiation asking for NLA",
          "[e2e][nla][strategies]") {
    const auto server = start_server();
    const StagedStrategies strategies;
    std::size_t activated = 0;
    for (const std::string& client : client_paths()) {
        DYNAMIC_SECTION(client) {
            // The real counterpart of the lab's nego-failure-5 fault.
            const auto fixed =
                connect(*server, client, server->password(),
                        {"--client-arg", "/sec:tls", "--max-attempts", "3", "--until-connected"});
            INFO(fixed.output);
            CHECK(fixed.exit_code == 0);
            const auto events = json_lines(fixed.output);
            CHECK(names_of(events) == std::vector<std::string>{"launching", "failed", "diagnosing",
                                                               "fixing", "fixing", "waiting",
                                                               "launching", "connected"});
            const auto* failed = first_event(events, "failed");
            REQUIRE(failed != nullptr);
            CHECK((*failed)["failure"]["kind"] == "negotiation-failed");
            CHECK((*failed)["failure"]["codes"]["exit_code"] == 133);
            const auto* diagnosing = first_event(events, "diagnosing");
            REQUIRE(diagnosing != nullptr);
            CHECK_THAT(diagnosing->dump(), Catch::Contains("x224.nla-required"));
            // The strategy's reason reaches the user as a note; the change it made, as an event.
            CHECK_THAT(fixed.output,
                       Catch::Contains("note: plugin rdpmedic.security-negotiation") &&
                           Catch::Contains("refuses an offer of TLS alone") &&
                           Catch::Contains("needs a user name and password"));
            CHECK(first_event(events, "fixing",
                              "rdpmedic.security-negotiation: use security-layer nla for this connection") !=
                  nullptr);
            CHECK(server->wait_activated(++activated, std::chrono::seconds(5)));

            // Without the strategy the same connection never gets in.
            const auto unfixed =
                connect(*server, client, server->password(),
                        {"--client-arg", "/sec:tls", "--max-attempts", "2", "--no-fix"});
            INFO(unfixed.output);
            CHECK(unfixed.exit_code == 1);
            CHECK(unfixed.output.find("security-negotiation") == std::string::npos);
            CHECK(server->activated_count() == activated);
        }
    }
}

TEST_CASE("nla: the lab's NLA server refuses a bad user name and a missing display", "[e2e][nla]") {
    lab::NlaServerOptions bad_user;
    bad_user.user = "alice:::0123";
    bad_user.display = ":0";
    CHECK_THROWS_WITH(lab::NlaServer(bad_user), Catch::Contains("user name must be"));
    lab::NlaServerOptions no_display;
    const char* display = std::getenv("DISPLAY");
    const std::string saved = display != nullptr ? display : "";
    ::unsetenv("DISPLAY");
    CHECK_THROWS_WITH(lab::NlaServer(no_display), Catch::Contains("set DISPLAY or start Xvfb"));
    if (!saved.empty()) {
        ::setenv("DISPLAY", saved.c_str(), 1);
    }
}
