#pragma once
/// Settings…: retries, diagnosis, consent for changes, the client, notifications, start at
/// login, and the trusted publishers. Which plugins run and their order are set in the
/// plugins window.

#include "rdpmedic/core/settings.h"

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
    SettingsDialog(wxWindow* parent, const Settings& settings, std::function<void()> on_trust_changed);

    /// The edited settings (recent targets and plugin lists carried over unchanged).
    Settings result() const;

  private:
    Settings m_original;
    wxCheckBox* m_auto_retry = nullptr;
    wxSpinCtrl* m_attempts = nullptr;
    wxSpinCtrl* m_backoff = nullptr;
    wxSpinCtrl* m_timeout = nullptr;
    wxCheckBox* m_diagnose = nullptr;
    wxCheckBox* m_ask = nullptr;
    wxCheckBox* m_apply = nullptr;
    wxCheckBox* m_notify = nullptr;
    wxCheckBox* m_login = nullptr;
    wxFilePickerCtrl* m_client = nullptr;
    wxTextCtrl* m_client_args = nullptr;
};

} // namespace rdpmedic::tray
