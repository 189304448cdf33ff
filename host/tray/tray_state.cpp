#include "tray_state.h"

#include "tray_svgs.h"

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
    case TrayState::Idle: return "idle";
    case TrayState::Connecting: return "connecting";
    case TrayState::Diagnosing: return "diagnosing";
    case TrayState::Fixing: return "fixing";
    case TrayState::Connected: return "connected";
    case TrayState::Failed: return "failed";
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
    case TrayState::Idle: return "rdpmedic: idle";
    case TrayState::Connecting: return "rdpmedic: connecting to " + target;
    case TrayState::Diagnosing: return "rdpmedic: diagnosing " + target;
    case TrayState::Fixing: return "rdpmedic: applying fixes for " + target;
    case TrayState::Connected: return "rdpmedic: connected to " + target;
    case TrayState::Failed: return "rdpmedic: connection to " + target + " failed";
    }
    return "rdpmedic";
}

} // namespace rdpmedic::tray
