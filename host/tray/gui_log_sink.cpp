#include "gui_log_sink.h"

namespace rdpmedic::tray {

GuiLogSink::GuiLogSink(wxEvtHandler& gui, Deliver deliver) : m_gui(gui), m_deliver(std::move(deliver)) {
    set_pattern("%H:%M:%S.%e %-5l %v");
}

void GuiLogSink::sink_it_(const spdlog::details::log_msg& message) {
    spdlog::memory_buf_t formatted;
    formatter_->format(message, formatted);
    std::string text(formatted.data(), formatted.size());
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
        text.pop_back();
    }
    m_gui.CallAfter([deliver = m_deliver, line = wxString::FromUTF8(text)] { deliver(line); });
}

} // namespace rdpmedic::tray
