#include "rdpmedic/core/decode.h"
#include "rdpmedic/core/event_log.h"

#include <charconv>

namespace rdpmedic {

namespace {

std::optional<std::uint32_t> decimal(const std::string& text) {
    std::uint32_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

bool is_rdp_client_event(const RdpClientEvent& event) {
    return event.id >= kEventConnecting && event.id <= kEventMultiTransportDown;
}

} // namespace

std::vector<RdpClientConnection> correlate_connections(const std::vector<RdpClientEvent>& events) {
    std::vector<RdpClientConnection> connections;
    const auto find = [&](const std::string& activity) -> RdpClientConnection* {
        // Events without an ActivityID cannot be correlated; each 1024 then opens a connection
        // and later events join the latest one.
        if (activity.empty()) {
            return connections.empty() ? nullptr : &connections.back();
        }
        for (auto it = connections.rbegin(); it != connections.rend(); ++it) {
            if (it->activity_id == activity) {
                return &*it;
            }
        }
        return nullptr;
    };
    for (const auto& event : events) {
        if (!is_rdp_client_event(event)) {
            continue;
        }
        RdpClientConnection* connection = event.id == kEventConnecting && event.activity_id.empty()
                                              ? nullptr
                                              : find(event.activity_id);
        if (!connection) {
            connections.push_back({});
            connection = &connections.back();
            connection->activity_id = event.activity_id;
            connection->started = event.time;
        }
        const auto value = event.data.find("Value");
        switch (event.id) {
        case kEventConnecting:
            if (value != event.data.end()) {
                connection->server = value->second;
            }
            break;
        case kEventConnected:
        case kEventDomainConnected:
            connection->connected = true;
            break;
        case kEventMultiTransportStarted:
        case kEventMultiTransportUp:
            connection->used_udp = true;
            break;
        case kEventDisconnected:
            if (value != event.data.end()) {
                connection->disc_reason = decimal(value->second);
            }
            if (connection->disc_reason && !is_normal_disconnect(*connection->disc_reason)) {
                connection->failure = failure_from_mstsc(*connection->disc_reason, std::nullopt);
            }
            break;
        default: break;
        }
    }
    return connections;
}

} // namespace rdpmedic
