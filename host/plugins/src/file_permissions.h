#pragma once
// Whether a plugin's files could be replaced by someone other than their owner and the
// administrators: a plugin another user can swap is as good as unsigned.

#include <filesystem>
#include <string>

namespace rdpmedic::plugins {

/// Linux: group or world write permission (the link itself, not what it points to).
/// Windows: the file's DACL lets Everyone, Users, Authenticated Users, Interactive or Guests
/// write, append, delete or change its permissions (or it has no DACL at all).
bool writable_by_others(const std::filesystem::path& path);

/// What to tell the user to do about it.
std::string how_to_restrict(const std::filesystem::path& path);

} // namespace rdpmedic::plugins
