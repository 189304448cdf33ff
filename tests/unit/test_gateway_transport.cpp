#include "strategy_under_test.h"

#include "rdpmedic/plugins/change.h"

#include <catch2/catch.hpp>

using namespace rdpmedic;
using rdpmedic::test::StrategyHost;

namespace {

const test::StrategyUnderTest& gateway_transport() { return test::staged_strategy("rdpmedic.gateway-transport"); }

StrategyHost through_gateway(const std::string& client) {
    StrategyHost host;
    host.client_name = client;
    host.gateway = "gateway.test:443";
    return host;
}

} // namespace

TEST_CASE("gateway-transport: without an RD Gateway it does not apply and says why", "[strategies][gateway]") {
    StrategyHost host;
    host.client_name = "mstsc";
    const auto verdict = gateway_transport().assess(host);
    CHECK(verdict.score == 0);
    CHECK_THAT(verdict.reason, Catch::Contains("not applicable") && Catch::Contains("RD Gateway"));
    CHECK(gateway_transport().apply(host) == RDPMEDIC_NOT_APPLICABLE);
    CHECK(host.requests.empty());
    REQUIRE(host.log.size() == 1);
    CHECK_THAT(host.log.front(), Catch::Contains("does not go through an RD Gateway"));
}

TEST_CASE("gateway-transport: mstsc through a gateway gets RDGClientTransport = 1 in HKCU, without elevation",
          "[strategies][gateway]") {
    StrategyHost host = through_gateway("mstsc");
    const auto verdict = gateway_transport().assess(host);
    CHECK(verdict.score == 45);
    CHECK_THAT(verdict.reason, Catch::Contains("gateway.test:443") && Catch::Contains("no administrator rights"));

    REQUIRE(gateway_transport().apply(host) == RDPMEDIC_OK);
    REQUIRE(host.requests.size() == 1);
    const auto& request = host.requests.front();
    CHECK(request.kind == RDPMEDIC_CHANGE_REGISTRY_SET);
    CHECK(request.key == "HKCU\\Software\\Microsoft\\Terminal Server Client");
    CHECK(request.name == "RDGClientTransport");
    CHECK(request.value_type == RDPMEDIC_VALUE_DWORD);
    CHECK(request.value == "1");
    CHECK((request.flags & RDPMEDIC_CHANGE_NEEDS_CONSENT) == 0);

    // The host's view of that change: allowlisted, journaled, undoable, and no administrator.
    plugins::Change change;
    change.kind = plugins::ChangeKind::RegistrySet;
    change.key = request.key;
    change.name = request.name;
    change.value = {"dword", request.value};
    CHECK_NOTHROW(plugins::check_allowlisted(change));
    CHECK(plugins::is_system_change(change));
    CHECK(plugins::is_reversible(change));
    CHECK_FALSE(plugins::needs_elevation(change));
}

TEST_CASE("gateway-transport: FreeRDP through a gateway gets /gt:rpc for the connection", "[strategies][gateway]") {
    StrategyHost host = through_gateway("xfreerdp");
    host.client_args = {"/cert:ignore"};
    const auto verdict = gateway_transport().assess(host);
    CHECK(verdict.score == 45);
    CHECK_THAT(verdict.reason, Catch::Contains("/gt:rpc") && Catch::Contains("this connection only"));
    REQUIRE(gateway_transport().apply(host) == RDPMEDIC_OK);
    REQUIRE(host.requests.size() == 1);
    CHECK(host.requests.front().kind == RDPMEDIC_CHANGE_CLIENT_ARGUMENT);
    CHECK(host.requests.front().value == "/gt:rpc");
}

TEST_CASE("gateway-transport: a connection already on RPC is left alone, and a later /gt: choice counts",
          "[strategies][gateway]") {
    StrategyHost host = through_gateway("xfreerdp");
    host.client_args = {"/gt:rpc"};
    CHECK(gateway_transport().assess(host).score == 0);
    CHECK(gateway_transport().apply(host) == RDPMEDIC_NOT_APPLICABLE);
    CHECK(host.requests.empty());

    host.client_args = {"/gt:rpc", "/gt:http"};
    CHECK(gateway_transport().assess(host).score == 45);
}

TEST_CASE("gateway-transport: failures the transport does not explain score nothing", "[strategies][gateway]") {
    for (const char* kind : {"tls-failed", "connect-failed", "dns-failed", "negotiation-failed"}) {
        StrategyHost host = through_gateway("mstsc");
        host.failure_kind = kind;
        const auto verdict = gateway_transport().assess(host);
        CHECK(verdict.score == 0);
        CHECK_THAT(verdict.reason, Catch::Contains(kind));
    }
    for (const char* kind : {"socket-closed", "timeout", "unknown"}) {
        StrategyHost host = through_gateway("mstsc");
        host.failure_kind = kind;
        CHECK(gateway_transport().assess(host).score == 45);
    }
}

TEST_CASE("gateway-transport: a client without a transport setting is not applicable", "[strategies][gateway]") {
    StrategyHost host = through_gateway("remmina");
    const auto verdict = gateway_transport().assess(host);
    CHECK(verdict.score == 0);
    CHECK_THAT(verdict.reason, Catch::Contains("remmina"));
    CHECK(gateway_transport().apply(host) == RDPMEDIC_NOT_APPLICABLE);
    CHECK(host.requests.empty());
}

TEST_CASE("gateway-transport: its manifest says no elevation and reversible", "[strategies][gateway]") {
    const auto manifest =
        plugins::read_manifest(std::filesystem::path(RDPMEDIC_STAGE_DIR) / "plugins" / "rdpmedic.gateway-transport" /
                               "plugin.json");
    CHECK_FALSE(manifest.needs_elevation);
    CHECK(manifest.reversible);
    const auto flags = gateway_transport().api().info->flags;
    CHECK((flags & RDPMEDIC_FLAG_NEEDS_ELEVATION) == 0);
    CHECK((flags & RDPMEDIC_FLAG_REVERSIBLE) != 0);
}

TEST_CASE("gateway-transport: the probe's gateway findings rank it", "[strategies][gateway]") {
    StrategyHost host = through_gateway("mstsc");
    host.findings = {"gateway.http-transport-refused"};
    auto verdict = gateway_transport().assess(host);
    CHECK(verdict.score == 90);
    CHECK_THAT(verdict.reason, Catch::Contains("serves RPC over HTTP") && Catch::Contains("RDGClientTransport"));

    host.findings = {"gateway.handshake-failed"};
    CHECK(gateway_transport().assess(host).score == 60);

    for (const char* id : {"gateway.unreachable", "gateway.timeout", "gateway.tls", "gateway.not-a-gateway",
                           "gateway.cert-self-signed", "gateway.cert-expired"}) {
        host.findings = {id};
        verdict = gateway_transport().assess(host);
        CHECK(verdict.score == 0);
        CHECK_THAT(verdict.reason, Catch::Contains(id));
    }
    // A gateway that answers as one leaves the failure kind to decide, as without a probe.
    host.findings = {"gateway.auth-required"};
    CHECK(gateway_transport().assess(host).score == 45);
    // Even a failure kind the transport does not explain: the gateway said it refuses HTTP.
    host.findings = {"gateway.http-transport-refused"};
    host.failure_kind = "tls-failed";
    CHECK(gateway_transport().assess(host).score == 90);
}
