#pragma once
/// Settings…: retries, diagnosis, consent for changes, the client, notifications, start at
/// login, and the trusted publishers. Which plugins run and their order are set in the
/// plugins window.

#include "rdpmedic/core/policy.h"

#include <wx/dialog.h>

#include <functional>

class wxCheckBox;
class wxSpinCtrl;
class wxFilePickerCtrl;
class wxTextCtrl;

namespace rdpmedic::tray {

class SettingsDialog : public wxDialog {
  public:
    /// The trusted publishers are not part of Settings: a key added or removed is on disk at
    /// once, whether the dialog ends with OK or Cancel, and `on_trust_changed` runs.
    /// `user` is what the user chose; a value `effective` has from policy is shown, disabled,
    /// with "set by your organization", and the user's own is kept.
    SettingsDialog(wxWindow* parent, const Settings& user, const EffectiveSettings& effective,
                   std::function<void()> on_trust_changed);

    /// The edited settings (recent targets and plugin lists carried over unchanged).
    Settings result() const;

  private:
    /// Disables `control` when policy sets `key`, saying so in its label and tooltip.
    void mark_if_set_by_policy(wxWindow* control, const char* key);
    /// The control's value, or the user's own when policy holds the setting.
    template <typename T> T chosen(const char* key, T from_control, T user_value) const {
        return m_effective.set_by_policy(key) ? user_value : from_control;
    }

    Settings m_original;
    EffectiveSettings m_effective;
    wxCheckBox* m_auto_retry = nullptr;
    wxSpinCtrl* m_attempts = nullptr;
    wxSpinCtrl* m_backoff = nullptr;
    wxSpinCtrl* m_timeout = nullptr;
    wxCheckBox* m_diagnose = nullptr;
    wxCheckBox* m_ask = nullptr;
    wxCheckBox* m_apply = nullptr;
    wxCheckBox* m_notify = nullptr;
    wxCheckBox* m_login = nullptr;
    wxCheckBox* m_system_log = nullptr;
    wxFilePickerCtrl* m_client = nullptr;
    wxTextCtrl* m_client_args = nullptr;
};

} // namespace rdpmedic::tray
