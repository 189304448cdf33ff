#include "rdpmedic/platform/utf8_console.h"
#include "rdpmedic/platform/windows_api.h"

#include <cstdlib>

namespace rdpmedic {

namespace {

UINT previous_output_code_page = 0;

void restore_output_code_page() { SetConsoleOutputCP(previous_output_code_page); }

} // namespace

void use_utf8_console_output() {
    // 0: no console (started from Explorer, or output redirected by a service).
    previous_output_code_page = GetConsoleOutputCP();
    if (previous_output_code_page == 0 || previous_output_code_page == CP_UTF8) {
        return;
    }
    if (SetConsoleOutputCP(CP_UTF8)) {
        std::atexit(restore_output_code_page);
    }
}

} // namespace rdpmedic
