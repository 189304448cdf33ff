// The RD Gateway probe against the lab's gateway: the real rdpmedic-cli diagnose, through
// --gateway or an .rdp file's gatewayhostname, against each behaviour a gateway shows.
#include "e2e_support.h"
#include "rdpmedic/core/json.h"
#include "rdpmedic/lab/gateway.h"
#include "strategy_rig.h"
#include "temp_dir.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

using namespace rdpmedic;
using namespace rdpmedic::e2e;

namespace {

const std::string kCli = RDPMEDIC_CLI;
// The server behind the gateway: a name no DNS answers, so a direct probe could not get far.
const std::string kBehind = "rdp-behind-gateway.invalid";

struct GatewayCase {
    lab::GatewayBehaviour behaviour;
    lab::GatewayCertificate certificate;
    const char* finding;
    Severity severity;
    const char* cause;
    int exit_code;
};

Diagnosis diagnose_through(const lab::GatewayLab& gateway,
                           const std::vector<std::string>& extra = {}) {
    std::vector<std::string> argv = {kCli,        "diagnose",
                                     kBehind,     "--json",
                                     "--timeout", "4000",
                                     "--gateway", "localhost:" + std::to_string(gateway.port()),
                                     "--ca",      gateway.ca_certificate().string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    const CommandResult r = run_command(argv);
    INFO(r.output);
    return diagnosis_from_json(nlohmann::json::parse(r.output));
}

/// Every layer of the server behind the gateway is skipped, saying why.
void check_target_not_probed(const Diagnosis& d, std::uint16_t gateway_port) {
    for (const char* name : {"dns", "tcp", "x224", "tls", "cert"}) {
        INFO(name);
        const Layer* layer = d.layer(name);
        REQUIRE(layer != nullptr);
        CHECK(layer->status == LayerStatus::Skipped);
        CHECK_THAT(layer->detail.at("reason"),
                   Catch::Contains("RD Gateway localhost:" + std::to_string(gateway_port)));
    }
    CHECK(d.addresses.empty());
}

} // namespace

TEST_CASE("gateway: every behaviour of the lab's RD Gateway yields its finding and verdict",
          "[e2e][gateway]") {
    using B = lab::GatewayBehaviour;
    using C = lab::GatewayCertificate;
    const std::vector<GatewayCase> cases = {
        {B::AuthRequired, C::Trusted, "gateway.auth-required", Severity::Info, "behind-gateway", 0},
        {B::Anonymous, C::Trusted, "gateway.ok-unauthenticated", Severity::Info, "behind-gateway",
         0},
        {B::HandshakeError, C::Trusted, "gateway.handshake-failed", Severity::Error,
         "gateway-refusing", 1},
        {B::HttpRefused, C::Trusted, "gateway.http-transport-refused", Severity::Error,
         "gateway-http-transport-refused", 1},
        {B::NotAGateway, C::Trusted, "gateway.not-a-gateway", Severity::Error, "not-a-gateway", 1},
        {B::NotHttp, C::Trusted, "gateway.not-a-gateway", Severity::Error, "not-a-gateway", 1},
        {B::HugeHead, C::Trusted, "gateway.not-a-gateway", Severity::Error, "not-a-gateway", 1},
        {B::Stall, C::Trusted, "gateway.timeout", Severity::Error, "gateway-unreachable", 1},
        {B::AuthRequired, C::Expired, "gateway.cert-expired", Severity::Error,
         "gateway-certificate", 1},
        {B::AuthRequired, C::SelfSigned, "gateway.cert-self-signed", Severity::Error,
         "gateway-certificate", 1},
        {B::AuthRequired, C::WrongName, "gateway.cert-name-mismatch", Severity::Error,
         "gateway-certificate", 1},
    };
    for (const GatewayCase& c : cases) {
        const std::string label = std::string(lab::to_id(c.behaviour)) + " / certificate " +
                                  std::to_string(static_cast<int>(c.certificate));
        INFO(label);
        const lab::GatewayLab gateway({c.behaviour, c.certificate});
        std::vector<std::string> argv = {kCli,        "diagnose",
                                         kBehind,     "--json",
                                         "--timeout", "4000",
                                         "--gateway", "localhost:" + std::to_string(gateway.port()),
                                         "--ca",      gateway.ca_certificate().string()};
        const CommandResult r = run_command(argv);
        INFO(r.output);
        CHECK(r.exit_code == c.exit_code);
        const Diagnosis d = diagnosis_from_json(nlohmann::json::parse(r.output));
        const Finding* finding = d.find(c.finding);
        REQUIRE(finding != nullptr);
        CHECK(finding->severity == c.severity);
        CHECK(finding->evidence.at("gateway") == "localhost:" + std::to_string(gateway.port()));
        CHECK(d.verdict.cause == c.cause);
        check_target_not_probed(d, gateway.port());
        // The probe spoke the HTTP transport as a client does (the not-HTTP and endless
        // answers come after the request; the stall before any answer).
        const auto requests = gateway.requests();
        REQUIRE_FALSE(requests.empty());
        CHECK(requests.front() == "RDG_OUT_DATA /remoteDesktopGateway/");
    }
}

TEST_CASE("gateway: the evidence says what the gateway offered and answered", "[e2e][gateway]") {
    {
        const lab::GatewayLab gateway({lab::GatewayBehaviour::AuthRequired});
        const Diagnosis d = diagnose_through(gateway);
        const Finding* auth = d.find("gateway.auth-required");
        REQUIRE(auth != nullptr);
        CHECK(auth->evidence.at("schemes") == "Negotiate, NTLM");
        CHECK(auth->evidence.at("status") == "401 Unauthorized");
        const Layer* layer = d.layer("gateway");
        REQUIRE(layer != nullptr);
        CHECK(layer->status == LayerStatus::Ok);
        CHECK(layer->detail.at("server") == "Microsoft-IIS/10.0");
        CHECK(layer->detail.at("tls_version").rfind("TLSv1.", 0) == 0);
        const Layer* cert = d.layer("gateway-cert");
        REQUIRE(cert != nullptr);
        CHECK(cert->status == LayerStatus::Ok);
        CHECK(d.layers.front().name == "gateway");
        // Trusted through --ca, valid, for localhost: no certificate finding at all.
        CHECK(d.findings.size() == 1);
    }
    {
        // Without the lab's CA the same gateway is untrusted, which mstsc refuses outright.
        const lab::GatewayLab gateway({lab::GatewayBehaviour::AuthRequired});
        const CommandResult r = run_command({kCli, "diagnose", kBehind, "--json", "--gateway",
                                             "localhost:" + std::to_string(gateway.port())});
        INFO(r.output);
        const Diagnosis d = diagnosis_from_json(nlohmann::json::parse(r.output));
        const Finding* untrusted = d.find("gateway.cert-untrusted");
        REQUIRE(untrusted != nullptr);
        CHECK(untrusted->severity == Severity::Error);
        CHECK(d.verdict.cause == "gateway-certificate");
        CHECK(r.exit_code == 1);
    }
    {
        const lab::GatewayLab gateway({lab::GatewayBehaviour::Anonymous});
        const Diagnosis d = diagnose_through(gateway);
        const Finding* ok = d.find("gateway.ok-unauthenticated");
        REQUIRE(ok != nullptr);
        CHECK(ok->evidence.at("version") == "1.0");
        const auto requests = gateway.requests();
        CHECK(requests == std::vector<std::string>{"RDG_OUT_DATA /remoteDesktopGateway/",
                                                   "RDG_IN_DATA /remoteDesktopGateway/"});
    }
    {
        const lab::GatewayLab gateway({lab::GatewayBehaviour::HttpRefused});
        const Diagnosis d = diagnose_through(gateway);
        const Finding* refused = d.find("gateway.http-transport-refused");
        REQUIRE(refused != nullptr);
        CHECK(refused->evidence.at("status") == "405 Method Not Allowed");
        CHECK(refused->evidence.at("rpc_over_http") == "401 Unauthorized");
    }
    {
        const lab::GatewayLab gateway({lab::GatewayBehaviour::HugeHead});
        const Diagnosis d = diagnose_through(gateway);
        const Finding* huge = d.find("gateway.not-a-gateway");
        REQUIRE(huge != nullptr);
        CHECK_THAT(huge->evidence.at("problem"), Catch::Contains("16384 bytes"));
        CHECK(huge->evidence.at("received_bytes") == "16384");
    }
}

TEST_CASE("gateway: a gateway port nobody listens on is gateway.unreachable", "[e2e][gateway]") {
    std::uint16_t port = 0;
    {
        const lab::GatewayLab gone;
        port = gone.port();
    }
    const CommandResult r = run_command(
        {kCli, "diagnose", kBehind, "--json", "--gateway", "127.0.0.1:" + std::to_string(port)});
    INFO(r.output);
    CHECK(r.exit_code == 1);
    const Diagnosis d = diagnosis_from_json(nlohmann::json::parse(r.output));
    const Finding* unreachable = d.find("gateway.unreachable");
    REQUIRE(unreachable != nullptr);
    CHECK(unreachable->evidence.at("port") == std::to_string(port));
    CHECK(d.verdict.cause == "gateway-unreachable");
    CHECK(d.layer("gateway-cert")->status == LayerStatus::Skipped);
}

TEST_CASE("gateway: an .rdp file's gatewayhostname is probed when gatewayusagemethod uses it",
          "[e2e][gateway]") {
    const lab::GatewayLab gateway({lab::GatewayBehaviour::AuthRequired});
    const test::TempDir dir("rdpmedic-gateway-");
    const auto file = dir.path() / "behind.rdp";
    const auto write = [&](int usage) {
        std::ofstream(file) << "full address:s:" << kBehind << "\r\n"
                            << "gatewayhostname:s:localhost:" << gateway.port() << "\r\n"
                            << "gatewayusagemethod:i:" << usage << "\r\n";
    };
    write(1);
    CommandResult r = run_command(
        {kCli, "diagnose", file.string(), "--json", "--ca", gateway.ca_certificate().string()});
    INFO(r.output);
    CHECK(r.exit_code == 0);
    Diagnosis d = diagnosis_from_json(nlohmann::json::parse(r.output));
    CHECK(d.find("gateway.auth-required") != nullptr);
    CHECK(d.verdict.cause == "behind-gateway");
    CHECK(d.target == kBehind);

    // The text output says the same, verdict included.
    r = run_command({kCli, "diagnose", file.string(), "--ca", gateway.ca_certificate().string()});
    CHECK_THAT(r.output,
               Catch::Contains("gateway.auth-required") && Catch::Contains("(behind-gateway)"));

    // gatewayusagemethod 0: the file does not use its gateway, so the server is probed itself.
    write(0);
    r = run_command({kCli, "diagnose", file.string(), "--json"});
    d = diagnosis_from_json(nlohmann::json::parse(r.output));
    CHECK(d.layer("gateway") == nullptr);
    CHECK(d.find("dns.unresolvable") != nullptr);
    CHECK(gateway.requests().size() == 2);
}

TEST_CASE("gateway: the real worker ranks gateway-transport by the probe's gateway findings",
          "[e2e][gateway][strategies]") {
    Failure failure;
    failure.kind = FailureKind::SocketClosed;
    ConnectRequest next;
    next.target = {kBehind, 3389};
    const auto diagnosis_of = [&](const lab::GatewayLab& gateway) {
        next.gateway = "localhost:" + std::to_string(gateway.port());
        probe::Probe probe(probe::ProbeSettings{gateway.ca_certificate()});
        return probe.diagnose(next.target, diagnose_options(next, {}));
    };
    {
        // The HTTP transport refused, RPC over HTTP served: the strategy the finding names first.
        const lab::GatewayLab gateway({lab::GatewayBehaviour::HttpRefused});
        const Diagnosis d = diagnosis_of(gateway);
        REQUIRE(d.find("gateway.http-transport-refused") != nullptr);
        StrategyRig rig(all_strategies());
        const FixReport report = rig.stage().on_failure(failure, &d, 1, next);
        INFO(joined(rig.notices));
        REQUIRE_FALSE(rig.stage().last_ranking().empty());
        CHECK(rig.stage().last_ranking().front().plugin == "rdpmedic.gateway-transport");
        CHECK(rig.stage().last_ranking().front().score == 90);
        CHECK(rig.stage().last_applied() == "rdpmedic.gateway-transport");
        REQUIRE(report.applied.size() == 1);
        CHECK_THAT(report.applied.front(), Catch::Contains("rdpmedic.gateway-transport"));
        // FreeRDP's /gt:rpc, as the launcher speaks it: the typed choice or the argument.
        CHECK((next.overrides.gateway_transport == GatewayTransport::Rpc ||
               std::find(next.client_args.begin(), next.client_args.end(), "/gt:rpc") !=
                   next.client_args.end()));
    }
    {
        // A gateway certificate mstsc refuses: RPC over HTTP meets the same certificate.
        const lab::GatewayLab gateway(
            {lab::GatewayBehaviour::AuthRequired, lab::GatewayCertificate::SelfSigned});
        const Diagnosis d = diagnosis_of(gateway);
        REQUIRE(d.find("gateway.cert-self-signed") != nullptr);
        StrategyRig rig(all_strategies());
        rig.stage().on_failure(failure, &d, 1, next);
        INFO(joined(rig.notices));
        for (const auto& candidate : rig.stage().last_ranking()) {
            CHECK(candidate.plugin != "rdpmedic.gateway-transport");
        }
    }
}
