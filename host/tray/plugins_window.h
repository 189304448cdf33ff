#pragma once
/// The plugins window (menu: Plugins…): every plugin folder discovery finds, with its id,
/// version, ABI, signer and whether it may load, and why not. The user turns loadable plugins
/// on and off and sets the order in which the ones that apply are tried; each change is handed
/// on at once to be saved. Reads manifests and signatures only; no plugin code is loaded.

#include <wx/frame.h>

#include <functional>
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
    /// `disabled`: ids turned off. `on_arranged` gets both after every change.
    using Arranged = std::function<void(std::vector<std::string> order, std::vector<std::string> disabled)>;
    PluginsWindow(std::vector<std::string> order, std::vector<std::string> disabled, Arranged on_arranged);

    /// Runs discovery again and refills the list.
    void refresh();

  private:
    void fill();
    void on_checked(wxListEvent& event, bool on);
    /// The id of the selected row when it is a loadable plugin, else "".
    std::string selected_loadable() const;
    void select(const std::string& id);
    void toggle_selected();
    void move_selected(int step);
    void changed();

    Arranged m_on_arranged;
    std::vector<std::string> m_order;
    std::vector<std::string> m_disabled;
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
