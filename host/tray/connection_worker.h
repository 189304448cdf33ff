#pragma once
/// Runs one supervised connection on its own thread, so the GUI never waits for a client,
/// a probe or a backoff. Events reach the GUI thread through CallAfter, in order.

#include "rdpmedic/app/connection.h"

#include <wx/event.h>

#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace rdpmedic::tray {

class ConnectionWorker {
  public:
    /// Both handlers run on the GUI thread. `finished` gets an error text when the connection
    /// could not even start (e.g. the client is missing), then an empty result.
    using EventHandler = std::function<void(const SupervisorEvent&)>;
    using FinishedHandler = std::function<void(const SupervisorResult&, const std::string& error)>;

    ConnectionWorker(wxEvtHandler& gui, app::ConnectionSetup setup, EventHandler on_event,
                     FinishedHandler on_finished);
    /// Cancels and waits for the thread: bounded by how long the client takes to stop.
    ~ConnectionWorker();
    ConnectionWorker(const ConnectionWorker&) = delete;
    ConnectionWorker& operator=(const ConnectionWorker&) = delete;

    void cancel();
    /// Ends the thread but leaves the client running where it can outlive the tray.
    void leave_running();

  private:
    std::unique_ptr<app::Connection> m_connection;
    std::jthread m_thread;
};

} // namespace rdpmedic::tray
