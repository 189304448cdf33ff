// The mstsc launcher on Windows. What runs for real: finding (or missing) mstsc.exe, the .rdp
// file written to disk, a real child process standing in for mstsc (System32's cmd.exe, which
// waits on its stdin like a client waiting on its server), and the event subscription's
// failure where the system has none (Wine). What does not: the live event log; the session's
// correlation is driven here by event XML written from the documented schema, with the child's
// real process id in it (fixture events, not a live log). The connect timeout cases start a
// real program showing a real window and modal dialog as mstsc; wine needs a display for
// windows, so they are tagged [windows-desktop] and run by unit/windows_window_tests.sh.
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/core/rdp_file.h"
#include "rdpmedic/core/supervisor.h"
#include "rdpmedic/platform/client_launcher.h"
#include "rdpmedic/platform/kept_sessions.h"
#include "rdpmedic/platform/mstsc_launcher_windows.h"
#include "rdpmedic/platform/user_dialogs_windows.h"
#include "rdpmedic/platform/wide_text.h"
#include "rdpmedic/platform/windows_api.h"

#include <catch2/catch.hpp>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <tlhelp32.h>

using namespace rdpmedic;
using namespace std::chrono_literals;

namespace {

std::filesystem::path system_directory() {
    wchar_t buffer[MAX_PATH];
    const UINT length = GetSystemDirectoryW(buffer, MAX_PATH);
    REQUIRE(length > 0);
    return std::wstring(buffer, length);
}

std::filesystem::path scratch_folder(const wchar_t* name) {
    const auto folder = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(folder);
    std::filesystem::create_directories(folder);
    return folder;
}

class RecordingListener final : public ClientListener {
  public:
    void on_connected() override {
        std::lock_guard lock(mutex_);
        connected_ = true;
        changed_.notify_all();
    }
    void on_exited(const ClientOutcome& outcome) override {
        std::lock_guard lock(mutex_);
        outcome_ = outcome;
        changed_.notify_all();
    }
    bool wait_connected(std::chrono::milliseconds limit) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, limit, [this] { return connected_; });
    }
    std::optional<ClientOutcome> wait_exited(std::chrono::milliseconds limit) {
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, limit, [this] { return outcome_.has_value(); });
        return outcome_;
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    bool connected_ = false;
    std::optional<ClientOutcome> outcome_;
};

/// Stands in for the event log subscription: the test delivers the events.
struct EventFeed {
    RdpClientEventWatcher::Observer observer;
    RdpClientEventTracker tracker;
    bool stopped = false;

    void deliver(const std::string& xml) {
        REQUIRE(observer);
        for (const auto& update : tracker.feed_xml(xml)) {
            observer(update);
        }
    }
};

class FeedWatcher final : public RdpClientEventWatcher {
  public:
    explicit FeedWatcher(EventFeed& feed) : feed_(feed) {}
    void stop() override { feed_.stopped = true; }

  private:
    EventFeed& feed_;
};

/// One RDP client event as EvtRender renders it (schema: event.xsd; fields: rdp-facts).
std::string event_xml(int id, const std::string& activity, std::optional<int> pid,
                      const std::string& value) {
    std::string xml =
        "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
        "<Provider Name='Microsoft-Windows-TerminalServices-ClientActiveXCore' "
        "Guid='{28aa95bb-d444-4719-a36f-40462168127e}'/><EventID>" +
        std::to_string(id) + "</EventID><Correlation ActivityID='" + activity + "'/>";
    if (pid) {
        xml += "<Execution ProcessID='" + std::to_string(*pid) + "' ThreadID='1'/>";
    }
    xml += "<Channel>Microsoft-Windows-TerminalServices-RDPClient/Operational</Channel></"
           "System><EventData>"
           "<Data Name='Name'>Server Name</Data><Data Name='Value'>" +
           value + "</Data><Data Name='CustomLevel'>Info</Data></EventData></Event>";
    return xml;
}

/// A launcher whose "mstsc" is `client` (cmd.exe unless given) and whose events come from `feed`;
/// with `keep`, its clients may outlive the tray and are recorded there.
std::unique_ptr<ClientLauncher> stand_in_launcher(EventFeed& feed, const std::filesystem::path& rdp_directory,
                                                  std::filesystem::path client = {},
                                                  std::optional<ClientSettings::Keeping> keep = {}) {
    MstscLauncherOptions options;
    if (keep) {
        options.keep = std::move(keep);
        options.lifetime = ChildLifetime::MayOutliveParent;
    }
    options.client = client.empty() ? system_directory() / L"cmd.exe" : std::move(client);
    options.rdp_directory = rdp_directory;
    options.event_grace = 300ms;
    options.watch = [&feed](RdpClientEventWatcher::Observer observer,
                            RdpClientEventWatcher::ErrorObserver) {
        feed.observer = std::move(observer);
        return std::make_unique<FeedWatcher>(feed);
    };
    return make_mstsc_launcher(std::move(options));
}

/// The process id of the `program` this process started and that still runs, found the way a
/// real client's would be: from the system's process list.
std::optional<int> running_child(const wchar_t* program) {
    const HANDLE snapshot = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    REQUIRE(snapshot != INVALID_HANDLE_VALUE);
    PROCESSENTRY32W entry{};
    entry.dwSize = sizeof entry;
    std::optional<int> found;
    for (BOOL more = Process32FirstW(snapshot, &entry); more;
         more = Process32NextW(snapshot, &entry)) {
        if (entry.th32ParentProcessID == GetCurrentProcessId() &&
            _wcsicmp(entry.szExeFile, program) == 0) {
            found = static_cast<int>(entry.th32ProcessID);
        }
    }
    CloseHandle(snapshot);
    return found;
}

/// A launcher whose "mstsc" is cmd.exe, whose events come from the test, with a listener and a
/// scratch folder for its .rdp files.
struct StandIn {
    std::filesystem::path folder = scratch_folder(L"rdpmedic-rdp-files");
    EventFeed feed;
    std::unique_ptr<ClientLauncher> launcher = stand_in_launcher(feed, folder);
    RecordingListener listener;

    ~StandIn() {
        launcher.reset();
        std::error_code ignored;
        std::filesystem::remove_all(folder, ignored);
    }
    std::unique_ptr<ClientSession> launch(const ConnectRequest& request) {
        return launcher->launch(request, listener);
    }
};

ConnectRequest request_for(const std::string& host, std::uint16_t port) {
    ConnectRequest request;
    request.target = Target{host, port};
    return request;
}

} // namespace

TEST_CASE("mstsc launcher (Windows): a missing mstsc.exe is a clear LaunchError", "[mstsc]") {
    const auto empty = scratch_folder(L"rdpmedic-no-mstsc");
    try {
        find_mstsc(empty);
        FAIL("no error for a folder without mstsc.exe");
    } catch (const LaunchError& error) {
        CHECK_THAT(error.what(), Catch::Contains("mstsc.exe) is not installed") &&
                                     Catch::Contains(narrow((empty / L"mstsc.exe").wstring())) &&
                                     Catch::Contains("--client PATH"));
    }
    std::ofstream(empty / L"mstsc.exe") << "MZ";
    CHECK(find_mstsc(empty) == empty / L"mstsc.exe");
    std::filesystem::remove_all(empty);

    // The real System32: Wine ships no mstsc.exe, Windows 11 may have had it uninstalled.
    if (!std::filesystem::exists(system_directory() / L"mstsc.exe")) {
        CHECK_THROWS_WITH(make_client_launcher({}), Catch::Contains("mstsc.exe) is not installed"));
    } else {
        CHECK(make_client_launcher({})->name() == "mstsc");
    }
}

TEST_CASE(
    "mstsc launcher (Windows): without an event log subscription it refuses to launch, saying why",
    "[mstsc]") {
    MstscLauncherOptions options;
    options.client = system_directory() / L"cmd.exe";
    options.rdp_directory = scratch_folder(L"rdpmedic-rdp-files");
    options.watch =
        [](RdpClientEventWatcher::Observer,
           RdpClientEventWatcher::ErrorObserver) -> std::unique_ptr<RdpClientEventWatcher> {
        throw EventWatchError("event log subscription unavailable: test");
    };
    auto launcher = make_mstsc_launcher(options);
    ConnectRequest request;
    request.target = Target{"rdp.example", 3389};
    RecordingListener listener;
    CHECK_THROWS_WITH(launcher->launch(request, listener),
                      Catch::Contains("cannot tell whether mstsc connects") &&
                          Catch::Contains("event log subscription unavailable"));
    CHECK(std::filesystem::is_empty(options.rdp_directory)); // nothing left behind
}

TEST_CASE("mstsc session (fixture events, not a live log): the .rdp file, connected, then stopped",
          "[mstsc]") {
    StandIn run;
    ConnectRequest request = request_for("rdp.example", 3390);
    request.user = "alice";
    request.password = Secret("hunter2");
    request.client_args = {"enablecredsspsupport:i:0"};
    auto session = run.launch(request);

    // The file mstsc was given: UTF-16LE with a byte order mark, no password.
    std::vector<std::filesystem::path> files(std::filesystem::directory_iterator(run.folder), {});
    REQUIRE(files.size() == 1);
    std::ostringstream read;
    read << std::ifstream(files[0], std::ios::binary).rdbuf(); // closed again at once
    const std::string bytes = read.str();
    CHECK(bytes.substr(0, 2) == "\xFF\xFE");
    const RdpFile file = RdpFile::parse(bytes, files[0]);
    CHECK(file.host() == "rdp.example");
    CHECK(file.port() == 3390);
    CHECK(file.username() == "alice");
    CHECK(file.credssp_enabled() == false);
    for (const auto& [key, value] : file.entries()) {
        CHECK(value.find("hunter2") == std::string::npos);
    }

    // Events without a process id are matched by server name; 1025 means connected.
    run.feed.deliver(event_xml(1024, "{a1}", std::nullopt, "rdp.example"));
    run.feed.deliver(event_xml(1025, "{a1}", std::nullopt, "rdp.example"));
    CHECK(run.listener.wait_connected(5s));
    session->stop();
    const auto outcome = run.listener.wait_exited(15s);
    REQUIRE(outcome);
    CHECK(outcome->connected);
    CHECK_FALSE(outcome->failure); // ended on request: not a failure
    session.reset();
    CHECK(std::filesystem::is_empty(run.folder)); // the .rdp file is removed with the session
    run.launcher.reset();
    CHECK(run.feed.stopped);
}

TEST_CASE("mstsc session (fixture events, not a live log): 0x904 before connecting is the failure",
          "[mstsc]") {
    StandIn run;
    auto session = run.launch(request_for("rdp.example", 3389));
    // Another mstsc (another process id) connecting to the same server is the user's own.
    run.feed.deliver(event_xml(1024, "{other}", 999999, "rdp.example"));
    run.feed.deliver(event_xml(1026, "{other}", 999999, "2308"));
    CHECK_FALSE(run.listener.wait_exited(1s));
    // Ours fails: the client is closed and the session reports the decoded failure.
    run.feed.deliver(event_xml(1024, "{ours}", std::nullopt, "RDP.example:3389"));
    run.feed.deliver(event_xml(1026, "{ours}", std::nullopt, "2308"));
    const auto outcome = run.listener.wait_exited(15s);
    REQUIRE(outcome);
    CHECK_FALSE(outcome->connected);
    REQUIRE(outcome->failure);
    CHECK(outcome->failure->kind == FailureKind::SocketClosed);
    CHECK(outcome->failure->codes.disc_reason == 0x904u);
}

TEST_CASE("mstsc session (fixture events, not a live log): its own process's events, any server",
          "[mstsc]") {
    StandIn run;
    auto session = run.launch(request_for("rdp.example", 3389));
    const auto pid = running_child(L"cmd.exe");
    REQUIRE(pid);
    CHECK(is_launched_client(static_cast<std::uint32_t>(*pid)));
    run.feed.deliver(event_xml(1024, "{alias}", *pid, "alias.example"));
    run.feed.deliver(event_xml(1027, "{alias}", *pid, "CORP"));
    CHECK(run.listener.wait_connected(5s));
    session.reset(); // destroying a running session stops the client
    CHECK(run.listener.wait_exited(0ms));
    CHECK_FALSE(is_launched_client(static_cast<std::uint32_t>(*pid)));
}

namespace {

/// A launcher whose "mstsc" is the idle program (a windowless process that outlives its stdin,
/// copied as mstsc.exe into a folder with a non-ASCII name) recording its clients in `sessions`.
struct KeptStandIn {
    std::filesystem::path folder = scratch_folder(L"rdpmedic-kept-J\u00fcrgen");
    std::filesystem::path sessions = folder / L"sessions";
    std::filesystem::path client = folder / L"mstsc.exe";
    EventFeed feed;
    std::unique_ptr<ClientLauncher> launcher;
    RecordingListener listener;

    KeptStandIn() {
        std::filesystem::copy_file(std::filesystem::absolute(RDPMEDIC_IDLE_PROGRAM_EXE).make_preferred(), client);
        launcher = stand_in_launcher(feed, folder / L"connections", client,
                                     ClientSettings::Keeping{sessions, "office.example"});
    }
    ~KeptStandIn() {
        launcher.reset();
        // Whatever a failed check left running.
        for (const auto& kept : find_kept_sessions(sessions, {}).running) {
            if (HANDLE process = OpenProcess(PROCESS_TERMINATE, FALSE, static_cast<DWORD>(kept.record.keeper_pid))) {
                TerminateProcess(process, 1);
                WaitForSingleObject(process, 5000);
                CloseHandle(process);
            }
        }
        std::error_code ignored;
        std::filesystem::remove_all(folder, ignored);
    }
};

} // namespace

TEST_CASE("mstsc session kept for the next tray: recorded, let go running, found and watched again, closed",
          "[kept-sessions-windows]") {
    KeptStandIn run;
    ConnectRequest request = request_for("office.example", 3389);
    request.user = "alice";
    request.client_args = {"enablecredsspsupport:i:0"}; // needs an .rdp file: it goes in the session's folder
    auto session = run.launcher->launch(request, run.listener);
    const auto pid = running_child(L"mstsc.exe");
    REQUIRE(pid);

    auto found = find_kept_sessions(run.sessions, {});
    CHECK(found.refused.empty());
    REQUIRE(found.running.size() == 1);
    const KeptSession kept = found.running[0];
    CHECK(kept.record.keeper_pid == *pid);
    CHECK(kept.record.keeper_start == process_start_time(*pid));
    CHECK(kept.record.target == "office.example:3389");
    CHECK(kept.record.where == "office.example");
    CHECK(kept.record.user == "alice");
    CHECK(kept.record.client == "mstsc");
    CHECK(_wcsicmp(utf8_path(kept.record.program).c_str(), run.client.c_str()) == 0);
    CHECK(std::filesystem::exists(kept.folder / "connection.rdp"));
    CHECK_FALSE(std::filesystem::exists(run.folder / L"connections"));

    // Quit, "Leave them running": the client runs on, its folder stays for the next tray.
    CHECK(session->let_go());
    session.reset();
    run.launcher.reset();
    CHECK_FALSE(run.listener.wait_exited(0ms));
    CHECK(is_running_program(*pid, kept.record.keeper_start, run.client));
    CHECK(std::filesystem::exists(kept.folder / "record.json"));

    // The next tray finds it and watches it: connected from the start, closed on request.
    ClientSettings again;
    again.attach_to = find_kept_sessions(run.sessions, {}).running.at(0);
    auto watcher = make_client_launcher(again);
    CHECK(watcher->name() == "mstsc");
    RecordingListener watching;
    auto watched = watcher->launch(request, watching);
    CHECK(watching.wait_connected(5s));
    CHECK_THROWS_AS(watcher->launch(request, watching), LaunchError);
    watched->stop();
    const auto outcome = watching.wait_exited(15s);
    REQUIRE(outcome);
    CHECK(outcome->connected);
    CHECK_FALSE(outcome->failure);
    watched.reset();
    CHECK_FALSE(process_start_time(*pid).has_value());
    CHECK_FALSE(std::filesystem::exists(kept.folder));
    CHECK(find_kept_sessions(run.sessions, {}).running.empty());
}

TEST_CASE("mstsc session kept for the next tray: closed by this tray, its folder goes with it",
          "[kept-sessions-windows]") {
    KeptStandIn run;
    auto session = run.launcher->launch(request_for("office.example", 3389), run.listener);
    REQUIRE(find_kept_sessions(run.sessions, {}).running.size() == 1);
    session->stop();
    CHECK(run.listener.wait_exited(15s));
    session.reset();
    CHECK(std::filesystem::is_empty(run.sessions));
}

namespace {

/// The real supervisor, with the real clock, running one attempt of a launcher whose "mstsc"
/// is fake-mstsc-dialog.exe showing its modal dialog for `dialog` (none for 0 ms).
struct DialogRun {
    std::filesystem::path folder = scratch_folder(L"rdpmedic-mstsc-dialog");
    std::filesystem::path client = folder / L"mstsc.exe";
    EventFeed feed;
    std::unique_ptr<ClientLauncher> launcher;
    std::mutex mutex;
    std::optional<Failure> failure;
    std::chrono::steady_clock::time_point failed_at{};
    std::unique_ptr<Supervisor> supervisor;
    SystemClock clock;
    std::thread runner;

    explicit DialogRun(std::chrono::milliseconds dialog, std::chrono::milliseconds timeout) {
        std::filesystem::copy_file(std::filesystem::absolute(RDPMEDIC_FAKE_MSTSC_DIALOG_EXE).make_preferred(),
                                   client);
        std::ofstream(std::filesystem::path(client.wstring() + L".dialog")) << dialog.count();
        launcher = stand_in_launcher(feed, folder, client);
        Supervisor::Options options;
        options.retry.max_attempts = 1;
        options.retry.connect_timeout = timeout;
        supervisor = std::make_unique<Supervisor>(request_for("server.test", 3389), options, *launcher, clock,
                                                  [] { return 0.5; });
        supervisor->add_observer([this](const SupervisorEvent& event) {
            if (event.state == SupervisorState::Failed) {
                std::lock_guard lock(mutex);
                failure = event.failure;
                failed_at = std::chrono::steady_clock::now();
            }
        });
        runner = std::thread([this] { supervisor->run(); });
    }
    ~DialogRun() {
        supervisor->cancel();
        runner.join();
        supervisor.reset();
        launcher.reset();
        std::error_code ignored;
        std::filesystem::remove_all(folder, ignored);
    }
    bool failed() {
        std::lock_guard lock(mutex);
        return failure.has_value();
    }
    std::uint32_t pid() {
        std::optional<int> found;
        for (int i = 0; i < 100 && !found; ++i) {
            found = running_child(L"mstsc.exe");
            if (!found) {
                std::this_thread::sleep_for(100ms);
            }
        }
        REQUIRE(found);
        return static_cast<std::uint32_t>(*found);
    }
    std::string log() {
        std::ostringstream text;
        text << std::ifstream(std::filesystem::path(client.wstring() + L".log")).rdbuf();
        return text.str();
    }
};

/// Polls waits_on_user until it says `wanted` or `limit` passes; when it did.
std::optional<std::chrono::steady_clock::time_point> until_waits_on_user(std::uint32_t pid, bool wanted,
                                                                         std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (waits_on_user(pid) == wanted) {
            return std::chrono::steady_clock::now();
        }
        std::this_thread::sleep_for(50ms);
    }
    return std::nullopt;
}

} // namespace

TEST_CASE("mstsc connect timeout (real modal dialog, fixture event 1024): it does not run out while the dialog "
          "shows, and runs out after it",
          "[.][windows-desktop][mstsc][connect-clock]") {
    DialogRun run(6000ms, 1500ms);
    const std::uint32_t pid = run.pid();
    // The window alone ("Connecting…") is not a dialog; then the modal dialog is.
    const auto shown = until_waits_on_user(pid, true, 20s);
    INFO(run.log());
    REQUIRE(shown);
    // mstsc logs its 1024 while the dialog shows (the certificate warning comes after it).
    std::this_thread::sleep_for(1s);
    const auto connecting = std::chrono::steady_clock::now();
    run.feed.deliver(event_xml(1024, "{dialog}", static_cast<int>(pid), "server.test"));
    const auto closed = until_waits_on_user(pid, false, 20s);
    REQUIRE(closed);
    // More than the timeout passed since the 1024 while the dialog showed, and no timeout.
    CHECK(*closed - connecting > 3s);
    CHECK_FALSE(run.failed());
    // The window still shows, the count goes on and runs out.
    const auto deadline = *closed + 10s;
    while (!run.failed() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(50ms);
    }
    REQUIRE(run.failed());
    CHECK_THAT(run.log(), Catch::Contains("dialog shown") && Catch::Contains("dialog closed"));
    std::lock_guard lock(run.mutex);
    CHECK(run.failure->kind == FailureKind::Timeout);
    CHECK(run.failure->no_system_change == "mstsc timed out while waiting");
    // 1.5 s after the dialog closed, at most one poll (0.5 s) before the test saw it close.
    CHECK(run.failed_at - *closed > 900ms);
    CHECK(run.failed_at - *closed < 5s);
}

TEST_CASE("mstsc connect timeout (real window, no dialog, fixture event 1024): the count runs from the 1024",
          "[.][windows-desktop][mstsc][connect-clock]") {
    DialogRun run(0ms, 1500ms);
    const std::uint32_t pid = run.pid();
    INFO(run.log());
    // Time before the 1024 does not count, window or not.
    std::this_thread::sleep_for(2500ms);
    CHECK_FALSE(run.failed());
    CHECK_FALSE(waits_on_user(pid));
    const auto connecting = std::chrono::steady_clock::now();
    run.feed.deliver(event_xml(1024, "{window}", static_cast<int>(pid), "server.test"));
    while (!run.failed() && std::chrono::steady_clock::now() < connecting + 10s) {
        std::this_thread::sleep_for(50ms);
    }
    REQUIRE(run.failed());
    CHECK_THAT(run.log(), Catch::Contains("window shown") && !Catch::Contains("dialog shown"));
    std::lock_guard lock(run.mutex);
    CHECK(run.failure->kind == FailureKind::Timeout);
    CHECK(run.failed_at - connecting > 1400ms);
    CHECK(run.failed_at - connecting < 4s);
}
