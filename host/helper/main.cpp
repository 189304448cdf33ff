// rdpmedic-helper: the only process that changes the system. It runs elevated when a change
// needs it, accepts one allowlisted typed change (or an undo) as a JSON line on stdin,
// journals it and carries it out. It never loads plugin code.
//
// `rdpmedic-helper --request FILE --answer FILE` reads the request from a file and writes the
// answer to a new file instead: Windows' administrator prompt (ShellExecuteExW "runas")
// cannot pass pipes. Both files must sit beside the request's journal and be named
// helper-*.json, so the elevated helper still writes to the journal's folder only.
//
// Elevated for another user (Linux: pkexec), it takes nothing from the environment, keeps the
// journal in that user's home and opens it with that user's rights (file_rights.h), and
// reaches the values only through folders root owns (system_values_linux.cpp).
#include "file_rights.h"
#include "utf8_arguments.h"

#include "rdpmedic/core/path_text.h"
#include "rdpmedic/platform/privileges.h"
#include "rdpmedic/platform/process_hardening.h"
#include "rdpmedic/plugins/change_executor.h"
#include "rdpmedic/plugins/journal.h"
#include "rdpmedic/plugins/system_values.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace {

using nlohmann::json;
using namespace rdpmedic;
using namespace rdpmedic::plugins;

/// Where the answer goes: stdout, or the answer file of the file mode.
std::optional<std::filesystem::path>& answer_file() {
    static std::optional<std::filesystem::path> file;
    return file;
}

void answer(const json& message) {
    const std::string line = message.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
    if (const auto& file = answer_file()) {
        // A paused helper reports the step here too; the last line is the answer.
        std::ofstream out(*file, std::ios::binary | std::ios::app);
        out << line;
        return;
    }
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);
}

/// Test hook: stop after the named durable step so a test can SIGKILL the helper there.
/// Never when elevated for another user: they must not be able to hold root's helper.
StepHook pause_hook() {
    const char* at = elevated_for_another_user() ? nullptr : std::getenv("RDPMEDIC_HELPER_PAUSE_AT");
    if (at == nullptr) {
        return {};
    }
    const std::string step = at;
    return [step](const std::string& reached) {
        if (reached == step) {
            answer({{"paused", reached}});
            for (;;) {
                std::this_thread::sleep_for(std::chrono::hours(1));
            }
        }
    };
}

/// The journal is the user's STATE_DIR/journal.jsonl; an elevated helper writes nowhere else.
bool acceptable_journal(const std::filesystem::path& path) {
    if (!path.is_absolute() || path.filename() != "journal.jsonl" || path.parent_path().filename() != "rdpmedic") {
        return false;
    }
    for (const auto& part : path) {
        if (part == "..") {
            return false;
        }
    }
    return true;
}

/// The journal an elevated helper keeps for the user whose home is `home`: the one the
/// request names when it lies in that home (XDG_STATE_HOME moved it there), else the default.
std::filesystem::path users_journal(const std::filesystem::path& home, const json& request) {
    const std::filesystem::path fallback = home / ".local" / "state" / "rdpmedic" / "journal.jsonl";
    if (!request.contains("journal") || !request["journal"].is_string()) {
        return fallback;
    }
    const auto asked = utf8_path(request["journal"].get<std::string>()).lexically_normal();
    const auto inside = asked.lexically_relative(home.lexically_normal());
    const bool in_home = !inside.empty() && *inside.begin() != "..";
    return in_home && acceptable_journal(asked) ? asked : fallback;
}

/// A request or answer file of the file mode: helper-*.json, in the journal's folder.
bool acceptable_exchange_file(const std::filesystem::path& file, const std::filesystem::path& journal) {
    const std::string name = utf8_text(file.filename());
    return file.is_absolute() && file.parent_path() == journal.parent_path() && name.rfind("helper-", 0) == 0 &&
           name.size() > 12 && name.compare(name.size() - 5, 5, ".json") == 0;
}

struct Invocation {
    std::optional<std::filesystem::path> request_file;
    std::optional<std::filesystem::path> answer_file;
    std::string error;
};

Invocation parse_arguments(const std::vector<std::string>& arguments) {
    Invocation invocation;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string& option = arguments[i];
        if ((option == "--request" || option == "--answer") && i + 1 < arguments.size()) {
            (option == "--request" ? invocation.request_file : invocation.answer_file) = utf8_path(arguments[++i]);
        } else {
            invocation.error =
                "unknown argument \"" + option + "\"; usage: rdpmedic-helper [--request FILE --answer FILE]";
            return invocation;
        }
    }
    if (invocation.request_file.has_value() != invocation.answer_file.has_value()) {
        invocation.error = "--request and --answer go together";
    }
    return invocation;
}

std::optional<std::string> read_request_line(const Invocation& invocation) {
    std::string line;
    if (!invocation.request_file) {
        return std::getline(std::cin, line) ? std::optional<std::string>(line) : std::nullopt;
    }
    std::ifstream in(*invocation.request_file, std::ios::binary);
    return in && std::getline(in, line) ? std::optional<std::string>(line) : std::nullopt;
}

} // namespace

int main(int argc, char** argv) {
    rdpmedic::helper::keep_new_files_private();
    rdpmedic::harden_process();
    std::string identity_error;
    const auto users_home = rdpmedic::helper::take_invoking_users_file_rights(identity_error);
    if (!identity_error.empty()) {
        answer({{"ok", false}, {"error", "refused: " + identity_error}});
        return 2;
    }
    const Invocation invocation = parse_arguments(rdpmedic::helper::utf8_arguments(argc, argv));
    if (!invocation.error.empty()) {
        answer({{"ok", false}, {"error", invocation.error}});
        return 2;
    }
    const auto line = read_request_line(invocation);
    if (!line) {
        answer({{"ok", false}, {"error", "no request on standard input or in the request file"}});
        return 2;
    }
    const json request = json::parse(*line, nullptr, false);
    if (!request.is_object()) {
        answer({{"ok", false}, {"error", "refused: the request is not a JSON object"}});
        return 2;
    }
    if (!users_home && (!request.contains("journal") || !request["journal"].is_string() ||
                        !acceptable_journal(utf8_path(request["journal"].get<std::string>())))) {
        answer({{"ok", false}, {"error", "a request needs an absolute journal path ending in rdpmedic/journal.jsonl"}});
        return 2;
    }
    const std::filesystem::path journal_path =
        users_home ? users_journal(*users_home, request) : utf8_path(request["journal"].get<std::string>());
    if (invocation.answer_file) {
        std::error_code error;
        if (!acceptable_exchange_file(*invocation.request_file, journal_path) ||
            !acceptable_exchange_file(*invocation.answer_file, journal_path) ||
            std::filesystem::exists(*invocation.answer_file, error)) {
            return 2; // nowhere it may answer
        }
        answer_file() = *invocation.answer_file;
    }
    Journal journal(journal_path);
    const auto values = make_system_values();
    try {
        const std::string op = request.value("op", "");
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
