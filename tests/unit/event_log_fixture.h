#pragma once
// The event log fixtures (tests/fixtures/eventlog), written from Microsoft's documented
// schema, read whole as bytes.

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>

namespace rdpmedic::test {

inline std::string event_log_fixture(const std::string& name) {
    std::ifstream in(std::string(RDPMEDIC_FIXTURES) + "/eventlog/" + name, std::ios::binary);
    REQUIRE(in);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace rdpmedic::test
