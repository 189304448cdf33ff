#pragma once
/// Connections the user started without rdpmedic (an .rdp file double-clicked, Remote Desktop
/// Connection from the Start menu): the RDP client's event log says when one fails, so the
/// tray can offer to diagnose and fix it. Only Windows has that log; elsewhere, or where the
/// log cannot be subscribed to, the watcher says so once in the debug log and does nothing.

#include "rdpmedic/platform/rdp_client_events.h"

#include <wx/event.h>
#include <wx/string.h>

#include <functional>
#include <memory>
#include <set>
#include <string>

namespace rdpmedic::tray {

/// The notification text for a connection that failed: "Connection to HOST failed (0x904:
/// plain words). Diagnose and fix?" The code part is left out when the log gave none.
wxString outside_failure_text(const RdpClientConnection& connection);

class OutsideConnections {
  public:
    /// Called on the GUI thread with the server as the log names it and the notification text.
    using OnFailure = std::function<void(const wxString& server, const wxString& text)>;

    /// Starts watching; `gui` gets the failures through CallAfter.
    OutsideConnections(wxEvtHandler& gui, OnFailure on_failure);
    /// Stops watching; no call is queued after it returns.
    ~OutsideConnections();
    OutsideConnections(const OutsideConnections&) = delete;
    OutsideConnections& operator=(const OutsideConnections&) = delete;

  private:
    /// On the watcher's thread, one call at a time.
    void on_update(const RdpClientUpdate& update);

    wxEvtHandler& m_gui;
    OnFailure m_on_failure;
    /// Connections already reported, by activity id, so one failure is told once.
    std::set<std::string> m_reported;
    std::unique_ptr<RdpClientEventWatcher> m_watcher;
};

} // namespace rdpmedic::tray
