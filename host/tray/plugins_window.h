#pragma once
/// The plugins window (menu: Plugins…): every plugin folder discovery finds, with its id,
/// version, ABI, signer and whether it may load, and why not. Reads manifests and
/// signatures only; no plugin code is loaded. Read-only.

#include <wx/frame.h>

class wxListCtrl;
class wxStaticText;

namespace rdpmedic::tray {

class PluginsWindow : public wxFrame {
  public:
    PluginsWindow();

    /// Runs discovery again and refills the list.
    void refresh();

  private:
    void on_close(wxCloseEvent& event);

    wxStaticText* m_summary = nullptr;
    wxListCtrl* m_list = nullptr;
};

} // namespace rdpmedic::tray
