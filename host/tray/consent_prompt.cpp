#include "consent_prompt.h"

#include "consent_dialog.h"

#include <spdlog/spdlog.h>

namespace rdpmedic::tray {

ConsentPrompt::ConsentPrompt(wxEvtHandler& gui, wxString target) : m_gui(gui), m_target(std::move(target)) {}

bool ConsentPrompt::ask(const app::ConsentRequest& request) {
    std::unique_lock lock(m_mutex);
    if (m_withdrawn) {
        return false;
    }
    m_answer.reset();
    spdlog::info("consent asked: {} wants to {}", request.plugin, request.what);
    // The queued call keeps the prompt alive even if the connection is gone before it runs.
    m_gui.CallAfter([self = shared_from_this(), request] { self->show(request); });
    m_answered.wait(lock, [this] { return m_answer.has_value() || m_withdrawn; });
    const bool allowed = m_answer.value_or(false) && !m_withdrawn;
    spdlog::info("consent {}: {} wants to {}", allowed ? "given" : "refused", request.plugin, request.what);
    return allowed;
}

void ConsentPrompt::withdraw() {
    {
        const std::lock_guard lock(m_mutex);
        m_withdrawn = true;
    }
    m_answered.notify_all();
    if (m_dialog) {
        m_dialog->withdraw();
        m_dialog = nullptr;
    }
}

void ConsentPrompt::show(const app::ConsentRequest& request) {
    {
        const std::lock_guard lock(m_mutex);
        if (m_withdrawn) {
            return;
        }
    }
    // The dialog keeps the prompt alive until it is answered or withdrawn.
    m_dialog = new ConsentDialog(m_target, request, [self = shared_from_this()](bool allowed) { self->answer(allowed); });
    m_dialog->Show();
    m_dialog->Raise();
}

void ConsentPrompt::answer(bool allowed) {
    m_dialog = nullptr;
    {
        const std::lock_guard lock(m_mutex);
        m_answer = allowed;
    }
    m_answered.notify_all();
}

} // namespace rdpmedic::tray
