#pragma once
/// "Trust this certificate?": what the probe saw of a server's certificate that this computer
/// does not trust (subject, issuer, validity, names, SHA-256, why it is not trusted) and, for
/// a changed one, the fingerprint accepted before, as a possible interception. Don't trust /
/// Trust; Don't trust has the focus, so Enter refuses, and so do Escape and closing the
/// window. Not modal, like the consent dialog.

#include "rdpmedic/app/certificate_trust.h"

#include "gui_question.h"
#include "question_dialog.h"

#include <functional>

namespace rdpmedic::tray {

class CertificateDialog : public QuestionDialog {
  public:
    /// `on_answer` gets true for Trust.
    CertificateDialog(const app::CertificateQuestion& question, Answer on_answer);
};

/// The dialog's title, for those who look for it on screen.
inline constexpr const char* kCertificateTitle = "Trust this certificate? - rdpmedic";

/// Asks on the GUI thread, for the connection's thread (see GuiQuestion).
class CertificatePrompt {
  public:
    explicit CertificatePrompt(wxEvtHandler& gui);
    bool ask(const app::CertificateQuestion& question);
    void withdraw();

  private:
    std::shared_ptr<GuiQuestion> m_question;
};

} // namespace rdpmedic::tray
