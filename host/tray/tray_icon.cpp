#include "tray_icon.h"

#include "tray_app.h"

#include <spdlog/spdlog.h>

#include <wx/menu.h>

namespace rdpmedic::tray {

TrayIcon::TrayIcon(TrayApp& app) : m_app(app) {
    Bind(wxEVT_MENU, &TrayIcon::on_menu, this);
    Bind(wxEVT_TASKBAR_LEFT_DOWN, &TrayIcon::on_left_click, this);
}

void TrayIcon::show_state(TrayState state, const wxString& target, const wxString& detail) {
    wxString tooltip = state_caption(state, target);
    if (!detail.empty()) {
        tooltip += "\n" + detail;
    }
    SetIcon(state_icon(state), tooltip);
}

wxMenu* TrayIcon::CreatePopupMenu() {
    auto* menu = new wxMenu;
    if (m_app.busy()) {
        menu->Append(kCancel, "&Cancel connection to " + m_app.target());
    } else {
        menu->Append(kConnect, wxString::FromUTF8("&Connect…"));
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
        auto* item = menu->Append(kRecentFirst + static_cast<int>(i), "    " + label);
        item->Enable(!m_app.busy());
        if (recent[i].password_remembered) {
            forget->Append(kForgetFirst + static_cast<int>(i), label);
        }
    }
    if (forget->GetMenuItemCount() > 0) {
        menu->AppendSubMenu(forget, "&Forget password", "Remove a remembered password from the keyring");
    } else {
        delete forget;
    }
    menu->AppendSeparator();
    menu->Append(kDiagnose, wxString::FromUTF8("&Diagnose…"));
    menu->Append(kHistory, wxString::FromUTF8("&History…"));
    menu->Append(kLog, wxString::FromUTF8("&Log…"));
    menu->Append(kPlugins, wxString::FromUTF8("&Plugins…"), "Every plugin found and whether it may load");
    menu->Append(kUndo, "&Undo last change", "Restore what the newest system change replaced")
        ->Enable(m_app.can_undo());
    menu->AppendSeparator();
    menu->Append(kSettings, wxString::FromUTF8("&Settings…"));
    menu->Append(kQuit, "&Quit");

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
    switch (id) {
    case kConnect: m_app.show_connect(); break;
    case kCancel: m_app.cancel_connection(); break;
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
