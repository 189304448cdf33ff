#pragma once
/// The icon as a StatusNotifierItem (the D-Bus tray of KDE, Xfce, LXQt and GNOME's AppIndicator
/// extension), through Ayatana AppIndicator, for as long as a StatusNotifierWatcher owns its
/// name on the session bus. The host shows the menu without asking the program first, so the
/// menu is handed over whole, and again whenever it changes.

#include "tray_state.h"

#include <wx/string.h>

#include <filesystem>
#include <functional>
#include <memory>

class wxMenu;
typedef struct _AppIndicator AppIndicator;

namespace rdpmedic::tray {

class StatusNotifierItem {
  public:
    /// `on_host_changed(true)` when a watcher appears and the item exists (it then wants a
    /// menu and the state), `false` when the watcher goes and the item with it.
    explicit StatusNotifierItem(std::function<void(bool)> on_host_changed);
    ~StatusNotifierItem();
    StatusNotifierItem(const StatusNotifierItem&) = delete;
    StatusNotifierItem& operator=(const StatusNotifierItem&) = delete;

    /// Whether the item is there for a host to show.
    bool shown() const { return m_indicator != nullptr; }
    /// The state's icon, and `title` (the hosts' tooltip); a failure asks for attention.
    void show_state(TrayState state, const wxString& title);
    /// The menu the host shows from now on; the previous one goes.
    void set_menu(std::unique_ptr<wxMenu> menu);

  private:
    void watcher_appeared();
    void watcher_vanished();
    /// The indicator, given to the caller for its menu and state; registration comes after.
    void create_indicator();
    void drop_indicator();
    /// Called a while after create_indicator(): a watcher that has not taken the item by then
    /// (seen when the panel had only just started) gets a new one.
    void check_registered();
    /// The state icons as files named rdpmedic-<state>.svg, for the host to load by name.
    void write_icons();

    std::function<void(bool)> m_on_host_changed;
    std::filesystem::path m_icon_dir;
    unsigned m_watch = 0;
    AppIndicator* m_indicator = nullptr;
    bool m_registered = false;
    int m_attempts = 0;
    unsigned m_registration_check = 0;
    std::unique_ptr<wxMenu> m_menu;
};

} // namespace rdpmedic::tray
