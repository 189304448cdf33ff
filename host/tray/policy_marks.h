#pragma once
/// How a window shows a setting the organization's policy holds: the control disabled, with
/// "set by your organization" in its label where it has one, and where the policy was read in
/// its tooltip. Settings… and the plugins window mark their controls the same way.

#include "rdpmedic/core/policy.h"

#include <wx/string.h>

class wxWindow;

namespace rdpmedic::tray {

extern const char* const kSetByOrganization; ///< "set by your organization"

/// "Set by your organization's policy (/etc/rdpmedic/policy.json)".
wxString set_by_policy_text(const EffectiveSettings& effective, const char* key);

/// Disables `control` when `effective` has `key` from policy, saying so in its tooltip and, for
/// a check box, in its label. True when it did.
bool mark_if_set_by_policy(wxWindow* control, const EffectiveSettings& effective, const char* key);

} // namespace rdpmedic::tray
