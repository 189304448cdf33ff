#pragma once
/// What the tray icon shows: a coarse view of the supervisor's state.

#include "rdpmedic/core/supervisor.h"

#include <wx/bmpbndl.h>
#include <wx/string.h>

namespace rdpmedic::tray {

enum class TrayState { Idle, Connecting, Diagnosing, Fixing, Connected, Failed };

/// The icon's state for a supervisor state (Waiting counts as Connecting: a retry is coming).
TrayState tray_state_for(SupervisorState state);

/// "idle", "connecting", …; matches assets/tray-<id>.svg.
const char* to_id(TrayState state);

/// The icon's SVG source, as built into the executable.
const char* state_svg(TrayState state);

/// Rendered from the SVG sources built into the executable, sharp at any scale.
wxBitmapBundle state_icon(TrayState state);

/// The tooltip's first line, e.g. "rdpmedic: connecting to host:3389".
wxString state_caption(TrayState state, const wxString& target);

} // namespace rdpmedic::tray
