#include "policy_marks.h"

#include <wx/checkbox.h>
#include <wx/translation.h>

namespace rdpmedic::tray {

const char* const kSetByOrganization = wxTRANSLATE("set by your organization");

wxString set_by_policy_text(const EffectiveSettings& effective, const char* key) {
    const auto origin = effective.policy_origins.find(key);
    return wxString::Format(_("Set by your organization's policy (%s)"),
                            wxString::FromUTF8(origin == effective.policy_origins.end() ? std::string() : origin->second));
}

bool mark_if_set_by_policy(wxWindow* control, const EffectiveSettings& effective, const char* key) {
    if (!effective.set_by_policy(key)) {
        return false;
    }
    control->Disable();
    control->SetToolTip(set_by_policy_text(effective, key));
    if (auto* check = dynamic_cast<wxCheckBox*>(control)) {
        check->SetLabel(check->GetLabel() + " (" + wxGetTranslation(kSetByOrganization) + ")");
    }
    return true;
}

} // namespace rdpmedic::tray
