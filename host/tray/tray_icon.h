#pragma once
/// The icon in the notification area: shows the state and builds the menu afresh on every
/// click, so recent targets and the open sessions are always current. On Linux, where a
/// StatusNotifierWatcher is on the session bus, the icon is a StatusNotifierItem instead,
/// whose host shows the menu without asking: that menu is rebuilt when what it shows changes
/// (a session's state, the change journal, once a minute the time a session has been open),
/// and nothing wakes up while no session is open and nothing changes.

#include "tray_state.h"

#include <wx/taskbar.h>
#include <wx/timer.h>

#include <memory>
#include <vector>

namespace rdpmedic::tray {

class TrayApp;
class StatusNotifierItem;
class FileChangeWatch;

class TrayIcon : public wxTaskBarIcon {
  public:
    explicit TrayIcon(TrayApp& app);
    ~TrayIcon() override;

    /// Sets icon and tooltip.
    void show_state(TrayState state, const wxString& tooltip);
    /// Takes the icon off the desktop, whichever kind it is.
    bool RemoveIcon() override;

  protected:
    wxMenu* CreatePopupMenu() override;

  private:
    enum MenuId {
        kConnect = wxID_HIGHEST + 1,
        kDiagnose,
        kHistory,
        kLog,
        kPlugins,
        kUndo,
        kSettings,
        kQuit,
        kRecentFirst,
        kRecentLast = kRecentFirst + 20,
        kForgetFirst,
        kForgetLast = kForgetFirst + 20,
        // One submenu per open session, numbered 1 to kMenuSessions in the menu.
        kDisconnectFirst,
        kDisconnectLast = kDisconnectFirst + 8,
        kDiagnoseSessionFirst,
        kDiagnoseSessionLast = kDiagnoseSessionFirst + 8,
        kRetrySessionFirst,
        kRetrySessionLast = kRetrySessionFirst + 8,
    };
    static constexpr int kMenuSessions = kDisconnectLast - kDisconnectFirst + 1;

    /// The menu as the app's state has it now.
    wxMenu* build_menu();
    void on_menu(wxCommandEvent& event);
    void on_left_click(wxTaskBarIconEvent& event);
    /// A StatusNotifierWatcher came (`true`) or went: the item replaces the XEmbed icon or the
    /// other way round.
    void on_status_host(bool item_shown);
    /// Hands the status notifier host a fresh menu when it would differ from the one it has.
    void refresh_item_menu();
    /// The minute tick runs only while the item is shown and a session is open.
    void update_menu_tick();

    TrayApp& m_app;
    /// The session numbers the menu now shows, by place.
    std::vector<int> m_menu_sessions;
    TrayState m_state = TrayState::Idle;
    wxString m_tooltip;
    std::unique_ptr<StatusNotifierItem> m_item;
    /// Everything the item's menu shows, to tell when it needs replacing.
    wxString m_item_menu_text;
    /// "connected for 12 min" changes without a state change.
    wxTimer m_item_menu_timer;
    /// What may be undone changes when the journal does, also by `rdpmedic-cli undo`.
    std::unique_ptr<FileChangeWatch> m_journal_watch;
};

} // namespace rdpmedic::tray
