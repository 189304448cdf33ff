#pragma once
// How a worker or helper process ended, in words for the user.

#include <string>

namespace rdpmedic {

/// `code` and `ended_from_outside` as ChildProcess::wait() and ended_by_signal() give them.
/// Linux: "signal 11 (SIGSEGV)" or "exit code 3". Windows: "exception 0xC0000005 (access
/// violation)", "terminated", or "exit code 3".
std::string describe_process_end(int code, bool ended_from_outside);

} // namespace rdpmedic
