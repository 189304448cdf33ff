#include "connection_worker.h"

#include <spdlog/spdlog.h>

namespace rdpmedic::tray {

ConnectionWorker::ConnectionWorker(wxEvtHandler& gui, app::ConnectionSetup setup,
                                   EventHandler on_event, FinishedHandler on_finished) {
    std::string error;
    try {
        m_connection = std::make_unique<app::Connection>(std::move(setup));
    } catch (const std::exception& failure) {
        error = failure.what();
    }
    if (!m_connection) {
        spdlog::error("cannot connect: {}", error);
        gui.CallAfter([on_finished, error] { on_finished(SupervisorResult{}, error); });
        return;
    }
    m_connection->add_observer([&gui, on_event](const SupervisorEvent& event) {
        gui.CallAfter([on_event, event] { on_event(event); });
    });
    m_thread = std::jthread([this, &gui, on_finished] {
        SupervisorResult result;
        std::string failure;
        try {
            result = m_connection->run();
        } catch (const std::exception& thrown) {
            failure = thrown.what();
            spdlog::error("the connection stopped unexpectedly: {}", failure);
        }
        gui.CallAfter([on_finished, result, failure] { on_finished(result, failure); });
    });
}

ConnectionWorker::~ConnectionWorker() {
    cancel();
    if (m_thread.joinable()) {
        m_thread.join();
    }
}

void ConnectionWorker::cancel() {
    if (m_connection) {
        m_connection->cancel();
    }
}

void ConnectionWorker::leave_running() {
    if (m_connection) {
        m_connection->leave_running();
    }
}

} // namespace rdpmedic::tray
