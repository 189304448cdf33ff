// The ip-direct strategy's choice of address, from diagnoses shaped like the probe's: which
// address the client really uses, which answered, and how sure connecting by address helps.
#include "ip-direct/address_choice.h"

#include <catch2/catch.hpp>

using ip_direct::choose;
using ip_direct::read_reachability;

namespace {

// A diagnosis as the probe writes it: the resolver's addresses and the tcp layer's outcomes.
std::string diagnosis(const std::vector<std::pair<std::string, std::string>>& probed) {
    nlohmann::json addresses = nlohmann::json::array();
    nlohmann::json detail = nlohmann::json::object();
    for (const auto& [address, outcome] : probed) {
        addresses.push_back(address);
        detail[address] = outcome;
    }
    return nlohmann::json{{"addresses", addresses},
                          {"layers", nlohmann::json::array({nlohmann::json{{"name", "dns"}, {"detail", nlohmann::json::object()}},
                                                            nlohmann::json{{"name", "tcp"}, {"detail", detail}}})}}
        .dump();
}

} // namespace

TEST_CASE("ip-direct: FreeRDP's only address drops SYNs while the next one answers", "[ip-direct]") {
    const auto reach = read_reachability(diagnosis({{"127.0.0.2", "timed out after 1500 ms"}, {"127.0.0.1", "open in 0 ms"}}));
    const auto choice = choose(reach, "rdp.lab.test", "xfreerdp", {}, true, false);
    CHECK(choice.address == "127.0.0.1");
    CHECK(choice.score == 90);
    CHECK_THAT(choice.reason, Catch::Contains("xfreerdp tries only 127.0.0.2 of rdp.lab.test, which timed out after 1500 ms") &&
                                  Catch::Contains("still checked against rdp.lab.test"));

    const auto refused = read_reachability(diagnosis({{"127.0.0.2", "refused in 0 ms"}, {"127.0.0.1", "open in 0 ms"}}));
    CHECK_THAT(choose(refused, "rdp.lab.test", "xfreerdp", {}, true, false).reason,
               Catch::Contains("which refused the connection in 0 ms"));
}

TEST_CASE("ip-direct: IPv6 listed first, IPv4 dropped: FreeRDP takes the IPv4 one, so the IPv6 one is the fix",
          "[ip-direct]") {
    const auto reach = read_reachability(diagnosis({{"fd00::5", "open in 1 ms"}, {"192.0.2.5", "timed out after 1500 ms"}}));
    const auto choice = choose(reach, "rdp.example", "xfreerdp", {"/sec:tls"}, true, false);
    CHECK(choice.address == "fd00::5");
    CHECK(choice.score == 90);
    CHECK_THAT(choice.reason, Catch::Contains("tries only 192.0.2.5"));
    // With /ipv6 FreeRDP takes the first address, which answers: nothing to fix by address.
    const auto preferring_v6 = choose(reach, "rdp.example", "xfreerdp", {"/ipv6"}, true, false);
    CHECK(preferring_v6.score == 0);
    CHECK_THAT(preferring_v6.reason, Catch::Contains("connects to fd00::5, which answers"));
}

TEST_CASE("ip-direct: a dead IPv6 address FreeRDP never uses is not the cause", "[ip-direct]") {
    // The case the probe reports as a family mismatch but FreeRDP 2 connects anyway (IPv4 first).
    const auto reach = read_reachability(diagnosis({{"::1", "refused in 0 ms"}, {"127.0.0.1", "open in 0 ms"}}));
    const auto choice = choose(reach, "localhost", "xfreerdp", {}, true, false);
    CHECK(choice.score == 0);
    CHECK(choice.address == "127.0.0.1");
    CHECK_THAT(choice.reason, Catch::Contains("xfreerdp connects to 127.0.0.1, which answers"));
}

TEST_CASE("ip-direct: the address the client would have reached, in its own order", "[ip-direct]") {
    const auto reach = read_reachability(diagnosis(
        {{"fd00::5", "open in 1 ms"}, {"192.0.2.5", "timed out after 1500 ms"}, {"192.0.2.6", "open in 1 ms"}}));
    // FreeRDP prefers IPv4: the IPv4 address that answered, not the IPv6 one listed first.
    CHECK(choose(reach, "rdp.example", "xfreerdp", {}, true, false).address == "192.0.2.6");
    // mstsc goes through the addresses in the resolver's order.
    const auto mstsc = choose(reach, "rdp.example", "mstsc", {}, true, false);
    CHECK(mstsc.address == "fd00::5");
    CHECK(mstsc.score == 65);
}

TEST_CASE("ip-direct: nothing to gain", "[ip-direct]") {
    const auto healthy = read_reachability(diagnosis({{"192.0.2.5", "open in 1 ms"}, {"192.0.2.6", "open in 1 ms"}}));
    CHECK(choose(healthy, "rdp.example", "xfreerdp", {}, false, false).score == 0);
    CHECK(choose(healthy, "192.0.2.5", "xfreerdp", {}, true, false).address.empty());
    CHECK(choose(healthy, "fd00::5", "xfreerdp", {}, true, false).reason == "already connecting by address");

    const auto dead = read_reachability(diagnosis({{"192.0.2.5", "timed out after 1500 ms"}}));
    const auto none = choose(dead, "rdp.example", "xfreerdp", {}, true, false);
    CHECK(none.address.empty());
    CHECK(none.reason == "the probe reached no address of the name");

    // The probe ran out of time before the address FreeRDP uses: no claim about it.
    const auto unknown = read_reachability(diagnosis({{"192.0.2.6", "open in 1 ms"}, {"192.0.2.5", "not tried: out of time"}}));
    CHECK(choose(unknown, "rdp.example", "xfreerdp", {}, true, false).score == 0);
}

TEST_CASE("ip-direct: two lookups that disagree still point at the address that answered", "[ip-direct]") {
    const auto reach = read_reachability(diagnosis({{"192.0.2.5", "open in 1 ms"}}));
    const auto choice = choose(reach, "rdp.example", "xfreerdp", {}, false, true);
    CHECK(choice.address == "192.0.2.5");
    CHECK(choice.score == 45);
}

TEST_CASE("ip-direct: a diagnosis that is not what the probe writes reads as nothing probed", "[ip-direct]") {
    CHECK(read_reachability("not json").resolved.empty());
    CHECK(read_reachability(R"({"addresses": "x", "layers": 3})").resolved.empty());
    const auto odd = read_reachability(R"({"addresses": ["192.0.2.5", 7], "layers": [{"name": "tcp", "detail": []}]})");
    REQUIRE(odd.resolved == std::vector<std::string>{"192.0.2.5"});
    CHECK_FALSE(odd.answered("192.0.2.5"));
}
