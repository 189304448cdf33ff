// Child processes on Windows, with real processes (System32's cmd.exe): output read with a
// deadline, stdin, exit codes, killing a hanging child and everything it started, argument
// quoting checked against Windows' own parser.
#include "rdpmedic/platform/child_process.h"
#include "rdpmedic/platform/command_line_windows.h"
#include "rdpmedic/platform/wide_text.h"
#include "rdpmedic/platform/windows_api.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <shellapi.h>

using rdpmedic::ChildProcess;
using namespace std::chrono_literals;

namespace {

std::string system_program(const wchar_t* name) {
    wchar_t directory[MAX_PATH];
    const UINT length = GetSystemDirectoryW(directory, MAX_PATH);
    REQUIRE(length > 0);
    return rdpmedic::narrow(std::wstring(directory, length) + L"\\" + name);
}

std::string cmd() {
    return system_program(L"cmd.exe");
}

/// Everything the child writes until its output closes; fails the test after `limit`.
std::string read_all(ChildProcess& child, std::chrono::seconds limit = 20s) {
    std::string output;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    ChildProcess::Read read = ChildProcess::Read::data;
    while (read == ChildProcess::Read::data) {
        read = child.read_output(output, deadline);
    }
    CHECK(read == ChildProcess::Read::closed);
    return output;
}

/// A child that waits silently for a line on stdin.
std::vector<std::string> waits_for_input() {
    return {cmd(), "/d", "/c", "set /p LINE="};
}

} // namespace

TEST_CASE("child process (Windows): output arrives and the exit code is the child's",
          "[child-process]") {
    ChildProcess child({cmd(), "/d", "/c", "echo out& echo err 1>&2& exit 7"});
    child.close_stdin();
    const std::string output = read_all(child);
    CHECK_THAT(output, Catch::Contains("out"));
    CHECK_THAT(output, Catch::Contains("err")); // stderr merged into the same pipe
    CHECK(child.wait() == 7);
    CHECK_FALSE(child.ended_by_signal());
    CHECK(child.pid() > 0);
}

TEST_CASE("child process (Windows): a silent child times out at the deadline, then reads its stdin",
          "[child-process]") {
    ChildProcess child(waits_for_input());
    std::string output;
    const auto started = std::chrono::steady_clock::now();
    CHECK(child.read_output(output, started + 300ms) == ChildProcess::Read::timeout);
    CHECK(std::chrono::steady_clock::now() - started >= 300ms);
    CHECK(output.empty());
    CHECK_FALSE(child.wait_for(0ms).has_value());
    REQUIRE(child.write_stdin("hello\r\n"));
    CHECK(child.wait_for(20s) == 0);
    read_all(child);
}

TEST_CASE("child process (Windows): kill ends a hanging child and what it started",
          "[child-process]") {
    // System32's path has no spaces, so cmd.exe needs no quotes inside its command.
    ChildProcess child({cmd(), "/d", "/c", cmd() + " /d /c set /p LINE="});
    std::string output;
    CHECK(child.read_output(output, std::chrono::steady_clock::now() + 500ms) ==
          ChildProcess::Read::timeout);
    child.kill();
    CHECK(child.wait_for(10s) == 1);
    CHECK(child.ended_by_signal());
    // The grandchild inherited the output pipe: the pipe only closes if the job ended it too.
    read_all(child, 10s);
}

TEST_CASE("child process (Windows): request_stop ends a console child that has no window",
          "[child-process]") {
    ChildProcess child(waits_for_input());
    child.request_stop();
    CHECK(child.wait_for(10s) == 1);
    CHECK(child.ended_by_signal());
}

TEST_CASE("child process (Windows): destroying a running child does not wait for it",
          "[child-process]") {
    const auto started = std::chrono::steady_clock::now();
    { ChildProcess child(waits_for_input()); }
    CHECK(std::chrono::steady_clock::now() - started < 10s);
}

TEST_CASE("child process (Windows): writing to a child that has gone returns false",
          "[child-process]") {
    ChildProcess child({cmd(), "/d", "/c", "exit 0"});
    CHECK(child.wait_for(20s) == 0);
    // Larger than any pipe buffer: the write must meet the closed end.
    CHECK_FALSE(child.write_stdin(std::string(1 << 20, 'x')));
}

TEST_CASE("child process (Windows): a missing program is a system_error", "[child-process]") {
    CHECK_THROWS_AS(ChildProcess({"C:\\no\\such\\program.exe"}), std::system_error);
}

TEST_CASE(
    "child process (Windows): find_executable searches PATH with .exe, never returns a batch file",
    "[child-process]") {
    const std::string found = rdpmedic::find_executable("cmd");
    REQUIRE_FALSE(found.empty());
    CHECK(std::filesystem::path(rdpmedic::widen(found)).filename() == L"cmd.exe");
    CHECK(rdpmedic::find_executable(cmd()) == cmd());
    CHECK(rdpmedic::find_executable("no-such-program-anywhere").empty());

    const auto folder = std::filesystem::temp_directory_path() / L"rdpmedic-find-executable";
    std::filesystem::create_directories(folder);
    std::ofstream(folder / L"tool.bat") << "@echo off\r\n";
    CHECK(rdpmedic::find_executable(rdpmedic::narrow((folder / L"tool").wstring())).empty());
    CHECK(rdpmedic::find_executable(rdpmedic::narrow((folder / L"tool.bat").wstring())).empty());
    std::filesystem::remove_all(folder);
}

TEST_CASE("child process (Windows): arguments are quoted so that Windows splits them back exactly",
          "[child-process]") {
    const std::vector<std::string> argv{"C:\\Program Files\\x\\client.exe",
                                        "plain",
                                        "",
                                        "two words",
                                        "quote\"inside",
                                        "trailing\\",
                                        "trailing space\\",
                                        "back\\\\\"slash",
                                        "tab\there",
                                        "\xC3\xBCnic\xC3\xB6"
                                        "de"};
    const std::wstring line = rdpmedic::windows_command_line(argv);
    int count = 0;
    wchar_t** split = CommandLineToArgvW(line.c_str(), &count);
    REQUIRE(split != nullptr);
    REQUIRE(count == static_cast<int>(argv.size()));
    for (int i = 0; i < count; ++i) {
        CHECK(rdpmedic::narrow(split[i]) == argv[static_cast<std::size_t>(i)]);
    }
    LocalFree(split);
    CHECK_THROWS_AS(rdpmedic::windows_command_line({"C:\\a\"b.exe"}), std::invalid_argument);
}
