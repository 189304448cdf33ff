// The RDP client's event log as XML. The fixtures are written from Microsoft's documented
// schema (no Windows machine here); the live subscription on Windows feeds the same parser.
#include "event_log_fixture.h"
#include "rdpmedic/core/event_log.h"

#include <catch2/catch.hpp>

using namespace rdpmedic;
using rdpmedic::test::event_log_fixture;

TEST_CASE("an Event Viewer export parses into events with their fields", "[event-log]") {
    const auto events = parse_event_log_xml(event_log_fixture("schema-saved-events.xml"));
    REQUIRE(events.size() == 7);
    CHECK(events[0].id == 1024);
    CHECK(events[0].time == "2026-11-20T08:59:58.1234567Z");
    CHECK(events[0].activity_id == "{5c1b2f10-0001-4e2b-9c5e-000000000001}");
    CHECK(events[0].provider == "Microsoft-Windows-TerminalServices-ClientActiveXCore");
    CHECK(events[0].channel == "Microsoft-Windows-TerminalServices-RDPClient/Operational");
    CHECK(events[0].process_id == 7420u); // System/Execution/@ProcessID: the mstsc process
    CHECK_FALSE(events[1].process_id);
    CHECK(events[0].data.at("Value") == "rdp.corp.example");
    CHECK(events[3].data.at("Value") == "files & print.corp.example");
    CHECK(events[5].data.at("DomainName") == "CORP");
}

TEST_CASE("events correlate into connections: a 0x904 failure and a normal session", "[event-log]") {
    const auto connections =
        correlate_connections(parse_event_log_xml(event_log_fixture("schema-saved-events.xml")));
    REQUIRE(connections.size() == 2);
    const auto& failed = connections[0];
    CHECK(failed.server == "rdp.corp.example");
    CHECK_FALSE(failed.connected);
    CHECK(failed.used_udp);
    CHECK(failed.disc_reason == 0x904u);
    REQUIRE(failed.failure);
    CHECK(failed.failure->kind == FailureKind::SocketClosed);
    CHECK(failed.failure->codes.disc_reason == 0x904u);
    const auto& normal = connections[1];
    CHECK(normal.connected);
    CHECK(normal.disc_reason == 1u);
    CHECK_FALSE(normal.failure);
}

TEST_CASE("wevtutil's rootless output with single quotes", "[event-log]") {
    const auto events = parse_event_log_xml(event_log_fixture("schema-wevtutil-query.xml"));
    REQUIRE(events.size() == 3);
    CHECK(events[0].id == 1029);
    const auto connections = correlate_connections(events);
    REQUIRE(connections.size() == 1);
    CHECK(connections[0].server == "10.20.30.40");
    REQUIRE(connections[0].failure);
    CHECK(connections[0].failure->kind == FailureKind::Timeout);
}

TEST_CASE("a UTF-16LE export with a byte order mark reads the same", "[event-log]") {
    const std::string utf8 = event_log_fixture("schema-wevtutil-query.xml");
    std::string utf16 = "\xFF\xFE";
    for (const char c : utf8) {
        utf16 += c;
        utf16 += '\0';
    }
    CHECK(parse_event_log_xml(utf16).size() == 3);
}

TEST_CASE("entities, CDATA and comments inside event data", "[event-log]") {
    const auto events = parse_event_log_xml(
        "<Event><System><EventID> 1024 </EventID></System><EventData><!-- c -->"
        "<Data Name=\"Value\">a&lt;b&#x41;&#66;<![CDATA[<raw>]]></Data></EventData></Event>");
    REQUIRE(events.size() == 1);
    CHECK(events[0].id == 1024);
    CHECK(events[0].data.at("Value") == "a<bAB<raw>");
}

TEST_CASE("text that is not event XML is refused with where it went wrong", "[event-log]") {
    CHECK_THROWS_WITH(parse_event_log_xml("hello"), Catch::Contains("text outside any element"));
    // pugixml's own descriptions, with the byte where it stopped.
    CHECK_THROWS_WITH(parse_event_log_xml("<Event><System>"),
                      Catch::Contains("tags mismatch at byte 14"));
    CHECK_THROWS_WITH(parse_event_log_xml("<Event></System>"), Catch::Contains("tags mismatch"));
    CHECK_THROWS_WITH(parse_event_log_xml("<Event a=b/>"),
                      Catch::Contains("attribute at byte 9"));
    // No DTD is read: an entity it declares is never expanded.
    const auto declared = parse_event_log_xml(
        "<!DOCTYPE Event [<!ENTITY big \"expanded\">]><Event><EventData>"
        "<Data Name=\"Value\">&big;</Data></EventData></Event>");
    REQUIRE(declared.size() == 1);
    CHECK(declared[0].data.at("Value") == "&big;");
    CHECK_THROWS_WITH(parse_event_log_xml(std::string(1000, '<')), Catch::Contains("not event log XML"));
    CHECK_THROWS_WITH(parse_event_log_xml(std::string("\xFF\xFE<\0<", 5)), Catch::Contains("UTF-16"));
    CHECK(parse_event_log_xml("").empty());
}

TEST_CASE("deep nesting is refused, not a stack overflow", "[event-log]") {
    std::string deep;
    for (int i = 0; i < 400000; ++i) {
        deep += "<a>";
    }
    CHECK_THROWS_WITH(parse_event_log_xml(deep), Catch::Contains("not event log XML"));
    for (int i = 0; i < 400000; ++i) {
        deep += "</a>";
    }
    CHECK_THROWS_WITH(parse_event_log_xml(deep), Catch::Contains("nested too deeply"));
}

TEST_CASE("events without an ActivityID still group by their 1024", "[event-log]") {
    std::vector<RdpClientEvent> events(4);
    events[0].id = 1024;
    events[0].data["Value"] = "a";
    events[1].id = 1026;
    events[1].data["Value"] = "2308";
    events[2].id = 1024;
    events[2].data["Value"] = "b";
    events[3].id = 1026;
    events[3].data["Value"] = "garbage";
    const auto connections = correlate_connections(events);
    REQUIRE(connections.size() == 2);
    CHECK(connections[0].failure);
    CHECK(connections[1].server == "b");
    CHECK_FALSE(connections[1].disc_reason);
    CHECK_FALSE(connections[1].failure);
}

TEST_CASE("events laid out as Windows 10 logs them: indented, CRLF, the user's SID", "[event-log]") {
    const auto events = parse_event_log_xml(event_log_fixture("windows10-19044-layout.xml"));
    REQUIRE(events.size() == 2);
    CHECK(events[0].id == kEventConnecting);
    CHECK(events[0].data.at("Value") == "10.20.0.15");
    CHECK(events[0].process_id == 9348u);
    CHECK(events[0].user_sid == "S-1-5-21-2870119043-1409431012-2209455212-1001");
    CHECK(events[0].channel == "Microsoft-Windows-TerminalServices-RDPClient/Operational");
    const auto connections = correlate_connections(events);
    REQUIRE(connections.size() == 1);
    CHECK(connections[0].server == "10.20.0.15");
    REQUIRE(connections[0].failure);
    CHECK(connections[0].disc_reason == 0x904u);
}
