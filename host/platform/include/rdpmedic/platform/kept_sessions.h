#pragma once
/// Clients kept running apart from the tray, so that quitting, a crash or an upgrade of the
/// tray does not end the user's sessions. Linux: each client runs under rdpmedic-session in a
/// session and process group of its own, its output in a log file instead of a pipe to the
/// tray; a folder per client under kept_sessions_directory() holds `record.json` (see
/// KeptSessionRecord), `client.log` and, once the client ended, `status`. Windows: mstsc is
/// left out of the kill-on-close job; finding it again is not done there (none are found).

#include "rdpmedic/core/kept_session_record.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rdpmedic {

/// STATE_DIR/sessions. Not created here.
std::filesystem::path kept_sessions_directory();

/// The session keeper, rdpmedic-session (RDPMEDIC_SESSION names another); empty when it is
/// missing, and always on Windows.
std::filesystem::path find_session_keeper();

struct KeptSession {
    std::filesystem::path folder;
    KeptSessionRecord record;
};

struct KeptSessionSearch {
    std::vector<KeptSession> running; ///< oldest first
    /// One line per folder or record refused (not this user's, a link, writable by others,
    /// garbage, too big), each left untouched.
    std::vector<std::string> refused;
};

/// The kept sessions in `directory` whose keeper still runs: a process of this user, started
/// at the recorded time, running `keeper` (also after an upgrade replaced it on disk). A
/// folder whose keeper has ended, or whose pid now belongs to another process, is removed
/// with its files.
KeptSessionSearch find_kept_sessions(const std::filesystem::path& directory, const std::filesystem::path& keeper);

/// A process's start time in clock ticks since boot; nullopt when there is no such process.
std::optional<std::uint64_t> process_start_time(int pid);

/// Whether `pid` is this user's process started at `start`, running `executable`.
bool is_running_program(int pid, std::uint64_t start, const std::filesystem::path& executable);

} // namespace rdpmedic
