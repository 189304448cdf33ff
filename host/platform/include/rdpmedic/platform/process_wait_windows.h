#pragma once
/// Windows only: waiting for a process (the elevated helper) that the user may stop waiting
/// for (Cancel, Quit).

#include "rdpmedic/platform/windows_api.h"

#include <chrono>

namespace rdpmedic {

enum class ProcessWait {
    ended,              ///< the process ended; nobody cancelled
    ended_after_cancel, ///< cancelled, and the process ended by itself within the grace time
    stopped,            ///< cancelled, and the process was terminated after the grace time
};

/// Waits until `process` ends or `cancel` (an event) is set. After a cancel the process has
/// `grace` to finish what it is doing (a registry change takes milliseconds), then it is
/// terminated and waited for. `process` needs SYNCHRONIZE and PROCESS_TERMINATE; a null
/// `cancel` leaves the process alone to end the wait.
ProcessWait wait_for_process_or_cancel(HANDLE process, HANDLE cancel, std::chrono::milliseconds grace);

} // namespace rdpmedic
