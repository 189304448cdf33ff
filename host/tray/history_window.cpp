#include "history_window.h"

#include "rdpmedic/core/diagnosis.h"
#include "rdpmedic/i18n/translate.h"
#include "rdpmedic/i18n/translated.h"
#include "tray_app.h"
#include "window_behaviour.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <wx/button.h>
#include <wx/notebook.h>
#include <wx/panel.h>
#include <wx/sizer.h>
#include <wx/splitter.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/treelist.h>

namespace rdpmedic::tray {

namespace {

wxString text(const nlohmann::json& json, const char* key) {
    const auto it = json.find(key);
    if (it == json.end() || it->is_null()) {
        return {};
    }
    return wxString::FromUTF8(it->is_string() ? it->get<std::string>() : it->dump());
}

/// A text the history keeps in English (a failure message, a finding, a verdict's advice), in
/// the user's language.
wxString shown(const nlohmann::json& json, const char* key) {
    return wxString::FromUTF8(i18n::translated(text(json, key).utf8_string()));
}

// "2026-11-23T22:48:44.490Z" -> "2026-11-23 22:48:44" (UTC, as stored).
wxString short_time(const wxString& iso) {
    wxString out = iso.Left(19);
    out.Replace("T", " ");
    return out;
}

/// What a row's details pane shows: the event's own text.
struct RowEvent : wxClientData {
    explicit RowEvent(nlohmann::json e) : event(std::move(e)) {}
    nlohmann::json event;
};

wxString summary(const nlohmann::json& event) {
    if (event.contains("failure")) {
        return shown(event["failure"], "message");
    }
    if (event.contains("diagnosis") && event["diagnosis"].contains("verdict")) {
        return wxString::Format(_("verdict: %s"), text(event["diagnosis"]["verdict"], "cause"));
    }
    return shown(event, "note");
}

} // namespace

wxString describe_event(const nlohmann::json& event) {
    wxString out;
    out << text(event, "at") << "  " << text(event, "target") << "  " << text(event, "event")
        << "  " << wxString::Format(_("(attempt %s of %s)"), text(event, "attempt"), text(event, "max_attempts")) << "\n";
    if (const auto note = shown(event, "note"); !note.empty()) {
        out << note << "\n";
    }
    if (event.contains("failure")) {
        const auto& f = event["failure"];
        out << "\n"
            << wxString::Format(_("Failure: %s"), shown(f, "message")) << "\n  "
            << wxString::Format(_("kind: %s"), text(f, "kind")) << " "
            << (f.value("retriable", true) ? _("(retried)")
                                           : _("(not retried: trying again cannot help)"))
            << "\n";
        if (f.contains("codes")) {
            for (const auto& [key, value] : f["codes"].items()) {
                out << "  " << wxString::FromUTF8(key) << ": "
                    << wxString::FromUTF8(value.is_string() ? value.get<std::string>() : value.dump()) << "\n";
            }
        }
        if (const auto detail = text(f, "detail"); !detail.empty()) {
            out << "  " << wxString::Format(_("evidence: %s"), detail) << "\n";
        }
    }
    if (event.contains("delay_ms")) {
        out << "\n" << wxString::Format(_("Next attempt in %s ms"), text(event, "delay_ms")) << "\n";
    }
    if (event.contains("diagnosis")) {
        const auto& d = event["diagnosis"];
        out << "\n" << wxString::Format(_("Diagnosis of %s:%s"), text(d, "target"), text(d, "port")) << "\n";
        if (d.contains("layers")) {
            for (const auto& layer : d["layers"]) {
                out << "  " << text(layer, "name") << ": " << text(layer, "status") << "\n";
            }
        }
        if (d.contains("findings")) {
            for (const auto& finding : d["findings"]) {
                out << "  [" << text(finding, "severity") << "] " << text(finding, "id") << ": "
                    << shown(finding, "summary") << "\n";
            }
        }
        if (d.contains("verdict")) {
            const std::string cause = text(d["verdict"], "cause").utf8_string();
            out << wxString::Format(_("Verdict: %s (%s)"),
                                    wxString::FromUTF8(i18n::translated(describe_cause(cause))),
                                    wxString::FromUTF8(cause))
                << "\n"
                << wxString::Format(_("What to do: %s"), shown(d["verdict"], "fix")) << "\n";
        }
    }
    return out;
}

HistoryWindow::HistoryWindow(TrayApp& app)
    : wxFrame(nullptr, wxID_ANY, _("History - rdpmedic"), wxDefaultPosition, wxSize(820, 520)),
      m_app(app) {
    auto* panel = new wxPanel(this);
    m_status = new wxStaticText(panel, wxID_ANY, {});
    m_pages = new wxNotebook(panel, wxID_ANY);

    auto* split = new wxSplitterWindow(m_pages, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxSP_LIVE_UPDATE);
    m_list = new wxTreeListCtrl(split, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTL_SINGLE);
    m_list->AppendColumn(_("Time (UTC)"), 170);
    m_list->AppendColumn(_("Target"), 140);
    m_list->AppendColumn(_("Event"), 90);
    m_list->AppendColumn(_("Try"), 40);
    m_list->AppendColumn(_("What happened"), 360);
    m_details = new wxTextCtrl(split, wxID_ANY, {}, wxDefaultPosition, wxDefaultSize,
                               wxTE_MULTILINE | wxTE_READONLY | wxTE_DONTWRAP);
    split->SplitHorizontally(m_list, m_details, 260);
    split->SetMinimumPaneSize(60);
    m_pages->AddPage(split, _("Connections"));

    m_log = new wxTextCtrl(m_pages, wxID_ANY, {}, wxDefaultPosition, wxDefaultSize,
                           wxTE_MULTILINE | wxTE_READONLY | wxTE_DONTWRAP | wxTE_RICH2);
    m_pages->AddPage(m_log, _("Log"));
    for (const auto& line : app.log_lines()) {
        m_log->AppendText(line + "\n");
    }

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    auto* connect = new wxButton(panel, wxID_ANY, wxString::FromUTF8(i18n::tr("&Connect…")));
    auto* diagnose = new wxButton(panel, wxID_ANY, wxString::FromUTF8(i18n::tr("&Diagnose…")));
    auto* close = new wxButton(panel, wxID_CLOSE);
    buttons->Add(connect);
    buttons->Add(diagnose, 0, wxLEFT, 6);
    buttons->AddStretchSpacer();
    buttons->Add(close);

    auto* top = new wxBoxSizer(wxVERTICAL);
    top->Add(m_status, 0, wxEXPAND | wxALL, 8);
    top->Add(m_pages, 1, wxEXPAND | wxLEFT | wxRIGHT, 8);
    top->Add(buttons, 0, wxEXPAND | wxALL, 8);
    panel->SetSizer(top);

    m_list->Bind(wxEVT_TREELIST_SELECTION_CHANGED, &HistoryWindow::on_select, this);
    connect->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { m_app.show_connect(); });
    diagnose->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { m_app.show_diagnose(); });
    close->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { Close(); });
    hide_on_close(*this);
    close_on_escape(*this);
    refresh();
}

void HistoryWindow::refresh() {
    m_status->SetLabel(m_app.status_text());

    m_list->Freeze();
    m_list->DeleteAllItems();
    m_connection_rows.clear();
    const auto& sessions = m_app.history().sessions();
    const auto root = m_list->GetRootItem();
    wxTreeListItem newest;
    // Newest first: what the user just did is what they came to see. One row per connection,
    // its events (newest first) beneath it.
    for (auto session = sessions.rbegin(); session != sessions.rend(); ++session) {
        const auto& events = (*session)["events"];
        if (!events.is_array()) {
            continue;
        }
        int attempts = 0;
        for (const auto& event : events) {
            attempts = std::max(attempts, event.value("attempt", 0));
        }
        const auto row = m_list->AppendItem(root, short_time(text(*session, "started")));
        m_connection_rows.emplace_back(text(*session, "id").utf8_string(), row);
        m_list->SetItemText(row, 1, text(*session, "target"));
        m_list->SetItemText(row, 2, text(*session, "outcome"));
        m_list->SetItemText(row, 3, attempts > 0 ? wxString::Format("%d", attempts) : wxString());
        if (!events.empty()) {
            m_list->SetItemText(row, 4, summary(events.back()));
            m_list->SetItemData(row, new RowEvent(events.back()));
        }
        for (auto event = events.rbegin(); event != events.rend(); ++event) {
            // The date is the connection's, on its row: beneath it the time of day is enough.
            const auto item = m_list->AppendItem(row, short_time(text(*event, "at")).Mid(11));
            m_list->SetItemText(item, 1, text(*event, "target"));
            m_list->SetItemText(item, 2, text(*event, "event"));
            m_list->SetItemText(item, 3, text(*event, "attempt"));
            m_list->SetItemText(item, 4, summary(*event));
            m_list->SetItemData(item, new RowEvent(*event));
        }
        if (!newest.IsOk()) {
            newest = row;
        }
    }
    if (newest.IsOk()) {
        m_list->Expand(newest);
        m_list->Select(newest);
    }
    m_list->Thaw();
    if (newest.IsOk()) {
        show_details(newest);
    } else {
        m_details->SetValue(wxString::FromUTF8(i18n::tr("No connections yet. Use Connect… to start one.")));
    }
}

void HistoryWindow::show_details(const wxTreeListItem& item) {
    if (const auto* row = dynamic_cast<const RowEvent*>(m_list->GetItemData(item))) {
        m_details->SetValue(describe_event(row->event));
    } else {
        m_details->Clear();
    }
}

void HistoryWindow::show_connection(const std::string& id) {
    const auto found = std::find_if(m_connection_rows.begin(), m_connection_rows.end(),
                                    [&](const auto& row) { return row.first == id; });
    if (found == m_connection_rows.end()) {
        return;
    }
    show_history_page();
    m_list->Expand(found->second);
    m_list->Select(found->second);
    m_list->EnsureVisible(found->second);
    show_details(found->second);
    spdlog::info("history shows connection {}", id);
}

void HistoryWindow::append_log(const wxString& line) { m_log->AppendText(line + "\n"); }

void HistoryWindow::show_log_page() { m_pages->SetSelection(1); }

void HistoryWindow::show_history_page() { m_pages->SetSelection(0); }

void HistoryWindow::on_select(wxTreeListEvent& event) {
    if (event.GetItem().IsOk()) {
        show_details(event.GetItem());
    }
}

} // namespace rdpmedic::tray
