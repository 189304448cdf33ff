#include "outside_connections.h"

#include "rdpmedic/core/json.h"
#include "rdpmedic/i18n/translated.h"

#include <spdlog/spdlog.h>
#include <wx/translation.h>

namespace rdpmedic::tray {

namespace {

/// A tray running for weeks sees many connections; old ids are dropped past this many.
constexpr std::size_t kReportedKept = 256;

} // namespace

wxString outside_failure_text(const RdpClientConnection& connection) {
    const wxString words = connection.failure
                               ? wxString::FromUTF8(i18n::translated(connection.failure->message))
                               : _("an error");
    const wxString server = wxString::FromUTF8(connection.server);
    if (connection.disc_reason) {
        return wxString::Format(_("Connection to %s failed (%s: %s). Diagnose and fix?"), server,
                                wxString::FromUTF8(to_hex(*connection.disc_reason)), words);
    }
    return wxString::Format(_("Connection to %s failed (%s). Diagnose and fix?"), server, words);
}

OutsideConnections::OutsideConnections(wxEvtHandler& gui, OnFailure on_failure)
    : m_gui(gui), m_on_failure(std::move(on_failure)) {
    try {
        m_watcher = watch_rdp_client_events([this](const RdpClientUpdate& update) { on_update(update); },
                                            [](const std::string& problem) {
                                                spdlog::warn("watching the RDP client's connections: {}", problem);
                                            });
        spdlog::info("watching the RDP client's event log for connections started outside rdpmedic");
    } catch (const EventWatchError& error) {
        spdlog::debug("connections started outside rdpmedic are not watched: {}", error.what());
    }
}

OutsideConnections::~OutsideConnections() {
    if (m_watcher) {
        m_watcher->stop();
    }
}

void OutsideConnections::on_update(const RdpClientUpdate& update) {
    const auto& connection = update.connection;
    // Events without an activity id are told apart by their server and start time.
    const std::string key =
        connection.activity_id.empty() ? connection.server + "@" + connection.started : connection.activity_id;
    if (update.launched_here || update.event.id != kEventDisconnected || !connection.failure ||
        !m_reported.insert(key).second) {
        return;
    }
    if (m_reported.size() > kReportedKept) {
        m_reported.clear(); // a connection's events end with its 1026: an old one does not come back
        m_reported.insert(key);
    }
    spdlog::info("a connection started outside rdpmedic failed: {}: {}", connection.server,
                 connection.failure->message);
    m_gui.CallAfter([on_failure = m_on_failure, server = wxString::FromUTF8(connection.server),
                     text = outside_failure_text(connection)] { on_failure(server, text); });
}

} // namespace rdpmedic::tray
