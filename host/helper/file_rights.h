#pragma once
// Whose rights the helper's files are opened with. An elevated helper works for the user who
// asked: it opens that user's journal with that user's rights, so it can reach nothing there
// that the user could not, and what it creates stays the user's. The administrator's values
// are reached with the process's own rights (system_values).

#include <filesystem>
#include <optional>
#include <string>

namespace rdpmedic::helper {

/// Linux: umask 077, whatever the caller's was (pkexec passes it on). Windows: nothing (new
/// files take the folder's inherited permissions).
void keep_new_files_private();

/// The invoking user's home folder (from the password database, never the environment) when
/// this helper is elevated for another user; from then on files are opened with that user's
/// rights and groups. nullopt otherwise. Linux: the user is PKEXEC_UID, or the real user id.
/// Windows: always nullopt for now. `error` says why it cannot work for that user.
std::optional<std::filesystem::path> take_invoking_users_file_rights(std::string& error);

} // namespace rdpmedic::helper
