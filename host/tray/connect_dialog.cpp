#include "connect_dialog.h"

#include "rdpmedic/app/connection.h"
#include "rdpmedic/i18n/translate.h"

#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/combobox.h>
#include <wx/filedlg.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/translation.h>

namespace rdpmedic::tray {

ConnectDialog::ConnectDialog(wxWindow* parent, const std::vector<RecentTarget>& recent,
                             const wxString& where)
    : wxDialog(parent, wxID_ANY, _("Connect - rdpmedic")), m_recent(recent) {
    auto* grid = new wxFlexGridSizer(2, wxSize(8, 8));
    grid->AddGrowableCol(1);

    grid->Add(new wxStaticText(this, wxID_ANY, _("&Computer or .rdp file:")), 0, wxALIGN_CENTER_VERTICAL);
    auto* target_row = new wxBoxSizer(wxHORIZONTAL);
    m_target = new wxComboBox(this, wxID_ANY, where, wxDefaultPosition, wxSize(320, -1), 0, nullptr,
                              wxTE_PROCESS_ENTER);
    for (const auto& r : recent) {
        m_target->Append(wxString::FromUTF8(r.target));
    }
    if (where.empty() && !recent.empty()) {
        m_target->SetSelection(0);
    }
    m_target->SetHint(_("server.example.com, host:3390 or work.rdp"));
    target_row->Add(m_target, 1, wxALIGN_CENTER_VERTICAL);
    auto* browse = new wxButton(this, wxID_ANY, wxString::FromUTF8(i18n::tr("&Browse…")));
    target_row->Add(browse, 0, wxLEFT | wxALIGN_CENTER_VERTICAL, 6);
    grid->Add(target_row, 1, wxEXPAND);

    grid->Add(new wxStaticText(this, wxID_ANY, _("&User:")), 0, wxALIGN_CENTER_VERTICAL);
    m_user = new wxTextCtrl(this, wxID_ANY);
    m_user->SetHint(_("optional; the .rdp file's user otherwise"));
    grid->Add(m_user, 1, wxEXPAND);

    grid->Add(new wxStaticText(this, wxID_ANY, _("&Password:")), 0, wxALIGN_CENTER_VERTICAL);
    m_password = new wxTextCtrl(this, wxID_ANY, {}, wxDefaultPosition, wxDefaultSize,
                                wxTE_PASSWORD | wxTE_PROCESS_ENTER);
    grid->Add(m_password, 1, wxEXPAND);
    grid->AddSpacer(0);
    m_remember = new wxCheckBox(this, wxID_ANY, _("&Remember password"));
    m_remember->SetToolTip(_("Kept in your keyring (the Secret Service; on Windows the Credential Manager), "
                             "never in rdpmedic's files. The tray menu's Forget password removes it."));
    grid->Add(m_remember, 1, wxEXPAND);

    m_error = new wxStaticText(this, wxID_ANY, {});
    m_error->SetForegroundColour(wxColour(0xb0, 0x20, 0x20));

    auto* top = new wxBoxSizer(wxVERTICAL);
    top->Add(grid, 0, wxEXPAND | wxALL, 12);
    top->Add(m_error, 0, wxEXPAND | wxLEFT | wxRIGHT, 12);
    top->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, 12);
    SetSizerAndFit(top);
    if (auto* ok = FindWindow(wxID_OK)) {
        ok->SetLabel(_("&Connect"));
    }
    if (m_target->GetSelection() == 0 && !recent.empty()) {
        fill_from_recent(0);
    } else {
        for (std::size_t i = 0; i < recent.size(); ++i) {
            if (wxString::FromUTF8(recent[i].target) == where) {
                fill_from_recent(i);
                break;
            }
        }
    }
    m_target->SetFocus();

    browse->Bind(wxEVT_BUTTON, &ConnectDialog::on_browse, this);
    m_target->Bind(wxEVT_COMBOBOX, &ConnectDialog::on_recent, this);
    Bind(wxEVT_BUTTON, &ConnectDialog::on_ok, this, wxID_OK);
    // Enter in the combo box connects, as in a browser's address bar, and so does Enter after
    // typing the password.
    const auto connect_on_enter = [this](wxCommandEvent&) {
        if (valid()) {
            EndModal(wxID_OK);
        }
    };
    m_target->Bind(wxEVT_TEXT_ENTER, connect_on_enter);
    m_password->Bind(wxEVT_TEXT_ENTER, connect_on_enter);
    CentreOnScreen();
}

wxString ConnectDialog::target() const { return m_target->GetValue().Strip(wxString::both); }
wxString ConnectDialog::user() const { return m_user->GetValue().Strip(wxString::both); }
wxString ConnectDialog::password() const { return m_password->GetValue(); }
bool ConnectDialog::remember_password() const { return m_remember->GetValue(); }

void ConnectDialog::ask_for_password(const wxString& why, bool can_remember) {
    m_remember->SetValue(can_remember);
    m_password->SetHint({});
    show_error(why);
    // Once the dialog shows: showing it puts the keyboard back in the first field otherwise.
    CallAfter([this] { m_password->SetFocus(); });
}

void ConnectDialog::fill_from_recent(std::size_t index) {
    const RecentTarget& recent = m_recent[index];
    m_user->SetValue(wxString::FromUTF8(recent.user));
    m_remember->SetValue(recent.password_remembered);
    m_password->SetHint(recent.password_remembered ? _("remembered; type a new one to replace it") : _("optional"));
}

bool ConnectDialog::remembered() const {
    for (const auto& r : m_recent) {
        if (wxString::FromUTF8(r.target) == target() && wxString::FromUTF8(r.user) == user() && r.password_remembered) {
            return true;
        }
    }
    return false;
}

void ConnectDialog::show_error(const wxString& text) {
    m_error->SetLabel(text);
    m_error->Wrap(420);
    Layout();
    Fit();
}

void ConnectDialog::on_browse(wxCommandEvent&) {
    wxFileDialog pick(this, _("Open a Remote Desktop file"), {}, {},
                      _("Remote Desktop files (*.rdp)|*.rdp;*.RDP|All files|*"),
                      wxFD_OPEN | wxFD_FILE_MUST_EXIST);
    if (pick.ShowModal() == wxID_OK) {
        m_target->SetValue(pick.GetPath());
    }
}

void ConnectDialog::on_recent(wxCommandEvent&) {
    const int index = m_target->GetSelection();
    if (index >= 0 && static_cast<std::size_t>(index) < m_recent.size()) {
        fill_from_recent(static_cast<std::size_t>(index));
    }
}

void ConnectDialog::on_ok(wxCommandEvent& event) {
    if (valid()) {
        event.Skip();
    }
}

bool ConnectDialog::valid() {
    if (target().empty()) {
        show_error(_("Enter a computer name, HOST:PORT, or choose an .rdp file."));
        return false;
    }
    ConnectRequest request;
    try {
        request = app::request_from(target().utf8_string());
    } catch (const std::exception& error) {
        show_error(wxString::FromUTF8(error.what()));
        return false;
    }
    if (remember_password()) {
        // A password is remembered for a user: the one typed here or the .rdp file's.
        if (user().empty() && !request.user) {
            show_error(_("Enter the user whose password is to be remembered."));
            return false;
        }
        if (password().empty() && !remembered()) {
            show_error(_("Type the password to remember."));
            return false;
        }
    }
    return true;
}

} // namespace rdpmedic::tray
