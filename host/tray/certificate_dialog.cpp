#include "certificate_dialog.h"

#include <spdlog/spdlog.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/translation.h>

namespace rdpmedic::tray {

namespace {

constexpr int kTextWidth = 520;

wxString utf8(const std::string& text) { return wxString::FromUTF8(text); }

} // namespace

CertificateDialog::CertificateDialog(const app::CertificateQuestion& question, const wxString& session,
                                     Answer on_answer)
    : QuestionDialog(wxGetTranslation(kCertificateTitle), std::move(on_answer)) {
    auto* top = new wxBoxSizer(wxVERTICAL);
    const wxString server = utf8(question.server.to_string());
    const PresentedCertificate& certificate = question.certificate;

    auto* heading = new wxStaticText(this, wxID_ANY,
                                     wxString::Format(question.previous
                                                          ? _("The certificate of %s has CHANGED")
                                                          : _("This computer does not trust the certificate of %s"),
                                                      server));
    heading->SetFont(heading->GetFont().Bold().Larger());
    top->Add(heading, 0, wxALL, 12);

    auto* advice = new wxStaticText(
        this, wxID_ANY,
        question.previous ? utf8(app::changed_certificate_warning(question)) + "."
                          : _("Compare the SHA-256 fingerprint below with the one the server's administrator "
                              "gives you (a Windows PC makes its own certificate; that is normal). Trusted, it "
                              "is remembered for this server, and a different one is refused."));
    advice->Wrap(kTextWidth);
    top->Add(advice, 0, wxLEFT | wxRIGHT | wxBOTTOM, 12);

    auto* facts = new wxFlexGridSizer(2, wxSize(12, 6));
    const auto fact = [&](const wxString& label, const wxString& value) {
        add_fact(facts, label, value, kTextWidth - 120);
    };
    fact(_("Session:"), session);
    fact(_("Subject:"), utf8(certificate.subject));
    fact(_("Issuer:"), certificate.self_signed ? wxString::Format(_("%s (self-signed)"), utf8(certificate.issuer))
                                               : utf8(certificate.issuer));
    fact(_("Valid:"), wxString::Format(_("%s to %s"), utf8(certificate.not_before), utf8(certificate.not_after)));
    fact(_("Names:"), utf8(certificate.names));
    fact("SHA-256:", utf8(certificate.sha256));
    if (question.previous) {
        fact(_("Accepted before:"), wxString::Format(_("%s (on %s)"), utf8(question.previous->sha256),
                                                     utf8(question.previous->accepted_at)));
    }
    for (const auto& problem : certificate.problems) {
        fact(_("Not trusted:"), utf8(problem));
    }
    top->Add(facts, 0, wxLEFT | wxRIGHT | wxBOTTOM, 12);

    finish(top, _("&Don't trust"), question.previous ? _("&Trust the new certificate") : _("&Trust this certificate"));
}

CertificatePrompt::CertificatePrompt(wxEvtHandler& gui, wxString session)
    : m_session(std::move(session)), m_question(std::make_shared<GuiQuestion>(gui)) {}

bool CertificatePrompt::ask(const app::CertificateQuestion& question) {
    spdlog::info("certificate question: {} presents SHA-256 {}{} ({})", question.server.to_string(),
                 question.certificate.sha256, question.previous ? " (changed)" : "", m_session.utf8_string());
    const bool trusted = m_question->ask([question, session = m_session](GuiQuestion::Answer answer) {
        auto* dialog = new CertificateDialog(question, session, std::move(answer));
        dialog->Show();
        dialog->Raise();
        return std::function<void()>([dialog] { dialog->withdraw(); });
    });
    spdlog::info("certificate {}: {} SHA-256 {}", trusted ? "trusted" : "not trusted", question.server.to_string(),
                 question.certificate.sha256);
    return trusted;
}

void CertificatePrompt::withdraw() { m_question->withdraw(); }

} // namespace rdpmedic::tray
