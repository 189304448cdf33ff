#include "strategy_under_test.h"

#include <catch2/catch.hpp>

using namespace rdpmedic;
using rdpmedic::test::StrategyHost;

namespace {

const test::StrategyUnderTest& client_fallback() { return test::staged_strategy("rdpmedic.client-fallback"); }

/// The plugin offers nothing for `host`, and its reason names `first` and `second`.
void check_declines(StrategyHost host, const std::string& first, const std::string& second) {
    const auto verdict = client_fallback().assess(host);
    CHECK(verdict.score == 0);
    CHECK_THAT(verdict.reason, Catch::Contains(first) && Catch::Contains(second));
}

StrategyHost with_clients(std::vector<std::string> installed) {
    StrategyHost host;
    host.installed_clients = std::move(installed);
    return host;
}

/// The one client change the plugin asked for.
const StrategyHost::Request& handed_to(const StrategyHost& host) {
    REQUIRE(host.requests.size() == 1);
    CHECK(host.requests.front().kind == RDPMEDIC_CHANGE_CLIENT);
    return host.requests.front();
}

} // namespace

TEST_CASE("client-fallback: with no other client installed it does not apply", "[strategies][fallback]") {
    StrategyHost host = with_clients({});
    check_declines(host, "not applicable", "no other RDP client is installed");
    CHECK(client_fallback().apply(host) == RDPMEDIC_NOT_APPLICABLE);
    CHECK(host.requests.empty());
}

TEST_CASE("client-fallback: one failure is for a retry, and a second with a clean network hands over to Remmina",
          "[strategies][fallback]") {
    StrategyHost host = with_clients({"remmina"});
    host.attempt = 1;
    const auto first = client_fallback().assess(host);
    CHECK(first.score == 0);
    CHECK_THAT(first.reason, Catch::Contains("keeps failing"));

    host.attempt = 2;
    host.verdict_cause = "none";
    const auto second = client_fallback().assess(host);
    CHECK(second.score == 30);
    CHECK_THAT(second.reason, Catch::Contains("xfreerdp keeps failing") && Catch::Contains("remmina"));

    REQUIRE(client_fallback().apply(host) == RDPMEDIC_OK);
    const auto& request = handed_to(host);
    CHECK(request.value == "remmina");
    CHECK_THAT(request.note, Catch::Contains("rdp://server.test:3389"));
}

TEST_CASE("client-fallback: a diagnosis that names the cause keeps the retries with the primary client",
          "[strategies][fallback]") {
    StrategyHost host = with_clients({"remmina"});
    host.verdict_cause = "server-refusing-connections";
    check_declines(host, "server-refusing-connections", "same server");
}

TEST_CASE("client-fallback: through an RD Gateway only a client that can be told the gateway is offered",
          "[strategies][fallback]") {
    StrategyHost host = with_clients({"remmina"});
    host.gateway = "gateway.test";
    check_declines(host, "remmina", "gateway.test");
    CHECK(client_fallback().apply(host) == RDPMEDIC_NOT_APPLICABLE);

    host.installed_clients = {"remmina", "wlfreerdp"};
    REQUIRE(client_fallback().apply(host) == RDPMEDIC_OK);
    CHECK(handed_to(host).value == "wlfreerdp");
}

TEST_CASE("client-fallback: on Windows msrdc comes first, the apps get the address on the clipboard",
          "[strategies][fallback]") {
    StrategyHost host = with_clients({"remote-desktop-app", "windows-app", "msrdc"});
    host.client_name = "mstsc";
    REQUIRE(client_fallback().apply(host) == RDPMEDIC_OK);
    CHECK(handed_to(host).value == "msrdc");
    CHECK_THAT(handed_to(host).note, Catch::Contains(".rdp"));

    StrategyHost apps = with_clients({"remote-desktop-app", "windows-app"});
    apps.client_name = "mstsc";
    apps.target_host = "2001:db8::5";
    REQUIRE(client_fallback().apply(apps) == RDPMEDIC_OK);
    CHECK(handed_to(apps).value == "windows-app");
    CHECK_THAT(handed_to(apps).note, Catch::Contains("clipboard") && Catch::Contains("[2001:db8::5]:3389"));

    StrategyHost store = with_clients({"remote-desktop-app"});
    store.client_name = "mstsc";
    REQUIRE(client_fallback().apply(store) == RDPMEDIC_OK);
    CHECK(handed_to(store).value == "remote-desktop-app");
    CHECK_THAT(handed_to(store).note, Catch::Contains("no longer supports"));
}

TEST_CASE("client-fallback: the client in use and clients it does not know are never offered",
          "[strategies][fallback]") {
    StrategyHost host = with_clients({"remmina", "some-future-client"});
    host.client_name = "remmina";
    check_declines(host, "no other installed client", "some-future-client");
    CHECK(client_fallback().apply(host) == RDPMEDIC_NOT_APPLICABLE);
    CHECK(host.requests.empty());
}
