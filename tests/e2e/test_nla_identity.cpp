// The nla layer against a real server: FreeRDP 3's shadow server with NLA (see
// rdpmedic/lab/nla_server.h) answers the start of CredSSP with its NTLM challenge. The probe
// reports its names, version and clock as nmap's rdp-ntlm-info does for the same server;
// started under faketime with its clock two hours ahead, the same server yields
// nla.clock-skew. No credentials are sent: the server refuses nobody's sign-in.
#include "e2e_support.h"
#include "rdpmedic/lab/nla_server.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace rdpmedic;
using namespace rdpmedic::e2e;

namespace {

const std::string kCli = RDPMEDIC_CLI;

/// A shadow server (its clock moved by `clock_offset`, when given) and what `diagnose --json`
/// says of it.
struct Diagnosed {
    std::unique_ptr<lab::NlaServer> server;
    CommandResult result;
    nlohmann::json diagnosis;
};

Diagnosed diagnose_server(std::string clock_offset) {
    ensure_display();
    lab::NlaServerOptions options;
    options.clock_offset = std::move(clock_offset);
    Diagnosed out;
    out.server = std::make_unique<lab::NlaServer>(options);
    out.result = run_command({kCli, "diagnose", "localhost:" + std::to_string(out.server->port()),
                              "--ca", out.server->ca_certificate().string(), "--json"});
    INFO(out.result.output);
    out.diagnosis = nlohmann::json::parse(out.result.output);
    return out;
}

const nlohmann::json* layer(const nlohmann::json& diagnosis, const std::string& name) {
    for (const auto& l : diagnosis["layers"]) {
        if (l["name"] == name) {
            return &l;
        }
    }
    return nullptr;
}

const nlohmann::json* finding(const nlohmann::json& diagnosis, const std::string& id) {
    for (const auto& f : diagnosis["findings"]) {
        if (f["id"] == id) {
            return &f;
        }
    }
    return nullptr;
}

/// What `nmap --script +rdp-ntlm-info` prints for the port: "|   Key: Value" lines.
std::map<std::string, std::string> rdp_ntlm_info(std::uint16_t port) {
    const auto r = run_command({"/usr/bin/env", "nmap", "-Pn", "-n", "-p", std::to_string(port),
                                "--script", "+rdp-ntlm-info", "127.0.0.1"});
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    std::map<std::string, std::string> out;
    std::istringstream lines(r.output);
    for (std::string line; std::getline(lines, line);) {
        const auto colon = line.find(": ");
        if (line.size() > 4 && (line[0] == '|') && colon != std::string::npos) {
            const auto key_start = line.find_first_not_of("|_ ");
            out[line.substr(key_start, colon - key_start)] = line.substr(colon + 2);
        }
    }
    return out;
}

} // namespace

TEST_CASE("nla: the probe reads the shadow server's names and clock as rdp-ntlm-info does",
          "[e2e][nla]") {
    const Diagnosed run = diagnose_server({});
    const auto& diagnosis = run.diagnosis;
    INFO(run.result.output);
    CHECK(run.result.exit_code == 0);
    const auto* nla = layer(diagnosis, "nla");
    REQUIRE(nla != nullptr);
    CHECK((*nla)["status"] == "ok");
    const auto& detail = (*nla)["detail"];
    CHECK(detail["outcome"] == "challenge");
    // The clocks are the same machine's: no skew beyond the second the exchange takes.
    CHECK(std::abs(std::stol(detail["clock_difference_s"].get<std::string>())) <= 1);
    CHECK(finding(diagnosis, "nla.clock-skew") == nullptr);
    // Dialled as localhost, with a certificate for localhost: nothing names a machine.
    CHECK(finding(diagnosis, "nla.name-mismatch") == nullptr);
    const auto* identity = finding(diagnosis, "nla.server-identity");
    REQUIRE(identity != nullptr);
    CHECK((*identity)["severity"] == "info");
    CHECK(diagnosis["verdict"]["cause"] == "none");

    const auto nmap = rdp_ntlm_info(run.server->port());
    INFO("nmap: " << nlohmann::json(nmap).dump());
    CHECK(nmap.at("Target_Name") == detail["target_name"]);
    CHECK(nmap.at("NetBIOS_Computer_Name") == detail["nb_computer_name"]);
    CHECK(nmap.at("NetBIOS_Domain_Name") == detail["nb_domain_name"]);
    CHECK(nmap.at("DNS_Computer_Name") == detail["dns_computer_name"]);
    CHECK(nmap.at("DNS_Domain_Name") == detail["dns_domain_name"]);
    CHECK(nmap.at("Product_Version") == detail["product_version"]);
    // nmap writes "2026-12-04T21:12:10+00:00", the probe "…Z"; a second may pass between.
    CHECK(nmap.at("System_Time").substr(0, 16) ==
          detail["server_time"].get<std::string>().substr(0, 16));

    // The probe sent no credentials: the server refused nobody's sign-in.
    CHECK(run.server->authentication_failures() == 0);
}

TEST_CASE("nla: the shadow server with its clock two hours ahead yields nla.clock-skew",
          "[e2e][nla]") {
    const Diagnosed run = diagnose_server("+2h");
    INFO(run.result.output);
    // An error: Kerberos refuses a clock more than 5 minutes off.
    CHECK(run.result.exit_code == 1);
    const auto* skew = finding(run.diagnosis, "nla.clock-skew");
    REQUIRE(skew != nullptr);
    CHECK((*skew)["severity"] == "error");
    const long difference = std::stol((*skew)["evidence"]["difference_s"].get<std::string>());
    CHECK(difference >= 7200 - 60);
    CHECK(difference <= 7200 + 60);
    CHECK((*skew)["evidence"]["difference"].get<std::string>().find("ahead of") !=
          std::string::npos);
    CHECK(run.diagnosis["verdict"]["cause"] == "clock-skew");
    CHECK(run.server->authentication_failures() == 0);
}

TEST_CASE("nla: a server that calls itself by another name than the certificate's is a warning",
          "[e2e][nla]") {
    // Dialled by address with the certificate's name, as a user connects to an IP address:
    // the certificate is right, but the machine answering calls itself OLDBOX.
    for (const auto& [host_name, mismatch] :
         {std::pair{"oldbox.corp.test", true}, std::pair{"rdp.example.test", false}}) {
        DYNAMIC_SECTION(host_name) {
            ensure_display();
            lab::NlaServerOptions options;
            options.server_name = "rdp.example.test";
            options.host_name = host_name;
            const lab::NlaServer server(options);
            const auto r = run_command(
                {kCli, "diagnose", "127.0.0.1:" + std::to_string(server.port()), "--name",
                 "rdp.example.test", "--ca", server.ca_certificate().string(), "--json"});
            INFO(r.output);
            const auto diagnosis = nlohmann::json::parse(r.output);
            // A warning at most: nothing here stops a client.
            CHECK(r.exit_code == 0);
            const auto* nla = layer(diagnosis, "nla");
            REQUIRE(nla != nullptr);
            const auto* found = finding(diagnosis, "nla.name-mismatch");
            if (mismatch) {
                REQUIRE(found != nullptr);
                CHECK((*found)["severity"] == "warning");
                CHECK((*found)["evidence"]["server_dns_name"] == "oldbox");
                CHECK((*nla)["detail"]["dns_computer_name"] == "OLDBOX");
                CHECK(diagnosis["verdict"]["cause"] == "server-name-mismatch");
            } else {
                CHECK(found == nullptr);
                // FreeRDP gives the first label, upper case: "RDP" for rdp.example.test.
                CHECK((*nla)["detail"]["dns_computer_name"] == "RDP");
                CHECK((*nla)["detail"]["name_check"] ==
                      "matches the expected name rdp.example.test");
                CHECK(diagnosis["verdict"]["cause"] == "none");
            }
        }
    }
}
