#pragma once
/// The seam between the supervisor and an RDP client (xfreerdp, mstsc.exe). Implementations
/// live in host/platform; tests may substitute their own.

#include "rdpmedic/core/connect_clock.h"
#include "rdpmedic/core/failure.h"
#include "rdpmedic/core/target.h"

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace rdpmedic {

struct ClientOutcome {
    bool connected = false;          ///< the client reached an active session before it ended
    std::optional<Failure> failure;  ///< empty when it ended normally
    std::optional<int> exit_code;
    std::chrono::steady_clock::time_point exited_at{};
};

/// Called from the client's reader thread. Implementations must be quick and thread-safe.
class ClientListener {
  public:
    virtual ~ClientListener() = default;
    virtual void on_connected() = 0;
    virtual void on_exited(const ClientOutcome& outcome) = 0;
    /// A client that shows its own dialogs (ClientLauncher::shows_own_dialogs) reports here
    /// when it starts connecting and when a window of its waits on the user.
    virtual void on_progress(ClientProgress /*progress*/) {}
};

/// A running client. Destroying it stops the client and waits until it has exited.
class ClientSession {
  public:
    virtual ~ClientSession() = default;
    /// Asks the client to end; on_exited follows.
    virtual void stop() = 0;
    /// Stops watching a client that can outlive this process and leaves it running (true),
    /// after which on_exited never comes; a client that cannot is asked to end (false).
    virtual bool let_go() {
        stop();
        return false;
    }
};

/// The client could not be started at all (missing binary, bad configuration).
class LaunchError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class ClientLauncher {
  public:
    virtual ~ClientLauncher() = default;
    /// A short name for messages, e.g. "xfreerdp".
    virtual std::string name() const = 0;
    /// Starts the client. Throws LaunchError when it cannot start.
    virtual std::unique_ptr<ClientSession> launch(const ConnectRequest& request,
                                                  ClientListener& listener) = 0;
    /// True for a client that asks the user about an untrusted certificate in its own dialog
    /// (mstsc): rdpmedic then neither asks nor hands it a fingerprint.
    virtual bool asks_about_certificates() const { return false; }
    /// True for a client that waits on the user in its own dialogs before it connects
    /// (mstsc: credentials, the certificate, an unsigned .rdp file) and reports its progress
    /// (ClientListener::on_progress): its connect timeout counts from ClientProgress::Connecting
    /// and stops while a dialog shows, and a timeout is not evidence enough for a system-wide
    /// change, as the user may simply have been slow to answer.
    virtual bool shows_own_dialogs() const { return false; }
};

/// What a handoff started, for the user and the history.
struct Handoff {
    std::string client;      ///< the id it was handed to, e.g. "remmina"
    int process_id = 0;      ///< the process started for it, 0 when the platform does not know one
    std::string description; ///< one line: what was started and what the user does next
};

/// Hands a connection to another installed client when the primary one keeps failing (the
/// client-fallback strategy's "use client X"). The other client is started and let go: it is
/// the user's from then on, it outlives rdpmedic, and whether it connects is not observed
/// (a GUI client such as Remmina reports nothing rdpmedic could read).
class ClientHandoff {
  public:
    virtual ~ClientHandoff() = default;
    /// The ids of the other clients installed here, in the platform's order of preference.
    virtual std::vector<std::string> installed() const = 0;
    /// Starts `request.client` for `request`. Throws LaunchError when it is not one of
    /// installed() or cannot start.
    Handoff hand_over(const ConnectRequest& request);

  protected:
    /// Starts `request.client`, already known to be one of installed().
    virtual Handoff start(const ConnectRequest& request) = 0;
};

} // namespace rdpmedic
