#pragma once
// Flushing a written file to the disk, the one OS call the stored files need: std::ofstream
// has no fsync, and without it a rename can reach the disk before the data does.

#include <filesystem>

namespace rdpmedic {

/// Best effort: a file that cannot be opened again is left as the OS has it.
/// Linux: fsync. Windows: _commit, the C runtime's FlushFileBuffers.
void sync_file_to_disk(const std::filesystem::path& file);

} // namespace rdpmedic
