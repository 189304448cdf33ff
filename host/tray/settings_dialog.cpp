#include "settings_dialog.h"

#include "rdpmedic/i18n/translate.h"

#include "policy_marks.h"
#include "trusted_publishers.h"

#include <spdlog/spdlog.h>

#include <wx/checkbox.h>
#include <wx/filepicker.h>
#include <wx/sizer.h>
#include <wx/spinctrl.h>
#include <wx/statbox.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/tokenzr.h>

namespace rdpmedic::tray {

namespace {

wxString join(const std::vector<std::string>& words) {
    wxString out;
    for (const auto& w : words) {
        out += (out.empty() ? "" : " ") + wxString::FromUTF8(w);
    }
    return out;
}

} // namespace

void SettingsDialog::mark_if_set_by_policy(wxWindow* control, const char* key) {
    tray::mark_if_set_by_policy(control, m_effective, key);
}

SettingsDialog::SettingsDialog(wxWindow* parent, const Settings& user, const EffectiveSettings& effective,
                               std::function<void()> on_trust_changed)
    : wxDialog(parent, wxID_ANY, _("Settings - rdpmedic")), m_original(user), m_effective(effective) {
    // What is shown: the user's values, and the organization's where it sets them.
    const Settings& s = effective.settings;
    // Two columns: one below the other they would be taller than a small screen.
    auto* top = new wxBoxSizer(wxVERTICAL);

    auto* retry = new wxStaticBoxSizer(wxVERTICAL, this, _("When a connection fails"));
    m_auto_retry = new wxCheckBox(retry->GetStaticBox(), wxID_ANY, _("&Retry automatically"));
    m_auto_retry->SetValue(s.auto_retry);
    mark_if_set_by_policy(m_auto_retry, "auto_retry");
    retry->Add(m_auto_retry, 0, wxALL, 4);
    auto* numbers = new wxFlexGridSizer(2, wxSize(8, 4));
    auto spin = [&](const char* key, const wxString& label, int value, int low, int high) {
        const bool by_policy = effective.set_by_policy(key);
        numbers->Add(new wxStaticText(retry->GetStaticBox(), wxID_ANY,
                                      by_policy ? label + " (" + wxGetTranslation(kSetByOrganization) + ")" : label),
                     0, wxALIGN_CENTER_VERTICAL);
        auto* control = new wxSpinCtrl(retry->GetStaticBox(), wxID_ANY, {}, wxDefaultPosition,
                                       wxDefaultSize, wxSP_ARROW_KEYS, low, high, value);
        numbers->Add(control);
        mark_if_set_by_policy(control, key);
        return control;
    };
    m_attempts = spin("max_attempts", _("&Attempts:"), s.max_attempts, 1, 100);
    m_backoff = spin("backoff_ms", _("First &delay (ms, doubling):"), s.backoff_ms, 0, 3'600'000);
    m_timeout = spin("connect_timeout_ms", _("Connect &timeout (s):"), s.connect_timeout_ms / 1000, 1, 3600);
    retry->Add(numbers, 0, wxALL, 4);
    m_diagnose = new wxCheckBox(retry->GetStaticBox(), wxID_ANY, _("Diagnose the &target after a failure"));
    m_diagnose->SetValue(s.diagnose_after_failure);
    mark_if_set_by_policy(m_diagnose, "diagnose_after_failure");
    retry->Add(m_diagnose, 0, wxALL, 4);
    top->Add(retry, 0, wxEXPAND | wxALL, 8);

    auto* changes = new wxStaticBoxSizer(wxVERTICAL, this, _("Fixes"));
    m_ask = new wxCheckBox(changes->GetStaticBox(), wxID_ANY,
                           _("Ask before any &system-wide or elevated change"));
    m_ask->SetValue(s.ask_before_system_changes);
    m_apply = new wxCheckBox(changes->GetStaticBox(), wxID_ANY,
                             _("Apply &per-connection changes automatically"));
    m_apply->SetValue(s.apply_connection_changes);
    mark_if_set_by_policy(m_ask, "ask_before_system_changes");
    mark_if_set_by_policy(m_apply, "apply_connection_changes");
    changes->Add(m_ask, 0, wxALL, 4);
    changes->Add(m_apply, 0, wxALL, 4);
    top->Add(changes, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);

    auto* client = new wxStaticBoxSizer(wxVERTICAL, this, _("Remote Desktop client"));
    client->Add(new wxStaticText(client->GetStaticBox(), wxID_ANY, _("Client &program (empty: the usual one):")), 0, wxALL, 4);
    m_client = new wxFilePickerCtrl(client->GetStaticBox(), wxID_ANY, wxString::FromUTF8(s.client_path),
                                    _("Choose the RDP client"), "*", wxDefaultPosition, wxSize(360, -1),
                                    wxFLP_OPEN | wxFLP_USE_TEXTCTRL | wxFLP_FILE_MUST_EXIST);
    mark_if_set_by_policy(m_client, "client_path");
    client->Add(m_client, 0, wxEXPAND | wxALL, 4);
    client->Add(new wxStaticText(client->GetStaticBox(), wxID_ANY, _("Extra &arguments (space separated, e.g. /sec:tls):")), 0, wxALL, 4);
    m_client_args = new wxTextCtrl(client->GetStaticBox(), wxID_ANY, join(s.client_args));
    mark_if_set_by_policy(m_client_args, "client_args");
    client->Add(m_client_args, 0, wxEXPAND | wxALL, 4);
    top->Add(client, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);

    m_notify = new wxCheckBox(this, wxID_ANY, _("Show &notifications"));
    m_notify->SetValue(s.notifications);
    m_login = new wxCheckBox(this, wxID_ANY, _("Start at &login"));
    m_login->SetValue(s.start_at_login);
    // What an administrator's fleet tools (Event Forwarding, journald, a SIEM) see of rdpmedic.
    m_system_log = new wxCheckBox(this, wxID_ANY, _("&Events in the system log (connections, fixes, undo)"));
    m_system_log->SetValue(s.system_log_events);
    mark_if_set_by_policy(m_notify, "notifications");
    mark_if_set_by_policy(m_login, "start_at_login");
    mark_if_set_by_policy(m_system_log, "system_log_events");
    top->Add(m_notify, 0, wxLEFT | wxRIGHT | wxBOTTOM, 12);
    top->Add(m_login, 0, wxLEFT | wxRIGHT | wxBOTTOM, 12);
    top->Add(m_system_log, 0, wxLEFT | wxRIGHT | wxBOTTOM, 12);

    auto* right = new wxBoxSizer(wxVERTICAL);
    right->Add(new TrustedPublishers(this, effective, std::move(on_trust_changed)), 1, wxEXPAND | wxTOP | wxRIGHT, 8);
    auto* plugins = new wxStaticText(this, wxID_ANY,
                                     wxString::FromUTF8(i18n::tr("Which plugins run, and in which order: Plugins… in the menu.")));
    right->Add(plugins, 0, wxALL, 12);

    auto* columns = new wxBoxSizer(wxHORIZONTAL);
    columns->Add(top, 0, wxEXPAND);
    columns->Add(right, 1, wxEXPAND);
    auto* all = new wxBoxSizer(wxVERTICAL);
    all->Add(columns, 1, wxEXPAND);
    all->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, 8);
    SetSizerAndFit(all);
    CentreOnScreen();
    std::string held;
    for (const auto& [key, origin] : effective.policy_origins) {
        held += (held.empty() ? "" : ", ") + key;
    }
    spdlog::info("settings shown; set by policy: {}", held.empty() ? "none" : held);
}

Settings SettingsDialog::result() const {
    const Settings& was = m_original;
    Settings s = m_original;
    s.auto_retry = chosen("auto_retry", m_auto_retry->GetValue(), was.auto_retry);
    s.max_attempts = chosen("max_attempts", m_attempts->GetValue(), was.max_attempts);
    s.backoff_ms = chosen("backoff_ms", m_backoff->GetValue(), was.backoff_ms);
    s.connect_timeout_ms = chosen("connect_timeout_ms", m_timeout->GetValue() * 1000, was.connect_timeout_ms);
    s.diagnose_after_failure = chosen("diagnose_after_failure", m_diagnose->GetValue(), was.diagnose_after_failure);
    s.ask_before_system_changes = chosen("ask_before_system_changes", m_ask->GetValue(), was.ask_before_system_changes);
    s.apply_connection_changes = chosen("apply_connection_changes", m_apply->GetValue(), was.apply_connection_changes);
    s.notifications = chosen("notifications", m_notify->GetValue(), was.notifications);
    s.start_at_login = chosen("start_at_login", m_login->GetValue(), was.start_at_login);
    s.system_log_events = chosen("system_log_events", m_system_log->GetValue(), was.system_log_events);
    s.client_path = chosen("client_path", m_client->GetPath().utf8_string(), was.client_path);
    std::vector<std::string> args;
    wxStringTokenizer words(m_client_args->GetValue(), " \t", wxTOKEN_STRTOK);
    while (words.HasMoreTokens()) {
        args.push_back(words.GetNextToken().utf8_string());
    }
    s.client_args = chosen("client_args", args, was.client_args);
    return s;
}

} // namespace rdpmedic::tray
