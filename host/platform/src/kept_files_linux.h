#pragma once
// The files of a kept session's folder, and how they are opened: without following links,
// only when they are this user's regular files, never more of them than asked.

#include "kept_files.h"

#include <filesystem>
#include <string>

namespace rdpmedic {

inline constexpr const char* kKeptLogFile = "client.log";
inline constexpr const char* kKeptStatusFile = "status";

/// A descriptor of `file` for reading when it is a regular file of this user that nobody else
/// can write; -1 with `why` otherwise. The caller closes it.
int open_own_file(const std::filesystem::path& file, std::string& why);

} // namespace rdpmedic
