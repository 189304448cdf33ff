#pragma once
/// Escape closes a window, as it does a dialog; other keys go on to the window's controls.

#include <wx/toplevel.h>

namespace rdpmedic::tray {

inline void close_on_escape(wxTopLevelWindow& window) {
    window.Bind(wxEVT_CHAR_HOOK, [&window](wxKeyEvent& key) {
        if (key.GetKeyCode() == WXK_ESCAPE) {
            window.Close();
        } else {
            key.Skip();
        }
    });
}

} // namespace rdpmedic::tray
