#include "rdpmedic/platform/process_hardening.h"
#include "tray_app.h"

// A GUI-subsystem program: there is no console for --help anyway. WinMain is written out (as
// wxIMPLEMENT_APP would) so that DLL search hardening comes before wx loads anything.
wxIMPLEMENT_WX_THEME_SUPPORT wxIMPLEMENT_APP_NO_MAIN(rdpmedic::tray::TrayApp);

extern "C" int WINAPI WinMain(HINSTANCE instance, HINSTANCE previous, wxCmdLineArgType command_line,
                              int show) {
    rdpmedic::harden_process();
    wxDISABLE_DEBUG_SUPPORT();
    return wxEntry(instance, previous, command_line, show);
}
