// What mstsc is given: the generated .rdp file's settings and the switches. The file text is
// read back with the same reader that opens users' .rdp files.
#include "rdpmedic/core/rdp_file.h"
#include "rdpmedic/platform/mstsc_settings.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>

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

namespace {

std::filesystem::path documented_file(const std::string& name) {
#ifdef RDPMEDIC_FIXTURES
    return std::filesystem::path(RDPMEDIC_FIXTURES) / "rdp-documented" / name;
#else
    return std::filesystem::path(__FILE__).parent_path().parent_path() / "fixtures" /
           "rdp-documented" / name;
#endif
}

// A request as request_from makes it for this file.
ConnectRequest request_from_file(const RdpFile& file, const std::filesystem::path& path) {
    ConnectRequest request;
    RdpFileValues values{Target{file.host(), file.port()}, file.username(), file.domain(),
                         file.gateway_in_use()};
    request.target = values.target;
    request.user = values.user;
    request.domain = values.domain;
    request.gateway = values.gateway;
    request.rdp_file = path;
    request.file_values = values;
    return request;
}

} // namespace

TEST_CASE("mstsc: the user's file is used unchanged when nothing is overridden",
          "[mstsc][rdp-file]") {
    for (const char* name :
         {"broker-session-collection.rdp", "mstsc-default.rdp", "signed-remoteapp.rdp"}) {
        INFO(name);
        const auto path = documented_file(name);
        const RdpFile file = RdpFile::load(path);
        const auto copy = mstsc_file_for(file, request_from_file(file, path), {"/f"});
        CHECK_FALSE(copy.changed);
        CHECK(copy.notices.empty());
        CHECK(copy.switches == std::vector<std::string>{"/f"});
    }
}

TEST_CASE("mstsc: overrides are applied to a full copy in the file's encoding",
          "[mstsc][rdp-file]") {
    const auto path = documented_file("mstsc-default.rdp");
    const RdpFile file = RdpFile::load(path);
    auto request = request_from_file(file, path);
    request.target = Target{"10.1.2.3", 3389};        // a strategy's address
    request.overrides.security = SecurityLayer::Tls;  // a strategy's security layer
    request.overrides.certificate_sha256 = "ab12";    // left to mstsc's own dialog
    request.overrides.certificate_name = "PC-MUC-07"; // no mstsc setting
    const auto copy = mstsc_file_for(file, request, {"redirectclipboard:i:0"});
    REQUIRE(copy.changed);
    CHECK(copy.encoding == RdpTextEncoding::Utf16LeWithBom);
    CHECK(copy.bytes().rfind("\xFF\xFE", 0) == 0);
    const RdpFile back = RdpFile::parse(copy.bytes(), "copy.rdp");
    CHECK(back.host() == "10.1.2.3");
    CHECK(back.credssp_enabled() == false);
    CHECK(back.integer("redirectclipboard") == 0);
    CHECK(back.username() == std::string("J\xC3\xBCrgen"));
    CHECK(back.line_end() == "\r\n");
    // Every other line is there, in its place: the same lines, one added at the end.
    REQUIRE(back.lines().size() == file.lines().size() + 1);
    for (std::size_t i = 0; i + 1 < file.lines().size(); ++i) {
        const auto& was = file.lines()[i];
        const auto& now = back.lines()[i];
        INFO(was.text);
        CHECK(now.key == was.key);
        if (was.key != "full address" && was.key != "redirectclipboard") {
            CHECK(now.text == was.text);
        }
    }
    CHECK(back.lines()[back.lines().size() - 2].text == "enablecredsspsupport:i:0");
    CHECK(copy.bytes().find("ab12") == std::string::npos);
    CHECK(std::any_of(copy.ignored.begin(), copy.ignored.end(), [](const std::string& why) {
        return why.find("certificate name") != std::string::npos;
    }));
}

TEST_CASE("mstsc: a signature the changes invalidate is dropped, and the user is told",
          "[mstsc][rdp-file]") {
    const auto path = documented_file("signed-remoteapp.rdp");
    const RdpFile file = RdpFile::load(path);
    SECTION("a signed setting changed") {
        auto request = request_from_file(file, path);
        request.target = Target{"10.1.2.3", 3389};
        const auto copy = mstsc_file_for(file, request, {});
        REQUIRE(copy.changed);
        const RdpFile back = RdpFile::parse(copy.bytes(), "copy.rdp");
        CHECK_FALSE(back.string("signature").has_value());
        CHECK_FALSE(back.string("signscope").has_value());
        CHECK(back.host() == "10.1.2.3");
        CHECK(back.integer("server port") == 3389);
        CHECK(back.string("remoteapplicationprogram") == std::string("||calc"));
        REQUIRE(copy.notices.size() == 1);
        CHECK_THAT(copy.notices.front(), Catch::Contains("full address"));
        CHECK_THAT(copy.notices.front(), Catch::Contains("signature"));
    }
    SECTION("only a setting outside the signscope added: the signature still holds") {
        auto request = request_from_file(file, path);
        request.overrides.security = SecurityLayer::Nla;
        const auto copy = mstsc_file_for(file, request, {});
        REQUIRE(copy.changed);
        const RdpFile back = RdpFile::parse(copy.bytes(), "copy.rdp");
        CHECK(back.string("signature") == file.string("signature"));
        CHECK(copy.notices.empty());
    }
}

TEST_CASE("mstsc: a gateway the strategy changes, and a user name with a line break",
          "[mstsc][rdp-file]") {
    const auto path = documented_file("gateway-kdcproxy.rdp");
    const RdpFile file = RdpFile::load(path);
    auto request = request_from_file(file, path);
    request.gateway = "rdg2.corp.example";
    const RdpFile back = RdpFile::parse(mstsc_file_for(file, request, {}).bytes(), "copy.rdp");
    CHECK(back.gateway_in_use() == std::string("rdg2.corp.example"));
    CHECK(back.string("kdcproxyname") == std::string("kdcproxy.corp.example"));

    request.user = "mallory\r\nfull address:s:evil";
    CHECK_THROWS_AS(mstsc_file_for(file, request, {}), std::invalid_argument);
}
