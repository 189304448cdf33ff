// The security-negotiation strategy's decisions, on the plugin the build staged: what it asks of
// FreeRDP (/sec:) and of mstsc (its one layer switch, the .rdp setting enablecredsspsupport),
// when raising goes ahead and when lowering waits for consent.
#include "strategy_under_test.h"

#include <catch2/catch.hpp>

using rdpmedic::test::StrategyHost;

namespace {

const rdpmedic::test::StrategyUnderTest& security_negotiation() {
    return rdpmedic::test::staged_strategy("rdpmedic.security-negotiation");
}

StrategyHost connection(const std::string& client, std::vector<std::string> args, std::string finding) {
    StrategyHost host;
    host.client_name = client;
    host.client_args = std::move(args);
    host.findings = {std::move(finding)};
    return host;
}

} // namespace

TEST_CASE("security-negotiation: mstsc with CredSSP off and a server that requires NLA turns CredSSP on",
          "[strategies][security]") {
    StrategyHost host = connection("mstsc", {"EnableCredSspSupport:i:0"}, "x224.hybrid-required");
    const auto verdict = security_negotiation().assess(host);
    CHECK(verdict.score == 95);
    CHECK_THAT(verdict.reason, Catch::Contains("requires NLA") && Catch::Contains("enablecredsspsupport:i:1"));
    REQUIRE(security_negotiation().apply(host) == RDPMEDIC_OK);
    REQUIRE(host.requests.size() == 1);
    CHECK(host.requests.front().kind == RDPMEDIC_CHANGE_CLIENT_ARGUMENT);
    CHECK(host.requests.front().value == "enablecredsspsupport:i:1");
    CHECK((host.requests.front().flags & RDPMEDIC_CHANGE_NEEDS_CONSENT) == 0);
}

TEST_CASE("security-negotiation: mstsc asked for NLA by a server without it turns CredSSP off only with consent",
          "[strategies][security]") {
    StrategyHost host = connection("mstsc", {"/sec:nla"}, "x224.ssl-not-allowed");
    const auto verdict = security_negotiation().assess(host);
    CHECK(verdict.score == 75);
    CHECK_THAT(verdict.reason, Catch::Contains("enablecredsspsupport:i:0") && Catch::Contains("consent"));
    REQUIRE(security_negotiation().apply(host) == RDPMEDIC_OK);
    REQUIRE(host.requests.size() == 1);
    CHECK(host.requests.front().value == "enablecredsspsupport:i:0");
    CHECK((host.requests.front().flags & RDPMEDIC_CHANGE_NEEDS_CONSENT) != 0);
    CHECK_THAT(host.requests.front().note, Catch::Contains("on the server"));
}

TEST_CASE("security-negotiation: mstsc that negotiates by itself, or already matches, is left alone",
          "[strategies][security]") {
    // Without a choice mstsc offers NLA and TLS and falls back by itself.
    StrategyHost negotiating = connection("mstsc", {"/f"}, "x224.hybrid-required");
    CHECK(security_negotiation().assess(negotiating).score == 0);
    CHECK(security_negotiation().apply(negotiating) == RDPMEDIC_NOT_APPLICABLE);
    CHECK(negotiating.requests.empty());
    // CredSSP off is as far down as mstsc can be asked: a TLS-only server needs nothing more.
    StrategyHost tls_only = connection("mstsc", {"enablecredsspsupport:i:0"}, "x224.ssl-required");
    CHECK(security_negotiation().assess(tls_only).score == 0);
    // The last choice counts, as in mstsc's launcher.
    StrategyHost changed_mind = connection("mstsc", {"enablecredsspsupport:i:0", "/sec:nla"}, "x224.hybrid-required");
    CHECK(security_negotiation().assess(changed_mind).score == 0);
}

TEST_CASE("security-negotiation: FreeRDP asking /sec:rdp of a TLS-only server gets /sec:tls, not an .rdp setting",
          "[strategies][security]") {
    StrategyHost host = connection("xfreerdp", {"/sec:rdp"}, "x224.ssl-required");
    CHECK(security_negotiation().assess(host).score == 95);
    REQUIRE(security_negotiation().apply(host) == RDPMEDIC_OK);
    REQUIRE(host.requests.size() == 1);
    CHECK(host.requests.front().value == "/sec:tls");
}

TEST_CASE("security-negotiation: FreeRDP offering only TLS to a server that requires NLA gets /sec:nla and is told why",
          "[strategies][security]") {
    // The probe's finding when the server picks NLA and refuses an offer of TLS alone.
    StrategyHost host = connection("xfreerdp", {"/sec:tls"}, "x224.nla-required");
    host.failure_kind = "negotiation-failed";
    const auto verdict = security_negotiation().assess(host);
    CHECK(verdict.score == 95);
    CHECK_THAT(verdict.reason, Catch::Contains("refuses an offer of TLS alone") && Catch::Contains("/sec:nla") &&
                                   Catch::Contains("user name and password"));
    REQUIRE(security_negotiation().apply(host) == RDPMEDIC_OK);
    REQUIRE(host.requests.size() == 1);
    CHECK(host.requests.front().value == "/sec:nla");
    CHECK((host.requests.front().flags & RDPMEDIC_CHANGE_NEEDS_CONSENT) == 0);
    // From standard RDP security the step goes to NLA too, since TLS alone is refused.
    StrategyHost from_rdp = connection("xfreerdp", {"/sec:rdp"}, "x224.nla-required");
    REQUIRE(security_negotiation().apply(from_rdp) == RDPMEDIC_OK);
    CHECK(from_rdp.requests.front().value == "/sec:nla");
}
