#include "tray_icon.h"

#include "rdpmedic/i18n/translate.h"

#include "file_change_watch.h"
#include "session.h"
#include "status_notifier_item.h"
#include "tray_app.h"

#include <wx/translation.h>
#include <spdlog/spdlog.h>

#include <wx/app.h>
#include <wx/menu.h>

#include <chrono>
#include <functional>

namespace rdpmedic::tray {

namespace {

/// The labels of the menu's items, " | " between them.
wxString item_labels(const wxMenu& menu) {
    wxString labels;
    for (const auto* item : menu.GetMenuItems()) {
        if (!item->IsSeparator()) {
            labels += (labels.empty() ? "" : " | ") + item->GetItemLabelText();
        }
    }
    return labels;
}

/// Everything an item of the menu shows, its submenus' too: what a change must be seen in.
wxString menu_text(const wxMenu& menu) {
    wxString text;
    for (const auto* item : menu.GetMenuItems()) {
        text += item->GetItemLabel() + (item->IsEnabled() ? "\n" : " (disabled)\n");
        if (const wxMenu* sub = item->GetSubMenu()) {
            text += "{" + menu_text(*sub) + "}";
        }
    }
    return text;
}

/// A menu shown by a status notifier host is no popup of this icon: its items' events come
/// to the menu they are in, submenus included.
void bind_menu_events(wxMenu& menu, const std::function<void(wxCommandEvent&)>& handler) {
    menu.Bind(wxEVT_MENU, handler);
    for (auto* item : menu.GetMenuItems()) {
        if (wxMenu* sub = item->GetSubMenu()) {
            bind_menu_events(*sub, handler);
        }
    }
}

} // namespace

TrayIcon::TrayIcon(TrayApp& app) : m_app(app), m_item_menu_timer(this) {
    Bind(wxEVT_MENU, &TrayIcon::on_menu, this);
    Bind(wxEVT_TASKBAR_LEFT_DOWN, &TrayIcon::on_left_click, this);
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { refresh_item_menu(); });
    m_item = std::make_unique<StatusNotifierItem>([this](bool item_shown) { on_status_host(item_shown); });
}

TrayIcon::~TrayIcon() = default;

void TrayIcon::show_state(TrayState state, const wxString& tooltip) {
    m_state = state;
    m_tooltip = tooltip;
    if (m_item && m_item->shown()) {
        m_item->show_state(state, tooltip);
        refresh_item_menu();
        update_menu_tick();
        return;
    }
    SetIcon(state_icon(state), tooltip);
}

bool TrayIcon::RemoveIcon() {
    m_item_menu_timer.Stop();
    m_journal_watch.reset();
    m_item.reset();
    return wxTaskBarIcon::RemoveIcon();
}

void TrayIcon::on_status_host(bool item_shown) {
    m_item_menu_text.clear();
    // wxGTK's own icon keeps the program running once its menu has been shown (the menu's
    // hidden owner window counts as open); the item has no such window, so closing the last
    // window must not end the program while it is shown. Quit ends it.
    wxTheApp->SetExitOnFrameDelete(!item_shown);
    if (item_shown) {
        wxTaskBarIcon::RemoveIcon();
        m_journal_watch = std::make_unique<FileChangeWatch>(m_app.journal_path(), [this] { refresh_item_menu(); });
        show_state(m_state, m_tooltip);
        return;
    }
    m_journal_watch.reset();
    m_item_menu_timer.Stop();
    SetIcon(state_icon(m_state), m_tooltip);
}

void TrayIcon::refresh_item_menu() {
    if (!m_item || !m_item->shown()) {
        return;
    }
    // The places the host's menu shows stay those of the menu it has until it gets another.
    std::vector<int> shown_sessions = m_menu_sessions;
    std::unique_ptr<wxMenu> menu(build_menu());
    const wxString text = menu_text(*menu);
    if (text == m_item_menu_text) {
        m_menu_sessions = std::move(shown_sessions);
        return;
    }
    m_item_menu_text = text;
    bind_menu_events(*menu, [this](wxCommandEvent& event) { on_menu(event); });
    spdlog::info("tray menu: {}", item_labels(*menu).utf8_string());
    m_item->set_menu(std::move(menu));
}

void TrayIcon::update_menu_tick() {
    const bool needed = m_item && m_item->shown() && !m_app.sessions().empty();
    if (needed && !m_item_menu_timer.IsRunning()) {
        m_item_menu_timer.Start(60 * 1000);
    } else if (!needed) {
        m_item_menu_timer.Stop();
    }
}

wxMenu* TrayIcon::CreatePopupMenu() {
    wxMenu* menu = build_menu();
    // Support can tell from the log what the user was offered.
    spdlog::info("tray menu: {}", item_labels(*menu).utf8_string());
    return menu;
}

wxMenu* TrayIcon::build_menu() {
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
