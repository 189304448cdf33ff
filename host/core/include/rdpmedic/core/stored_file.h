#pragma once
/// Files the user would miss if they were lost (settings, history): written whole to a
/// temporary file and renamed over the old one, so a crash leaves either the old or the new
/// file, never half of one; a file that cannot be read is kept aside, never overwritten.

#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

namespace rdpmedic {

/// what() names the file and what to do.
class StoredFileError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Writes `contents` to a fresh temporary name beside `file`, flushes it and renames it to
/// `file`, then flushes the folder; creates the directory if needed. Writers of the same file
/// take turns (a lock on `file.lock`). Throws StoredFileError.
void write_file_atomically(const std::filesystem::path& file, const std::string& contents);

/// The same, for a change that depends on what the file holds now: under the lock, `update`
/// gets the current contents (nullopt when there is no file) and returns the new ones, so
/// the CLI and the tray never lose each other's updates. Throws StoredFileError.
void update_stored_file(const std::filesystem::path& file,
                        const std::function<std::string(const std::optional<std::string>&)>& update);

/// The whole file, or nullopt when it does not exist. Throws StoredFileError when it exists
/// but cannot be read.
std::optional<std::string> read_stored_file(const std::filesystem::path& file);

/// Copies `file` to `file.corrupt-YYYYMMDD-HHMMSS` (a number appended if that exists) and
/// returns the copy's path. Throws StoredFileError.
std::filesystem::path keep_aside(const std::filesystem::path& file);

} // namespace rdpmedic
