// rdpmedic-cli close-running: what an uninstaller runs before it deletes the programs.
#include "arguments.h"
#include "commands.h"
#include "exit_codes.h"

#include "rdpmedic/i18n/translate.h"
#include "rdpmedic/platform/close_request.h"
#include "rdpmedic/platform/own_executable.h"

#include <cstdio>

namespace rdpmedic::cli {

using i18n::tr;

const char* const kCloseRunningUsage = N_(
    "usage: rdpmedic-cli close-running [--wait MS]\n"
    "Asks the rdpmedic tray of this session to quit, waits up to MS milliseconds (default 10000)\n"
    "for every rdpmedic program started from this installation's folder, then ends the rest.\n"
    "Windows; elsewhere nothing to do. Exit 1 if one could not be ended.\n");

int run_close_running(const std::vector<std::string>& args) {
    const Arguments arguments(args, {{"wait", true}});
    const auto wait = std::chrono::milliseconds(arguments.number("wait", 0, 600000).value_or(10000));
    const ClosedInstances closed = close_running_instances(own_executable_dir(), wait);
    if (!closed.looked) {
        std::fputs(tr("nothing to close here: only an uninstall on Windows needs this\n"), stdout);
        return kOk;
    }
    if (closed.asked) {
        std::fputs(tr("asked the tray to quit\n"), stdout);
    }
    for (const auto& program : closed.ended) {
        std::printf(tr("closed: %s\n"), program.c_str());
    }
    for (const auto& program : closed.terminated) {
        std::printf(tr("ended after %lld ms: %s\n"), static_cast<long long>(wait.count()), program.c_str());
    }
    for (const auto& program : closed.left) {
        std::fprintf(stderr, "rdpmedic-cli close-running: %s\n", program.c_str());
    }
    if (closed.ended.empty() && closed.terminated.empty() && closed.left.empty()) {
        std::fputs(tr("no rdpmedic program is running\n"), stdout);
    }
    return closed.left.empty() ? kOk : kFailed;
}

} // namespace rdpmedic::cli
