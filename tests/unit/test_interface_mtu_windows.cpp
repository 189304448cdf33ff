// The Windows side of the interface-mtu change: the interface GetBestInterfaceEx picks for a
// route and its MTU from GetIpInterfaceEntry, and the netsh command that sets it. Under wine
// netsh cannot set an MTU, so the command is checked as built, not run.
#include "rdpmedic/platform/interface_mtu.h"

#include <catch2/catch.hpp>

using namespace rdpmedic;

TEST_CASE("interface mtu (Windows): the loopback route's interface and its MTU", "[interface-mtu]") {
    const RouteInterface loopback = route_interface("127.0.0.1");
    CHECK_FALSE(loopback.name.empty());
    CHECK(loopback.name.find_first_not_of("0123456789") == std::string::npos);
    CHECK(loopback.mtu >= 576);
    CHECK_THROWS_AS(route_interface("not-an-address"), std::runtime_error);
}

TEST_CASE("interface mtu (Windows): netsh from System32 sets the subinterface until the next restart",
          "[interface-mtu]") {
    const auto command = interface_mtu_command("12", 1280, false);
    REQUIRE(command.size() == 8);
    CHECK_THAT(command[0], Catch::EndsWith("\\netsh.exe") && Catch::Contains("ystem32"));
    CHECK(std::vector<std::string>(command.begin() + 1, command.end()) ==
          std::vector<std::string>{"interface", "ipv4", "set", "subinterface", "12", "mtu=1280", "store=active"});
    CHECK(interface_mtu_command("12", 1400, true)[2] == "ipv6");
}
