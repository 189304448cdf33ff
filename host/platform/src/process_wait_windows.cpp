#include "rdpmedic/platform/process_wait_windows.h"

namespace rdpmedic {

ProcessWait wait_for_process_or_cancel(HANDLE process, HANDLE cancel, std::chrono::milliseconds grace) {
    const HANDLE both[2] = {process, cancel};
    const DWORD woke = WaitForMultipleObjects(2, both, FALSE, INFINITE);
    if (woke != WAIT_OBJECT_0 + 1) {
        // Ended, or the cancel handle is unusable: then only the process can end the wait.
        WaitForSingleObject(process, INFINITE);
        return ProcessWait::ended;
    }
    if (WaitForSingleObject(process, static_cast<DWORD>(grace.count())) == WAIT_OBJECT_0) {
        return ProcessWait::ended_after_cancel;
    }
    TerminateProcess(process, ERROR_CANCELLED);
    WaitForSingleObject(process, INFINITE);
    return ProcessWait::stopped;
}

} // namespace rdpmedic
