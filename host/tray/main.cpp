#include "tray_app.h"

#include <wx/init.h>

wxIMPLEMENT_APP_NO_MAIN(rdpmedic::tray::TrayApp);

int main(int argc, char** argv) {
    if (const auto code = rdpmedic::tray::answer_without_display(argc, argv)) {
        return *code;
    }
    return wxEntry(argc, argv);
}
