#include "rdpmedic/plugins/change_host.h"

#include "helper_launch.h"
#include "last_line.h"
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/platform/cancel_event.h"
#include "rdpmedic/platform/child_process.h"
#include "rdpmedic/platform/privileges.h"
#include "rdpmedic/platform/process_end.h"
#include "rdpmedic/plugins/journal.h"
#include "rdpmedic/plugins/undo_plan.h"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace rdpmedic::plugins {


std::string run_helper_with_pipes(const std::vector<std::string>& argv, const std::string& request) {
    ChildProcess helper(argv);
    helper.write_stdin_and_close(request + "\n");
    std::string output;
    // No time limit: an administrator prompt (pkexec) waits for the user.
    while (helper.read_output(output, std::chrono::steady_clock::now() + std::chrono::hours(1)) !=
           ChildProcess::Read::closed) {
    }
    const int code = helper.wait();
    if (helper.ended_by_signal()) {
        throw std::runtime_error("rdpmedic-helper was killed (" + describe_process_end(code, true) +
                                 "); rdpmedic-cli undo restores what the journal holds");
    }
    return last_line(output);
}

ChangeHost::ChangeHost(Options options)
    : options_(std::move(options)), cancelled_(std::make_shared<CancelEvent>()) {}

void ChangeHost::cancel() { cancelled_->set(); }

std::string ChangeHost::run_helper(const std::string& request, bool elevate) {
    if (elevate && !running_with_admin_rights()) {
        if (cancelled_->is_set()) {
            throw std::runtime_error("cancelled before the administrator prompt; nothing was changed");
        }
        return run_helper_elevated(options_.helper, request, options_.journal,
                                   {options_.prompt_owner, cancelled_.get()});
    }
    return run_helper_with_pipes({utf8_text(options_.helper)}, request);
}

ApplyOutcome ChangeHost::apply(const std::string& plugin, const Change& change) {
    nlohmann::json request = {
        {"op", "apply"}, {"journal", utf8_text(options_.journal)}, {"plugin", plugin}, {"change", to_json(change)}};
    if (change.needs_consent) {
        request["consent"] = "given"; // the caller asked first (see apply())
    }
    try {
        const nlohmann::json answer = nlohmann::json::parse(run_helper(request.dump(), needs_elevation(change)));
        return {answer.value("ok", false), answer.value("id", ""), answer.value("message", answer.value("error", ""))};
    } catch (const std::exception& error) {
        return {false, {}, describe(change) + ": " + error.what()};
    }
}

UndoOutcome ChangeHost::undo(const std::vector<std::string>& ids) {
    UndoOutcome outcome;
    const UndoPlan plan = plan_undo(Journal(options_.journal).entries(), ids);
    for (const bool elevate : {false, true}) {
        const auto& batch = elevate ? plan.elevated : plan.as_user;
        if (batch.empty()) {
            continue;
        }
        const nlohmann::json request = {{"op", "undo"}, {"journal", utf8_text(options_.journal)}, {"ids", batch}};
        try {
            const nlohmann::json answer = nlohmann::json::parse(run_helper(request.dump(), elevate));
            for (auto [field, list] : {std::pair{"undone", &outcome.undone}, std::pair{"skipped", &outcome.skipped},
                                       std::pair{"failed", &outcome.failed}}) {
                const auto part = answer.value(field, std::vector<std::string>{});
                list->insert(list->end(), part.begin(), part.end());
            }
            if (!answer.value("ok", false)) {
                outcome.failed.push_back(answer.value("error", "rdpmedic-helper refused"));
            }
        } catch (const std::exception& error) {
            outcome.failed.push_back(error.what());
        }
    }
    return outcome;
}

} // namespace rdpmedic::plugins
