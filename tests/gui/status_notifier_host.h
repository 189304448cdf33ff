#pragma once
// A real StatusNotifierItem host beside trayer: xfce4-panel, alone at the bottom of the screen
// with only its status tray (which is also the StatusNotifierWatcher), on a private session
// bus, its configuration in the desktop's temporary home.

#include "gui_support.h"

#include <memory>
#include <optional>
#include <string>

namespace rdpmedic::gui {

class StatusNotifierHost {
  public:
    /// Starts the bus and the panel and waits until the panel's watcher is on the bus.
    explicit StatusNotifierHost(Desktop& desktop);
    StatusNotifierHost(const StatusNotifierHost&) = delete;
    StatusNotifierHost& operator=(const StatusNotifierHost&) = delete;

    /// Ends the panel (the watcher leaves the bus with it) or starts it again.
    void stop_panel();
    void start_panel();

    /// rdpmedic's item as the watcher lists it, "bus-name/object/path", while registered.
    std::optional<std::string> item() const;
    /// A property of rdpmedic's item (IconName, Status, Title, …) as text, "" when unreadable.
    std::string property(const std::string& name) const;
    /// The id of the item's menu entry whose label is `label` ("_Connect…"), as the host
    /// reads the menu (com.canonical.dbusmenu); nullopt when there is none.
    std::optional<int> menu_entry(const std::string& label) const;
    /// Whether the menu entry can be picked, as the host reads it (dbusmenu's "enabled",
    /// true unless the item says otherwise).
    bool menu_entry_enabled(int id) const;
    /// Clicks the menu entry over D-Bus, as a host does when the user picks it.
    void click_menu_entry(int id) const;

    /// Where the panel shows rdpmedic's item: the first place of its status tray.
    std::optional<Rect> item_on_screen() const;
    /// Opens the item's menu in the panel with the right mouse button.
    void open_menu() const;

  private:
    Desktop& m_desktop;
    PrivateSessionBus m_bus;
    std::unique_ptr<Background> m_panel;
};

} // namespace rdpmedic::gui
