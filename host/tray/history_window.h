#pragma once
/// The status and history window (left click on the icon): the current state, every
/// attempt with its decoded failure and diagnosis, and the log.

#include <nlohmann/json.hpp>

#include <wx/frame.h>

#include <vector>

class wxListCtrl;
class wxListEvent;
class wxNotebook;
class wxStaticText;
class wxTextCtrl;

namespace rdpmedic::tray {

class TrayApp;

class HistoryWindow : public wxFrame {
  public:
    explicit HistoryWindow(TrayApp& app);

    /// Re-reads the app's history and state.
    void refresh();
    void append_log(const wxString& line);
    void show_log_page();
    void show_history_page();

  private:
    void on_select(wxListEvent& event);

    TrayApp& m_app;
    wxStaticText* m_status = nullptr;
    wxNotebook* m_pages = nullptr;
    wxListCtrl* m_list = nullptr;
    wxTextCtrl* m_details = nullptr;
    wxTextCtrl* m_log = nullptr;
    std::vector<nlohmann::json> m_rows; ///< parallel to m_list: the event shown in each row
};

/// Plain-language text of one history event (failure, codes, diagnosis findings).
wxString describe_event(const nlohmann::json& event);

} // namespace rdpmedic::tray
