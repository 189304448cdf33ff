#pragma once
/// Connect…: a host or an .rdp file (typed, picked from the recent ones, or browsed to),
/// a user and a password, used for this connection only or, with "Remember password", kept
/// in the platform's secret store (credential_store.h) for the next ones.

#include "rdpmedic/core/settings.h"

#include <wx/dialog.h>

class wxCheckBox;
class wxComboBox;
class wxTextCtrl;
class wxStaticText;

namespace rdpmedic::tray {

class ConnectDialog : public wxDialog {
  public:
    ConnectDialog(wxWindow* parent, const std::vector<RecentTarget>& recent, const wxString& where);

    wxString target() const;
    wxString user() const;
    /// Wiped with the dialog; stored only where remember_password() sends it.
    wxString password() const;
    /// Remember the typed password, or use the one remembered when none is typed.
    bool remember_password() const;
    /// Shown when a remembered password cannot be used: says why (`why`), puts the keyboard
    /// in the password field and, unless the store can take it again (`can_remember`),
    /// leaves "Remember password" off so the typed one is used this time only.
    void ask_for_password(const wxString& why, bool can_remember);

  private:
    void on_browse(wxCommandEvent& event);
    void on_recent(wxCommandEvent& event);
    void on_ok(wxCommandEvent& event);
    /// The user and whether its password is remembered, from the recent target at `index`.
    void fill_from_recent(std::size_t index);
    /// Whether the recent target picked or typed has a remembered password.
    bool remembered() const;
    void show_error(const wxString& text);
    /// Shows what is wrong with the target, if anything.
    bool valid();

    std::vector<RecentTarget> m_recent;
    wxComboBox* m_target = nullptr;
    wxTextCtrl* m_user = nullptr;
    wxTextCtrl* m_password = nullptr;
    wxCheckBox* m_remember = nullptr;
    wxStaticText* m_error = nullptr;
};

} // namespace rdpmedic::tray
