#include "plugins_window.h"

#include "close_on_escape.h"

#include "rdpmedic/plugins/discovery.h"
#include "rdpmedic/plugins/plugin_paths.h"
#include "rdpmedic/plugins/trust_store.h"

#include <spdlog/spdlog.h>

#include <wx/button.h>
#include <wx/listctrl.h>
#include <wx/panel.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include <exception>

namespace rdpmedic::tray {

PluginsWindow::PluginsWindow()
    : wxFrame(nullptr, wxID_ANY, "rdpmedic: plugins", wxDefaultPosition, wxSize(900, 360)) {
    auto* panel = new wxPanel(this);
    auto* note = new wxStaticText(panel, wxID_ANY,
                                  "Read-only: plugins are listed here, not enabled or disabled; "
                                  "no plugin code is loaded to list them.");
    m_summary = new wxStaticText(panel, wxID_ANY, {});
    m_list = new wxListCtrl(panel, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_SINGLE_SEL);
    m_list->AppendColumn("Id", wxLIST_FORMAT_LEFT, 180);
    m_list->AppendColumn("Version", wxLIST_FORMAT_LEFT, 70);
    m_list->AppendColumn("ABI", wxLIST_FORMAT_LEFT, 50);
    m_list->AppendColumn("Signer", wxLIST_FORMAT_LEFT, 140);
    m_list->AppendColumn("Status", wxLIST_FORMAT_LEFT, 80);
    m_list->AppendColumn("Reason", wxLIST_FORMAT_LEFT, 360);

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    auto* again = new wxButton(panel, wxID_REFRESH);
    auto* close = new wxButton(panel, wxID_CLOSE);
    buttons->Add(again);
    buttons->AddStretchSpacer();
    buttons->Add(close);

    auto* top = new wxBoxSizer(wxVERTICAL);
    top->Add(note, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 8);
    top->Add(m_summary, 0, wxEXPAND | wxALL, 8);
    top->Add(m_list, 1, wxEXPAND | wxLEFT | wxRIGHT, 8);
    top->Add(buttons, 0, wxEXPAND | wxALL, 8);
    panel->SetSizer(top);

    again->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { refresh(); });
    close->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { Close(); });
    Bind(wxEVT_CLOSE_WINDOW, &PluginsWindow::on_close, this);
    close_on_escape(*this);
    refresh();
}

void PluginsWindow::refresh() {
    m_list->Freeze();
    m_list->DeleteAllItems();
    try {
        const plugins::PluginPaths paths = plugins::default_plugin_paths();
        const plugins::TrustStore trust = plugins::TrustStore::load(paths.trust_dirs());
        const auto found = plugins::discover_plugins(
            paths.plugin_dirs(), trust, {plugins::developer_allows_unsigned(paths.developer_settings)});
        int loadable = 0;
        for (const auto& plugin : found) {
            const long row = m_list->GetItemCount();
            const auto& manifest = plugin.manifest;
            m_list->InsertItem(row, wxString::FromUTF8(manifest ? manifest->id : plugin.dir.filename().string()));
            m_list->SetItem(row, 1, manifest ? wxString::FromUTF8(manifest->version) : wxString("?"));
            m_list->SetItem(row, 2, manifest ? wxString::FromUTF8(manifest->abi.to_string()) : wxString("?"));
            m_list->SetItem(row, 3,
                            manifest && !manifest->signer.empty() ? wxString::FromUTF8(manifest->signer)
                                                                  : wxString("(unsigned)"));
            m_list->SetItem(row, 4, plugin.loadable() ? "loadable" : "refused");
            m_list->SetItem(row, 5, plugin.loadable() ? wxString() : wxString::FromUTF8(plugin.message));
            loadable += plugin.loadable() ? 1 : 0;
        }
        const int total = static_cast<int>(found.size());
        if (found.empty()) {
            m_summary->SetLabel("No plugins in " + wxString::FromUTF8(paths.system_plugins.string()) + " or " +
                                wxString::FromUTF8(paths.user_plugins.string()));
        } else {
            m_summary->SetLabel(wxString::Format("%d plugin folder(s) found; %d loadable, %d refused", total,
                                                 loadable, total - loadable));
        }
        spdlog::info("plugins window: {} plugin folder(s) listed", found.size());
    } catch (const std::exception& error) {
        m_summary->SetLabel("Plugins could not be listed: " + wxString::FromUTF8(error.what()));
        spdlog::error("plugins window: {}", error.what());
    }
    m_list->Thaw();
    Layout();
}

void PluginsWindow::on_close(wxCloseEvent& event) {
    // Hidden rather than destroyed, like the history window; reopening lists afresh.
    if (event.CanVeto()) {
        event.Veto();
        Hide();
        return;
    }
    event.Skip();
}

} // namespace rdpmedic::tray
