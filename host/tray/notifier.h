#pragma once
/// Desktop notifications with actions. Uses the platform's notifications (libnotify on
/// Linux, toasts or balloons via the tray icon on Windows); where none is available (no
/// notification daemon) it falls back to wx's own small window, so no message is lost.

#include <wx/notifmsg.h>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace rdpmedic::tray {

class Notifier {
  public:
    enum Action { kDetails = wxID_HIGHEST + 100, kRetry, kDiagnoseAndFix };
    using ActionHandler = std::function<void(Action)>;

    explicit Notifier(ActionHandler on_action);
    ~Notifier();

    /// `flags` is wxICON_INFORMATION, wxICON_WARNING or wxICON_ERROR. `on_click` is what a
    /// click on the notification itself does: where the platform shows no action buttons,
    /// the only way to offer one.
    void show(const wxString& title, const wxString& message, int flags,
              const std::vector<Action>& actions = {}, std::optional<Action> on_click = std::nullopt);

  private:
    void on_action(wxCommandEvent& event);
    void on_click(wxCommandEvent& event);

    ActionHandler m_on_action;
    // Kept alive so that action clicks still reach us; replaced by the next notification.
    std::unique_ptr<wxNotificationMessageBase> m_current;
    std::optional<Action> m_click_action;
    bool m_native_works = true;
};

} // namespace rdpmedic::tray
