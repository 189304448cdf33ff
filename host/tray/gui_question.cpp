#include "gui_question.h"

namespace rdpmedic::tray {

bool GuiQuestion::ask(Open open) {
    std::unique_lock lock(m_mutex);
    if (m_withdrawn) {
        return false;
    }
    m_answer.reset();
    // The queued call keeps the question alive even if the connection is gone before it runs.
    m_gui.CallAfter([self = shared_from_this(), open = std::move(open)] { self->show(open); });
    m_answered.wait(lock, [this] { return m_answer.has_value() || m_withdrawn; });
    return m_answer.value_or(false) && !m_withdrawn;
}

void GuiQuestion::withdraw() {
    {
        const std::lock_guard lock(m_mutex);
        m_withdrawn = true;
    }
    m_answered.notify_all();
    if (m_close) {
        const auto close = std::move(m_close);
        m_close = nullptr;
        close();
    }
}

void GuiQuestion::show(const Open& open) {
    {
        const std::lock_guard lock(m_mutex);
        if (m_withdrawn) {
            return;
        }
    }
    // The dialog keeps the question alive until it is answered or withdrawn.
    m_close = open([self = shared_from_this()](bool yes) { self->answer(yes); });
}

void GuiQuestion::answer(bool yes) {
    m_close = nullptr;
    {
        const std::lock_guard lock(m_mutex);
        m_answer = yes;
    }
    m_answered.notify_all();
}

} // namespace rdpmedic::tray
