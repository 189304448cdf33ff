#pragma once
// The OS calls the stored files need: flushing a written file and its folder to the disk
// (std::ofstream has no fsync, and without it a rename can reach the disk before the data
// does), creating a file that must not exist yet, and a lock that serialises the processes
// (CLI and tray) that update the same file.

#include <filesystem>
#include <cstdint>
#include <string>

namespace rdpmedic {

/// Best effort: a file that cannot be opened again is left as the OS has it.
/// Linux: fsync. Windows: _commit, the C runtime's FlushFileBuffers.
void sync_file_to_disk(const std::filesystem::path& file);

/// Makes a rename in `folder` durable. Linux: fsync on the folder. Windows: nothing (NTFS
/// journals the rename itself).
void sync_folder_to_disk(const std::filesystem::path& folder);

/// Creates `file`, failing when anything (a link included) is already there, and writes
/// `data`. False when it cannot.
bool write_exclusive_file(const std::filesystem::path& file, const std::string& data);

/// An exclusive lock on `file` (created when missing) held while this object lives; other
/// processes taking the same lock wait. Linux: flock. Windows: LockFileEx.
class FileLock {
  public:
    explicit FileLock(const std::filesystem::path& file);
    ~FileLock();
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

  private:
    std::intptr_t handle_;
};

} // namespace rdpmedic
