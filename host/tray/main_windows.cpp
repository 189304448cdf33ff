#include "tray_app.h"

// A GUI-subsystem program: wx provides WinMain, and there is no console for --help anyway.
wxIMPLEMENT_APP(rdpmedic::tray::TrayApp);
