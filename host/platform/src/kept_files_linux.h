#pragma once
// The files of a kept session's folder, and how they are opened: without following links,
// only when they are this user's regular files, never more of them than asked.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace rdpmedic {

inline constexpr const char* kKeptRecordFile = "record.json";
inline constexpr const char* kKeptLogFile = "client.log";
inline constexpr const char* kKeptStatusFile = "status";

/// A descriptor of `file` for reading when it is a regular file of this user that nobody else
/// can write; -1 with `why` otherwise. The caller closes it.
int open_own_file(const std::filesystem::path& file, std::string& why);

/// The whole of `file` when open_own_file() accepts it and it holds at most `max_bytes`.
std::optional<std::string> read_own_file(const std::filesystem::path& file, std::size_t max_bytes, std::string& why);

/// Removes a kept session's files and its folder; links are removed, never followed.
void remove_kept_folder(const std::filesystem::path& folder);

} // namespace rdpmedic
