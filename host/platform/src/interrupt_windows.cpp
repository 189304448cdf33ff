#include "rdpmedic/platform/interrupt.h"

#define NOMINMAX
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

namespace rdpmedic {

namespace {
std::function<void()>& stored_callback() {
    static std::function<void()> callback;
    return callback;
}

BOOL WINAPI console_handler(DWORD) {
    if (stored_callback()) {
        stored_callback()();
    }
    return TRUE;
}
} // namespace

void on_interrupt(std::function<void()> callback) {
    stored_callback() = std::move(callback);
    SetConsoleCtrlHandler(console_handler, TRUE);
}

} // namespace rdpmedic
