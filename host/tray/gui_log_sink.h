#pragma once
/// An spdlog sink for the log view: formats on the logging thread, then hands the line to
/// the GUI thread with CallAfter, so no widget is ever touched from a worker.

#include <spdlog/sinks/base_sink.h>

#include <wx/event.h>

#include <functional>
#include <mutex>

namespace rdpmedic::tray {

class GuiLogSink final : public spdlog::sinks::base_sink<std::mutex> {
  public:
    using Deliver = std::function<void(const wxString&)>;
    GuiLogSink(wxEvtHandler& gui, Deliver deliver);

  protected:
    void sink_it_(const spdlog::details::log_msg& message) override;
    void flush_() override {}

  private:
    wxEvtHandler& m_gui;
    Deliver m_deliver;
};

} // namespace rdpmedic::tray
