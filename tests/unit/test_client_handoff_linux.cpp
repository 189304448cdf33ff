#include "rdpmedic/platform/client_handoff_linux.h"

#include "rdpmedic/core/client.h"

#include <catch2/catch.hpp>

using namespace rdpmedic;

TEST_CASE("handoff: Remmina gets rdp://HOST:PORT, with the domain and user when there is one, and never the password", "[handoff]") {
    ConnectRequest request;
    request.target = {"server.test", 3390};
    auto command = handoff_command("remmina", "/usr/bin/remmina", request, {});
    CHECK(command.argv == std::vector<std::string>{"/usr/bin/remmina", "-c", "rdp://server.test:3390"});
    CHECK(command.input.empty());
    CHECK(command.notes.empty());

    request.user = "alice";
    request.domain = "CORP";
    request.password = Secret("s3cret");
    command = handoff_command("remmina", "/usr/bin/remmina", request, {});
    CHECK(command.argv.back() == "rdp://CORP\\alice@server.test:3390");
    CHECK(command.input.empty());
    for (const auto& arg : command.argv) {
        CHECK(arg.find("s3cret") == std::string::npos);
    }
    REQUIRE(command.notes.size() == 1);
    CHECK_THAT(command.notes.front(), Catch::Contains("password"));
}

TEST_CASE("handoff: a user name an address would misread is left out and the user told", "[handoff]") {
    ConnectRequest request;
    request.target = {"2001:db8::7", 3389};
    request.user = "alice@corp.example";
    bool left_out = false;
    CHECK(remmina_address(request, left_out) == "rdp://[2001:db8::7]:3389");
    CHECK(left_out);
    const auto command = handoff_command("remmina", "/usr/bin/remmina", request, {"/cert:ignore"});
    REQUIRE(command.notes.size() == 2);
    CHECK_THAT(command.notes[0], Catch::Contains("user name"));
    CHECK_THAT(command.notes[1], Catch::Contains("/cert:ignore"));
}

TEST_CASE("handoff: Remmina cannot be told an RD Gateway, so such a connection is refused", "[handoff]") {
    ConnectRequest request;
    request.target = {"server.test", 3389};
    request.gateway = "gateway.test";
    CHECK_THROWS_AS(handoff_command("remmina", "/usr/bin/remmina", request, {}), LaunchError);
}

TEST_CASE("handoff: wlfreerdp gets the FreeRDP arguments and the password on stdin", "[handoff]") {
    ConnectRequest request;
    request.target = {"server.test", 3389};
    request.user = "alice";
    request.gateway = "gateway.test";
    request.password = Secret("s3cret");
    request.client_args = {"/sec:tls"};
    const auto command = handoff_command("wlfreerdp", "/usr/bin/wlfreerdp", request, {"/cert:ignore"});
    CHECK(command.argv == std::vector<std::string>{"/usr/bin/wlfreerdp", "/v:server.test:3389", "/u:alice",
                                                   "/g:gateway.test", "/from-stdin:force", "/cert:ignore",
                                                   "/sec:tls"});
    CHECK(command.input.reveal() == "s3cret\n");
}

TEST_CASE("handoff: an unknown client is refused", "[handoff]") {
    CHECK_THROWS_AS(handoff_command("mstsc", "/usr/bin/mstsc", ConnectRequest{}, {}), LaunchError);
}
