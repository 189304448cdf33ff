// rdpmedic-helper: the only process that changes the system. It runs elevated when a change
// needs it, accepts one allowlisted typed change (or an undo) as a JSON line on stdin,
// journals it and carries it out. It never loads plugin code.
#include "rdpmedic/plugins/change_executor.h"
#include "rdpmedic/plugins/journal.h"
#include "rdpmedic/plugins/system_values.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <unistd.h>

namespace {

using nlohmann::json;
using namespace rdpmedic::plugins;

void answer(const json& message) {
    const std::string line = message.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);
}

/// Test hook: stop after the named durable step so a test can SIGKILL the helper there.
StepHook pause_hook() {
    const char* at = std::getenv("RDPMEDIC_HELPER_PAUSE_AT");
    if (at == nullptr) {
        return {};
    }
    const std::string step = at;
    return [step](const std::string& reached) {
        if (reached == step) {
            answer({{"paused", reached}});
            for (;;) {
                ::pause();
            }
        }
    };
}

/// The journal is the user's STATE_DIR/journal.jsonl; an elevated helper writes nowhere else.
bool acceptable_journal(const std::string& path) {
    const std::string suffix = "/rdpmedic/journal.jsonl";
    return !path.empty() && path[0] == '/' && path.size() > suffix.size() &&
           path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0 && path.find("/../") == std::string::npos;
}

} // namespace

int main() {
    std::string line;
    if (!std::getline(std::cin, line)) {
        answer({{"ok", false}, {"error", "no request on standard input"}});
        return 2;
    }
    const json request = json::parse(line, nullptr, false);
    if (!request.is_object() || !request.contains("journal") || !request["journal"].is_string() ||
        !acceptable_journal(request["journal"].get<std::string>())) {
        answer({{"ok", false}, {"error", "a request needs an absolute journal path ending in /rdpmedic/journal.jsonl"}});
        return 2;
    }
    Journal journal(request["journal"].get<std::string>());
    const auto values = make_system_values();
    const std::string op = request.value("op", "");
    try {
        if (op == "apply") {
            const Change change = change_from_json(request.value("change", json()));
            const ApplyOutcome outcome =
                apply_journaled(request.value("plugin", "unknown"), change, journal, *values, pause_hook());
            answer({{"ok", outcome.ok}, {"id", outcome.id}, {"message", outcome.message}});
            return outcome.ok ? 0 : 1;
        }
        if (op == "undo") {
            const UndoOutcome outcome =
                undo_journaled(request.value("ids", std::vector<std::string>{}), journal, *values, pause_hook());
            answer({{"ok", outcome.failed.empty()},
                    {"undone", outcome.undone},
                    {"skipped", outcome.skipped},
                    {"failed", outcome.failed}});
            return outcome.failed.empty() ? 0 : 1;
        }
        answer({{"ok", false}, {"error", "unknown op \"" + op + "\""}});
        return 2;
    } catch (const std::exception& error) {
        answer({{"ok", false}, {"error", error.what()}});
        return 1;
    }
}
