#include "rdpmedic/plugins/undo_plan.h"

#include <algorithm>
#include <iterator>

namespace rdpmedic::plugins {

UndoPlan plan_undo(const std::vector<JournalEntry>& entries, const std::vector<std::string>& ids) {
    UndoPlan plan;
    const auto elevated = [&entries](const std::string& id) {
        const auto entry = std::find_if(entries.begin(), entries.end(), [&id](const auto& e) { return e.id == id; });
        return entry != entries.end() && entry->needs_undo() && needs_elevation(entry->change);
    };
    if (ids.empty()) {
        for (const auto& entry : entries) {
            if (entry.needs_undo()) {
                (needs_elevation(entry.change) ? plan.elevated : plan.as_user).push_back(entry.id);
            }
        }
        return plan;
    }
    for (const auto& id : ids) {
        (elevated(id) ? plan.elevated : plan.as_user).push_back(id);
    }
    return plan;
}

std::vector<JournalEntry> machine_wide_changes(const std::vector<JournalEntry>& entries) {
    std::vector<JournalEntry> found;
    std::copy_if(entries.begin(), entries.end(), std::back_inserter(found),
                 [](const JournalEntry& entry) { return entry.needs_undo() && needs_elevation(entry.change); });
    return found;
}

} // namespace rdpmedic::plugins
