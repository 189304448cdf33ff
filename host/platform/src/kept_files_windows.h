#pragma once
// Windows: mstsc keeps its own session. When the launcher starts it to outlive the tray, it
// gets a folder under kept_sessions_directory() holding `record.json` (mstsc's pid, creation
// time and path) and the .rdp file it was given; a tray started again finds the record and
// watches that process again through a handle.

#include "kept_files.h"
#include "rdpmedic/core/client.h"
#include "rdpmedic/platform/owned_handle_windows.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace rdpmedic {

/// The .rdp file the launcher wrote for a kept mstsc, kept as long as mstsc may read it.
inline constexpr const char* kKeptRdpFile = "connection.rdp";

/// Creates `directory` (if missing) and in it the new folder `name`, each with a DACL that
/// grants only the current user, nothing inherited. Throws std::system_error.
std::filesystem::path create_kept_folder(const std::filesystem::path& directory, const std::string& name);

/// A handle with PROCESS_QUERY_LIMITED_INFORMATION and `access` to `pid` when it is still
/// running, this user's (its token's user SID), created at `start` (GetProcessTimes) and
/// running `program` (QueryFullProcessImageNameW); empty otherwise. Once held, the handle
/// names that process and never another that reuses the pid.
OwnedHandle open_kept_process(int pid, std::uint64_t start, const std::filesystem::path& program,
                              unsigned long access);

/// The creation time of a process handle in 100 ns units since 1601; nullopt when unknown.
std::optional<std::uint64_t> creation_time(void* process);

/// The full path of the program a process handle runs; empty when it cannot be read.
std::filesystem::path process_image(void* process);

/// A launcher whose one launch() watches `session`'s mstsc (see ClientSettings::attach_to).
std::unique_ptr<ClientLauncher> make_kept_mstsc_launcher(KeptSession session);

} // namespace rdpmedic
