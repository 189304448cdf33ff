#pragma once
/// The Windows RDP client's connections as they happen, from its event log channel
/// Microsoft-Windows-TerminalServices-RDPClient/Operational: every connection, whether
/// rdpmedic launched it or the user double-clicked an .rdp file. Events are parsed and
/// correlated by the same code as `rdpmedic-cli analyze` (rdpmedic/core/event_log.h).

#include "rdpmedic/core/event_log.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace rdpmedic {

/// One event and what it tells about its connection so far.
struct RdpClientUpdate {
    RdpClientEvent event;
    RdpClientConnection connection; ///< all of this connection's events up to this one
    /// The event came from a client process rdpmedic started (see note_launched_client).
    bool launched_here = false;
};

/// Turns events that arrive one at a time into connection updates. Keeps the events of the
/// most recent connections only, so a tray running for weeks stays small. Not thread-safe.
class RdpClientEventTracker {
  public:
    /// Connections remembered; the oldest is forgotten when a newer one starts.
    static constexpr std::size_t kRememberedConnections = 64;

    /// Every account's events (an export the user chose to read).
    RdpClientEventTracker() = default;
    /// Only the events logged by the account `user_sid`: the channel is machine-wide, and on
    /// a jump host or session host it holds every signed-in user's connections. Events of
    /// other accounts, or with no account, are dropped.
    explicit RdpClientEventTracker(std::string user_sid) : user_sid_(std::move(user_sid)) {}

    /// Parses rendered event XML (one event or several) and returns one update per RDP client
    /// event in it. Throws EventLogError for text that is not event XML.
    std::vector<RdpClientUpdate> feed_xml(std::string_view xml);
    /// Nullopt for an event that is not one of the RDP client's (other providers, other ids).
    std::optional<RdpClientUpdate> feed(const RdpClientEvent& event);

  private:
    struct Activity {
        std::string id;
        std::vector<RdpClientEvent> events;
    };
    Activity& activity_of(const RdpClientEvent& event);

    std::string user_sid_; ///< empty: every account
    std::deque<Activity> activities_;
};

/// Whether `text` is a SID in its string form ("S-1-5-21-…"): S, a revision, an authority and
/// sub-authorities, each decimal. Nothing else may go into an event query.
bool is_sid_string(std::string_view text);

/// The XPath query for the RDP client's events that rdpmedic acts on (1024–1027, 1102, 1103,
/// 1105) logged by the account `user_sid`. Throws std::invalid_argument when `user_sid` is
/// not a SID string.
std::string rdp_client_event_query(std::string_view user_sid);

/// Client processes rdpmedic started, so that updates can say which connections are its own.
/// Process-wide and thread-safe.
void note_launched_client(std::uint32_t process_id);
void forget_launched_client(std::uint32_t process_id);
bool is_launched_client(std::uint32_t process_id);

/// The live subscription could not be made or broke: what() says why and what to do.
class EventWatchError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class RdpClientEventWatcher {
  public:
    using Observer = std::function<void(const RdpClientUpdate&)>;
    /// A problem after the subscription started (the channel was disabled, an event could not
    /// be read). Watching goes on where it can.
    using ErrorObserver = std::function<void(const std::string&)>;

    virtual ~RdpClientEventWatcher() = default;
    /// Ends the subscription and releases every handle. No observer call is running or starts
    /// after it returns. Calling it again does nothing.
    virtual void stop() = 0;
};

/// Subscribes to the RDP client's channel for events from now on (1024, 1025/1027, 1026,
/// 1102/1103/1105). Observers run on a thread of the event log service's choosing, one call at
/// a time; they must be quick and must not call stop(). Throws EventWatchError, starting
/// "event log subscription unavailable:", when the channel is missing or disabled, access is
/// denied, or the system has no event log subscription (Wine; Linux).
std::unique_ptr<RdpClientEventWatcher>
watch_rdp_client_events(RdpClientEventWatcher::Observer on_update,
                        RdpClientEventWatcher::ErrorObserver on_error);

} // namespace rdpmedic
