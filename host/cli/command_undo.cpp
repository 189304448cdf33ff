// rdpmedic-cli undo [ID...|--all|--machine-wide [--all-users]] and rdpmedic-cli history: the
// journal of system changes.
#include "arguments.h"
#include "commands.h"
#include "exit_codes.h"

#include "rdpmedic/app/effective_settings.h"
#include "rdpmedic/app/system_log_reporting.h"
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/i18n/translate.h"
#include "rdpmedic/platform/privileges.h"
#include "rdpmedic/platform/state_dirs.h"
#include "rdpmedic/plugins/change_host.h"
#include "rdpmedic/plugins/journal.h"
#include "rdpmedic/plugins/undo_plan.h"
#include "rdpmedic/plugins/worker_client.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

namespace rdpmedic::cli {

using i18n::formatted;
using i18n::tr;

const char* const kUndoUsage = N_(
    "usage: rdpmedic-cli undo ID...   restore the values changes ID... replaced\n"
    "       rdpmedic-cli undo --all   restore everything still changed, newest first\n"
    "       rdpmedic-cli undo --machine-wide [--all-users]\n"
    "                                 restore only what changed the whole machine (HKLM values);\n"
    "                                 --all-users: from every user's journal (Windows, as\n"
    "                                 administrator: what the uninstaller runs)\n"
    "IDs are those rdpmedic-cli history shows. Exit 1 if something could not be restored.\n");

const char* const kHistoryUsage = N_(
    "usage: rdpmedic-cli history [--json]   every system change: id, time, plugin, state, what\n");

namespace {

/// Undoes `ids` (empty: everything still changed) of one journal and prints what happened,
/// each line after `prefix`. False when something could not be restored.
bool undo_in(const std::filesystem::path& journal, const std::vector<std::string>& ids, const std::string& prefix) {
    plugins::ChangeHost host({plugins::find_helper(), journal});
    const plugins::UndoOutcome outcome = host.undo(ids);
    // The organization's policy may turn the system log's reports off; the CLI has no other settings.
    if (app::apply_policy(Settings{}).settings.system_log_events) {
        app::report_undone(host.journal(), outcome.undone);
    }
    for (const auto& id : outcome.undone) {
        std::printf("%s%s", prefix.c_str(), formatted(tr("undone: change %s\n"), id.c_str()).c_str());
    }
    for (const auto& line : outcome.skipped) {
        std::printf("%s%s", prefix.c_str(), formatted(tr("skipped: %s\n"), line.c_str()).c_str());
    }
    for (const auto& line : outcome.failed) {
        std::fprintf(stderr, "rdpmedic-cli undo: %s%s\n", prefix.c_str(), line.c_str());
    }
    if (outcome.undone.empty() && outcome.skipped.empty() && outcome.failed.empty()) {
        std::printf("%s%s", prefix.c_str(), tr("nothing to undo\n"));
    }
    return outcome.failed.empty();
}

/// The machine-wide changes still in effect in every journal, newest first across journals:
/// two users may have changed the same value one after the other, and only undoing the later
/// change first brings back what was there before either.
int undo_machine_wide(bool all_users) {
    std::vector<std::filesystem::path> folders{state_directory()};
    if (all_users) {
        const auto every = every_users_state_directories();
        if (!every) {
            throw UsageError(tr("--all-users is for Windows, where the uninstaller undoes every user's machine-wide "
                                "changes; here run undo --machine-wide as each user"));
        }
        if (!running_with_admin_rights()) {
            std::fprintf(stderr, "rdpmedic-cli undo: %s\n",
                         tr("--all-users reads other users' journals and needs administrator rights (run it "
                            "elevated)"));
            return kEnvironment;
        }
        folders = *every;
    }
    struct InEffect {
        std::string at;
        std::filesystem::path journal;
        std::string id;
    };
    std::vector<InEffect> in_effect;
    for (const auto& folder : folders) {
        const std::filesystem::path journal = plugins::journal_file(folder);
        std::error_code ec;
        if (std::filesystem::exists(journal, ec)) {
            for (const auto& entry : plugins::machine_wide_changes(plugins::Journal(journal).entries())) {
                in_effect.push_back({entry.at, journal, entry.id});
            }
        }
    }
    if (in_effect.empty()) {
        std::fputs(tr("nothing machine-wide to undo\n"), stdout);
        return kOk;
    }
    // Journal order within a journal (reversed), time across them.
    std::reverse(in_effect.begin(), in_effect.end());
    std::stable_sort(in_effect.begin(), in_effect.end(),
                     [](const InEffect& a, const InEffect& b) { return a.at > b.at; });
    bool restored = true;
    for (std::size_t first = 0; first < in_effect.size();) {
        // One helper run per stretch of the same journal.
        std::vector<std::string> ids;
        std::size_t next = first;
        for (; next < in_effect.size() && in_effect[next].journal == in_effect[first].journal; ++next) {
            ids.push_back(in_effect[next].id);
        }
        restored = undo_in(in_effect[first].journal, ids, utf8_text(in_effect[first].journal) + ": ") && restored;
        first = next;
    }
    return restored ? kOk : kFailed;
}

} // namespace

int run_undo(const std::vector<std::string>& args) {
    const Arguments arguments(args, {{"all"}, {"machine-wide"}, {"all-users"}});
    if (arguments.flag("all-users") && !arguments.flag("machine-wide")) {
        throw UsageError(tr("--all-users goes with --machine-wide: another user's own settings are theirs to undo"));
    }
    if (arguments.flag("machine-wide")) {
        if (arguments.flag("all") || !arguments.positionals().empty()) {
            throw UsageError(tr("--machine-wide takes neither change ids nor --all"));
        }
        return undo_machine_wide(arguments.flag("all-users"));
    }
    if (arguments.flag("all") == !arguments.positionals().empty()) {
        throw UsageError(tr("give change ids, --all or --machine-wide"));
    }
    const auto journal = plugins::journal_file(state_directory());
    if (journal.empty() || !std::filesystem::exists(journal)) {
        std::fputs(tr("nothing to undo: no changes recorded\n"), stdout);
        return kOk;
    }
    return undo_in(journal, arguments.positionals(), "") ? kOk : kFailed;
}

int run_history(const std::vector<std::string>& args) {
    const Arguments arguments(args, {{"json"}});
    const plugins::Journal journal(plugins::journal_file(state_directory()));
    const auto reading = journal.read();
    const auto& entries = reading.entries;
    for (const auto& problem : reading.problems) {
        std::fprintf(stderr, "rdpmedic-cli history: %s\n", plugins::describe(problem).c_str());
    }
    if (entries.empty() && !arguments.flag("json")) {
        std::printf(tr("no changes recorded (%s)\n"), utf8_text(journal.file()).c_str());
    }
    for (const auto& entry : entries) {
        if (arguments.flag("json")) {
            nlohmann::json line = {{"id", entry.id},         {"at", entry.at},
                                   {"plugin", entry.plugin}, {"state", plugins::to_id(entry.state)},
                                   {"change", plugins::to_json(entry.change)}, {"prior", plugins::to_json(entry.prior)}};
            if (!entry.error.empty()) {
                line["error"] = entry.error;
            }
            std::printf("%s\n", line.dump().c_str());
        } else {
            std::printf("%-4s %s  %-24s %-8s %s%s\n", entry.id.c_str(), entry.at.c_str(), entry.plugin.c_str(),
                        std::string(plugins::to_id(entry.state)).c_str(), plugins::describe(entry.change).c_str(),
                        entry.error.empty() ? "" : (" (" + entry.error + ")").c_str());
        }
    }
    return kOk;
}

} // namespace rdpmedic::cli
