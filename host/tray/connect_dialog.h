#pragma once
/// Connect…: a host or an .rdp file (typed, picked from the recent ones, or browsed to),
/// a user and, only for this connection, a password.

#include "rdpmedic/core/settings.h"

#include <wx/dialog.h>

class wxComboBox;
class wxTextCtrl;
class wxStaticText;

namespace rdpmedic::tray {

class ConnectDialog : public wxDialog {
  public:
    ConnectDialog(wxWindow* parent, const std::vector<RecentTarget>& recent, const wxString& where);

    wxString target() const;
    wxString user() const;
    /// Never stored; wiped with the dialog.
    wxString password() const;

  private:
    void on_browse(wxCommandEvent& event);
    void on_recent(wxCommandEvent& event);
    void on_ok(wxCommandEvent& event);
    /// Shows what is wrong with the target, if anything.
    bool valid();

    std::vector<RecentTarget> m_recent;
    wxComboBox* m_target = nullptr;
    wxTextCtrl* m_user = nullptr;
    wxTextCtrl* m_password = nullptr;
    wxStaticText* m_error = nullptr;
};

} // namespace rdpmedic::tray
