#pragma once
/// Asks the user whether a fix strategy may make a change that needs consent: the
/// connection's thread waits while the GUI thread shows the ConsentDialog (see GuiQuestion).

#include "gui_question.h"

#include "rdpmedic/app/plugin_fixes.h"

#include <memory>

namespace rdpmedic::tray {

class ConsentPrompt {
  public:
    /// `target`: the connection's target, named in the dialog; `session`: which of the open
    /// sessions asks ("Session 2: host, as alice"), since several can ask at once.
    ConsentPrompt(wxEvtHandler& gui, wxString target, wxString session);

    /// On the connection's thread: shows the dialog and blocks until it is answered or the
    /// question is withdrawn (then false).
    bool ask(const app::ConsentRequest& request);
    /// On the GUI thread. Every later ask() answers false without a dialog.
    void withdraw() { m_question->withdraw(); }

  private:
    const wxString m_target;
    const wxString m_session;
    std::shared_ptr<GuiQuestion> m_question;
};

} // namespace rdpmedic::tray
