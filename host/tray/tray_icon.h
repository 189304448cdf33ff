#pragma once
/// The icon in the notification area: shows the state and builds the menu afresh on every
/// click, so recent targets and the open sessions are always current.

#include "tray_state.h"

#include <wx/taskbar.h>

#include <vector>

namespace rdpmedic::tray {

class TrayApp;

class TrayIcon : public wxTaskBarIcon {
  public:
    explicit TrayIcon(TrayApp& app);

    /// Sets icon and tooltip.
    void show_state(TrayState state, const wxString& tooltip);

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

    void on_menu(wxCommandEvent& event);
    void on_left_click(wxTaskBarIconEvent& event);

    TrayApp& m_app;
    /// The session numbers the menu now shows, by place.
    std::vector<int> m_menu_sessions;
};

} // namespace rdpmedic::tray
