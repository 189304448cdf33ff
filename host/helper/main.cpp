// rdpmedic-helper: the only process that changes the system. It runs elevated when a change
// needs it, accepts one allowlisted typed change (or an undo) as a JSON line on stdin,
// journals it and carries it out. It never loads plugin code.
//
// `rdpmedic-helper --request FILE --request-sha256 HEX --answer FILE` reads the request from a
// file and writes the answer to a new file instead: Windows' administrator prompt
// (ShellExecuteExW "runas") cannot pass pipes. The prompt shows and fixes the command line, so
// the SHA-256 there binds the request to it: a request file changed after rdpmedic wrote it is
// refused. Both files must sit beside the journal and be named helper-*.json, so the elevated
// helper still writes to the journal's folder only; the answer file it creates itself.
//
// Elevated for another user (Linux: pkexec; Windows: the prompt), it takes nothing from the
// environment, keeps the journal in that user's folders and opens it with that user's rights
// (file_rights.h), and reaches the values only through folders root owns
// (system_values_linux.cpp). A change that needs consent it carries out only when the request
// says the user gave it.
#include "answer_file.h"
#include "file_rights.h"
#include "journal_folder.h"

#include "rdpmedic/core/path_text.h"
#include "rdpmedic/platform/privileges.h"
#include "rdpmedic/platform/process_hardening.h"
#include "rdpmedic/platform/utf8_arguments.h"
#include "rdpmedic/plugins/change_executor.h"
#include "rdpmedic/plugins/journal.h"
#include "rdpmedic/plugins/signing.h"
#include "rdpmedic/plugins/system_values.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace {

using nlohmann::json;
using namespace rdpmedic;
using namespace rdpmedic::plugins;

/// Where the answer goes: stdout, or the answer file of the file mode.
std::unique_ptr<rdpmedic::helper::AnswerFile>& answer_file() {
    static std::unique_ptr<rdpmedic::helper::AnswerFile> file;
    return file;
}

void answer(const json& message) {
    const std::string line = message.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
    if (const auto& file = answer_file()) {
        file->write(line);
        return;
    }
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);
}

/// Answers that the request is refused, or could not be read, before anything was changed;
/// returns the exit code for that.
int refuse(const std::string& error) {
    answer({{"ok", false}, {"error", error}});
    return 2;
}

/// Test hook: stop after the named durable step so a test can SIGKILL the helper there.
/// Never when working for another user: they must not be able to hold root's helper.
StepHook pause_hook(bool for_another_user) {
    const char* at = for_another_user ? nullptr : std::getenv("RDPMEDIC_HELPER_PAUSE_AT");
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

/// The journal an elevated helper keeps for the user: the one the request names when it lies
/// in their home (Linux, where XDG_STATE_HOME may move it), else the default.
std::filesystem::path users_journal(const rdpmedic::helper::UsersJournal& users, const json& request) {
    if (users.home.empty() || !request.is_object() || !request.contains("journal") || !request["journal"].is_string()) {
        return users.fallback;
    }
    const auto asked = utf8_path(request["journal"].get<std::string>()).lexically_normal();
    const auto inside = asked.lexically_relative(users.home.lexically_normal());
    const bool in_home = !inside.empty() && *inside.begin() != "..";
    return in_home && acceptable_journal(asked) ? asked : users.fallback;
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
    std::string request_sha256; ///< of the request file's bytes, as the host wrote them
    std::string error;
};

Invocation parse_arguments(const std::vector<std::string>& arguments) {
    Invocation invocation;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string& option = arguments[i];
        if ((option == "--request" || option == "--answer") && i + 1 < arguments.size()) {
            (option == "--request" ? invocation.request_file : invocation.answer_file) = utf8_path(arguments[++i]);
        } else if (option == "--request-sha256" && i + 1 < arguments.size()) {
            invocation.request_sha256 = arguments[++i];
        } else {
            invocation.error = "unknown argument \"" + option +
                               "\"; usage: rdpmedic-helper [--request FILE --request-sha256 HEX --answer FILE]";
            return invocation;
        }
    }
    const bool file_mode = invocation.request_file.has_value();
    if (file_mode != invocation.answer_file.has_value() || file_mode != !invocation.request_sha256.empty()) {
        invocation.error = "--request, --request-sha256 and --answer go together";
    }
    return invocation;
}

/// A request is one line of JSON; a file much larger than any request is not one.
constexpr std::size_t kMaxRequestFile = 1 << 20;

/// The request file's bytes, or stdin's first line. nullopt when there is none.
std::optional<std::string> read_request(const Invocation& invocation) {
    std::string text;
    if (!invocation.request_file) {
        return std::getline(std::cin, text) ? std::optional<std::string>(text) : std::nullopt;
    }
    std::ifstream in(*invocation.request_file, std::ios::binary);
    text.resize(kMaxRequestFile + 1);
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

/// Why a change is not carried out without the user's say, or empty. Whether it needs consent
/// is the helper's own reckoning (change_from_json: the plugin's mark, and always for a winsock
/// reset), not the request's.
std::string consent_missing(const Change& change, const json& request) {
    if (!change.needs_consent || request.value("consent", "") == "given") {
        return {};
    }
    return "refused: " + describe(change) +
           " needs the user's consent and the request does not say it was given; nothing was changed";
}

} // namespace

int main(int argc, char** argv) {
    rdpmedic::helper::keep_new_files_private();
    rdpmedic::harden_process();
    const Invocation invocation = parse_arguments(rdpmedic::utf8_arguments(argc, argv));
    if (!invocation.error.empty()) {
        return refuse(invocation.error);
    }
    std::string identity_error;
    const auto users = rdpmedic::helper::take_invoking_users_file_rights(invocation.request_file.has_value(),
                                                                         identity_error);
    if (!identity_error.empty()) {
        return refuse("refused: " + identity_error);
    }
    const auto text = read_request(invocation);
    if (!text) {
        return refuse("no request on standard input or in the request file");
    }
    // Nothing the request asks is acted on before its checksum is: here only where the journal
    // lies, which for a user the helper works for on Windows is its own choice anyway.
    const json request = json::parse(text->substr(0, text->find('\n')), nullptr, false);
    if (!users && (!request.is_object() || !request.contains("journal") || !request["journal"].is_string() ||
                   !acceptable_journal(utf8_path(request["journal"].get<std::string>())))) {
        return refuse("a request needs an absolute journal path ending in rdpmedic/journal.jsonl");
    }
    const std::filesystem::path journal_path =
        users ? users_journal(*users, request) : utf8_path(request["journal"].get<std::string>());
    if (invocation.answer_file) {
        if (!acceptable_exchange_file(*invocation.request_file, journal_path) ||
            !acceptable_exchange_file(*invocation.answer_file, journal_path)) {
            return refuse("refused: the request and answer files must be helper-*.json beside the journal " +
                          utf8_text(journal_path) + "; nothing was changed");
        }
    }
    if (users) {
        if (const std::string refusal = rdpmedic::helper::hold_journal_folder(journal_path); !refusal.empty()) {
            return refuse(refusal);
        }
    }
    if (invocation.answer_file) {
        std::string error;
        auto file = rdpmedic::helper::AnswerFile::create(*invocation.answer_file, error);
        if (!file) {
            return refuse(error);
        }
        answer_file() = std::move(file);
        if (sha256_hex(*text) != invocation.request_sha256) {
            return refuse("refused: the request file " + utf8_text(*invocation.request_file) +
                          " is not the one rdpmedic wrote for this run (its SHA-256 differs from the one the "
                          "administrator prompt was given); it was changed since, and nothing was changed");
        }
    }
    if (!request.is_object()) {
        return refuse("refused: the request is not a JSON object");
    }
    Journal journal(journal_path);
    const auto values = make_system_values();
    const StepHook hook = pause_hook(elevated_for_another_user() || users.has_value());
    try {
        const std::string op = request.value("op", "");
        if (op == "apply") {
            const Change change = change_from_json(request.value("change", json()));
            if (const std::string refusal = consent_missing(change, request); !refusal.empty()) {
                answer({{"ok", false}, {"message", refusal}});
                return 1;
            }
            const ApplyOutcome outcome = apply_journaled(request.value("plugin", "unknown"), change, journal, *values, hook);
            answer({{"ok", outcome.ok}, {"id", outcome.id}, {"message", outcome.message}});
            return outcome.ok ? 0 : 1;
        }
        if (op == "undo") {
            const UndoOutcome outcome =
                undo_journaled(request.value("ids", std::vector<std::string>{}), journal, *values, hook);
            answer({{"ok", outcome.failed.empty()},
                    {"undone", outcome.undone},
                    {"skipped", outcome.skipped},
                    {"failed", outcome.failed}});
            return outcome.failed.empty() ? 0 : 1;
        }
        return refuse("unknown op \"" + op + "\"");
    } catch (const std::exception& error) {
        answer({{"ok", false}, {"error", error.what()}});
        return 1;
    }
}
