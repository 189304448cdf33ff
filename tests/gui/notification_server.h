#pragma once
// A real desktop notification server on the desktop: xfce4-notifyd, the
// org.freedesktop.Notifications service of Xfce, on a private session bus. It draws each
// notification as a window of its own in the top right corner, its actions as buttons along
// the bottom, which the tests find in a screenshot and click with the mouse.

#include "gui_support.h"

#include <memory>
#include <string>
#include <vector>

namespace rdpmedic::gui {

/// One notification on screen: the server's window for it and where it is.
struct ShownNotification {
    unsigned long window = 0; ///< X window ids grow: a later notification has a larger one
    Rect where;
};

class NotificationServer {
  public:
    /// Starts the bus and the server and waits until it owns org.freedesktop.Notifications.
    explicit NotificationServer(Desktop& desktop);
    NotificationServer(const NotificationServer&) = delete;
    NotificationServer& operator=(const NotificationServer&) = delete;

    /// The capabilities the server reports (GetCapabilities): "actions", "body", …
    std::vector<std::string> capabilities() const;
    /// The notifications on screen, oldest first.
    std::vector<ShownNotification> notifications() const;
    /// The buttons drawn in `notification` in `png` (a screenshot), left to right.
    static std::vector<Rect> buttons(const std::filesystem::path& png, const Rect& notification);
    /// Clicks the middle of `where` with the left mouse button.
    static void click(const Rect& where);

  private:
    PrivateSessionBus m_bus;
    std::unique_ptr<Background> m_server;
};

} // namespace rdpmedic::gui
