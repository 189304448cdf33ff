// Live events, one at a time, grouped the way `rdpmedic-cli analyze` groups a whole export:
// each connection's events are handed to correlate_connections again as they grow.
#include "rdpmedic/platform/rdp_client_events.h"

#include <algorithm>
#include <mutex>
#include <set>

namespace rdpmedic {

namespace {

struct LaunchedClients {
    std::mutex mutex;
    std::set<std::uint32_t> process_ids;
};

LaunchedClients& launched_clients() {
    static LaunchedClients clients;
    return clients;
}

} // namespace

void note_launched_client(std::uint32_t process_id) {
    auto& clients = launched_clients();
    std::lock_guard lock(clients.mutex);
    clients.process_ids.insert(process_id);
}

void forget_launched_client(std::uint32_t process_id) {
    auto& clients = launched_clients();
    std::lock_guard lock(clients.mutex);
    clients.process_ids.erase(process_id);
}

bool is_launched_client(std::uint32_t process_id) {
    auto& clients = launched_clients();
    std::lock_guard lock(clients.mutex);
    return clients.process_ids.count(process_id) != 0;
}

RdpClientEventTracker::Activity& RdpClientEventTracker::activity_of(const RdpClientEvent& event) {
    // As in correlate_connections: without an ActivityID a 1024 opens a connection and the
    // other events join the latest one.
    const bool opens =
        event.activity_id.empty()
            ? event.id == kEventConnecting || activities_.empty()
            : std::none_of(activities_.begin(), activities_.end(),
                           [&](const Activity& a) { return a.id == event.activity_id; });
    if (opens) {
        if (activities_.size() >= kRememberedConnections) {
            activities_.pop_front();
        }
        activities_.push_back({event.activity_id, {}});
        return activities_.back();
    }
    if (event.activity_id.empty()) {
        return activities_.back();
    }
    return *std::find_if(activities_.rbegin(), activities_.rend(),
                         [&](const Activity& a) { return a.id == event.activity_id; });
}

std::optional<RdpClientUpdate> RdpClientEventTracker::feed(const RdpClientEvent& event) {
    if (correlate_connections({event}).empty()) {
        return std::nullopt; // not one of the RDP client's events
    }
    // The subscription's query already asks for this account's events; this check keeps
    // that promise should a query filter ever be dropped or not honoured.
    if (!user_sid_.empty() && event.user_sid != user_sid_) {
        return std::nullopt;
    }
    Activity& activity = activity_of(event);
    activity.events.push_back(event);
    RdpClientUpdate update;
    update.event = event;
    update.connection = correlate_connections(activity.events).back();
    update.launched_here = event.process_id && is_launched_client(*event.process_id);
    return update;
}

std::vector<RdpClientUpdate> RdpClientEventTracker::feed_xml(std::string_view xml) {
    std::vector<RdpClientUpdate> updates;
    for (const auto& event : parse_event_log_xml(xml)) {
        if (auto update = feed(event)) {
            updates.push_back(std::move(*update));
        }
    }
    return updates;
}

} // namespace rdpmedic
