// rdpmedic-cli undo [ID...|--all] and rdpmedic-cli history: the journal of system changes.
#include "arguments.h"
#include "commands.h"
#include "exit_codes.h"

#include "rdpmedic/app/effective_settings.h"
#include "rdpmedic/app/system_log_reporting.h"
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/i18n/translate.h"
#include "rdpmedic/platform/state_dirs.h"
#include "rdpmedic/plugins/change_host.h"
#include "rdpmedic/plugins/journal.h"
#include "rdpmedic/plugins/worker_client.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace rdpmedic::cli {

using i18n::tr;

const char* const kUndoUsage = N_(
    "usage: rdpmedic-cli undo ID...   restore the values changes ID... replaced\n"
    "       rdpmedic-cli undo --all   restore everything still changed, newest first\n"
    "IDs are those rdpmedic-cli history shows. Exit 1 if something could not be restored.\n");

const char* const kHistoryUsage = N_(
    "usage: rdpmedic-cli history [--json]   every system change: id, time, plugin, state, what\n");

int run_undo(const std::vector<std::string>& args) {
    const Arguments arguments(args, {{"all"}});
    if (arguments.flag("all") == !arguments.positionals().empty()) {
        throw UsageError(tr("give change ids or --all"));
    }
    plugins::ChangeHost host({plugins::find_helper(), plugins::journal_file(state_directory())});
    if (host.journal().empty() || !std::filesystem::exists(host.journal())) {
        std::fputs(tr("nothing to undo: no changes recorded\n"), stdout);
        return kOk;
    }
    const plugins::UndoOutcome outcome = host.undo(arguments.positionals());
    // The organization's policy may turn the system log's reports off; the CLI has no other settings.
    if (app::apply_policy(Settings{}).settings.system_log_events) {
        app::report_undone(host.journal(), outcome.undone);
    }
    for (const auto& id : outcome.undone) {
        std::printf(tr("undone: change %s\n"), id.c_str());
    }
    for (const auto& line : outcome.skipped) {
        std::printf(tr("skipped: %s\n"), line.c_str());
    }
    for (const auto& line : outcome.failed) {
        std::fprintf(stderr, "rdpmedic-cli undo: %s\n", line.c_str());
    }
    if (outcome.undone.empty() && outcome.skipped.empty() && outcome.failed.empty()) {
        std::fputs(tr("nothing to undo\n"), stdout);
    }
    return outcome.failed.empty() ? kOk : kFailed;
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
