// The Windows RDP client, mstsc.exe. It reports nothing to its parent (no output, an exit code
// of 0 whatever happened), so a session learns its outcome from the client's event log: the
// events logged by the mstsc process it started (their Execution ProcessID), or, for events
// without one, the first 1024 naming its server that no other session has claimed; later
// events follow by ActivityID. A 1026 with an error reason before the session connected
// closes mstsc (its error dialog would otherwise stack up under the next attempt) and is the
// failure the session reports once mstsc has exited. Started to outlive the tray, mstsc gets a
// folder of its own with its record (see kept_files_windows.h), which stays when it is let go.
#include "rdpmedic/platform/mstsc_launcher_windows.h"

#include "kept_files_windows.h"
#include "rdpmedic/core/ascii.h"
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/platform/child_process.h"
#include "rdpmedic/platform/client_launcher.h"
#include "rdpmedic/platform/mstsc_settings.h"
#include "rdpmedic/platform/new_file.h"
#include "rdpmedic/platform/state_dirs.h"
#include "rdpmedic/platform/user_dialogs_windows.h"
#include "rdpmedic/platform/wide_text.h"
#include "rdpmedic/platform/windows_api.h"

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <functional>
#include <mutex>
#include <spdlog/spdlog.h>
#include <system_error>
#include <thread>

namespace rdpmedic {

namespace {

/// How often mstsc's windows are looked at for a dialog waiting on the user: often enough
/// that the connect timeout is at most this much off, rarely enough to cost nothing.
constexpr auto kDialogPoll = std::chrono::milliseconds(500);

/// "Host", "host:3389", "[::1]:3389" → "host", "::1": how a 1024's server compares to a target.
std::string server_key(std::string server) {
    if (!server.empty() && server.front() == '[') {
        const auto close = server.find(']');
        return ascii_lowercase(
            server.substr(1, close == std::string::npos ? std::string::npos : close - 1));
    }
    const auto colon = server.find(':');
    if (colon != std::string::npos && server.find(':', colon + 1) == std::string::npos) {
        server.erase(colon);
    }
    return ascii_lowercase(server);
}

class MstscSession;

/// The launcher's one subscription, shared by its sessions: each update goes to the session
/// it belongs to, if any.
class EventRouter {
  public:
    ~EventRouter() {
        if (watcher_) {
            watcher_->stop();
        }
    }

    /// Subscribes on first use. Throws EventWatchError.
    void start(const EventWatcherFactory& watch) {
        std::lock_guard lock(start_mutex_);
        if (!watcher_) {
            watcher_ = watch([this](const RdpClientUpdate& update) { route(update); },
                             [](const std::string& problem) { spdlog::warn("{}", problem); });
        }
    }

    void add(MstscSession* session) {
        std::lock_guard lock(mutex_);
        sessions_.push_back(session);
    }

    void remove(MstscSession* session) {
        std::lock_guard lock(mutex_);
        std::erase(sessions_, session);
    }

  private:
    void route(const RdpClientUpdate& update);

    std::mutex start_mutex_;
    std::unique_ptr<RdpClientEventWatcher> watcher_;
    std::mutex mutex_;
    std::vector<MstscSession*> sessions_; ///< oldest first
};

/// Where a session that may outlive the tray keeps its record: `folder`, made for it.
struct KeptPlace {
    std::filesystem::path folder;
    KeptSessionRecord record; ///< pid, start time and program filled in once mstsc runs
};

class MstscSession final : public ClientSession {
  public:
    MstscSession(const std::vector<std::string>& argv, std::filesystem::path rdp_file,
                 const std::string& host, ClientListener& listener, EventRouter& router,
                 std::chrono::milliseconds event_grace, ChildLifetime lifetime, std::optional<KeptPlace> kept)
        : process_(argv, lifetime), rdp_file_(std::move(rdp_file)), server_(server_key(host)),
          listener_(listener), router_(router), event_grace_(event_grace) {
        pid_ = static_cast<std::uint32_t>(process_.pid());
        if (kept) {
            // Thrown before anything watches it: the process is ended with process_.
            write_record(std::move(*kept));
        }
        note_launched_client(pid_);
        router_.add(this);
        exit_waiter_ = std::thread([this] {
            const HANDLE ends[] = {process_.process_handle(), let_go_event_.get()};
            if (WaitForMultipleObjects(2, ends, FALSE, INFINITE) != WAIT_OBJECT_0) {
                return; // let go: its end is the next tray's to see
            }
            const int code = process_.wait();
            std::lock_guard lock(mutex_);
            exit_code_ = code;
            changed_.notify_all();
        });
        reporter_ = std::thread([this] { report_until_exit(); });
        dialog_watcher_ = std::thread([this] { watch_dialogs(); });
    }

    ~MstscSession() override {
        if (!let_go_) {
            stop();
        }
        reporter_.join();
        dialog_watcher_.join();
        exit_waiter_.join();
        router_.remove(this);
        forget_launched_client(pid_);
        if (let_go_) {
            return; // mstsc may read its .rdp file again, and the next tray needs the record
        }
        if (!rdp_file_.empty()) {
            std::error_code ignored;
            std::filesystem::remove(rdp_file_, ignored);
        }
        if (!kept_folder_.empty()) {
            remove_kept_folder(kept_folder_);
        }
    }

    void stop() override {
        std::lock_guard lock(mutex_);
        stop_requested_ = true;
        changed_.notify_all();
    }

    bool let_go() override {
        if (kept_folder_.empty()) {
            stop();
            return false;
        }
        {
            std::lock_guard lock(mutex_);
            let_go_ = true;
            changed_.notify_all();
        }
        SetEvent(let_go_event_.get());
        process_.let_go();
        spdlog::info("mstsc (pid {}) is left running; its record is in {}", pid_, utf8_text(kept_folder_));
        return true;
    }

    std::uint32_t pid() const { return pid_; }

    /// Router side (its lock held): whether an update without a known owner opens this
    /// session's connection.
    bool claims(const RdpClientUpdate& update) {
        std::lock_guard lock(mutex_);
        if (!activity_.empty() || update.event.id != kEventConnecting) {
            return false;
        }
        return server_key(update.connection.server) == server_;
    }

    bool owns_activity(const std::string& activity) {
        std::lock_guard lock(mutex_);
        return !activity.empty() && activity == activity_;
    }

    void on_update(const RdpClientUpdate& update) {
        {
            std::lock_guard lock(mutex_);
            if (activity_.empty()) {
                activity_ = update.connection.activity_id;
            }
            connection_ = update.connection;
            if (update.event.id == kEventDisconnected) {
                disconnect_seen_ = true;
                failed_before_connecting_ = connection_.failure.has_value() && !connection_.connected;
            } else if (update.event.id == kEventConnecting) {
                disconnect_seen_ = false; // mstsc reconnecting by itself
            }
            changed_.notify_all();
        }
        // Connected and disconnected reach the listener as on_connected and on_exited.
        if (progress_of(update.event) == ClientProgress::Connecting) {
            spdlog::info("mstsc (pid {}) is trying to connect to {} (event 1024): the connect timeout starts",
                         pid_, update.connection.server);
            listener_.on_progress(ClientProgress::Connecting);
        }
    }

  private:
    /// The record that lets a tray started again find this mstsc: its pid, creation time and
    /// program as Windows reports them for the process, so the next check compares like with like.
    void write_record(KeptPlace kept) {
        kept_folder_ = std::move(kept.folder);
        try {
            const auto created = creation_time(process_.process_handle());
            const auto program = process_image(process_.process_handle());
            if (!created || program.empty()) {
                throw std::runtime_error("cannot read mstsc's creation time or path");
            }
            kept.record.keeper_pid = static_cast<int>(pid_);
            kept.record.keeper_start = *created;
            kept.record.program = utf8_text(program);
            write_new_file(kept_folder_ / kKeptRecordFile, to_record_text(kept.record), Readers::Owner);
        } catch (const std::exception& error) {
            process_.kill();
            process_.wait();
            remove_kept_folder(kept_folder_);
            throw LaunchError(std::string("cannot keep a record of the session: ") + error.what());
        }
    }

    /// Until mstsc connects or ends, tells the listener when a dialog starts or stops waiting
    /// on the user.
    void watch_dialogs() {
        std::unique_lock lock(mutex_);
        const auto done = [&] {
            return exit_code_ || stop_requested_ || let_go_ || connection_.connected || failed_before_connecting_;
        };
        bool showing = false;
        while (!done()) {
            lock.unlock();
            const bool waiting = waits_on_user(pid_);
            if (waiting != showing) {
                showing = waiting;
                if (showing) {
                    spdlog::info("mstsc (pid {}) waits on the user in a dialog: the connect timeout pauses", pid_);
                } else {
                    spdlog::info("mstsc (pid {}) no longer shows a dialog: the connect timeout goes on", pid_);
                }
                listener_.on_progress(showing ? ClientProgress::DialogShown : ClientProgress::DialogClosed);
            }
            lock.lock();
            changed_.wait_for(lock, kDialogPoll, done);
        }
    }

    void report_until_exit() {
        std::unique_lock lock(mutex_);
        bool connected_reported = false;
        bool closing = false;
        bool kill_pending = false;
        auto kill_at = std::chrono::steady_clock::now();
        const auto something_to_do = [&] {
            return exit_code_ || let_go_ || (connection_.connected && !connected_reported) ||
                   ((stop_requested_ || failed_before_connecting_) && !closing);
        };
        for (;;) {
            if (kill_pending) {
                changed_.wait_until(lock, kill_at, something_to_do);
            } else {
                changed_.wait(lock, something_to_do);
            }
            if (let_go_) {
                return;
            }
            if (exit_code_) {
                break;
            }
            if (connection_.connected && !connected_reported) {
                connected_reported = true;
                spdlog::info("mstsc (pid {}) reports the session to {} connected", pid_,
                             connection_.server);
                lock.unlock();
                listener_.on_connected();
                lock.lock();
            } else if ((stop_requested_ || failed_before_connecting_) && !closing) {
                closing = true;
                process_.request_stop();
                kill_pending = true;
                kill_at = std::chrono::steady_clock::now() + kMstscCloseGrace;
            } else if (kill_pending && std::chrono::steady_clock::now() >= kill_at) {
                process_.kill();
                kill_pending = false;
            }
        }
        // The event log may deliver the last events a moment after the process ended.
        if (!disconnect_seen_ && !stop_requested_) {
            changed_.wait_for(lock, event_grace_, [&] { return disconnect_seen_; });
        }
        ClientOutcome outcome;
        outcome.exited_at = std::chrono::steady_clock::now();
        outcome.exit_code = *exit_code_;
        outcome.connected = connection_.connected;
        if (!stop_requested_) {
            outcome.failure = connection_.failure;
            if (!outcome.failure && static_cast<std::uint32_t>(*exit_code_) >= 0xC0000000u) {
                Failure crash;
                crash.kind = FailureKind::Unknown;
                crash.retriable = is_retriable(crash.kind);
                crash.codes.exit_code = *exit_code_;
                char code[16];
                std::snprintf(code, sizeof code, "0x%08X", static_cast<unsigned>(*exit_code_));
                crash.message = std::string("mstsc ended abnormally (exception ") + code + ")";
                outcome.failure = crash;
            }
        }
        spdlog::info("mstsc (pid {}) exited{}", pid_,
                     outcome.failure ? ": " + outcome.failure->message : "");
        lock.unlock();
        listener_.on_exited(outcome);
    }

    ChildProcess process_;
    std::uint32_t pid_ = 0;
    std::filesystem::path rdp_file_;
    std::string server_;
    ClientListener& listener_;
    EventRouter& router_;
    std::chrono::milliseconds event_grace_;

    std::mutex mutex_;
    std::condition_variable changed_;
    std::string activity_;
    RdpClientConnection connection_;
    bool disconnect_seen_ = false;
    bool failed_before_connecting_ = false;
    bool stop_requested_ = false;
    std::optional<int> exit_code_;
    std::filesystem::path kept_folder_; ///< set when mstsc may outlive the tray
    std::atomic<bool> let_go_{false};
    OwnedHandle let_go_event_{CreateEventW(nullptr, TRUE, FALSE, nullptr)};
    std::thread exit_waiter_;
    std::thread reporter_;
    std::thread dialog_watcher_;
};

void EventRouter::route(const RdpClientUpdate& update) {
    std::lock_guard lock(mutex_);
    MstscSession* owner = nullptr;
    for (auto* session : sessions_) {
        if (session->owns_activity(update.connection.activity_id) ||
            (update.event.process_id && *update.event.process_id == session->pid())) {
            owner = session;
            break;
        }
    }
    // Only events that do not name their process are matched by server name: an event from
    // another mstsc process is the user's own connection, whatever server it names.
    if (!owner && !update.event.process_id) {
        for (auto* session : sessions_) {
            if (session->claims(update)) {
                owner = session;
                break;
            }
        }
    }
    if (owner) {
        owner->on_update(update);
    }
}

class MstscLauncher final : public ClientLauncher {
  public:
    explicit MstscLauncher(MstscLauncherOptions options) : options_(std::move(options)) {}

    std::string name() const override { return narrow(options_.client.stem().wstring()); }
    /// "The identity of the remote computer cannot be verified": mstsc's own dialog decides.
    bool asks_about_certificates() const override { return true; }
    /// Credentials, the certificate, an unsigned .rdp file: see watch_dialogs.
    bool shows_own_dialogs() const override { return true; }

    std::unique_ptr<ClientSession> launch(const ConnectRequest& request,
                                          ClientListener& listener) override {
        try {
            router_.start(options_.watch);
        } catch (const EventWatchError& error) {
            throw LaunchError(std::string("cannot tell whether mstsc connects: ") + error.what() +
                              ". rdpmedic learns mstsc's outcome from that log only; without it, "
                              "start mstsc directly");
        }
        if (request.password) {
            spdlog::info("the password is not given to mstsc: it asks for it or uses Windows "
                         "Credential Manager");
        }
        std::vector<std::string> argv{narrow(options_.client.wstring())};
        std::filesystem::path rdp_file; // generated here, removed with the session
        const std::string stem =
            file_safe(request.target.host) + "-" + std::to_string(request.target.port) + "-" +
            std::to_string(GetCurrentProcessId()) + "-" + std::to_string(++launches_);
        std::optional<KeptPlace> kept;
        if (options_.keep) {
            kept.emplace();
            try {
                // The tick count tells this folder from one a tray with the same pid left.
                kept->folder = create_kept_folder(options_.keep->directory,
                                                  stem + "-" + std::to_string(GetTickCount64()));
            } catch (const std::system_error& error) {
                throw LaunchError(std::string("cannot start mstsc: ") + error.what());
            }
            kept->record.target = request.target.to_string();
            kept->record.where = options_.keep->where;
            kept->record.user = request.user.value_or("");
            kept->record.client = name();
        }
        // A kept session's .rdp file lives in its folder, so it goes with the folder.
        const auto generated_file = [&] {
            return kept ? kept->folder / kKeptRdpFile : options_.rdp_directory / widen(stem + ".rdp");
        };
        const std::filesystem::path kept_folder = kept ? kept->folder : std::filesystem::path();
        const auto give_up = [&] {
            if (!kept_folder.empty()) {
                remove_kept_folder(kept_folder);
            }
        };
        try {
            plan_arguments(request, generated_file, argv, rdp_file);
        } catch (...) {
            give_up();
            throw;
        }
        std::string shown;
        for (const auto& arg : argv) {
            shown += (shown.empty() ? "" : " ") + arg;
        }
        spdlog::info("launching {}", shown);
        try {
            return std::make_unique<MstscSession>(argv, rdp_file, request.target.host, listener,
                                                  router_, options_.event_grace, options_.lifetime, std::move(kept));
        } catch (const std::system_error& error) {
            std::error_code ignored;
            std::filesystem::remove(rdp_file, ignored);
            give_up();
            throw LaunchError("cannot start " + argv.front() + ": " + error.code().message());
        }
    }

  private:
    /// mstsc's arguments after its path, and the .rdp file written for them (at
    /// `generated_file()`) if one is.
    void plan_arguments(const ConnectRequest& request, const std::function<std::filesystem::path()>& generated_file,
                        std::vector<std::string>& argv, std::filesystem::path& rdp_file) const {
        std::vector<std::string> switches;
        if (request.rdp_file) {
            const MstscFileCopy copy = user_file_copy(request);
            if (copy.changed) {
                rdp_file = generated_file();
                write_rdp_bytes(rdp_file, copy.bytes());
                argv.push_back(narrow(rdp_file.wstring()));
            } else {
                argv.push_back(narrow(request.rdp_file->wstring()));
            }
            switches = copy.switches;
        } else {
            MstscLaunch plan;
            try {
                plan = mstsc_launch_for(request, options_.extra_args);
            } catch (const std::invalid_argument& error) {
                throw LaunchError(std::string("cannot start mstsc: ") + error.what());
            }
            for (const auto& why : plan.ignored) {
                spdlog::warn("not passed to mstsc: {}", why);
            }
            if (plan.needs_file()) {
                rdp_file = generated_file();
                write_rdp_file(rdp_file, plan.file_text());
                argv.push_back(narrow(rdp_file.wstring()));
            } else {
                argv.push_back("/v:" + request.target.to_string());
            }
            switches = plan.switches;
        }
        argv.insert(argv.end(), switches.begin(), switches.end());
    }

    /// The user's file with this attempt's changes; the file is read and checked again, as
    /// it may have changed since the connection was set up.
    MstscFileCopy user_file_copy(const ConnectRequest& request) const {
        MstscFileCopy copy;
        try {
            copy = mstsc_file_for(RdpFile::load(*request.rdp_file), request, options_.extra_args);
        } catch (const RdpFileError& error) {
            throw LaunchError(error.what());
        } catch (const std::invalid_argument& error) {
            throw LaunchError(std::string("cannot start mstsc: ") + error.what());
        }
        for (const auto& why : copy.ignored) {
            spdlog::warn("not passed to mstsc: {}", why);
        }
        for (const auto& notice : copy.notices) {
            spdlog::warn("{}: {}", narrow(request.rdp_file->wstring()), notice);
        }
        if (copy.changed) {
            spdlog::info("mstsc gets a copy of {} with this attempt's changes",
                         narrow(request.rdp_file->wstring()));
        }
        return copy;
    }

    MstscLauncherOptions options_;
    EventRouter router_;
    std::atomic<unsigned> launches_{0};
};

std::filesystem::path system_directory() {
    wchar_t buffer[MAX_PATH];
    const UINT length = GetSystemDirectoryW(buffer, MAX_PATH);
    if (length == 0 || length >= MAX_PATH) {
        throw LaunchError("cannot find the Windows system folder (GetSystemDirectory failed)");
    }
    return std::filesystem::path(std::wstring(buffer, length));
}

} // namespace

/// Stores the settings as mstsc itself saves .rdp files: UTF-16LE with a byte order mark.
void write_rdp_file(const std::filesystem::path& path, const std::string& text) {
    write_rdp_bytes(path, encode_rdp_text(text, RdpTextEncoding::Utf16LeWithBom));
}

void write_rdp_bytes(const std::filesystem::path& path, const std::string& bytes) {
    std::error_code error;
    std::filesystem::create_directories(path.parent_path(), error);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
        throw LaunchError("cannot write the connection file " + narrow(path.wstring()) +
                          (error ? ": " + error.message() : std::string()));
    }
}

/// A file name part from a host name: IPv6 colons and other characters Windows refuses in
/// file names become '_'.
std::string file_safe(const std::string& host) {
    std::string out;
    for (const char c : host) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || c == '.' || c == '-';
        out.push_back(plain ? c : '_');
    }
    return out;
}

std::filesystem::path find_mstsc(const std::filesystem::path& system_directory) {
    const std::filesystem::path mstsc = system_directory / L"mstsc.exe";
    std::error_code error;
    if (!std::filesystem::is_regular_file(mstsc, error)) {
        throw LaunchError(
            "Remote Desktop Connection (mstsc.exe) is not installed: " + narrow(mstsc.wstring()) +
            " does not exist. Windows 11 lets it be uninstalled: install \"Remote Desktop "
            "Connection\" again, or give another client that opens .rdp files with --client PATH");
    }
    return mstsc;
}

std::unique_ptr<ClientLauncher> make_mstsc_launcher(MstscLauncherOptions options) {
    return std::make_unique<MstscLauncher>(std::move(options));
}

std::unique_ptr<ClientLauncher> make_client_launcher(const ClientSettings& settings) {
    if (settings.attach_to) {
        return make_kept_mstsc_launcher(*settings.attach_to);
    }
    MstscLauncherOptions options;
    if (settings.client_path.empty()) {
        options.client = find_mstsc(system_directory());
    } else {
        const std::string found = find_executable(settings.client_path);
        if (found.empty()) {
            throw LaunchError(
                "the client '" + settings.client_path +
                "' does not exist or is not a program (.exe); check the path given with --client");
        }
        options.client = widen(found);
    }
    options.extra_args = settings.extra_args;
    options.rdp_directory = state_directory() / L"connections";
    // The tray's sessions are not ended by its crash, upgrade or Quit, and it finds them again.
    if (settings.keep) {
        options.lifetime = ChildLifetime::MayOutliveParent;
        options.keep = settings.keep;
    }
    return make_mstsc_launcher(std::move(options));
}

} // namespace rdpmedic
