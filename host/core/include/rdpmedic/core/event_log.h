#pragma once
/// The Windows RDP client's event log (channel Microsoft-Windows-TerminalServices-RDPClient/
/// Operational) as rdpmedic reads it: events rendered to XML, one at a time by the live
/// watcher or many at once from an export (`wevtutil qe … /f:xml`, or Event Viewer's
/// "Save as XML"). The XML is read with pugixml, on any OS, so it is tested and fuzzed here.

#include "rdpmedic/core/failure.h"

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace rdpmedic {

/// Event ids of the RDP client's ActiveX core that rdpmedic acts on.
enum RdpClientEventId : int {
    kEventConnecting = 1024,          ///< trying to connect; Value = server
    kEventConnected = 1025,           ///< connected
    kEventDisconnected = 1026,        ///< disconnected; Value = discReason in decimal
    kEventDomainConnected = 1027,     ///< connected to domain; DomainName, SessionId
    kEventMultiTransportStarted = 1102, ///< UDP (multi-transport) initiated; Value = IP
    kEventMultiTransportUp = 1103,    ///< UDP established
    kEventMultiTransportDown = 1105,  ///< UDP disconnected
};

struct RdpClientEvent {
    int id = 0;
    std::string time;        ///< System/TimeCreated/@SystemTime as written, e.g. 2026-11-23T10:00:00.1234567Z
    std::string activity_id; ///< System/Correlation/@ActivityID; shared by one connection's events
    std::string provider;
    std::string channel;
    /// System/Execution/@ProcessID: the process that logged the event, for the RDP client's
    /// events the client itself (mstscax runs inside mstsc.exe). Absent in hand-written XML.
    std::optional<std::uint32_t> process_id;
    /// System/Security/@UserID: the account whose client logged the event, as a SID string
    /// ("S-1-5-21-…"). The channel is machine-wide, so on a shared host it holds every user's
    /// connections. Empty where the export has none.
    std::string user_sid;
    std::map<std::string, std::string> data; ///< EventData/Data by @Name
};

class EventLogError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Parses every <Event> element in `xml` (with or without an <Events> root). Events of other
/// providers are kept; it is for the caller to pick. Throws EventLogError, naming the byte
/// offset, for text that is not event XML.
std::vector<RdpClientEvent> parse_event_log_xml(std::string_view xml);

/// One connection as the event log tells it, events correlated by ActivityID.
struct RdpClientConnection {
    std::string activity_id;
    std::string server;      ///< from 1024
    std::string started;     ///< time of the first event
    bool connected = false;  ///< 1025 or 1027 seen
    bool used_udp = false;   ///< 1102/1103 seen
    std::optional<std::uint32_t> disc_reason;  ///< from 1026
    std::optional<Failure> failure;            ///< a 1026 whose reason is an error
};

/// Groups the RDP client's events into connections, in the order they started.
std::vector<RdpClientConnection> correlate_connections(const std::vector<RdpClientEvent>& events);

} // namespace rdpmedic
