#include "plugins_window.h"

#include "policy_marks.h"
#include "rdpmedic/app/allowed_plugins.h"
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/core/plugin_choice.h"
#include "rdpmedic/i18n/translate.h"
#include "rdpmedic/plugins/discovery.h"
#include "rdpmedic/plugins/plugin_paths.h"
#include "window_behaviour.h"

#include <algorithm>
#include <exception>
#include <spdlog/spdlog.h>
#include <wx/button.h>
#include <wx/listctrl.h>
#include <wx/panel.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/translation.h>

namespace rdpmedic::tray {

namespace {

enum Column { kId, kVersion, kAbi, kSigner, kStatus, kLastResult, kReason };

bool contains(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

} // namespace

PluginsWindow::PluginsWindow(std::vector<std::string> order, std::vector<std::string> disabled,
                             EffectiveSettings effective, const History& history, Arranged on_arranged)
    : wxFrame(nullptr, wxID_ANY, _("rdpmedic: plugins"), wxDefaultPosition, wxSize(1250, 400)),
      m_on_arranged(std::move(on_arranged)), m_effective(std::move(effective)), m_history(history),
      m_order(std::move(order)), m_disabled(std::move(disabled)) {
    auto* panel = new wxPanel(this);
    m_summary = new wxStaticText(panel, wxID_ANY, {});
    m_list = new wxListCtrl(panel, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_SINGLE_SEL);
    m_list->EnableCheckBoxes();
    m_list->AppendColumn(_("Id"), wxLIST_FORMAT_LEFT, 250);
    m_list->AppendColumn(_("Version"), wxLIST_FORMAT_LEFT, 70);
    m_list->AppendColumn("ABI", wxLIST_FORMAT_LEFT, 50);
    m_list->AppendColumn(_("Signer"), wxLIST_FORMAT_LEFT, 140);
    m_list->AppendColumn(_("Status"), wxLIST_FORMAT_LEFT, 100);
    m_list->AppendColumn(_("Last result"), wxLIST_FORMAT_LEFT, 330);
    m_list->AppendColumn(_("Reason"), wxLIST_FORMAT_LEFT, 270);

    m_toggle = new wxButton(panel, wxID_ANY, _("Turn &on/off"));
    m_up = new wxButton(panel, wxID_ANY, _("Move &up"));
    m_down = new wxButton(panel, wxID_ANY, _("Move &down"));
    m_ranked = new wxButton(panel, wxID_ANY, _("&Best score first"));
    m_ranked->SetToolTip(_("Forget your order: the strategies that apply are tried best score first"));
    auto* again = new wxButton(panel, wxID_REFRESH);
    auto* close = new wxButton(panel, wxID_CLOSE);
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    for (auto* button : {m_toggle, m_up, m_down, m_ranked}) {
        buttons->Add(button, 0, wxRIGHT, 6);
    }
    buttons->AddStretchSpacer();
    buttons->Add(again, 0, wxRIGHT, 6);
    buttons->Add(close);

    auto* top = new wxBoxSizer(wxVERTICAL);
    top->Add(m_summary, 0, wxEXPAND | wxALL, 8);
    top->Add(m_list, 1, wxEXPAND | wxLEFT | wxRIGHT, 8);
    top->Add(buttons, 0, wxEXPAND | wxALL, 8);
    panel->SetSizer(top);

    m_toggle->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { toggle_selected(); });
    m_up->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { move_selected(-1); });
    m_down->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { move_selected(+1); });
    m_ranked->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (order_by_policy()) {
            return;
        }
        const std::string keep = selected_loadable();
        m_order.clear();
        changed();
        select(keep);
    });
    again->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { refresh(); });
    close->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { Close(); });
    m_list->Bind(wxEVT_LIST_ITEM_CHECKED, [this](wxListEvent& event) { on_checked(event, true); });
    m_list->Bind(wxEVT_LIST_ITEM_UNCHECKED, [this](wxListEvent& event) { on_checked(event, false); });
    hide_on_close(*this);
    close_on_escape(*this);
    refresh();
    m_list->SetFocus();
}

void PluginsWindow::refresh() {
    m_results = last_plugin_results(m_history.sessions());
    m_found.clear();
    try {
        const plugins::PluginPaths paths = plugins::default_plugin_paths();
        // As a connection finds them: only the publisher keys the policy allows count.
        const auto found = app::discover_allowed_plugins(paths, m_effective.settings.trusted_publisher_keys);
        m_where = wxString::Format(_("%s or %s"), wxString::FromUTF8(utf8_text(paths.system_plugins)),
                                   wxString::FromUTF8(utf8_text(paths.user_plugins)));
        for (const auto& plugin : found) {
            const auto& manifest = plugin.manifest;
            Found row;
            row.id = manifest ? manifest->id : utf8_text(plugin.dir.filename());
            row.version = manifest ? wxString::FromUTF8(manifest->version) : wxString("?");
            row.abi = manifest ? wxString::FromUTF8(manifest->abi.to_string()) : wxString("?");
            row.signer = manifest && !manifest->signer.empty() ? wxString::FromUTF8(manifest->signer)
                                                               : _("(unsigned)");
            row.loadable = plugin.loadable() && manifest.has_value();
            row.reason = row.loadable ? wxString() : wxString::FromUTF8(plugin.message);
            if (!row.loadable) {
                spdlog::info("plugins window: {}", plugin.message);
            }
            m_found.push_back(std::move(row));
        }
        spdlog::info("plugins window: {} plugin folder(s) listed from {} and {}", found.size(),
                     utf8_text(paths.system_plugins), utf8_text(paths.user_plugins));
    } catch (const std::exception& error) {
        m_where = wxString::Format(_("Plugins could not be listed: %s"), wxString::FromUTF8(error.what()));
        spdlog::error("plugins window: {}", error.what());
    }
    fill();
}

void PluginsWindow::fill() {
    const std::string keep = selected_loadable();
    std::vector<std::string> ids;
    for (const auto& found : m_found) {
        if (found.loadable) {
            ids.push_back(found.id);
        }
    }
    m_loadable = arrange_plugins(ids, order_in_effect());
    m_rows = m_loadable;
    for (const auto& found : m_found) {
        if (!found.loadable) {
            m_rows.push_back(found.id);
        }
    }

    m_filling = true;
    m_list->Freeze();
    m_list->DeleteAllItems();
    int on = 0;
    const wxString held_text = set_by_policy_text(m_effective, "plugins_disabled");
    for (const auto& id : m_rows) {
        const auto found = std::find_if(m_found.begin(), m_found.end(), [&](const Found& f) { return f.id == id; });
        const long row = m_list->GetItemCount();
        m_list->InsertItem(row, wxString::FromUTF8(id));
        m_list->SetItem(row, kVersion, found->version);
        m_list->SetItem(row, kAbi, found->abi);
        m_list->SetItem(row, kSigner, found->signer);
        const bool enabled = found->loadable && !contains(disabled_in_effect(), id);
        const bool held = found->loadable && enablement_by_policy();
        m_list->CheckItem(row, enabled);
        m_list->SetItem(row, kStatus,
                        !found->loadable ? _("refused")
                        : enabled        ? (held ? _("on (policy)") : _("on"))
                                         : (held ? _("off (policy)") : _("off")));
        m_list->SetItem(row, kLastResult, wxString::FromUTF8(last_result(id)));
        m_list->SetItem(row, kReason, held ? held_text : found->reason);
        on += enabled ? 1 : 0;
    }
    m_list->Thaw();
    m_filling = false;
    log_rows();

    const int total = static_cast<int>(m_found.size());
    const int loadable = static_cast<int>(m_loadable.size());
    if (m_found.empty()) {
        m_summary->SetLabel(wxString::Format(_("No plugins in %s"), m_where));
    } else {
        wxString summary =
            wxString::Format(wxPLURAL("%d plugin folder: %d loadable (%d on), %d refused. ",
                                      "%d plugin folders: %d loadable (%d on), %d refused. ", total),
                             total, loadable, on, total - loadable) +
            (order_by_policy()           ? _("Strategies that apply are tried in the order listed, which is "
                                             "set by your organization.")
             : order_in_effect().empty() ? _("Strategies that apply are tried best score first; move one to set your "
                                             "own order.")
                                         : _("Strategies that apply are tried in the order listed."));
        // On a line of its own: the first is as wide as the window already.
        wxString held;
        if (enablement_by_policy()) {
            held += _("Which plugins are on is set by your organization's policy. ");
        }
        if (!m_effective.settings.trusted_publisher_keys.empty()) {
            held += _("Only plugins signed by the publisher keys your organization's policy allows may load.");
        }
        if (!held.empty()) {
            summary += "\n" + held;
        }
        m_summary->SetLabel(summary);
    }
    select(keep.empty() && !m_rows.empty() ? m_rows.front() : keep);
    Layout();
}

void PluginsWindow::show_last_results() {
    m_results = last_plugin_results(m_history.sessions());
    bool changed = false;
    for (long row = 0; row < m_list->GetItemCount(); ++row) {
        const wxString text = wxString::FromUTF8(last_result(m_rows[static_cast<std::size_t>(row)]));
        if (m_list->GetItemText(row, kLastResult) != text) {
            m_list->SetItem(row, kLastResult, text);
            changed = true;
        }
    }
    // Called for every event of a running connection: only a change is worth a log line.
    if (changed) {
        log_rows();
    }
}

std::string PluginsWindow::last_result(const std::string& id) const {
    const auto it = m_results.find(id);
    return it == m_results.end() ? std::string(i18n::tr(kNeverUsed))
                                 : describe(it->second, i18n::tr);
}

void PluginsWindow::log_rows() const {
    std::string listed;
    for (long row = 0; row < m_list->GetItemCount(); ++row) {
        listed += (row == 0 ? "" : " | ") + m_rows[static_cast<std::size_t>(row)] + " " +
                  m_list->GetItemText(row, kStatus).utf8_string() + " [" +
                  m_list->GetItemText(row, kLastResult).utf8_string() + "]";
    }
    spdlog::info("plugins window rows: {}", listed);
}

std::string PluginsWindow::selected_loadable() const {
    if (!m_list) {
        return {};
    }
    const long row = m_list->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
    if (row < 0 || static_cast<std::size_t>(row) >= m_loadable.size()) {
        return {};
    }
    return m_loadable[static_cast<std::size_t>(row)];
}

void PluginsWindow::select(const std::string& id) {
    const auto it = std::find(m_rows.begin(), m_rows.end(), id);
    const bool can_change = it != m_rows.end() && contains(m_loadable, id);
    if (it != m_rows.end()) {
        const long row = it - m_rows.begin();
        m_list->SetItemState(row, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED,
                             wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
        m_list->EnsureVisible(row);
    }
    m_toggle->Enable(can_change);
    m_up->Enable(can_change && id != m_loadable.front());
    m_down->Enable(can_change && id != m_loadable.back());
    m_ranked->Enable(!m_order.empty());
    mark_if_set_by_policy(m_toggle, m_effective, "plugins_disabled");
    for (auto* button : {m_up, m_down, m_ranked}) {
        mark_if_set_by_policy(button, m_effective, "plugin_order");
    }
}

const std::vector<std::string>& PluginsWindow::order_in_effect() const {
    return order_by_policy() ? m_effective.settings.plugin_order : m_order;
}

const std::vector<std::string>& PluginsWindow::disabled_in_effect() const {
    return enablement_by_policy() ? m_effective.settings.plugins_disabled : m_disabled;
}

bool PluginsWindow::enablement_by_policy() const { return m_effective.set_by_policy("plugins_disabled"); }

bool PluginsWindow::order_by_policy() const { return m_effective.set_by_policy("plugin_order"); }

void PluginsWindow::on_checked(wxListEvent& event, bool on) {
    if (m_filling) {
        return;
    }
    const auto row = static_cast<std::size_t>(event.GetIndex());
    if (row >= m_loadable.size()) {
        // A refused plugin never loads; its box stays empty.
        CallAfter([this] { fill(); });
        return;
    }
    if (enablement_by_policy()) {
        // A check box cannot be disabled alone: the click is undone instead.
        spdlog::info("plugins window: {} stays {}: set by your organization's policy", m_loadable[row],
                     on ? "off" : "on");
        CallAfter([this] { fill(); });
        return;
    }
    const std::string& id = m_loadable[row];
    std::erase(m_disabled, id);
    if (!on) {
        m_disabled.push_back(id);
    }
    CallAfter([this, id] {
        changed();
        select(id);
    });
}

void PluginsWindow::toggle_selected() {
    const std::string id = selected_loadable();
    if (id.empty() || enablement_by_policy()) {
        return;
    }
    if (contains(m_disabled, id)) {
        std::erase(m_disabled, id);
    } else {
        m_disabled.push_back(id);
    }
    changed();
    select(id);
}

void PluginsWindow::move_selected(int step) {
    const std::string id = selected_loadable();
    if (id.empty() || order_by_policy()) {
        return;
    }
    // The first move turns the list as shown into the user's order.
    std::vector<std::string> order = m_loadable;
    if (!move_plugin(order, id, step)) {
        return;
    }
    m_order = std::move(order);
    changed();
    select(id);
}

void PluginsWindow::changed() {
    fill();
    if (m_on_arranged) {
        m_on_arranged(m_order, m_disabled);
    }
}

} // namespace rdpmedic::tray
