#pragma once
/// A yes/no question a connection's thread asks and the GUI thread shows in a dialog that is
/// not modal (the GUI thread goes on). Withdrawing it (the connection is cancelled, rdpmedic
/// quits) answers "no" at once and closes an open dialog, so no thread waits for a window
/// nobody will answer. The consent and the certificate prompts share it.

#include <wx/event.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

namespace rdpmedic::tray {

class GuiQuestion : public std::enable_shared_from_this<GuiQuestion> {
  public:
    using Answer = std::function<void(bool yes)>;
    /// On the GUI thread: opens the dialog, which calls the answer once, and returns what
    /// closes it without an answer.
    using Open = std::function<std::function<void()>(Answer answer)>;

    explicit GuiQuestion(wxEvtHandler& gui) : m_gui(gui) {}

    /// On the asking thread: shows the dialog and blocks until it is answered or the
    /// question is withdrawn (then false).
    bool ask(Open open);
    /// On the GUI thread. Every later ask() answers false without a dialog.
    void withdraw();

  private:
    void show(const Open& open);
    void answer(bool yes);

    wxEvtHandler& m_gui;
    std::mutex m_mutex;
    std::condition_variable m_answered;
    std::optional<bool> m_answer;
    bool m_withdrawn = false;
    std::function<void()> m_close; ///< closes the open dialog; GUI thread only
};

} // namespace rdpmedic::tray
