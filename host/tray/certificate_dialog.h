#pragma once
/// "Trust this certificate?": what the probe saw of a server's certificate that this computer
/// does not trust (subject, issuer, validity, names, SHA-256, why it is not trusted) and, for
/// a changed one, the fingerprint accepted before, as a possible interception. Don't trust /
/// Trust; Don't trust has the focus, so Enter refuses, and so do Escape and closing the
/// window. Not modal, like the consent dialog.

#include "rdpmedic/app/certificate_trust.h"

#include "gui_question.h"
#include "question_dialog.h"

#include <wx/translation.h>

#include <functional>

namespace rdpmedic::tray {

class CertificateDialog : public QuestionDialog {
  public:
    /// `on_answer` gets true for Trust; `session` names the session that asks.
    CertificateDialog(const app::CertificateQuestion& question, const wxString& session, Answer on_answer);
};

/// The dialog's title, for those who look for it on screen.
inline constexpr const char* kCertificateTitle = wxTRANSLATE("Trust this certificate? - rdpmedic");

/// Asks on the GUI thread, for the connection's thread (see GuiQuestion).
class CertificatePrompt {
  public:
    /// `session`: which of the open sessions asks ("Session 2: host, as alice").
    CertificatePrompt(wxEvtHandler& gui, wxString session);
    bool ask(const app::CertificateQuestion& question);
    void withdraw();

  private:
    const wxString m_session;
    std::shared_ptr<GuiQuestion> m_question;
};

} // namespace rdpmedic::tray
