#include "consent_prompt.h"

#include "consent_dialog.h"

#include <spdlog/spdlog.h>

namespace rdpmedic::tray {

ConsentPrompt::ConsentPrompt(wxEvtHandler& gui, wxString target, wxString session)
    : m_target(std::move(target)), m_session(std::move(session)), m_question(std::make_shared<GuiQuestion>(gui)) {}

bool ConsentPrompt::ask(const app::ConsentRequest& request) {
    spdlog::info("consent asked: {} wants to {} ({})", request.plugin, request.what, m_session.utf8_string());
    const bool allowed = m_question->ask([target = m_target, session = m_session, request](GuiQuestion::Answer answer) {
        auto* dialog = new ConsentDialog(target, session, request, std::move(answer));
        dialog->Show();
        dialog->Raise();
        return std::function<void()>([dialog] { dialog->withdraw(); });
    });
    spdlog::info("consent {}: {} wants to {}", allowed ? "given" : "refused", request.plugin, request.what);
    return allowed;
}

} // namespace rdpmedic::tray
