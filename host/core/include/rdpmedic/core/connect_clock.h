#pragma once
/// How long an attempt has been connecting, as the connect timeout sees it. For most clients
/// that is the time since launch. mstsc first shows its own dialogs (the credential prompt,
/// "the identity of the remote computer cannot be verified", the warning about an unsigned
/// .rdp file) and waits on the user there: its time counts from event 1024 ("trying to
/// connect") and stops while one of its dialogs or the credential UI shows.

#include "rdpmedic/core/event_log.h"

#include <chrono>
#include <optional>

namespace rdpmedic {

/// What a client reports on its way to connecting, besides connected and exited.
enum class ClientProgress {
    Connecting,   ///< it started connecting (mstsc: event 1024)
    Ended,        ///< it connected or gave up (mstsc: 1025, 1026, 1027)
    DialogShown,  ///< it, or the credential UI for it, shows a window that waits on the user
    DialogClosed, ///< no such window shows any more
};

/// What an RDP client event says about an attempt's progress; nullopt for events that say
/// nothing about it (1102, 1103, 1105, …).
std::optional<ClientProgress> progress_of(const RdpClientEvent& event);

class ConnectClock {
  public:
    using time_point = std::chrono::steady_clock::time_point;
    using Duration = std::chrono::milliseconds;

    enum class Start {
        AtLaunch,     ///< counts from launch, dialogs or not
        AtConnecting, ///< counts from ClientProgress::Connecting, paused while a dialog shows
    };

    ConnectClock(Duration limit, Start start, time_point launched);

    /// Takes one report, stamped with the time it was made. Reports arrive in time order.
    void on_progress(ClientProgress progress, time_point at);
    /// The same for a Windows RDP client event (1024 starts the count, 1025/1026/1027 end it).
    void on_event(const RdpClientEvent& event, time_point at);
    /// A look at the client's windows: `showing` whether one of them waits on the user.
    void on_dialog_sample(bool showing, time_point at);

    /// The time counted towards the limit up to `now`.
    Duration counted(time_point now) const;
    /// When the limit is reached if nothing changes; nullopt while the count is stopped
    /// (not started yet, paused by a dialog, or ended).
    std::optional<time_point> expires_at() const;
    bool expired(time_point now) const;
    bool dialog_showing() const { return dialog_showing_; }
    /// Whether time spent in the client's dialogs is left out.
    bool pauses_for_dialogs() const { return start_ == Start::AtConnecting; }

  private:
    bool running() const;
    /// Adds the time since the last change to the count, then notes `at` as the last change.
    void settle(time_point at);

    Duration limit_;
    Start start_;
    bool started_ = false;
    bool ended_ = false;
    bool dialog_showing_ = false;
    Duration counted_{0};
    time_point since_{}; ///< the last change of state; counted_ holds the time before it
};

} // namespace rdpmedic
