#include "rdpmedic/plugins/change_host.h"

#include "child_process_linux.h"
#include "rdpmedic/plugins/journal.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <poll.h>
#include <system_error>
#include <unistd.h>

namespace rdpmedic::plugins {

ChangeHost::ChangeHost(Options options) : options_(std::move(options)) {}

std::string ChangeHost::run_helper(const std::string& request, bool elevate) {
    std::vector<std::string> argv;
    if (elevate && ::geteuid() != 0) {
        const std::string pkexec = find_executable("pkexec");
        if (pkexec.empty()) {
            throw std::runtime_error("this change needs administrator rights and pkexec is not installed");
        }
        argv.push_back(pkexec);
    }
    argv.push_back(options_.helper.string());
    ChildProcess helper(argv);
    helper.write_stdin_and_close(request + "\n");
    std::string output;
    char chunk[4096];
    for (;;) {
        const ssize_t n = ::read(helper.output_fd(), chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        output.append(chunk, static_cast<std::size_t>(n));
    }
    const int code = helper.wait();
    if (helper.ended_by_signal()) {
        throw std::runtime_error("rdpmedic-helper was killed (signal " + std::to_string(code - 128) +
                                 "); rdpmedic-cli undo restores what the journal holds");
    }
    const auto newline = output.rfind('\n', output.size() >= 2 ? output.size() - 2 : 0);
    return newline == std::string::npos ? output : output.substr(newline + 1);
}

ApplyOutcome ChangeHost::apply(const std::string& plugin, const Change& change) {
    const nlohmann::json request = {
        {"op", "apply"}, {"journal", options_.journal.string()}, {"plugin", plugin}, {"change", to_json(change)}};
    try {
        const nlohmann::json answer = nlohmann::json::parse(run_helper(request.dump(), needs_elevation(change)));
        return {answer.value("ok", false), answer.value("id", ""), answer.value("message", answer.value("error", ""))};
    } catch (const std::exception& error) {
        return {false, {}, describe(change) + ": " + error.what()};
    }
}

UndoOutcome ChangeHost::undo(const std::vector<std::string>& ids) {
    bool elevate = false;
    for (const auto& entry : Journal(options_.journal).entries()) {
        elevate = elevate || (entry.needs_undo() && needs_elevation(entry.change));
    }
    const nlohmann::json request = {{"op", "undo"}, {"journal", options_.journal.string()}, {"ids", ids}};
    UndoOutcome outcome;
    try {
        const nlohmann::json answer = nlohmann::json::parse(run_helper(request.dump(), elevate));
        outcome.undone = answer.value("undone", std::vector<std::string>{});
        outcome.skipped = answer.value("skipped", std::vector<std::string>{});
        outcome.failed = answer.value("failed", std::vector<std::string>{});
        if (!answer.value("ok", false)) {
            outcome.failed.push_back(answer.value("error", "rdpmedic-helper refused"));
        }
    } catch (const std::exception& error) {
        outcome.failed.push_back(error.what());
    }
    return outcome;
}

} // namespace rdpmedic::plugins
