#pragma once
/// rdpmedic-helper's file mode (--request FILE --request-sha256 HEX --answer FILE), as the
/// administrator prompt starts it, run by a test with the files it chooses. Shared by the
/// Linux end-to-end and the Windows unit tests.
#include "rdpmedic/platform/child_process.h"
#include "rdpmedic/plugins/journal.h"
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/plugins/signing.h"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace rdpmedic::test {

/// The build's rdpmedic-helper, as an absolute path in the system's own spelling (the Windows
/// tests get it from CMake as /work/…, which wine's Z: drive maps).
inline std::filesystem::path built_helper() { return std::filesystem::absolute(RDPMEDIC_HELPER_EXE).make_preferred(); }

inline void write_text(const std::filesystem::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
}

inline std::string read_text(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// A request for one change, one line of JSON as the change host writes it.
inline std::string apply_request(const std::filesystem::path& journal, const nlohmann::json& change,
                                 bool consent = false) {
    nlohmann::json request = {
        {"op", "apply"}, {"journal", utf8_text(journal)}, {"plugin", "test"}, {"change", change}};
    if (consent) {
        request["consent"] = "given";
    }
    return request.dump() + "\n";
}

struct HelperRun {
    int exit = -1;
    std::string output; ///< what it wrote to stdout: its refusal when it had no answer file
};

/// Runs the helper with `input` on stdin and the arguments after it.
inline HelperRun run_helper(const std::filesystem::path& helper, const std::vector<std::string>& arguments,
                            const std::string& input = {}) {
    std::vector<std::string> argv = {utf8_text(helper)};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    ChildProcess child(argv);
    child.write_stdin_and_close(input);
    HelperRun run;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (child.read_output(run.output, deadline) == ChildProcess::Read::data) {
    }
    run.exit = child.wait();
    return run;
}

inline HelperRun run_helper_with_files(const std::filesystem::path& helper, const std::filesystem::path& request,
                                       const std::string& sha256, const std::filesystem::path& answer) {
    return run_helper(helper, {"--request", utf8_text(request), "--request-sha256", sha256, "--answer",
                               utf8_text(answer)});
}

/// The text a test plants where the helper is to answer.
inline constexpr const char* kPlanted = "not the helper's";

/// Runs the helper on a request for `change` in `request_file` while `answer` is already there
/// (a file of kPlanted, or a link to `planted`, which holds it): it must refuse, journal
/// nothing and leave both as they were.
inline void check_planted_answer_refused(const std::filesystem::path& request_file, const std::filesystem::path& answer,
                                         const std::filesystem::path& planted, const std::filesystem::path& journal,
                                         const nlohmann::json& change) {
    const std::string request = apply_request(journal, change);
    write_text(request_file, request);
    const auto ran = run_helper_with_files(built_helper(), request_file, plugins::sha256_hex(request), answer);
    CHECK(ran.exit == 2);
    CHECK_THAT(ran.output, Catch::Contains("exists already") && Catch::Contains("nothing was changed"));
    CHECK(read_text(answer) == kPlanted);
    CHECK(read_text(planted) == kPlanted);
    CHECK(plugins::Journal(journal).entries().empty());
}

} // namespace rdpmedic::test
