#pragma once
// Whether a plugin's files could be replaced by someone other than their owner and the
// administrators: a plugin another user can swap is as good as unsigned.

#include <filesystem>
#include <string>

namespace rdpmedic {

/// Linux: group or world write permission (the link itself, not what it points to).
/// Windows: the file's DACL lets Everyone, Users, Authenticated Users, Interactive or Guests
/// write, append, delete or change its permissions (or it has no DACL at all).
bool writable_by_others(const std::filesystem::path& path);

/// Whether only root (Windows: the administrators and SYSTEM) can change `path`: it and every
/// folder above it are owned by root and writable by nobody else, and none is a symbolic link
/// (Linux: trusted_folders_linux.h; a sticky folder such as /tmp passes). What a privileged
/// process takes from the environment or a user's folders must pass this: privilege decides
/// trust. A missing path passes when only root could create it (its nearest existing folder
/// passes and is not writable by others, not even sticky).
bool only_administrators_can_change(const std::filesystem::path& path);

/// What to tell the user to do about it.
std::string how_to_restrict(const std::filesystem::path& path);

} // namespace rdpmedic
