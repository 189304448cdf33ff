#pragma once
/// Running one of the system's own command-line tools (resolvectl, ip, netsh) to its end, for
/// the elevated helper's changes.

#include <chrono>
#include <string>
#include <vector>

namespace rdpmedic {

/// Runs argv (argv[0] an absolute path) with nothing on its stdin and waits up to `limit`.
/// Returns its output; throws std::runtime_error naming the command when
/// it does not finish in time or exits with another code than 0 (with its last output).
std::string run_system_tool(const std::vector<std::string>& argv, std::chrono::seconds limit);

} // namespace rdpmedic
