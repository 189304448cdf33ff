// The live watcher's event handling, fed from fixtures written from Microsoft's documented
// schema: not a live event log (there is none here). Events arrive one at a time, as the
// subscription delivers them, and must tell the same story as `rdpmedic-cli analyze` tells
// from the whole export.
#include "event_log_fixture.h"
#include "rdpmedic/platform/rdp_client_events.h"

#include <catch2/catch.hpp>
#include <map>

using namespace rdpmedic;
using rdpmedic::test::event_log_fixture;

namespace {

void check_same(const RdpClientConnection& live, const RdpClientConnection& whole) {
    CHECK(live.activity_id == whole.activity_id);
    CHECK(live.server == whole.server);
    CHECK(live.connected == whole.connected);
    CHECK(live.used_udp == whole.used_udp);
    CHECK(live.disc_reason == whole.disc_reason);
    CHECK(live.failure.has_value() == whole.failure.has_value());
}

} // namespace

TEST_CASE(
    "event tracker (fixture events, not a live log): one event at a time ends where analyze ends",
    "[rdp-client-events]") {
    for (const char* name : {"schema-saved-events.xml", "schema-wevtutil-query.xml"}) {
        INFO(name);
        const std::string xml = event_log_fixture(name);
        const auto whole = correlate_connections(parse_event_log_xml(xml));
        RdpClientEventTracker tracker;
        std::map<std::string, RdpClientConnection> last;
        std::vector<std::string> order;
        for (const auto& event : parse_event_log_xml(xml)) {
            if (const auto update = tracker.feed(event)) {
                CHECK(update->event.id == event.id);
                if (last.count(update->connection.activity_id) == 0) {
                    order.push_back(update->connection.activity_id);
                }
                last[update->connection.activity_id] = update->connection;
            }
        }
        REQUIRE(order.size() == whole.size());
        for (std::size_t i = 0; i < whole.size(); ++i) {
            check_same(last.at(order[i]), whole[i]);
        }
    }
}

TEST_CASE("event tracker (fixture events, not a live log): a 0x904 before connecting is a failure "
          "as it happens",
          "[rdp-client-events]") {
    RdpClientEventTracker tracker;
    const auto updates = tracker.feed_xml(event_log_fixture("schema-saved-events.xml"));
    REQUIRE(updates.size() == 7);
    CHECK(updates[0].event.id == kEventConnecting);
    CHECK(updates[0].connection.server == "rdp.corp.example");
    CHECK_FALSE(updates[0].connection.failure);
    CHECK(updates[1].connection.used_udp);
    REQUIRE(updates[2].connection.failure);
    CHECK(updates[2].connection.failure->kind == FailureKind::SocketClosed);
    CHECK(updates[2].connection.disc_reason == 0x904u);
    CHECK(updates[4].connection.connected); // 1025 of the second connection
    CHECK(updates[6].connection.disc_reason == 1u);
    CHECK_FALSE(updates[6].connection.failure);
}

TEST_CASE("event tracker (fixture events, not a live log): other providers' events are no update",
          "[rdp-client-events]") {
    RdpClientEventTracker tracker;
    RdpClientEvent other;
    other.id = 4624;
    other.activity_id = "{1}";
    CHECK_FALSE(tracker.feed(other));
    CHECK_THROWS_AS(tracker.feed_xml("<Event><System>"), EventLogError);
}

TEST_CASE("event tracker (fixture events, not a live log): clients rdpmedic started are marked",
          "[rdp-client-events]") {
    const auto events = parse_event_log_xml(event_log_fixture("schema-saved-events.xml"));
    REQUIRE(events[0].process_id == 7420u);
    {
        RdpClientEventTracker tracker;
        CHECK_FALSE(tracker.feed(events[0])->launched_here);
    }
    note_launched_client(7420);
    {
        RdpClientEventTracker tracker;
        CHECK(tracker.feed(events[0])->launched_here);
        CHECK_FALSE(tracker.feed(events[1])->launched_here); // no Execution element: unknown
    }
    forget_launched_client(7420);
    CHECK_FALSE(is_launched_client(7420));
}

TEST_CASE("event tracker (fixture events, not a live log): memory stays bounded",
          "[rdp-client-events]") {
    RdpClientEventTracker tracker;
    RdpClientEvent connecting;
    connecting.id = kEventConnecting;
    connecting.data["Value"] = "host";
    for (std::size_t i = 0; i < RdpClientEventTracker::kRememberedConnections + 10; ++i) {
        connecting.activity_id = "{" + std::to_string(i) + "}";
        REQUIRE(tracker.feed(connecting));
    }
    // The first connection was forgotten: its 1026 now starts a fresh record without a server.
    RdpClientEvent ended;
    ended.id = kEventDisconnected;
    ended.activity_id = "{0}";
    ended.data["Value"] = "2308";
    const auto update = tracker.feed(ended);
    REQUIRE(update);
    CHECK(update->connection.server.empty());
    // The latest one is still known.
    ended.activity_id =
        "{" + std::to_string(RdpClientEventTracker::kRememberedConnections + 9) + "}";
    CHECK(tracker.feed(ended)->connection.server == "host");
}

namespace {

constexpr const char* kAlice = "S-1-5-21-3623811015-3361044348-30300820-1013";
constexpr const char* kBob = "S-1-5-21-3623811015-3361044348-30300820-1014";

std::vector<RdpClientUpdate> updates_for(const std::string& user_sid) {
    RdpClientEventTracker tracker(user_sid);
    return tracker.feed_xml(event_log_fixture("schema-shared-host-two-users.xml"));
}

} // namespace

TEST_CASE("event tracker (fixture events, not a live log): on a shared host each user sees only "
          "their own connections",
          "[rdp-client-events]") {
    const auto events = parse_event_log_xml(event_log_fixture("schema-shared-host-two-users.xml"));
    REQUIRE(events.size() == 4);
    CHECK(events[0].user_sid == kAlice);
    CHECK(events[1].user_sid == kBob);

    const auto alice = updates_for(kAlice);
    REQUIRE(alice.size() == 2);
    for (const auto& update : alice) {
        CHECK(update.connection.server == "alice-pc.corp.example");
        CHECK_FALSE(update.connection.failure);
    }
    CHECK(alice.back().connection.connected);

    const auto bob = updates_for(kBob);
    REQUIRE(bob.size() == 2);
    CHECK(bob.back().connection.server == "payroll.corp.example");
    REQUIRE(bob.back().connection.failure);
    CHECK(bob.back().connection.disc_reason == 0x904u);

    // A third user of the same host hears of neither; an export read as a whole has both.
    CHECK(updates_for("S-1-5-21-3623811015-3361044348-30300820-1015").empty());
    RdpClientEventTracker everyone;
    CHECK(everyone.feed_xml(event_log_fixture("schema-shared-host-two-users.xml")).size() == 4);
}

TEST_CASE("event tracker (fixture events, not a live log): an event naming no account is not "
          "taken as the user's own",
          "[rdp-client-events]") {
    // schema-wevtutil-query.xml has no Security element at all.
    const auto events = parse_event_log_xml(event_log_fixture("schema-wevtutil-query.xml"));
    REQUIRE_FALSE(events.empty());
    CHECK(events[0].user_sid.empty());
    RdpClientEventTracker tracker(kAlice);
    for (const auto& event : events) {
        CHECK_FALSE(tracker.feed(event));
    }
}

TEST_CASE("event query: the user's SID is the only text spliced in, and only a SID is",
          "[rdp-client-events]") {
    const std::string query = rdp_client_event_query(kAlice);
    CHECK_THAT(query, Catch::Contains(std::string("Security[@UserID='") + kAlice + "']"));
    CHECK_THAT(query, Catch::Contains("EventID=1026"));
    for (const char* sid : {"S-1-5-18", "S-1-5-21-1-2-3-500", kBob, "S-1-281474976710655-0"}) {
        INFO(sid);
        CHECK(is_sid_string(sid));
    }
    for (const char* bad : {"", "S-", "S-1", "s-1-5-18", "S-1-5-", "S-1--5", "S-1-5-18'",
                            "S-1-5-21' or '1'='1", "S-1-5-18]]", "S-1-281474976710656-1", "S-1-5-4294967296",
                            "S-1-5-4294967296123", " S-1-5-18",
                            "S-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1"}) {
        INFO(bad);
        CHECK_FALSE(is_sid_string(bad));
        CHECK_THROWS_AS(rdp_client_event_query(bad), std::invalid_argument);
    }
}
