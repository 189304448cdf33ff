// Child processes on Linux: output read with a deadline, stdin, exit codes, stop and kill.
// Real processes (/bin/sh, cat), no stand-ins.
#include "rdpmedic/platform/child_process.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <string>

using rdpmedic::ChildProcess;
using namespace std::chrono_literals;

namespace {

std::string shell() {
    const std::string sh = rdpmedic::find_executable("sh");
    REQUIRE_FALSE(sh.empty());
    return sh;
}

/// Everything the child writes until its output closes; fails the test after 10 s.
std::string read_all(ChildProcess& child) {
    std::string output;
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    ChildProcess::Read read = ChildProcess::Read::data;
    while (read == ChildProcess::Read::data) {
        read = child.read_output(output, deadline);
    }
    CHECK(read == ChildProcess::Read::closed);
    return output;
}

} // namespace

TEST_CASE("child process (Linux): stdout and stderr arrive merged, then the exit code",
          "[child-process]") {
    ChildProcess child({shell(), "-c", "echo out; echo err >&2; exit 7"});
    child.close_stdin();
    const std::string output = read_all(child);
    CHECK(output.find("out\n") != std::string::npos);
    CHECK(output.find("err\n") != std::string::npos);
    CHECK(child.wait() == 7);
    CHECK_FALSE(child.ended_by_signal());
}

TEST_CASE("child process (Linux): a silent child times out at the deadline, answers its stdin",
          "[child-process]") {
    ChildProcess child({shell(), "-c", "read line; echo \"got $line\""});
    std::string output;
    const auto started = std::chrono::steady_clock::now();
    CHECK(child.read_output(output, started + 200ms) == ChildProcess::Read::timeout);
    CHECK(std::chrono::steady_clock::now() - started >= 200ms);
    CHECK(output.empty());
    CHECK_FALSE(child.wait_for(0ms).has_value());
    REQUIRE(child.write_stdin("hello\n"));
    CHECK(read_all(child) == "got hello\n");
    CHECK(child.wait_for(5s) == 0);
}

TEST_CASE("child process (Linux): request_stop and kill end a hanging child", "[child-process]") {
    SECTION("request_stop is SIGTERM") {
        ChildProcess child({shell(), "-c", "exec sleep 60"});
        child.request_stop();
        CHECK(child.wait_for(5s) == 128 + SIGTERM);
        CHECK(child.ended_by_signal());
    }
    SECTION("kill is SIGKILL") {
        ChildProcess child({shell(), "-c", "exec sleep 60"});
        child.kill();
        CHECK(child.wait_for(5s) == 128 + SIGKILL);
        CHECK(child.ended_by_signal());
    }
}

TEST_CASE("child process (Linux): writing to a child that has gone returns false",
          "[child-process]") {
    ChildProcess child({shell(), "-c", "exec 0<&-; exit 0"});
    CHECK(child.wait_for(5s) == 0);
    // A pipe holds 64 KiB; a larger write must hit the closed end rather than the buffer.
    CHECK_FALSE(child.write_stdin(std::string(1 << 20, 'x')));
}

TEST_CASE("child process (Linux): a missing program is a system_error", "[child-process]") {
    CHECK_THROWS_AS(ChildProcess({"/nonexistent/program"}), std::system_error);
    CHECK(rdpmedic::find_executable("no-such-program-anywhere").empty());
}
