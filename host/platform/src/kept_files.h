#pragma once
// What finding kept sessions needs from each platform (kept_sessions_linux.cpp,
// kept_sessions_windows.cpp), and the search itself, which is the same on both.

#include "rdpmedic/platform/kept_sessions.h"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace rdpmedic {

inline constexpr const char* kKeptRecordFile = "record.json";

/// Whether `path` itself (not what a link points to) is a folder of this user nobody else can
/// write; `why` says what is wrong otherwise.
bool own_private_folder(const std::filesystem::path& path, std::string& why);

/// The whole of `file` when it is a regular file of this user that nobody else can write,
/// opened without following links, holding at most `max_bytes`; nullopt with `why` otherwise.
std::optional<std::string> read_own_file(const std::filesystem::path& file, std::size_t max_bytes, std::string& why);

/// Removes a kept session's files and its folder; links are removed, never followed.
void remove_kept_folder(const std::filesystem::path& folder);

/// find_kept_sessions() with the platform's test of whether a record's process still runs.
KeptSessionSearch find_kept_sessions_in(const std::filesystem::path& directory,
                                        const std::function<bool(const KeptSessionRecord&)>& still_runs);

} // namespace rdpmedic
