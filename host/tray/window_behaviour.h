#pragma once
/// How the tray's own windows (history, plugins) behave, written once for all of them.

#include <wx/toplevel.h>

namespace rdpmedic::tray {

/// Escape closes a window, as it does a dialog; other keys go on to the window's controls.
inline void close_on_escape(wxTopLevelWindow& window) {
    window.Bind(wxEVT_CHAR_HOOK, [&window](wxKeyEvent& key) {
        if (key.GetKeyCode() == WXK_ESCAPE) {
            window.Close();
        } else {
            key.Skip();
        }
    });
}

/// Closing hides the window rather than destroying it, so reopening it from the menu is
/// instant and keeps what it holds; a close that cannot be vetoed (the app quitting) goes on.
inline void hide_on_close(wxTopLevelWindow& window) {
    window.Bind(wxEVT_CLOSE_WINDOW, [&window](wxCloseEvent& event) {
        if (event.CanVeto()) {
            event.Veto();
            window.Hide();
            return;
        }
        event.Skip();
    });
}

} // namespace rdpmedic::tray
