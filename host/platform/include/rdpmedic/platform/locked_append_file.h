#pragma once
// The journal's file: opened for appending under an exclusive lock held as long as this
// object lives, each line on disk (fsync, FlushFileBuffers) before append() returns.

#include <filesystem>
#include <memory>
#include <string>

namespace rdpmedic {

class LockedAppendFile {
  public:
    /// Creates the file (readable by its owner only on Linux) and its folder when missing.
    /// Throws std::runtime_error naming the file.
    explicit LockedAppendFile(const std::filesystem::path& file);
    ~LockedAppendFile();
    LockedAppendFile(const LockedAppendFile&) = delete;
    LockedAppendFile& operator=(const LockedAppendFile&) = delete;

    /// Appends `line` and a line end, and flushes it to the disk. After a crash mid-write the
    /// file may end inside a line: the record then starts on a fresh line, so the torn line
    /// stays the only casualty. Throws std::runtime_error.
    void append(const std::string& line) const;

  private:
    struct Handle;
    std::filesystem::path file_;
    std::unique_ptr<Handle> handle_;
};

} // namespace rdpmedic
