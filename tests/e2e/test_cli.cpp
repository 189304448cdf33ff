// rdpmedic-cli as a user runs it: exit codes, messages, and the connect loop against the lab.
#include "e2e_support.h"
#include "freerdp_clients.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace rdpmedic;
using namespace rdpmedic::e2e;

namespace {

const std::string kCli = RDPMEDIC_CLI;

CommandResult cli(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), kCli);
    return run_command(args, input);
}

std::string temp_log_dir() { return "/tmp/rdpmedic-cli-test-logs"; }

} // namespace

TEST_CASE("cli: help, version and usage errors", "[e2e][cli]") {
    CHECK(cli({"--help"}).exit_code == 0);
    CHECK_THAT(cli({"--version"}).output, Catch::StartsWith("rdpmedic-cli "));
    const auto none = cli({});
    CHECK(none.exit_code == 2);
    CHECK_THAT(none.output, Catch::Contains("usage"));
    const auto unknown = cli({"frobnicate"});
    CHECK(unknown.exit_code == 2);
    CHECK_THAT(unknown.output, Catch::Contains("unknown command 'frobnicate'"));
    const auto bad_option = cli({"connect", "host", "--max-attempts", "lots"});
    CHECK(bad_option.exit_code == 2);
    CHECK_THAT(bad_option.output, Catch::Contains("--max-attempts"));
}

TEST_CASE("cli: decode 0x904 with extended 0x7 explains both", "[e2e][cli]") {
    const auto r = cli({"decode", "0x904", "--ext", "0x7"});
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.output, Catch::Contains("0x904 (2308)"));
    CHECK_THAT(r.output, Catch::Contains("0x7 (7)"));
    CHECK_THAT(r.output, Catch::Contains("server-denied"));
    CHECK_THAT(r.output, Catch::Contains("Possible causes"));
}

TEST_CASE("cli: decode reads FreeRDP errors and exit codes too", "[e2e][cli]") {
    const auto freerdp = cli({"decode", "0x0002000D", "--json"});
    CHECK(freerdp.exit_code == 0);
    const auto json = nlohmann::json::parse(freerdp.output);
    CHECK(json["as"] == "freerdp");
    CHECK(json["codes"][0]["name"] == "ERRCONNECT_CONNECT_TRANSPORT_FAILED");
    CHECK(json["failure"]["kind"] == "socket-closed");
    const auto exit = cli({"decode", "143", "--as", "exit"});
    CHECK(exit.exit_code == 0);
    CHECK_THAT(exit.output, Catch::Contains("tls-failed"));
}

TEST_CASE("cli: decode refuses garbage and says so for unknown codes", "[e2e][cli]") {
    const auto garbage = cli({"decode", "banana"});
    CHECK(garbage.exit_code == 2);
    CHECK_THAT(garbage.output, Catch::Contains("'banana' is not a number"));
    for (const char* bad : {"-5", "0x", "99999999999", "0x904zz", ""}) {
        INFO(bad);
        CHECK(cli({"decode", bad}).exit_code == 2);
    }
    const auto unknown = cli({"decode", "0x1234"});
    CHECK(unknown.exit_code == 1);
    CHECK_THAT(unknown.output, Catch::Contains("not a code rdpmedic knows"));
    CHECK(cli({"decode", "300", "--as", "exit"}).exit_code == 2);
}

TEST_CASE("cli: bad targets and malformed .rdp files", "[e2e][cli]") {
    const auto port = cli({"connect", "host:99999"});
    CHECK(port.exit_code == 2);
    CHECK_THAT(port.output, Catch::Contains("1 to 65535"));
    const std::string malformed = std::string(RDPMEDIC_FIXTURES) + "/rdp/bad_no_separator.rdp";
    const auto rdp = cli({"connect", malformed});
    CHECK(rdp.exit_code == 2);
    CHECK_THAT(rdp.output, Catch::Contains("bad_no_separator.rdp:"));
    const auto missing = cli({"connect", "/nonexistent/connection.rdp"});
    CHECK(missing.exit_code == 2);
    CHECK_THAT(missing.output, Catch::Contains("/nonexistent/connection.rdp"));
}

TEST_CASE("cli: a missing client binary is one clear message", "[e2e][cli]") {
    const auto r = cli({"connect", "127.0.0.1:3389", "--client", "/nonexistent/xfreerdp", "--log-dir", temp_log_dir()});
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.output, Catch::Contains("/nonexistent/xfreerdp"));
    CHECK_THAT(r.output, Catch::Contains("--client"));
}

TEST_CASE("cli: an unwritable log directory is one clear message", "[e2e][cli]") {
    // A path below a regular file cannot be created, even by root.
    const auto r = cli({"connect", "127.0.0.1:3389", "--log-dir", "/etc/hostname/rdpmedic"});
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.output, Catch::Contains("/etc/hostname/rdpmedic"));
}

TEST_CASE("cli: an unreachable port gives up with connect-failed", "[e2e][cli]") {
    ensure_display();
    lab::LabOptions options;
    options.initial = {lab::Fault::PortClosed};
    const lab::Lab lab(options);
    for (const auto& client : freerdp_clients()) {
        INFO(describe(client));
        const auto r = cli({"connect", "127.0.0.1:" + std::to_string(lab.port()), "--client", client.path,
                            "--max-attempts", "2", "--backoff", "100", "--log-dir", temp_log_dir()});
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.output, Catch::Contains("connect-failed"));
        CHECK_THAT(r.output, Catch::Contains("gave up after 2 attempts"));
    }
}

TEST_CASE("cli: a healthy xrdp connects with every installed FreeRDP, none left on a prompt", "[e2e][cli]") {
    ensure_display();
    const lab::Lab lab;
    trust_lab_ca(lab);
    // Without --user or a password: FreeRDP 3 would ask for a domain and password on its
    // terminal, which nobody sees here.
    for (const auto& client : freerdp_clients()) {
        INFO(describe(client));
        const auto r = cli({"connect", "localhost:" + std::to_string(lab.port()), "--client", client.path,
                            "--max-attempts", "1", "--until-connected", "--json", "--log-dir", temp_log_dir()});
        INFO(r.output);
        CHECK(r.exit_code == 0);
        const auto events = json_lines(r.output);
        REQUIRE(events.size() == 2);
        CHECK(events[1]["event"] == "connected");
    }
}

TEST_CASE("cli: connect with a client that is not FreeRDP 2 or 3 is one clear message and exit 3", "[e2e][cli]") {
    const auto r = cli({"connect", "127.0.0.1:3389", "--client", "/bin/true", "--log-dir", temp_log_dir()});
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.output, Catch::Contains("/bin/true is not FreeRDP 2 or 3"));
    CHECK_THAT(r.output, Catch::Contains("--client"));
}

TEST_CASE("cli: connect --json shows failure, retry and success against a fault that clears", "[e2e][cli]") {
    ensure_display();
    lab::Lab lab;
    trust_lab_ca(lab);
    std::vector<nlohmann::json> diagnoses;
    for (const auto& client : freerdp_clients()) {
        INFO(describe(client));
        lab.set_fault({lab::Fault::AcceptThenClose}, 2); // one run of either generation makes two connections
        const auto r = cli({"connect", "localhost:" + std::to_string(lab.port()), "--client", client.path,
                            "--max-attempts", "3", "--backoff", "100", "--until-connected", "--json", "--log-dir",
                            temp_log_dir()});
        INFO(r.output);
        CHECK(r.exit_code == 0);
        const auto events = json_lines(r.output);
        std::vector<std::string> names;
        for (const auto& e : events) {
            names.push_back(e["event"]);
        }
        // The diagnosis runs after the fault has cleared (the client used up both faulty connections).
        CHECK(names == std::vector<std::string>{"launching", "failed", "diagnosing", "waiting", "launching", "connected"});
        REQUIRE(events.size() >= 3);
        CHECK(events[1]["failure"]["kind"] == "socket-closed");
        CHECK(events[1]["failure"]["codes"]["exit_code"] == 147);
        CHECK(events[1]["failure"]["codes"]["freerdp_error"] == "0x0002000D");
        diagnoses.push_back(events[2]["diagnosis"]["verdict"]);
    }
    // The same diagnosis whichever client failed.
    REQUIRE(diagnoses.size() == 2);
    CHECK(diagnoses[0] == diagnoses[1]);
}

TEST_CASE("cli: the password goes through stdin, never the command line or the log", "[e2e][cli]") {
    ensure_display();
    // A failing server keeps the test short; the password is handed over before connecting.
    lab::LabOptions options;
    options.initial = {lab::Fault::AcceptThenClose};
    const lab::Lab lab(options);
    const std::string secret = "s3cret-Passw0rd";
    for (const auto& client : freerdp_clients()) {
        INFO(describe(client));
        const std::string log_dir = temp_log_dir() + "-password";
        run_command({"/bin/rm", "-rf", log_dir});
        const auto r = cli({"connect", "127.0.0.1:" + std::to_string(lab.port()), "--client", client.path, "--user",
                            "alice", "--password-stdin", "--max-attempts", "1", "--log-dir", log_dir, "--verbose"},
                           secret + "\n");
        INFO(r.output);
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.output, Catch::Contains("socket-closed"));
        CHECK(r.output.find(secret) == std::string::npos);
        const auto log = run_command({"/bin/cat", log_dir + "/rdpmedic.log"});
        CHECK_THAT(log.output, Catch::Contains("/from-stdin:force"));
        CHECK_THAT(log.output, Catch::Contains("/u:alice"));
        CHECK(log.output.find(secret) == std::string::npos);
    }
}

TEST_CASE("cli: an unknown host, in a network namespace of its own, gives up with dns-failed", "[e2e][cli]") {
    ensure_display();
    // The namespace has no route anywhere, so the lookup fails without leaving the machine.
    for (const auto& client : freerdp_clients()) {
        INFO(describe(client));
        const auto r = run_command({"/usr/bin/unshare", "--net", "--", kCli, "connect", "no-such-host.invalid",
                                    "--client", client.path, "--max-attempts", "1", "--json", "--log-dir",
                                    temp_log_dir()});
        INFO(r.output);
        CHECK(r.exit_code == 1);
        const auto events = json_lines(r.output);
        REQUIRE(events.size() >= 2);
        CHECK(events[1]["failure"]["kind"] == "dns-failed");
        CHECK(events[1]["failure"]["codes"]["freerdp_error"] == "0x00020005");
    }
}

TEST_CASE("cli: analyze decodes an exported Windows RDP client event log", "[e2e][cli]") {
    const std::string dir = std::string(RDPMEDIC_FIXTURES) + "/eventlog/";
    const auto text = cli({"analyze", dir + "schema-saved-events.xml"});
    CHECK(text.exit_code == 1); // one connection failed
    CHECK_THAT(text.output, Catch::Contains("rdp.corp.example"));
    CHECK_THAT(text.output, Catch::Contains("socket-closed"));
    CHECK_THAT(text.output, Catch::Contains("0x904"));
    CHECK_THAT(text.output, Catch::Contains("(UDP was used)"));
    const auto json = cli({"analyze", dir + "schema-wevtutil-query.xml", "--json"});
    CHECK(json.exit_code == 1);
    const auto lines = json_lines(json.output);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0]["server"] == "10.20.30.40");
    CHECK(lines[0]["failure"]["kind"] == "timeout");
    const auto garbage = cli({"analyze", std::string(RDPMEDIC_FIXTURES) + "/rdp/good_utf8.rdp"});
    CHECK(garbage.exit_code == 2);
    CHECK_THAT(garbage.output, Catch::Contains("not event log XML"));
    CHECK(cli({"analyze", "/nonexistent.xml"}).exit_code == 2);
}

TEST_CASE("cli: connect runs the signed strategies: /sec:rdp against a TLS-only server is fixed", "[e2e][cli][strategies]") {
    ensure_display();
    lab::LabOptions options;
    options.xrdp_security_layer = "tls";
    const lab::Lab lab(options);
    trust_lab_ca(lab);
    // The build's staged installation: the project's strategies, signed, and their key.
    ::setenv("RDPMEDIC_SYSTEM_DIR", RDPMEDIC_STAGE_DIR, 1);
    for (const auto& client : freerdp_clients()) {
        INFO(describe(client));
        const std::vector<std::string> base = {"connect", "localhost:" + std::to_string(lab.port()), "--client",
                                               client.path, "--client-arg", "/sec:rdp", "--until-connected",
                                               "--backoff", "100", "--log-dir", temp_log_dir()};
        auto with = [&](std::vector<std::string> extra) {
            auto args = base;
            args.insert(args.end(), extra.begin(), extra.end());
            return cli(args);
        };
        const auto fixed = with({});
        INFO(fixed.output);
        CHECK(fixed.exit_code == 0);
        CHECK_THAT(fixed.output, Catch::Contains("rdpmedic.security-negotiation: use security-layer tls for this connection"));
        CHECK_THAT(fixed.output, Catch::Contains("connected"));
        const auto unfixed = with({"--no-fix", "--max-attempts", "2"});
        INFO(unfixed.output);
        CHECK(unfixed.exit_code == 1);
        CHECK(unfixed.output.find("security-negotiation") == std::string::npos);
    }
    ::unsetenv("RDPMEDIC_SYSTEM_DIR");
}
