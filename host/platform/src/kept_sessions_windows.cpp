// Windows keeps no session folders: mstsc is only left out of the kill-on-close job, and a
// tray started again does not look for the mstsc processes an earlier one started.
#include "rdpmedic/platform/kept_sessions.h"

#include "rdpmedic/platform/state_dirs.h"

namespace rdpmedic {

std::filesystem::path kept_sessions_directory() { return state_directory() / "sessions"; }

std::filesystem::path find_session_keeper() { return {}; }

KeptSessionSearch find_kept_sessions(const std::filesystem::path&, const std::filesystem::path&) { return {}; }

std::optional<std::uint64_t> process_start_time(int) { return std::nullopt; }

bool is_running_program(int, std::uint64_t, const std::filesystem::path&) { return false; }

} // namespace rdpmedic
