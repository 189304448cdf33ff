#pragma once
/// Asks the user whether a fix strategy may make a change that needs consent: the
/// connection's thread waits while the GUI thread shows the ConsentDialog (not modal: the GUI
/// thread goes on). Withdrawing the question (the connection is cancelled, rdpmedic quits)
/// answers "no" at once and closes an open dialog, so no thread waits for a window nobody
/// will answer.

#include "rdpmedic/app/plugin_fixes.h"

#include <wx/event.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>

namespace rdpmedic::tray {

class ConsentDialog;

class ConsentPrompt : public std::enable_shared_from_this<ConsentPrompt> {
  public:
    /// `target`: the connection's target, named in the dialog.
    ConsentPrompt(wxEvtHandler& gui, wxString target);

    /// On the connection's thread: shows the dialog and blocks until it is answered or the
    /// question is withdrawn (then false).
    bool ask(const app::ConsentRequest& request);
    /// On the GUI thread. Every later ask() answers false without a dialog.
    void withdraw();

  private:
    /// On the GUI thread: opens the dialog, whose answer goes to the waiting thread.
    void show(const app::ConsentRequest& request);
    void answer(bool allowed);

    wxEvtHandler& m_gui;
    const wxString m_target;
    std::mutex m_mutex;
    std::condition_variable m_answered;
    std::optional<bool> m_answer;
    bool m_withdrawn = false;
    ConsentDialog* m_dialog = nullptr; ///< the open dialog; GUI thread only
};

} // namespace rdpmedic::tray
