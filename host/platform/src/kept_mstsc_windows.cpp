// An mstsc an earlier tray left running, watched again through a handle to it. Its past is in
// no pipe and its event log entries went to the tray that started it, so it counts as
// connected from the start; its end is the handle becoming signalled. Closing it asks first
// (WM_CLOSE to its windows, as its own Close button would) and terminates it only when it is
// still there after a grace period, or has no window to ask.
#include "kept_files_windows.h"

#include "rdpmedic/core/path_text.h"
#include "rdpmedic/platform/rdp_client_events.h"
#include "rdpmedic/platform/user_dialogs_windows.h"
#include "rdpmedic/platform/windows_api.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace rdpmedic {

namespace {

/// The exit code a terminated mstsc is given.
constexpr UINT kTerminatedExitCode = 1;

class KeptMstscSession final : public ClientSession {
  public:
    KeptMstscSession(KeptSession session, OwnedHandle process, ClientListener& listener)
        : session_(std::move(session)), process_(std::move(process)), listener_(listener) {
        if (!stop_event_ || !let_go_event_) {
            throw LaunchError("cannot watch mstsc (CreateEvent failed)");
        }
        // Its events are this session's, not a connection of the user's own to report.
        note_launched_client(pid());
        watcher_ = std::thread([this] { watch(); });
    }

    ~KeptMstscSession() override {
        if (!let_go_) {
            stop();
        }
        watcher_.join();
        forget_launched_client(pid());
        if (ended_) {
            remove_kept_folder(session_.folder);
        }
    }

    void stop() override { SetEvent(stop_event_.get()); }

    bool let_go() override {
        let_go_ = true;
        SetEvent(let_go_event_.get());
        return true;
    }

  private:
    std::uint32_t pid() const { return static_cast<std::uint32_t>(session_.record.keeper_pid); }

    void watch() {
        const int pid = session_.record.keeper_pid;
        listener_.on_connected();
        // Waited on in this order: the end first, so an mstsc that ended is never asked to.
        const HANDLE waits[] = {process_.get(), let_go_event_.get(), stop_event_.get()};
        DWORD count = 3;
        DWORD timeout = INFINITE;
        bool stopped = false;
        for (;;) {
            const DWORD woke = WaitForMultipleObjects(count, waits, FALSE, timeout);
            if (woke == WAIT_OBJECT_0) {
                break;
            }
            if (woke == WAIT_OBJECT_0 + 1) {
                return; // let go again: the next tray finds it
            }
            if (woke == WAIT_OBJECT_0 + 2) {
                stopped = true;
                count = 2;
                if (close_windows_of(static_cast<std::uint32_t>(pid))) {
                    spdlog::info("mstsc (pid {}) is asked to close", pid);
                    timeout = static_cast<DWORD>(std::chrono::milliseconds(kMstscCloseGrace).count());
                    continue;
                }
            } else if (woke != WAIT_TIMEOUT) {
                break; // the handle cannot be waited on: nothing more can be learnt
            }
            spdlog::info("mstsc (pid {}) is terminated", pid);
            TerminateProcess(process_.get(), kTerminatedExitCode);
            timeout = INFINITE;
        }
        DWORD code = 0;
        GetExitCodeProcess(process_.get(), &code);
        spdlog::info("mstsc (pid {}) left running by an earlier rdpmedic has exited{}", pid,
                     stopped ? " as asked" : "");
        ClientOutcome outcome;
        outcome.connected = true;
        outcome.exit_code = static_cast<int>(code);
        outcome.exited_at = std::chrono::steady_clock::now();
        ended_ = true;
        listener_.on_exited(outcome);
    }

    KeptSession session_;
    OwnedHandle process_;
    ClientListener& listener_;
    OwnedHandle stop_event_{CreateEventW(nullptr, TRUE, FALSE, nullptr)};
    OwnedHandle let_go_event_{CreateEventW(nullptr, TRUE, FALSE, nullptr)};
    std::atomic<bool> let_go_{false};
    std::atomic<bool> ended_{false};
    std::thread watcher_;
};

/// Watches a client an earlier rdpmedic left running, once: there is nothing to start again.
class KeptMstscLauncher final : public ClientLauncher {
  public:
    explicit KeptMstscLauncher(KeptSession session) : session_(std::move(session)) {}

    std::string name() const override { return session_.record.client; }

    std::unique_ptr<ClientSession> launch(const ConnectRequest&, ClientListener& listener) override {
        if (attached_) {
            throw LaunchError("the session left running by an earlier rdpmedic has ended");
        }
        attached_ = true;
        const auto& record = session_.record;
        // Checked again as the handle is taken: from here on it cannot be another process.
        OwnedHandle process = open_kept_process(record.keeper_pid, record.keeper_start, utf8_path(record.program),
                                                SYNCHRONIZE | PROCESS_TERMINATE);
        if (!process) {
            throw LaunchError("mstsc (pid " + std::to_string(record.keeper_pid) + ") is no longer running");
        }
        return std::make_unique<KeptMstscSession>(session_, std::move(process), listener);
    }

  private:
    KeptSession session_;
    bool attached_ = false;
};

} // namespace

std::unique_ptr<ClientLauncher> make_kept_mstsc_launcher(KeptSession session) {
    return std::make_unique<KeptMstscLauncher>(std::move(session));
}

} // namespace rdpmedic
