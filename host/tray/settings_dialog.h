#pragma once
/// Settings…: retries, diagnosis, consent for changes, the client, notifications, start at
/// login. Which plugins run and their order are set in the plugins window.

#include "rdpmedic/core/settings.h"

#include <wx/dialog.h>

class wxCheckBox;
class wxSpinCtrl;
class wxFilePickerCtrl;
class wxTextCtrl;

namespace rdpmedic::tray {

class SettingsDialog : public wxDialog {
  public:
    SettingsDialog(wxWindow* parent, const Settings& settings);

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
