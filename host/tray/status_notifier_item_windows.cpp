// Windows has no StatusNotifierWatcher: the item never shows and wxTaskBarIcon is the icon.
#include "status_notifier_item.h"

#include <wx/menu.h>

namespace rdpmedic::tray {

StatusNotifierItem::StatusNotifierItem(std::function<void(bool)> on_host_changed)
    : m_on_host_changed(std::move(on_host_changed)) {}

StatusNotifierItem::~StatusNotifierItem() = default;

void StatusNotifierItem::show_state(TrayState, const wxString&) {}

void StatusNotifierItem::set_menu(std::unique_ptr<wxMenu>) {}

} // namespace rdpmedic::tray
