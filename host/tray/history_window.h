#pragma once
/// The status and history window (left click on the icon): the current state, one row per
/// connection, newest first, that opens into its attempts, diagnoses, strategies and changes
/// with each decoded failure, and the log.

#include <nlohmann/json.hpp>

#include <wx/frame.h>
#include <wx/treelist.h>

#include <string>
#include <utility>
#include <vector>

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
    /// Selects and opens the row of connection `id` (its history entry); none: nothing.
    void show_connection(const std::string& id);

  private:
    void on_select(wxTreeListEvent& event);
    void show_details(const wxTreeListItem& item);

    TrayApp& m_app;
    wxStaticText* m_status = nullptr;
    wxNotebook* m_pages = nullptr;
    wxTreeListCtrl* m_list = nullptr;
    wxTextCtrl* m_details = nullptr;
    wxTextCtrl* m_log = nullptr;
    /// Each connection's row, by its history id.
    std::vector<std::pair<std::string, wxTreeListItem>> m_connection_rows;
};

/// Plain-language text of one history event (failure, codes, diagnosis findings).
wxString describe_event(const nlohmann::json& event);

} // namespace rdpmedic::tray
