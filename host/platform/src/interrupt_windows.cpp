// Console control events (Ctrl+C, Ctrl+Break, the console window closed, logoff, shutdown)
// arrive on a thread the system creates for them, which suits the callback's contract.
#include "rdpmedic/platform/interrupt.h"
#include "rdpmedic/platform/windows_api.h"

namespace rdpmedic {

namespace {

/// After a close, logoff or shutdown event Windows ends the process as soon as the handler
/// returns (and after about 5 s anyway); waiting here gives main the time to stop the client
/// and finish the journal. main returning ends the process earlier.
constexpr DWORD kShutdownGraceMs = 4500;

std::function<void()>& stored_callback() {
    static std::function<void()> callback;
    return callback;
}

BOOL WINAPI console_handler(DWORD event) {
    if (stored_callback()) {
        stored_callback()();
    }
    if (event == CTRL_CLOSE_EVENT || event == CTRL_LOGOFF_EVENT || event == CTRL_SHUTDOWN_EVENT) {
        Sleep(kShutdownGraceMs);
    }
    return TRUE;
}

} // namespace

void on_interrupt(std::function<void()> callback) {
    stored_callback() = std::move(callback);
    SetConsoleCtrlHandler(console_handler, TRUE);
}

} // namespace rdpmedic
