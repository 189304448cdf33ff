// The live subscription itself. Wine has no event log subscription, so under Wine this checks
// the clear failure; on Windows it checks that a subscription starts and stops cleanly.
#include "rdpmedic/platform/rdp_client_events.h"
#include "rdpmedic/platform/user_sid.h"

#include <catch2/catch.hpp>

using namespace rdpmedic;

TEST_CASE("event watcher (live subscription): starts and stops, or says clearly why it cannot",
          "[rdp-client-events]") {
    std::unique_ptr<RdpClientEventWatcher> watcher;
    try {
        watcher = watch_rdp_client_events([](const RdpClientUpdate&) {}, [](const std::string&) {});
    } catch (const EventWatchError& error) {
        INFO(error.what());
        CHECK_THAT(error.what(), Catch::StartsWith("event log subscription unavailable: "));
        // The reason is more than the prefix: which channel, or that the system has none.
        CHECK(std::string(error.what()).size() >
              std::string("event log subscription unavailable: ").size() + 10);
        return;
    }
    REQUIRE(watcher);
    watcher->stop();
    watcher->stop(); // a second stop does nothing
}

TEST_CASE("event watcher (live subscription): the query names this user's own account",
          "[rdp-client-events]") {
    const std::string sid = current_user_sid();
    INFO(sid);
    CHECK(is_sid_string(sid));
    CHECK_THAT(rdp_client_event_query(sid), Catch::Contains("@UserID='" + sid + "'"));
}
