#include "tray_icon.h"

#include "rdpmedic/i18n/translate.h"

#include "session.h"
#include "tray_app.h"

#include <wx/translation.h>
#include <spdlog/spdlog.h>

#include <wx/menu.h>

#include <chrono>

namespace rdpmedic::tray {

TrayIcon::TrayIcon(TrayApp& app) : m_app(app) {
    Bind(wxEVT_MENU, &TrayIcon::on_menu, this);
    Bind(wxEVT_TASKBAR_LEFT_DOWN, &TrayIcon::on_left_click, this);
}

void TrayIcon::show_state(TrayState state, const wxString& tooltip) { SetIcon(state_icon(state), tooltip); }

wxMenu* TrayIcon::CreatePopupMenu() {
    auto* menu = new wxMenu;
    menu->Append(kConnect, wxString::FromUTF8(i18n::tr("&Connect…")));
    // Each open session, numbered for the keyboard: 1 opens the first one's actions.
    m_menu_sessions.clear();
    const auto now = std::chrono::steady_clock::now();
    for (const auto& session : m_app.sessions()) {
        const int slot = static_cast<int>(m_menu_sessions.size());
        if (slot == kMenuSessions) {
            break;
        }
        m_menu_sessions.push_back(session->number);
        auto* actions = new wxMenu;
        actions->Append(kDisconnectFirst + slot, _("&Disconnect"), _("End this session and its RDP client"));
        actions->Append(kDiagnoseSessionFirst + slot, _("D&iagnose"),
                        _("Check DNS, TCP, RDP and TLS for this session's computer"));
        actions->Append(kRetrySessionFirst + slot, _("&Retry"), _("End this session and connect again"));
        wxString label = session->summary(now);
        label.Replace("&", "&&");
        menu->AppendSubMenu(actions, wxString::Format("&%d  ", slot + 1) + label);
    }
    const auto& recent = m_app.settings().recent;
    auto* forget = new wxMenu;
    for (std::size_t i = 0; i < recent.size() && kRecentFirst + static_cast<int>(i) <= kRecentLast; ++i) {
        wxString label = wxString::FromUTF8(recent[i].target);
        if (!recent[i].user.empty()) {
            label = wxString::FromUTF8(recent[i].user) + " @ " + label;
        }
        // '&' in a host or path would otherwise become a mnemonic.
        label.Replace("&", "&&");
        menu->Append(kRecentFirst + static_cast<int>(i), "    " + label);
        if (recent[i].password_remembered) {
            forget->Append(kForgetFirst + static_cast<int>(i), label);
        }
    }
    if (forget->GetMenuItemCount() > 0) {
        menu->AppendSubMenu(forget, _("&Forget password"), _("Remove a remembered password from the keyring"));
    } else {
        delete forget;
    }
    menu->AppendSeparator();
    menu->Append(kDiagnose, wxString::FromUTF8(i18n::tr("&Diagnose…")));
    menu->Append(kHistory, wxString::FromUTF8(i18n::tr("&History…")));
    menu->Append(kLog, wxString::FromUTF8(i18n::tr("&Log…")));
    menu->Append(kPlugins, wxString::FromUTF8(i18n::tr("&Plugins…")), _("Every plugin found and whether it may load"));
    menu->Append(kUndo, _("&Undo last change"), _("Restore what the newest system change replaced"))
        ->Enable(m_app.can_undo());
    menu->AppendSeparator();
    menu->Append(kSettings, wxString::FromUTF8(i18n::tr("&Settings…")));
    menu->Append(kQuit, _("&Quit"));

    wxString labels;
    for (const auto* item : menu->GetMenuItems()) {
        if (!item->IsSeparator()) {
            labels += (labels.empty() ? "" : " | ") + item->GetItemLabelText();
        }
    }
    // Support can tell from the log what the user was offered.
    spdlog::info("tray menu: {}", labels.utf8_string());
    return menu;
}

void TrayIcon::on_menu(wxCommandEvent& event) {
    const int id = event.GetId();
    if (id >= kRecentFirst && id <= kRecentLast) {
        m_app.connect_recent(static_cast<std::size_t>(id - kRecentFirst));
        return;
    }
    if (id >= kForgetFirst && id <= kForgetLast) {
        m_app.forget_recent_password(static_cast<std::size_t>(id - kForgetFirst));
        return;
    }
    // The session the menu showed in that place, if it is still open when the item is picked.
    const auto session_at = [this](int slot) {
        return static_cast<std::size_t>(slot) < m_menu_sessions.size() ? m_menu_sessions[static_cast<std::size_t>(slot)]
                                                                       : 0;
    };
    if (id >= kDisconnectFirst && id <= kDisconnectLast) {
        m_app.disconnect(session_at(id - kDisconnectFirst));
        return;
    }
    if (id >= kDiagnoseSessionFirst && id <= kDiagnoseSessionLast) {
        m_app.diagnose_session(session_at(id - kDiagnoseSessionFirst));
        return;
    }
    if (id >= kRetrySessionFirst && id <= kRetrySessionLast) {
        m_app.retry_session(session_at(id - kRetrySessionFirst));
        return;
    }
    switch (id) {
    case kConnect: m_app.show_connect(); break;
    case kDiagnose: m_app.show_diagnose(); break;
    case kHistory: m_app.show_history(); break;
    case kLog: m_app.show_log(); break;
    case kPlugins: m_app.show_plugins(); break;
    case kUndo: m_app.undo_last_change(); break;
    case kSettings: m_app.show_settings(); break;
    case kQuit: m_app.quit(); break;
    default: event.Skip(); break;
    }
}

void TrayIcon::on_left_click(wxTaskBarIconEvent&) { m_app.show_history(); }

} // namespace rdpmedic::tray
