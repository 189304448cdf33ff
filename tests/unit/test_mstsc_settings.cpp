// What mstsc is given: the generated .rdp file's settings and the switches. The file text is
// read back with the same reader that opens users' .rdp files.
#include "mstsc_settings.h"
#include "rdpmedic/core/rdp_file.h"

#include <catch2/catch.hpp>

using namespace rdpmedic;

namespace {

ConnectRequest request_for(const std::string& host, std::uint16_t port) {
    ConnectRequest request;
    request.target = Target{host, port};
    return request;
}

} // namespace

TEST_CASE("mstsc: a bare target needs no file, /v: says it all", "[mstsc]") {
    const auto launch = mstsc_launch_for(request_for("rdp.example", 3390), {});
    CHECK_FALSE(launch.needs_file());
    CHECK(launch.settings.front().second == "s:rdp.example:3390");
    CHECK(launch.switches.empty());
    CHECK(launch.ignored.empty());
}

TEST_CASE("mstsc: the .rdp file carries address, user, gateway and a strategy's settings, never "
          "the password",
          "[mstsc]") {
    ConnectRequest request = request_for("fe80::1", 3389);
    request.user = "alice";
    request.domain = "CORP";
    request.gateway = "gw.example:443";
    request.password = Secret("hunter2");
    request.client_args = {"enablecredsspsupport:i:0", "authentication level:i:2", "/admin"};
    const auto launch = mstsc_launch_for(request, {"/f"});
    REQUIRE(launch.needs_file());
    const std::string text = launch.file_text();
    CHECK(text.find("hunter2") == std::string::npos);
    CHECK(text.find("\r\n") != std::string::npos);
    const RdpFile file = RdpFile::parse(text, "generated.rdp");
    CHECK(file.host() == "fe80::1");
    CHECK(file.port() == 3389);
    CHECK(file.username() == "alice");
    CHECK(file.domain() == "CORP");
    CHECK(file.gateway_host() == "gw.example:443");
    CHECK(file.integer("gatewayusagemethod") == 1);
    CHECK(file.credssp_enabled() == false);
    CHECK(file.authentication_level() == 2);
    CHECK(launch.switches == std::vector<std::string>{"/f", "/admin"});
}

TEST_CASE(
    "mstsc: FreeRDP's security and certificate choices map to mstsc settings, and the last one wins",
    "[mstsc]") {
    ConnectRequest request = request_for("host", 3389);
    request.client_args = {"/sec:nla", "/cert:ignore", "/sec:tls"};
    const RdpFile file = RdpFile::parse(mstsc_launch_for(request, {}).file_text(), "generated.rdp");
    CHECK(file.credssp_enabled() == false);
    CHECK(file.authentication_level() == 0);
    request.client_args = {"/sec:tls", "/sec:nla", "/cert:deny"};
    const RdpFile again =
        RdpFile::parse(mstsc_launch_for(request, {}).file_text(), "generated.rdp");
    CHECK(again.credssp_enabled() == true);
    CHECK(again.authentication_level() == 1);
}

TEST_CASE("mstsc: what it cannot use is left out with a reason", "[mstsc]") {
    ConnectRequest request = request_for("host", 3389);
    request.client_args = {"/tls-seclevel:0", "password 51:b:0102", "full address:s:elsewhere:3389",
                           "alternate shell:s:evil\r\nfull address:s:elsewhere"};
    const auto launch = mstsc_launch_for(request, {});
    REQUIRE(launch.ignored.size() == 4);
    CHECK_THAT(launch.ignored[0], Catch::Contains("not an mstsc switch"));
    CHECK_THAT(launch.ignored[1], Catch::Contains("passwords never go into a file"));
    CHECK_THAT(launch.ignored[2], Catch::Contains("comes from the connection's target"));
    CHECK_THAT(launch.ignored[3], Catch::Contains("line break"));
    CHECK(launch.file_text().find("elsewhere") == std::string::npos);
    CHECK_FALSE(launch.needs_file());
}

TEST_CASE("mstsc: a user name with a line break is refused, not written", "[mstsc]") {
    ConnectRequest request = request_for("host", 3389);
    request.user = "alice\r\nalternate shell:s:cmd";
    CHECK_THROWS_AS(mstsc_launch_for(request, {}), std::invalid_argument);
}
