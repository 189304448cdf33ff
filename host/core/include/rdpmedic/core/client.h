#pragma once
/// The seam between the supervisor and an RDP client (xfreerdp, mstsc.exe). Implementations
/// live in host/platform; tests may substitute their own.

#include "rdpmedic/core/failure.h"
#include "rdpmedic/core/target.h"

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

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
};

/// A running client. Destroying it stops the client and waits until it has exited.
class ClientSession {
  public:
    virtual ~ClientSession() = default;
    /// Asks the client to end; on_exited follows.
    virtual void stop() = 0;
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
};

} // namespace rdpmedic
