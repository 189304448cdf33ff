#pragma once
// The journal's folder as the elevated helper uses it: the user's, so every folder on the way
// must stay what it was when checked for as long as the helper writes there.

#include <filesystem>
#include <string>

namespace rdpmedic::helper {

/// Windows: opens every folder from the drive (or share) down to the journal's as itself,
/// refusing a reparse point (junction, symbolic link, mount point) or a file there, and holds
/// each open without delete sharing until the process ends, so none can be renamed or replaced
/// by a link while the helper works; then opens the journal the same way with the invoking
/// user's rights, creating it when it is missing so it is theirs, and refuses one that is a
/// link. Linux: nothing (the file rights taken do it: every open is the user's own). Empty,
/// or the refusal.
std::string hold_journal_folder(const std::filesystem::path& journal);

} // namespace rdpmedic::helper
