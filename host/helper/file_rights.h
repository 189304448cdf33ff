#pragma once
// Whose rights the helper's files are opened with. An elevated helper works for the user who
// asked: it opens that user's journal with that user's rights, so it can reach nothing there
// that the user could not, and what it creates stays the user's. The administrator's values
// are reached with the process's own rights (system_values).

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace rdpmedic::helper {

/// Where the journal of the user the helper works for lies.
struct UsersJournal {
    /// A request may name a journal inside this folder (Linux: the home, which XDG_STATE_HOME
    /// may point into); empty: the request's journal is ignored and `fallback` is always used.
    std::filesystem::path home;
    std::filesystem::path fallback;
};

/// Linux: umask 077, whatever the caller's was (pkexec passes it on). Windows: nothing (new
/// files take the folder's inherited permissions).
void keep_new_files_private();

/// The journal of the user this helper is elevated for, found without the environment; from
/// then on their files are opened with that user's rights. nullopt when it works for nobody
/// else. Linux: the user is PKEXEC_UID or the real user id, the home from the password
/// database. Windows: `through_prompt` (started with --request: the administrator prompt
/// cannot pass pipes) says it came through the prompt; the user is then the one whose process
/// started it, the journal in their known folder LocalAppData (their profile, also when an
/// administrator's account was used to elevate). `error` says why it cannot work for them.
std::optional<UsersJournal> take_invoking_users_file_rights(bool through_prompt, std::string& error);

/// Runs `work` with the invoking user's file rights where the process does not have them
/// already (Windows: impersonating the user, so what `work` creates is owned by them and
/// nothing the user could not reach is reached). Linux: runs it (setfsuid did that for the
/// whole process). false, without running it, when those rights cannot be taken.
bool with_users_rights(const std::function<void()>& work);

} // namespace rdpmedic::helper
