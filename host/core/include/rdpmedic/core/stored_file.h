#pragma once
/// Files the user would miss if they were lost (settings, history): written whole to a
/// temporary file and renamed over the old one, so a crash leaves either the old or the new
/// file, never half of one; a file that cannot be read is kept aside, never overwritten.

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

namespace rdpmedic {

/// what() names the file and what to do.
class StoredFileError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Writes `contents` to `file.tmp`, flushes it to disk and renames it to `file`; creates the
/// directory if needed. Throws StoredFileError.
void write_file_atomically(const std::filesystem::path& file, const std::string& contents);

/// The whole file, or nullopt when it does not exist. Throws StoredFileError when it exists
/// but cannot be read.
std::optional<std::string> read_stored_file(const std::filesystem::path& file);

/// Copies `file` to `file.corrupt-YYYYMMDD-HHMMSS` (a number appended if that exists) and
/// returns the copy's path. Throws StoredFileError.
std::filesystem::path keep_aside(const std::filesystem::path& file);

} // namespace rdpmedic
