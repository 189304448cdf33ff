#pragma once
/// The wiring every front end needs to connect: the platform's client, the diagnosis probe
/// and the supervisor, set up once here so the CLI and the tray cannot drift apart.

#include "rdpmedic/core/clock.h"
#include "rdpmedic/core/supervisor.h"
#include "rdpmedic/platform/client_launcher.h"

#include <memory>
#include <string>

namespace rdpmedic::app {

/// "HOST[:PORT]" or an .rdp file (by extension, or any existing file). For a file, the request
/// keeps its absolute path (rdp_file) and what it says (file_values): the client is handed the
/// whole file. Throws TargetError or RdpFileError naming what is wrong.
ConnectRequest request_from(const std::string& where);

struct ConnectionSetup {
    ConnectRequest request;
    Supervisor::Options options;
    ClientSettings client;
    bool diagnose = true;          ///< probe the target after a failure
    FixStage* fixes = nullptr;     ///< the plugin host's fix stage, when there is one
    /// Remembered and new certificate decisions (see CertificateTrust); none: every
    /// untrusted certificate is left to the client, which refuses it.
    CertificateGate* certificates = nullptr;
    /// Report failures, diagnoses, fixes, giving up and connecting to the system log
    /// (the setting system_log_events).
    bool system_log = true;
};

/// One connection's supervisor with everything it needs. run() blocks; cancel() is safe
/// from any thread.
class Connection {
  public:
    /// Throws LaunchError when the client cannot be found. A probe that cannot be set up
    /// only costs the diagnosis (logged as a warning).
    explicit Connection(ConnectionSetup setup);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    /// Before run(). Observers run on run()'s thread.
    void add_observer(Supervisor::Observer observer);
    SupervisorResult run();
    void cancel();
    /// See Supervisor::leave_running.
    void leave_running();

  private:
    struct Parts;
    std::unique_ptr<Parts> m_parts;
};

} // namespace rdpmedic::app
