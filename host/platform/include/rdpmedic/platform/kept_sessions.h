#pragma once
/// Clients kept running apart from the tray, so that quitting, a crash or an upgrade of the
/// tray does not end the user's sessions. Linux: each client runs under rdpmedic-session in a
/// session and process group of its own, its output in a log file instead of a pipe to the
/// tray; a folder per client under kept_sessions_directory() holds `record.json` (see
/// KeptSessionRecord), `client.log` and, once the client ended, `status`. Windows: mstsc keeps
/// its own session, started outside any kill-on-close job; its folder holds `record.json`
/// (mstsc's pid, creation time and path) and the .rdp file it was given, and a tray started
/// again watches that process through a handle (kept_files_windows.h).

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
/// missing, and always on Windows, where mstsc needs none.
std::filesystem::path find_session_keeper();

/// Whether the clients started now can outlive the tray and be found again: Linux while the
/// keeper is installed, Windows always. Quit asks whether to leave them running only then.
bool sessions_outlive_the_tray();

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
/// at the recorded time, running `keeper` (also after an upgrade replaced it on disk; Windows:
/// `keeper` is not used, the process must run the record's `program`). A folder whose keeper
/// has ended, or whose pid now belongs to another process, is removed with its files.
KeptSessionSearch find_kept_sessions(const std::filesystem::path& directory, const std::filesystem::path& keeper);

/// A process's start time (Linux: clock ticks since boot; Windows: its creation time in 100 ns
/// units since 1601); nullopt when there is no such process.
std::optional<std::uint64_t> process_start_time(int pid);

/// Whether `pid` is this user's process started at `start`, running `executable`.
bool is_running_program(int pid, std::uint64_t start, const std::filesystem::path& executable);

} // namespace rdpmedic
