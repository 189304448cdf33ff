#pragma once
/// One rdpmedic per user: a second start hands its argument (an .rdp file or a target) to
/// the running instance and exits. wx IPC: a unix socket in the runtime directory on Linux,
/// DDE on Windows.

// wx/ipc.h picks DDE or TCP by __WINDOWS__, which it does not define itself: without wx/defs.h
// first, a Windows build would silently get TCP, on a port no second start can find.
#include <wx/defs.h>
#include <wx/ipc.h>

#include <functional>
#include <memory>

namespace rdpmedic::tray {

class InstanceLink {
  public:
    /// Called on the GUI thread with what a second instance was started with (may be empty:
    /// then the user just wants to see us).
    using Handler = std::function<void(const wxString&)>;

    /// The IPC service name for this user.
    static wxString service_name();
    /// Sends `what` to the running instance. False when none answers.
    static bool hand_over(const wxString& what);

    explicit InstanceLink(Handler handler);
    ~InstanceLink();
    /// Starts listening. False (and logged) when the service cannot be created.
    bool listen();

  private:
    class Server;
    Handler m_handler;
    std::unique_ptr<Server> m_server;
};

} // namespace rdpmedic::tray
