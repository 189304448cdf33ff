#include "rdpmedic/core/target.h"

#include <catch2/catch.hpp>

using namespace rdpmedic;

TEST_CASE("targets parse with and without ports, IPv4 and IPv6", "[target]") {
    CHECK(parse_target("server.example.com").to_string() == "server.example.com:3389");
    CHECK(parse_target("10.1.2.3:3390").port == 3390);
    CHECK(parse_target("[::1]:3391").host == "::1");
    CHECK(parse_target("[::1]:3391").port == 3391);
    CHECK(parse_target("fe80::1").host == "fe80::1");
    CHECK(parse_target("fe80::1").to_string() == "[fe80::1]:3389");
}

TEST_CASE("bad targets are refused with a message that says what is wrong", "[target]") {
    CHECK_THROWS_WITH(parse_target(""), Catch::Contains("empty"));
    CHECK_THROWS_WITH(parse_target("host:0"), Catch::Contains("1 to 65535"));
    CHECK_THROWS_WITH(parse_target("host:99999"), Catch::Contains("1 to 65535"));
    CHECK_THROWS_WITH(parse_target("host:abc"), Catch::Contains("port"));
    CHECK_THROWS_WITH(parse_target("[::1"), Catch::Contains("']'"));
    CHECK_THROWS_WITH(parse_target("bad host"), Catch::Contains("not a host name"));
    CHECK_THROWS_WITH(parse_target("a;rm -rf"), Catch::Contains("not a host name"));
}

TEST_CASE("a host longer than a DNS name is refused, and the message stays short", "[target]") {
    CHECK(parse_target(std::string(253, 'a')).host.size() == 253);
    const std::string huge(100'000, 'a');
    try {
        (void)parse_target(huge);
        FAIL("a 100,000-character host must be refused");
    } catch (const TargetError& error) {
        const std::string what = error.what();
        CHECK(what.size() < 200);
        CHECK_THAT(what, Catch::Contains("(100000 characters) is too long for a host name"));
    }
    CHECK_THROWS_WITH(parse_target(std::string(254, 'a') + ":3389"), Catch::Contains("too long"));
    CHECK_THROWS_WITH(parse_target("{{host}}"), Catch::Contains("'{{host}}' is not a host name"));
}
