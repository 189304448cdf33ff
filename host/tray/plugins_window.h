#pragma once
/// The plugins window (menu: Plugins…): every plugin folder discovery finds, with its id,
/// version, ABI, signer, whether it may load and why not, and what it did the last time a
/// connection used it (from the history). The user turns loadable plugins on and off and sets
/// the order in which the ones that apply are tried; each change is handed on at once to be
/// saved. What the organization's policy holds (which plugins are off, their order, the
/// publisher keys that count) is shown as the connection uses it, and its controls are
/// disabled, saying so; the user's own choice is kept for when the policy goes away. Reads
/// manifests and signatures only; no plugin code is loaded.

#include "plugin_last_results.h"

#include "rdpmedic/core/history.h"
#include "rdpmedic/core/policy.h"

#include <wx/frame.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

class wxButton;
class wxListCtrl;
class wxListEvent;
class wxStaticText;

namespace rdpmedic::tray {

class PluginsWindow : public wxFrame {
  public:
    /// One plugin folder as discovery saw it.
    struct Found {
        std::string id;
        wxString version, abi, signer;
        bool loadable = false;
        wxString reason; ///< why it may not load
    };

    /// `order`: plugin ids the user arranged, first tried first (empty: best score first);
    /// `disabled`: ids turned off. `on_arranged` gets both after every change. `effective`:
    /// the settings in use, for what the policy holds of them. `history` is the app's, which
    /// outlives the window.
    using Arranged = std::function<void(std::vector<std::string> order, std::vector<std::string> disabled)>;
    PluginsWindow(std::vector<std::string> order, std::vector<std::string> disabled, EffectiveSettings effective,
                  const History& history, Arranged on_arranged);

    /// Runs discovery again (the trusted keys may have changed) and refills the list.
    void refresh();
    /// Reads the history again for the "Last result" column; discovery is not run.
    void show_last_results();

  private:
    void fill();
    std::string last_result(const std::string& id) const;
    /// The rows as shown, in the log: what the user saw, for support and for the GUI tests.
    void log_rows() const;
    void on_checked(wxListEvent& event, bool on);
    /// The id of the selected row when it is a loadable plugin, else "".
    std::string selected_loadable() const;
    void select(const std::string& id);
    void toggle_selected();
    void move_selected(int step);
    void changed();
    /// The order and the plugins turned off as the connection takes them: the policy's when it
    /// sets them, else the user's.
    const std::vector<std::string>& order_in_effect() const;
    const std::vector<std::string>& disabled_in_effect() const;
    /// Whether the policy holds which plugins are on, or their order.
    bool enablement_by_policy() const;
    bool order_by_policy() const;

    Arranged m_on_arranged;
    EffectiveSettings m_effective;
    const History& m_history;
    std::map<std::string, PluginLastResult> m_results; ///< by plugin id
    std::vector<std::string> m_order;    ///< the user's own
    std::vector<std::string> m_disabled; ///< the user's own
    std::vector<Found> m_found;          ///< as discovered
    std::vector<std::string> m_loadable; ///< ids that may load, in the order shown
    std::vector<std::string> m_rows;     ///< the id on each row
    wxString m_where;                    ///< the plugin folders, for an empty list
    bool m_filling = false;              ///< checkbox events while filling are not the user's
    wxStaticText* m_summary = nullptr;
    wxListCtrl* m_list = nullptr;
    wxButton* m_toggle = nullptr;
    wxButton* m_up = nullptr;
    wxButton* m_down = nullptr;
    wxButton* m_ranked = nullptr;
};

} // namespace rdpmedic::tray
