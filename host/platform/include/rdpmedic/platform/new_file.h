#pragma once
// Writing a file that must not exist yet (a key pair), durably, readable by its owner alone
// where it holds a secret.

#include <filesystem>
#include <string>

namespace rdpmedic {

enum class Readers { Owner, Everyone };

/// Creates `file` (failing when it exists), writes `data` and flushes it to the disk.
/// Readers::Owner: Linux mode 0600; Windows a DACL granting only the current user, not
/// inherited from the folder. Throws std::runtime_error naming the file.
void write_new_file(const std::filesystem::path& file, const std::string& data, Readers readers);

} // namespace rdpmedic
