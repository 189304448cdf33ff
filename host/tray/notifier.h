#pragma once
/// Desktop notifications with actions. Uses the platform's notifications (libnotify on
/// Linux, toasts or balloons via the tray icon on Windows); where none is available (no
/// notification daemon) it falls back to wx's own small window, so no message is lost.
/// Each notification belongs to what it is about (a session, its history entry, a change),
/// and its buttons act on that, however many sessions are open.

#include <wx/notifmsg.h>

#include <functional>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rdpmedic::tray {

/// What a notification is about, handed back with its action.
struct NotificationSubject {
    int session = 0;        ///< Session::number; 0: none
    std::string connection; ///< its entry in the history
    wxString where;         ///< what was connected to, and as whom, for Retry
    wxString user;
    bool password_remembered = false;
    std::string change; ///< a journaled change, for Undo
};

class Notifier {
  public:
    enum Action { kDetails = wxID_HIGHEST + 100, kRetry, kDiagnoseAndFix, kUndo, kTrust };
    using ActionHandler = std::function<void(Action, const NotificationSubject&)>;

    explicit Notifier(ActionHandler on_action);
    ~Notifier();

    /// `flags` is wxICON_INFORMATION, wxICON_WARNING or wxICON_ERROR. `on_click` is what a
    /// click on the notification itself does: where the platform shows no action buttons,
    /// the only way to offer one. A notification replaces the one shown before about the same
    /// session, unless that one offers Undo or Trust…, which stay until they are dismissed.
    void show(const wxString& title, const wxString& message, int flags,
              const std::vector<Action>& actions = {}, std::optional<Action> on_click = std::nullopt,
              const NotificationSubject& subject = {});

  private:
    struct Shown {
        std::unique_ptr<wxNotificationMessageBase> note;
        std::vector<Action> actions;
        std::optional<Action> on_click;
        NotificationSubject subject;
        int serial = 0;
    };
    void act(int serial, std::optional<Action> action);
    /// Drops notifications that have gone (dismissed, timed out, acted on).
    void forget(int serial);

    ActionHandler m_on_action;
    // Kept alive so that action clicks still reach us, until they are dismissed or replaced.
    std::list<Shown> m_shown;
    int m_serial = 0;
    bool m_native_works = true;
};

} // namespace rdpmedic::tray
