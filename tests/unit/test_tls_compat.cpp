// The tls-compat strategy's decisions, on the plugin the build staged: FreeRDP gets a lower
// OpenSSL level for the one connection, with consent; mstsc, whose TLS is Windows' own and has
// no per-connection level, gets the server-side fix and no change.
#include "strategy_under_test.h"

#include <catch2/catch.hpp>

using rdpmedic::test::StrategyHost;

namespace {

const rdpmedic::test::StrategyUnderTest& tls_compat() { return rdpmedic::test::staged_strategy("rdpmedic.tls-compat"); }

StrategyHost outdated_server(const std::string& client) {
    StrategyHost host;
    host.client_name = client;
    host.failure_kind = "tls-failed";
    host.findings = {"tls.version-mismatch"};
    return host;
}

} // namespace

TEST_CASE("tls-compat: FreeRDP and a TLS 1.0 server: /tls-seclevel:0 for this connection, with consent",
          "[strategies][tls]") {
    StrategyHost host = outdated_server("xfreerdp");
    const auto verdict = tls_compat().assess(host);
    CHECK(verdict.score == 80);
    CHECK_THAT(verdict.reason, Catch::Contains("TLS 1.0/1.1") && Catch::Contains("/tls-seclevel:0"));
    REQUIRE(tls_compat().apply(host) == RDPMEDIC_OK);
    REQUIRE(host.requests.size() == 1);
    CHECK(host.requests.front().kind == RDPMEDIC_CHANGE_CLIENT_ARGUMENT);
    CHECK(host.requests.front().value == "/tls-seclevel:0");
    CHECK((host.requests.front().flags & RDPMEDIC_CHANGE_NEEDS_CONSENT) != 0);
    CHECK_THAT(host.requests.front().note, Catch::Contains("enable TLS 1.2"));
}

TEST_CASE("tls-compat: mstsc and a TLS 1.0 server: the server-side fix, and nothing weakened on this machine",
          "[strategies][tls]") {
    StrategyHost host = outdated_server("mstsc");
    const auto verdict = tls_compat().assess(host);
    CHECK(verdict.score == 50);
    CHECK_THAT(verdict.reason, Catch::Contains("only the server can fix it"));
    CHECK(tls_compat().apply(host) == RDPMEDIC_NOT_APPLICABLE);
    CHECK(host.requests.empty());
    CHECK_THAT(host.log_text(), Catch::Contains("enable TLS 1.2") && Catch::Contains("every program"));
}

TEST_CASE("tls-compat: a server whose TLS is not outdated is not its business", "[strategies][tls]") {
    StrategyHost host = outdated_server("xfreerdp");
    host.findings = {"cert.expired"};
    CHECK(tls_compat().assess(host).score == 0);
    CHECK(tls_compat().apply(host) == RDPMEDIC_NOT_APPLICABLE);
    CHECK(host.requests.empty());
}
