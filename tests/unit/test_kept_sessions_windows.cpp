// Finding the mstsc processes an earlier tray left running, on Windows: a real running process
// (System32's cmd.exe standing in for mstsc, waiting on its stdin) is found by its record; a
// record with another creation time, a pid that has ended or another program is dropped and
// its folder removed; garbage, oversized records, a record that is a folder and a folder
// others can write in are refused and left alone.
#include "kept_files_windows.h"
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/platform/child_process.h"
#include "rdpmedic/platform/new_file.h"
#include "rdpmedic/platform/user_sid.h"
#include "rdpmedic/platform/wide_text.h"
#include "rdpmedic/platform/windows_api.h"
#include "everyone_writes_windows.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <fstream>

using namespace rdpmedic;

namespace {

/// The stand-in for mstsc: cmd.exe, which runs until its stdin closes (with the ChildProcess).
std::filesystem::path stand_in_program() {
    const std::string cmd = find_executable("cmd.exe");
    REQUIRE_FALSE(cmd.empty());
    return widen(cmd);
}

/// A session folder `name` in `sessions`, made as the launcher makes them, holding `text`.
std::filesystem::path folder_with_record(const std::filesystem::path& sessions, const std::string& name,
                                         const std::string& text) {
    const auto folder = create_kept_folder(sessions, name);
    write_new_file(folder / kKeptRecordFile, text, Readers::Owner);
    return folder;
}

KeptSessionRecord record_of(const ChildProcess& process, const std::filesystem::path& program) {
    KeptSessionRecord record;
    record.keeper_pid = process.pid();
    record.keeper_start = process_start_time(process.pid()).value_or(0);
    record.target = "office.example:3389";
    record.where = "office.example";
    record.user = "j\xc3\xbcrgen";
    record.client = "mstsc";
    record.program = utf8_text(program);
    return record;
}

} // namespace

TEST_CASE("kept sessions (Windows): a running process is found by its record, in a folder of this user alone",
          "[kept-sessions-windows]") {
    const test::TempDir temp;
    // A profile folder with a non-ASCII name, as C:\Users\Jürgen has.
    const auto sessions = temp / utf8_path("J\xc3\xbcrgen") / "sessions";
    const auto program = stand_in_program();
    ChildProcess process({narrow(program.wstring())}, ChildLifetime::MayOutliveParent);
    const auto record = record_of(process, program);
    REQUIRE(record.keeper_start != 0);
    CHECK(creation_time(process.process_handle()) == record.keeper_start);
    CHECK(is_running_program(process.pid(), record.keeper_start, program));
    const auto folder = folder_with_record(sessions, "one", to_record_text(record));

    std::string why;
    CHECK(own_private_folder(sessions, why));
    CHECK(own_private_folder(folder, why));
    const auto found = find_kept_sessions(sessions, {});
    CHECK(found.refused.empty());
    REQUIRE(found.running.size() == 1);
    CHECK(found.running[0].folder == folder);
    CHECK(found.running[0].record.keeper_pid == process.pid());
    CHECK(found.running[0].record.user == "j\xc3\xbcrgen");
    CHECK(found.running[0].record.program == record.program);

    process.kill();
    process.wait();
    CHECK_FALSE(process_start_time(record.keeper_pid).has_value());
    CHECK_FALSE(is_running_program(record.keeper_pid, record.keeper_start, program));
    const auto after_end = find_kept_sessions(sessions, {});
    CHECK(after_end.running.empty());
    CHECK(after_end.refused.empty());
    CHECK_FALSE(std::filesystem::exists(folder));
}

TEST_CASE("kept sessions (Windows): another creation time, another program or an ended pid is dropped and its "
          "folder removed",
          "[kept-sessions-windows]") {
    const test::TempDir temp;
    const auto sessions = temp / "sessions";
    const auto program = stand_in_program();
    ChildProcess process({narrow(program.wstring())}, ChildLifetime::MayOutliveParent);
    const auto record = record_of(process, program);

    auto reused = record; // the pid, as another process that got it later would have it
    reused.keeper_start = record.keeper_start + 1;
    const auto reused_folder = folder_with_record(sessions, "reused", to_record_text(reused));
    auto other = record;
    other.program = utf8_text(program.parent_path() / "notepad.exe");
    const auto other_folder = folder_with_record(sessions, "other-program", to_record_text(other));

    ChildProcess ended({narrow(program.wstring())}, ChildLifetime::MayOutliveParent);
    const auto ended_record = record_of(ended, program);
    ended.kill();
    ended.wait();
    const auto ended_folder = folder_with_record(sessions, "ended", to_record_text(ended_record));
    const auto live_folder = folder_with_record(sessions, "live", to_record_text(record));

    const auto found = find_kept_sessions(sessions, {});
    CHECK(found.refused.empty());
    REQUIRE(found.running.size() == 1);
    CHECK(found.running[0].folder == live_folder);
    CHECK_FALSE(std::filesystem::exists(reused_folder));
    CHECK_FALSE(std::filesystem::exists(other_folder));
    CHECK_FALSE(std::filesystem::exists(ended_folder));
    CHECK(std::filesystem::exists(live_folder / kKeptRecordFile));
}

TEST_CASE("kept sessions (Windows): garbage, oversized and misplaced records are refused one by one and left alone",
          "[kept-sessions-windows]") {
    const test::TempDir temp;
    const auto sessions = temp / "sessions";
    const auto program = stand_in_program();
    ChildProcess process({narrow(program.wstring())}, ChildLifetime::MayOutliveParent);
    const auto live_folder = folder_with_record(sessions, "0-live", to_record_text(record_of(process, program)));
    const auto garbage = folder_with_record(sessions, "garbage", "{\"version\":1,\"keeper_pid\":");
    const auto huge = folder_with_record(sessions, "huge", std::string(kKeptSessionRecordMaxBytes + 1, ' '));
    const auto no_program_text = [&] {
        auto record = record_of(process, program);
        record.program.clear();
        return to_record_text(record);
    }();
    // Without the program a Windows record names no process it could check: dropped.
    const auto no_program = folder_with_record(sessions, "no-program", no_program_text);
    const auto folder_record = create_kept_folder(sessions, "record-is-a-folder");
    std::filesystem::create_directory(folder_record / kKeptRecordFile);
    // A folder Everyone may write in: anyone could have put its record there.
    const auto open_folder = create_kept_folder(sessions, "open-to-everyone");
    test::let_everyone_write(open_folder);
    std::ofstream(open_folder / kKeptRecordFile) << to_record_text(record_of(process, program));
    std::ofstream(sessions / "a-file") << "not a folder";

    const auto found = find_kept_sessions(sessions, {});
    for (const auto& kept : found.running) {
        UNSCOPED_INFO("running: " << utf8_text(kept.folder));
    }
    for (const auto& line : found.refused) {
        UNSCOPED_INFO("refused: " << line);
    }
    REQUIRE(found.running.size() == 1);
    CHECK(found.running[0].folder == live_folder);
    const auto refused = [&](const std::filesystem::path& place, const std::string& reason) {
        for (const auto& line : found.refused) {
            if (line.starts_with(utf8_text(place)) && line.find(reason) != std::string::npos) {
                return true;
            }
        }
        return false;
    };
    CHECK(found.refused.size() == 5);
    CHECK(refused(garbage, "not a JSON object"));
    CHECK(refused(huge, "larger than 16384 bytes"));
    CHECK(refused(folder_record, "not a regular file"));
    CHECK(refused(open_folder, "others can write in it"));
    CHECK(refused(sessions / "a-file", "not a folder"));
    for (const auto& kept : {garbage, huge, folder_record, open_folder}) {
        CHECK(std::filesystem::exists(kept / kKeptRecordFile));
    }
    CHECK_FALSE(std::filesystem::exists(no_program));
}
