#pragma once
/// Which helper undoes which journaled change. Values under HKCU belong to the user who made
/// them: an elevated helper may run as another account (an administrator typing their own
/// password) and would then restore that account's HKCU instead, so only changes that need an
/// administrator (HKLM values) go to the elevated helper and the rest to one with the user's
/// own rights.

#include "rdpmedic/plugins/journal.h"

#include <string>
#include <vector>

namespace rdpmedic::plugins {

struct UndoPlan {
    std::vector<std::string> as_user;  ///< ids for the helper with the user's rights
    std::vector<std::string> elevated; ///< ids for the elevated helper
};

/// `ids` empty: every change that still needs undoing. Ids the journal does not know, or
/// whose change needs no undo, go to the user's helper, which reports them as it always does.
UndoPlan plan_undo(const std::vector<JournalEntry>& entries, const std::vector<std::string>& ids);

/// The changes still in effect that need an administrator (HKLM values): what stays behind for
/// every user of the machine when rdpmedic is removed, oldest first as journaled.
std::vector<JournalEntry> machine_wide_changes(const std::vector<JournalEntry>& entries);

} // namespace rdpmedic::plugins
