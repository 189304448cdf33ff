#pragma once
/// The icon in the notification area: shows the state and builds the menu afresh on every
/// click, so recent targets and the running connection are always current.

#include "tray_state.h"

#include <wx/taskbar.h>

namespace rdpmedic::tray {

class TrayApp;

class TrayIcon : public wxTaskBarIcon {
  public:
    explicit TrayIcon(TrayApp& app);

    /// Sets icon and tooltip; `detail` is a second tooltip line (may be empty).
    void show_state(TrayState state, const wxString& target, const wxString& detail);

  protected:
    wxMenu* CreatePopupMenu() override;

  private:
    enum MenuId {
        kConnect = wxID_HIGHEST + 1,
        kCancel,
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
    };

    void on_menu(wxCommandEvent& event);
    void on_left_click(wxTaskBarIconEvent& event);

    TrayApp& m_app;
};

} // namespace rdpmedic::tray
