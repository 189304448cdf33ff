#include "tray_state.h"

#include "tray_svgs.h"

#include <wx/translation.h>

namespace rdpmedic::tray {

TrayState tray_state_for(SupervisorState state) {
    switch (state) {
    case SupervisorState::Launching:
    case SupervisorState::Waiting: return TrayState::Connecting;
    case SupervisorState::Diagnosing: return TrayState::Diagnosing;
    case SupervisorState::Fixing: return TrayState::Fixing;
    case SupervisorState::Connected: return TrayState::Connected;
    case SupervisorState::Failed:
    case SupervisorState::GaveUp: return TrayState::Failed;
    case SupervisorState::Idle:
    case SupervisorState::Disconnected:
    case SupervisorState::Cancelled:
    case SupervisorState::HandedOver: return TrayState::Idle;
    }
    return TrayState::Idle;
}

const char* to_id(TrayState state) {
    switch (state) {
    case TrayState::Idle: return wxTRANSLATE("idle");
    case TrayState::Connecting: return wxTRANSLATE("connecting");
    case TrayState::Diagnosing: return wxTRANSLATE("diagnosing");
    case TrayState::Fixing: return wxTRANSLATE("fixing");
    case TrayState::Connected: return wxTRANSLATE("connected");
    case TrayState::Failed: return wxTRANSLATE("failed");
    }
    return "idle";
}

const char* state_svg(TrayState state) {
    switch (state) {
    case TrayState::Idle: return kSvgIdle;
    case TrayState::Connecting: return kSvgConnecting;
    case TrayState::Diagnosing: return kSvgDiagnosing;
    case TrayState::Fixing: return kSvgFixing;
    case TrayState::Connected: return kSvgConnected;
    case TrayState::Failed: return kSvgFailed;
    }
    return kSvgIdle;
}

wxBitmapBundle state_icon(TrayState state) { return wxBitmapBundle::FromSVG(state_svg(state), wxSize(22, 22)); }

wxString state_caption(TrayState state, const wxString& target) {
    switch (state) {
    case TrayState::Idle: return _("rdpmedic: idle");
    case TrayState::Connecting: return wxString::Format(_("rdpmedic: connecting to %s"), target);
    case TrayState::Diagnosing: return wxString::Format(_("rdpmedic: diagnosing %s"), target);
    case TrayState::Fixing: return wxString::Format(_("rdpmedic: applying fixes for %s"), target);
    case TrayState::Connected: return wxString::Format(_("rdpmedic: connected to %s"), target);
    case TrayState::Failed: return wxString::Format(_("rdpmedic: connection to %s failed"), target);
    }
    return "rdpmedic";
}

} // namespace rdpmedic::tray
