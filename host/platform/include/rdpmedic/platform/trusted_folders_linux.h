#pragma once
// Reaching a file so that nobody but root and the file's rightful owner can swap what is
// reached: every folder is opened from / one name at a time with O_NOFOLLOW|O_DIRECTORY
// (openat), so a symbolic link anywhere on the way is refused, and each folder must be owned
// by root or the trusted owner and writable by nobody else. A sticky folder (/tmp) passes:
// nobody but an entry's owner can rename or remove it there, and the next entry is checked
// in turn. Linux only.

#include <filesystem>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <sys/types.h>

namespace rdpmedic {

/// what() names the folder or file and the rule it breaks.
class UntrustedPlace : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Why `info` (of `path`, reached without following links) could be replaced or rewritten
/// by someone other than root and `owner`; empty when it cannot.
std::string why_untrusted(const std::filesystem::path& path, const struct stat& info, uid_t owner);

/// Opens the absolute folder `dir` as described above and returns its descriptor (O_CLOEXEC;
/// the caller closes it). `create`: missing folders are made (mode 0755, less the umask)
/// and then checked like the others. Throws UntrustedPlace; std::filesystem::filesystem_error
/// (ENOENT) when a folder is missing and `create` is false.
int open_trusted_folder(const std::filesystem::path& dir, uid_t owner, bool create);

/// The owner trusted besides root: this process's own user, or root alone when it is root.
uid_t trusted_owner();

} // namespace rdpmedic
