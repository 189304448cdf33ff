// Finding the clients an earlier tray left running: a real rdpmedic-session keeper is found
// by its record; a record naming a pid that now belongs to another process (pid reuse), or
// the wrong start time, is ignored and its folder removed; folders and records that are links,
// FIFOs, another user's, writable by others, garbage or huge are refused and left alone.
#include "rdpmedic/platform/kept_sessions.h"

#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <fstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace rdpmedic;
using namespace std::chrono_literals;

namespace {

const std::filesystem::path kKeeper = RDPMEDIC_SESSION_EXE;

/// A process started by the test, killed and reaped at the end.
class Running {
  public:
    explicit Running(std::vector<std::string> argv) {
        m_pid = ::fork();
        if (m_pid == 0) {
            std::vector<char*> args;
            for (auto& arg : argv) {
                args.push_back(arg.data());
            }
            args.push_back(nullptr);
            ::execv(args[0], args.data());
            ::_exit(127);
        }
        // Until exec is done, /proc/PID/exe is still this test.
        const auto deadline = std::chrono::steady_clock::now() + 5s;
        std::error_code ec;
        while (std::filesystem::read_symlink("/proc/" + std::to_string(m_pid) + "/exe", ec) != argv[0] &&
               std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(10ms);
        }
    }
    ~Running() {
        if (m_pid > 0 && !m_reaped) {
            // A keeper leads a process group of its own, with its client in it.
            if (::getpgid(m_pid) == m_pid) {
                ::kill(-m_pid, SIGKILL);
            }
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, nullptr, 0);
        }
    }
    Running(const Running&) = delete;
    Running& operator=(const Running&) = delete;
    int pid() const { return m_pid; }
    /// Waits for it; its wait status.
    int wait() {
        int status = 0;
        ::waitpid(m_pid, &status, 0);
        m_reaped = true;
        return status;
    }

  private:
    int m_pid = -1;
    bool m_reaped = false;
};

std::filesystem::path session_folder(const test::TempDir& sessions, const std::string& name) {
    const auto folder = sessions / name;
    std::filesystem::create_directory(folder);
    ::chmod(folder.c_str(), 0700);
    return folder;
}

KeptSessionRecord record_of(int pid, std::uint64_t start) {
    KeptSessionRecord record;
    record.keeper_pid = pid;
    record.keeper_start = start;
    record.target = "localhost:3389";
    record.where = "localhost";
    record.client = "xfreerdp3";
    return record;
}

void write_record(const std::filesystem::path& folder, const KeptSessionRecord& record) {
    std::ofstream(folder / "record.json") << to_record_text(record);
    ::chmod((folder / "record.json").c_str(), 0600);
}

bool refused_names(const KeptSessionSearch& search, const std::string& folder_name) {
    for (const auto& line : search.refused) {
        if (line.find("/" + folder_name) != std::string::npos) {
            return true;
        }
    }
    return false;
}

} // namespace

TEST_CASE("kept sessions: a running keeper is found by its record, with its target and user", "[kept-session]") {
    const test::TempDir sessions;
    const test::TempDir scratch;
    Running keeper({kKeeper.string(), (scratch / "status").string(), "/bin/sleep", "60"});
    const auto start = process_start_time(keeper.pid());
    REQUIRE(start.has_value());
    auto record = record_of(keeper.pid(), *start);
    record.user = "alice";
    write_record(session_folder(sessions, "a"), record);

    const auto search = find_kept_sessions(sessions.path(), kKeeper);
    REQUIRE(search.running.size() == 1);
    CHECK(search.refused.empty());
    CHECK(search.running[0].folder == sessions / "a");
    CHECK(search.running[0].record.keeper_pid == keeper.pid());
    CHECK(search.running[0].record.user == "alice");
    // The keeper is in a session of its own: a signal to the tray's group does not reach it.
    CHECK(::getsid(keeper.pid()) == keeper.pid());
}

TEST_CASE("kept sessions: a record naming a live unrelated pid, or the keeper with another start time, is ignored",
          "[kept-session]") {
    const test::TempDir sessions;
    const test::TempDir scratch;
    Running keeper({kKeeper.string(), (scratch / "status").string(), "/bin/sleep", "60"});
    Running unrelated({"/bin/sleep", "60"});
    const auto keeper_start = process_start_time(keeper.pid());
    const auto unrelated_start = process_start_time(unrelated.pid());
    const auto own_start = process_start_time(::getpid());
    REQUIRE(keeper_start.has_value());
    REQUIRE(unrelated_start.has_value());
    REQUIRE(own_start.has_value());
    // The pid reused by another program, its start time right: not the keeper.
    write_record(session_folder(sessions, "reused-by-sleep"), record_of(unrelated.pid(), *unrelated_start));
    write_record(session_folder(sessions, "reused-by-test"), record_of(::getpid(), *own_start));
    // The keeper's pid with a start time that is not its own: a process before it had the pid.
    write_record(session_folder(sessions, "earlier-process"), record_of(keeper.pid(), *keeper_start + 1));
    write_record(session_folder(sessions, "gone"), record_of(4194304, 1));

    const auto search = find_kept_sessions(sessions.path(), kKeeper);
    CHECK(search.running.empty());
    CHECK(search.refused.empty());
    // Stale: removed, so no later start looks at them again.
    for (const char* name : {"reused-by-sleep", "reused-by-test", "earlier-process", "gone"}) {
        INFO(name);
        CHECK_FALSE(std::filesystem::exists(sessions / name));
    }
    CHECK(is_running_program(keeper.pid(), *keeper_start, kKeeper));
    CHECK(::kill(unrelated.pid(), 0) == 0);
}

TEST_CASE("kept sessions: links, FIFOs, other users' files, open folders, garbage and huge records are refused",
          "[kept-session]") {
    const test::TempDir sessions;
    const test::TempDir scratch;
    Running keeper({kKeeper.string(), (scratch / "status").string(), "/bin/sleep", "60"});
    const auto start = process_start_time(keeper.pid());
    REQUIRE(start.has_value());
    const auto good = record_of(keeper.pid(), *start);

    write_record(scratch.path(), good);
    const auto linked = session_folder(sessions, "linked-record");
    std::filesystem::create_symlink(scratch / "record.json", linked / "record.json");
    std::filesystem::create_directory_symlink(linked, sessions / "linked-folder");
    const auto fifo = session_folder(sessions, "fifo");
    REQUIRE(::mkfifo((fifo / "record.json").c_str(), 0600) == 0);
    const auto open_folder = session_folder(sessions, "open-folder");
    write_record(open_folder, good);
    ::chmod(open_folder.c_str(), 0777);
    const auto writable = session_folder(sessions, "writable-record");
    write_record(writable, good);
    ::chmod((writable / "record.json").c_str(), 0666);
    const auto garbage = session_folder(sessions, "garbage");
    std::ofstream(garbage / "record.json") << "{\"version\":1,\"keeper_pid\":\"; rm -rf /\"}";
    const auto huge = session_folder(sessions, "huge");
    std::ofstream(huge / "record.json") << to_record_text(good) << std::string(1 << 20, ' ');
    std::ofstream(sessions / "plain-file") << to_record_text(good);
    const bool root = ::getuid() == 0;
    if (root) {
        const auto foreign = session_folder(sessions, "foreign-record");
        write_record(foreign, good);
        REQUIRE(::chown((foreign / "record.json").c_str(), 65534, 65534) == 0);
        const auto foreign_folder = session_folder(sessions, "foreign-folder");
        write_record(foreign_folder, good);
        REQUIRE(::chown(foreign_folder.c_str(), 65534, 65534) == 0);
    }

    const auto search = find_kept_sessions(sessions.path(), kKeeper);
    CHECK(search.running.empty());
    for (const char* name : {"linked-record", "linked-folder", "fifo", "open-folder", "writable-record", "garbage",
                             "huge", "plain-file"}) {
        INFO(name);
        CHECK(refused_names(search, name));
        // Refused, not judged stale: left as found.
        CHECK(std::filesystem::exists(std::filesystem::symlink_status(sessions / name)));
    }
    if (root) {
        CHECK(refused_names(search, "foreign-record"));
        CHECK(refused_names(search, "foreign-folder"));
    }
    CHECK(std::filesystem::exists(scratch / "record.json"));

    // The folder of all sessions a link: nothing in it is looked at.
    const test::TempDir elsewhere;
    std::filesystem::create_directory_symlink(sessions.path(), elsewhere / "sessions");
    const auto through_link = find_kept_sessions(elsewhere / "sessions", kKeeper);
    CHECK(through_link.running.empty());
    CHECK(through_link.refused.size() == 1);
}

TEST_CASE("kept sessions: the keeper passes SIGTERM on to its client and records how it ended", "[kept-session]") {
    const test::TempDir scratch;
    Running keeper({kKeeper.string(), (scratch / "status").string(), "/bin/sleep", "60"});
    std::this_thread::sleep_for(200ms);
    ::kill(keeper.pid(), SIGTERM);
    const int status = keeper.wait();
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 128 + SIGTERM);
    std::ifstream in(scratch / "status");
    std::string line;
    std::getline(in, line);
    CHECK(line == "signal 15");
    struct stat info {};
    REQUIRE(::stat((scratch / "status").c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);

    // A client that exits by itself: its exit code, in the status and the keeper's own.
    const test::TempDir second;
    Running exits({kKeeper.string(), (second / "status").string(), "/bin/sh", "-c", "exit 7"});
    const int exited = exits.wait();
    REQUIRE(WIFEXITED(exited));
    CHECK(WEXITSTATUS(exited) == 7);
    std::ifstream second_in(second / "status");
    std::getline(second_in, line);
    CHECK(line == "exit 7");
}
