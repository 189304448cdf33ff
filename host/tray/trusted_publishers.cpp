#include "trusted_publishers.h"

#include "policy_marks.h"

#include "rdpmedic/app/allowed_plugins.h"
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/i18n/translate.h"
#include "rdpmedic/plugins/plugin_paths.h"
#include "rdpmedic/plugins/trust_store.h"

#include <spdlog/spdlog.h>

#include <wx/button.h>
#include <wx/filedlg.h>
#include <wx/listctrl.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>
#include <wx/statbox.h>
#include <wx/stattext.h>
#include <wx/translation.h>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <system_error>
#include <utility>

namespace rdpmedic::tray {

namespace {

constexpr int kTextWidth = 440; // inside the static box on both GTK and MSW

enum Column { kKey, kTrustedBy, kFile };

wxString text_of(const std::filesystem::path& path) { return wxString::FromUTF8(utf8_text(path)); }

/// The keys in one trust folder (id and file), in id order; a missing folder has none.
std::vector<std::pair<std::string, std::filesystem::path>> keys_in(const std::filesystem::path& folder) {
    std::vector<std::pair<std::string, std::filesystem::path>> keys;
    const plugins::TrustStore store = plugins::TrustStore::load({folder});
    for (const auto& [id, entry] : store.entries()) {
        keys.emplace_back(id, entry.file);
    }
    return keys;
}

} // namespace

TrustedPublishers::TrustedPublishers(wxWindow* parent, const EffectiveSettings& effective,
                                     std::function<void()> on_changed)
    : wxPanel(parent), m_on_changed(std::move(on_changed)), m_effective(effective) {
    const plugins::PluginPaths paths = plugins::default_plugin_paths();
    m_user_dir = paths.user_trust;
    m_system_dir = paths.system_trust;

    auto* box = new wxStaticBoxSizer(wxVERTICAL, this, _("Trusted publishers"));
    auto* parent_of_controls = box->GetStaticBox();
    auto* intro = new wxStaticText(parent_of_controls, wxID_ANY,
                                   _("Plugins load only when they are signed by a publisher whose key is "
                                     "trusted here. Adding or removing a key takes effect at once."));
    intro->Wrap(kTextWidth);
    box->Add(intro, 0, wxALL, 4);
    if (!m_effective.settings.trusted_publisher_keys.empty()) {
        wxString allowed;
        for (const auto& id : m_effective.settings.trusted_publisher_keys) {
            allowed += (allowed.empty() ? "" : ", ") + wxString::FromUTF8(id);
        }
        auto* limit = new wxStaticText(parent_of_controls, wxID_ANY,
                                       wxString::Format(_("Only plugins signed by %s load. %s."), allowed,
                                                        set_by_policy_text(m_effective, "trusted_publisher_keys")));
        limit->Wrap(kTextWidth);
        box->Add(limit, 0, wxALL, 4);
    }

    m_list = new wxListCtrl(parent_of_controls, wxID_ANY, wxDefaultPosition, wxSize(kTextWidth, 170),
                            wxLC_REPORT | wxLC_SINGLE_SEL);
    m_list->AppendColumn(_("Key"), wxLIST_FORMAT_LEFT, 150);
    // Wide enough for "you (policy: not allowed)" when the policy limits the keys.
    const int trusted_by_width = m_effective.settings.trusted_publisher_keys.empty() ? 90 : 160;
    m_list->AppendColumn(_("Trusted by"), wxLIST_FORMAT_LEFT, trusted_by_width);
    m_list->AppendColumn(_("File"), wxLIST_FORMAT_LEFT, 400);
    box->Add(m_list, 1, wxEXPAND | wxALL, 4);

    m_about = new wxStaticText(parent_of_controls, wxID_ANY, {});
    box->Add(m_about, 0, wxEXPAND | wxALL, 4);

    m_add = new wxButton(parent_of_controls, wxID_ANY, wxString::FromUTF8(i18n::tr("Add &key…")));
    m_add->SetToolTip(_("Trust a publisher: choose the public key file (.pub) the publisher gave you"));
    m_remove = new wxButton(parent_of_controls, wxID_ANY, _("Re&move"));
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    buttons->Add(m_add, 0, wxRIGHT, 6);
    buttons->Add(m_remove);
    box->Add(buttons, 0, wxALL, 4);

    auto* top = new wxBoxSizer(wxVERTICAL);
    top->Add(box, 1, wxEXPAND);
    SetSizer(top);

    m_list->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent&) { show_selected(); });
    m_list->Bind(wxEVT_LIST_ITEM_DESELECTED, [this](wxListEvent&) { show_selected(); });
    m_add->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { add(); });
    m_remove->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { remove(); });
    fill();
}

void TrustedPublishers::fill(const std::string& id) {
    m_keys.clear();
    for (const auto& [key, file] : keys_in(m_user_dir)) {
        m_keys.push_back({key, false, file});
    }
    for (const auto& [key, file] : keys_in(m_system_dir)) {
        m_keys.push_back({key, true, file});
    }
    m_list->Freeze();
    m_list->DeleteAllItems();
    std::string listed;
    for (const auto& key : m_keys) {
        const long row = m_list->GetItemCount();
        m_list->InsertItem(row, wxString::FromUTF8(key.id));
        const bool not_allowed = !app::key_refused_by_policy(key.id, m_effective).empty();
        m_list->SetItem(row, kTrustedBy,
                        key.system ? (not_allowed ? _("all users (policy: not allowed)") : _("all users"))
                                   : (not_allowed ? _("you (policy: not allowed)") : _("you")));
        m_list->SetItem(row, kFile, text_of(key.file));
        listed += (listed.empty() ? "" : " | ") + key.id + (key.system ? " system" : " user") +
                  (not_allowed ? " not-allowed-by-policy" : "");
    }
    m_list->Thaw();
    spdlog::info("trusted publishers: {}", listed.empty() ? "none" : listed);

    // The first of the user's keys unless asked otherwise: the ones that can be removed.
    const auto wanted = std::find_if(m_keys.begin(), m_keys.end(), [&](const Key& key) {
        return !key.system && (id.empty() || key.id == id);
    });
    if (!m_keys.empty()) {
        const long row = wanted == m_keys.end() ? 0 : wanted - m_keys.begin();
        m_list->SetItemState(row, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED,
                             wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
        m_list->EnsureVisible(row);
    }
    show_selected();
}

const TrustedPublishers::Key* TrustedPublishers::selected() const {
    const long row = m_list->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
    return row >= 0 && static_cast<std::size_t>(row) < m_keys.size() ? &m_keys[static_cast<std::size_t>(row)]
                                                                     : nullptr;
}

void TrustedPublishers::show_selected() {
    const Key* key = selected();
    wxString about;
    wxString why_not;
    if (m_keys.empty()) {
        about = _("No publisher is trusted, so no plugin can load. Add the key of a publisher you trust.");
    } else if (key == nullptr) {
        about = _("Select a key to remove it.");
    } else if (key->system) {
        why_not = wxString::Format(_("Installed with rdpmedic for every user of this computer (in %s): only an "
                                     "administrator can remove it."),
                                   text_of(m_system_dir));
        about = wxString::FromUTF8(key->id) + ": " + why_not;
    } else {
        about = wxString::Format(_("%s: trusted by you. Remove stops trusting it."), wxString::FromUTF8(key->id));
    }
    m_about->SetLabel(about);
    m_about->Wrap(kTextWidth);
    m_remove->Enable(key != nullptr && !key->system);
    // A disabled button says why when pointed at, as the line above the buttons does.
    m_remove->SetToolTip(why_not.empty() ? _("Stop trusting the selected key (yours only)")
                                         : wxString::Format(_("System key: %s"), why_not));
    Layout();
}

void TrustedPublishers::add() {
    wxString chosen;
    {
        wxFileDialog pick(this, _("Choose a publisher key - rdpmedic"), {}, {},
                          _("Public keys (*.pub, *.pem)|*.pub;*.pem|All files|*"),
                          wxFD_OPEN | wxFD_FILE_MUST_EXIST);
        if (pick.ShowModal() != wxID_OK) {
            return;
        }
        chosen = pick.GetPath();
    }
    const std::filesystem::path file = utf8_path(chosen.utf8_string());
    std::string problem;
    try {
        // The CLI's `plugins trust`, refusing the same keys: the key is read and checked,
        // then copied in as KEY_ID.pem.
        const std::string refusal = app::key_refused_by_policy(plugins::read_public_key(file).id, m_effective);
        if (!refusal.empty()) {
            spdlog::warn("trusted publisher key not added: {}", refusal);
            wxMessageBox(wxString::Format(_("%s.\n\nNothing was changed."), wxString::FromUTF8(refusal)),
                         _("Publisher key not added - rdpmedic"),
                         wxOK | wxICON_WARNING, this);
            return;
        }
        const plugins::PublicKey key = plugins::trust_key(file, m_user_dir);
        spdlog::info("trusted publisher key {} added from {} ({})", key.id, utf8_text(file),
                     utf8_text(m_user_dir / (key.id + ".pem")));
        fill(key.id);
        changed();
        return;
    } catch (const plugins::SigningError& error) {
        problem = error.what();
    } catch (const std::exception& error) {
        problem = utf8_text(m_user_dir) + ": " + error.what();
    }
    const wxString message =
        wxString::Format(_("This file cannot be trusted as a publisher key:\n%s\n\nChoose the public key file the "
                           "plugin's publisher gave you: the .pub file that rdpmedic-cli plugins keygen made, which "
                           "begins with \"-----BEGIN PUBLIC KEY-----\". Nothing was changed."),
                         wxString::FromUTF8(problem));
    spdlog::warn("trusted publisher key not added: {}", problem);
    wxMessageBox(message, _("Publisher key not added - rdpmedic"), wxOK | wxICON_ERROR, this);
}

void TrustedPublishers::remove() {
    const Key* key = selected();
    if (key == nullptr || key->system) {
        return;
    }
    const std::string id = key->id;
    const std::filesystem::path file = key->file;
    wxMessageDialog ask(this,
                        wxString::Format(_("Stop trusting publisher key %s?\n\nPlugins signed with it will no "
                                           "longer load. They stay installed, and adding the key again trusts them "
                                           "again."),
                                         wxString::FromUTF8(id)),
                        _("Stop trusting a publisher? - rdpmedic"), wxYES_NO | wxNO_DEFAULT | wxICON_QUESTION);
    ask.SetYesNoLabels(_("Stop &trusting"), _("&Keep"));
    if (ask.ShowModal() != wxID_YES) {
        return;
    }
    // The CLI's `plugins untrust`: it removes KEY_ID.pem, the file Add key… made.
    if (plugins::untrust_key(id, m_user_dir)) {
        spdlog::info("trusted publisher key {} removed from {}", id, utf8_text(m_user_dir));
    } else if (std::error_code error; std::filesystem::exists(file, error)) {
        // A key file someone put in the folder by hand under another name.
        const wxString message =
            wxString::Format(_("The key is in %s, a file rdpmedic did not make (it is not named %s.pem), so rdpmedic "
                               "leaves it alone. Delete that file to stop trusting the key."),
                             text_of(file), wxString::FromUTF8(id));
        spdlog::warn("trusted publisher key {} not removed: {} has another name", id, utf8_text(file));
        wxMessageBox(message, _("Publisher key not removed - rdpmedic"), wxOK | wxICON_WARNING, this);
    } else {
        // Removed meanwhile (rdpmedic-cli plugins untrust): the list catches up.
        spdlog::info("trusted publisher key {} was already gone from {}", id, utf8_text(m_user_dir));
    }
    fill();
    changed();
}

void TrustedPublishers::changed() {
    if (m_on_changed) {
        m_on_changed();
    }
}

} // namespace rdpmedic::tray
