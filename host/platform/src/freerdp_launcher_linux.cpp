// The Linux RDP client: FreeRDP 2 or 3 (xfreerdp3, sdl-freerdp3, xfreerdp), watched through
// its own log output and exit code.
#include "freerdp_rdp_file_linux.h"
#include "kept_client_linux.h"
#include "rdpmedic/core/freerdp_command_line.h"
#include "rdpmedic/core/freerdp_output.h"
#include "rdpmedic/platform/child_process.h"
#include "rdpmedic/platform/client_launcher.h"
#include "rdpmedic/platform/freerdp_client_finder.h"

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <optional>
#include <strings.h>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <poll.h>
#include <system_error>
#include <thread>
#include <unistd.h>

namespace rdpmedic {

namespace {

/// `arg` as the log may show it: the value of a password option (a user's --client-arg
/// /p:…, a gateway's p:…) is replaced, since logs are shared in bug reports.
std::string loggable(const std::string& arg) {
    for (const char* secret : {"/p:", "/password:", "/gp:", "/gatewaypassword:", "/pth:", "/assistance:"}) {
        if (arg.size() > std::strlen(secret) && strncasecmp(arg.c_str(), secret, std::strlen(secret)) == 0) {
            return std::string(secret) + "(hidden)";
        }
    }
    const auto password = arg.rfind(",p:") != std::string::npos ? arg.rfind(",p:") : arg.rfind(":p:");
    return arg.rfind("/gateway:", 0) == 0 && password != std::string::npos ? arg.substr(0, password + 3) + "(hidden)" : arg;
}

// xfreerdp sometimes ignores SIGTERM while it waits on the server (seen in FINALIZATION
// against xrdp without a session manager); after this long it is killed.
constexpr auto kTerminateGrace = std::chrono::seconds(2);

/// What a FreeRDP client's output and exit code tell its listener, however they are read.
class FreeRdpReport {
  public:
    FreeRdpReport(std::string name, ClientListener& listener) : name_(std::move(name)), listener_(listener) {}

    void line(std::string_view text, int pid) {
        spdlog::trace("{}: {}", name_, text);
        if (parser_.feed(text)) {
            spdlog::info("{} (pid {}) reports the session active", name_, pid);
            listener_.on_connected();
        }
    }

    void ended(int exit_code, bool signalled, int pid) {
        ClientOutcome outcome;
        outcome.exited_at = std::chrono::steady_clock::now();
        outcome.exit_code = exit_code;
        outcome.connected = parser_.connected();
        if (exit_code != 0 && !signalled) {
            outcome.failure = parser_.failure(exit_code);
        }
        spdlog::info("{} (pid {}) exited with {}{}", name_, pid, exit_code,
                     outcome.failure ? ": " + outcome.failure->message : "");
        listener_.on_exited(outcome);
    }

  private:
    std::string name_;
    ClientListener& listener_;
    FreeRdpOutputParser parser_;
};

class FreeRdpSession final : public ClientSession {
  public:
    FreeRdpSession(std::string name, const std::vector<std::string>& argv, const std::string& stdin_text,
                   ClientListener& listener, std::unique_ptr<PrivateRdpCopy> rdp_copy)
        : rdp_copy_(std::move(rdp_copy)), process_(argv), report_(std::move(name), listener) {
        // What the client reads from stdin is all it will ever get there: then end-of-file,
        // which answers any further prompt (an untrusted certificate) with "no".
        process_.write_stdin_and_close(stdin_text);
        reader_ = std::thread([this] { read_until_exit(); });
    }

    ~FreeRdpSession() override {
        stop();
        if (killer_.joinable()) {
            killer_.join();
        }
        reader_.join();
    }

    void stop() override {
        std::lock_guard lock(mutex_);
        if (exited_ || killer_.joinable()) {
            return;
        }
        process_.signal(SIGTERM);
        killer_ = std::thread([this] {
            std::unique_lock wait_lock(mutex_);
            if (!exited_cv_.wait_for(wait_lock, kTerminateGrace, [this] { return exited_; })) {
                process_.signal(SIGKILL);
            }
        });
    }

  private:
    void read_until_exit() {
        std::string pending;
        char buffer[8192];
        bool output_open = true;
        bool child_exited = false;
        // Output is read as it arrives; the pidfd ends the loop even if some grandchild
        // keeps the pipe open.
        while (output_open) {
            pollfd fds[2] = {{process_.output_fd(), POLLIN, 0}, {process_.exit_fd(), POLLIN, 0}};
            const int ready = ::poll(fds, child_exited ? 1 : 2, child_exited ? 0 : -1);
            if (ready < 0 && errno == EINTR) {
                continue;
            }
            if (fds[1].revents != 0) {
                child_exited = true;
            }
            if (ready <= 0 && child_exited) {
                break; // exited and nothing left to read
            }
            if (fds[0].revents == 0) {
                continue;
            }
            const ssize_t n = ::read(process_.output_fd(), buffer, sizeof buffer);
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                output_open = false;
                break;
            }
            pending.append(buffer, static_cast<std::size_t>(n));
            std::size_t start = 0;
            for (auto end = pending.find('\n'); end != std::string::npos; end = pending.find('\n', start)) {
                report_.line(std::string_view(pending).substr(start, end - start), process_.pid());
                start = end + 1;
            }
            pending.erase(0, start);
        }
        if (!pending.empty()) {
            report_.line(pending, process_.pid());
        }
        const int exit_code = process_.wait();
        {
            std::lock_guard lock(mutex_);
            exited_ = true;
        }
        exited_cv_.notify_all();
        report_.ended(exit_code, process_.ended_by_signal(), process_.pid());
    }

    std::unique_ptr<PrivateRdpCopy> rdp_copy_; ///< first, so it goes once the client is gone
    ChildProcess process_;
    FreeRdpReport report_;
    std::thread reader_;
    std::thread killer_;
    std::mutex mutex_;
    std::condition_variable exited_cv_;
    bool exited_ = false;
};

/// A client run by the session keeper: it outlives this process unless stopped.
class KeptFreeRdpSession final : public ClientSession {
  public:
    /// `start` makes the KeptClient with the watcher it is given.
    KeptFreeRdpSession(std::string name, ClientListener& listener, std::unique_ptr<PrivateRdpCopy> rdp_copy,
                       const std::function<std::unique_ptr<KeptClient>(KeptClient::Watcher)>& start)
        : rdp_copy_(std::move(rdp_copy)), report_(std::move(name), listener) {
        client_ = start({[this](std::string_view line, int pid) { report_.line(line, pid); },
                         [this](int exit_code, bool signalled, int pid) { report_.ended(exit_code, signalled, pid); }});
    }

    ~KeptFreeRdpSession() override {
        client_.reset();
        if (let_go_ && rdp_copy_) {
            // The client may still read the private copy of the .rdp file: it stays.
            rdp_copy_->keep();
        }
    }

    void stop() override { client_->stop(); }

    bool let_go() override {
        let_go_ = true;
        client_->let_go();
        return true;
    }

  private:
    std::unique_ptr<PrivateRdpCopy> rdp_copy_;
    FreeRdpReport report_;
    std::unique_ptr<KeptClient> client_;
    bool let_go_ = false;
};

class FreeRdpLauncher final : public ClientLauncher {
  public:
    FreeRdpLauncher(FreeRdpClient client, std::vector<std::string> extra_args,
                    std::optional<ClientSettings::Keeping> keep)
        : client_(std::move(client)), name_(std::filesystem::path(client_.path).filename().string()),
          extra_args_(std::move(extra_args)), keep_(std::move(keep)) {}

    std::string name() const override { return name_; }

    std::unique_ptr<ClientSession> launch(const ConnectRequest& request, ClientListener& listener) override {
        std::vector<std::string> argv{client_.path};
        FreeRdpFile rdp_file;
        ConnectRequest as_given = request;
        if (request.rdp_file) {
            rdp_file = freerdp_readable_file(*request.rdp_file);
            as_given.rdp_file = rdp_file.path;
        }
        const auto arguments = freerdp_arguments(as_given, client_.version, extra_args_);
        argv.insert(argv.end(), arguments.begin(), arguments.end());
        for (auto& arg : FreeRdpOutputParser::required_arguments()) {
            argv.push_back(std::move(arg));
        }

        std::string shown;
        for (const auto& arg : argv) {
            shown += (shown.empty() ? "" : " ") + loggable(arg);
        }
        spdlog::info("launching {} (FreeRDP {})", shown, client_.version.to_string());
        const std::string answers = freerdp_stdin_answers(request, client_.version).reveal();
        try {
            const auto keeper = keep_ ? find_session_keeper() : std::filesystem::path();
            if (keep_ && keeper.empty()) {
                spdlog::warn("rdpmedic-session is missing from this installation: this session ends with rdpmedic");
            }
            if (keeper.empty()) {
                return std::make_unique<FreeRdpSession>(name_, argv, answers, listener, std::move(rdp_file.copy));
            }
            KeptSessionRecord record;
            record.target = request.target.to_string();
            record.where = keep_->where;
            record.user = request.user.value_or("");
            record.client = name_;
            return std::make_unique<KeptFreeRdpSession>(
                name_, listener, std::move(rdp_file.copy), [&](KeptClient::Watcher watcher) {
                    return KeptClient::start(keep_->directory, keeper, argv, answers, record, std::move(watcher));
                });
        } catch (const std::system_error& error) {
            throw LaunchError("cannot start " + client_.path + ": " + error.code().message());
        } catch (const std::runtime_error& error) {
            throw LaunchError("cannot start " + client_.path + ": " + error.what());
        }
    }

  private:
    FreeRdpClient client_;
    std::string name_;
    std::vector<std::string> extra_args_;
    std::optional<ClientSettings::Keeping> keep_;
};

/// Watches a client an earlier rdpmedic left running, once: there is nothing to start again.
class KeptSessionLauncher final : public ClientLauncher {
  public:
    explicit KeptSessionLauncher(KeptSession session) : session_(std::move(session)) {}

    std::string name() const override { return session_.record.client; }

    std::unique_ptr<ClientSession> launch(const ConnectRequest&, ClientListener& listener) override {
        if (attached_) {
            throw LaunchError("the session left running by an earlier rdpmedic has ended");
        }
        attached_ = true;
        const auto keeper = find_session_keeper();
        try {
            return std::make_unique<KeptFreeRdpSession>(
                session_.record.client, listener, nullptr,
                [&](KeptClient::Watcher watcher) { return KeptClient::attach(session_, keeper, std::move(watcher)); });
        } catch (const std::runtime_error& error) {
            throw LaunchError(error.what());
        }
    }

  private:
    KeptSession session_;
    bool attached_ = false;
};

} // namespace

std::unique_ptr<ClientLauncher> make_client_launcher(const ClientSettings& settings) {
    if (settings.attach_to) {
        return std::make_unique<KeptSessionLauncher>(*settings.attach_to);
    }
    // The version is read here, once for this launcher's every attempt.
    return std::make_unique<FreeRdpLauncher>(find_freerdp_client(settings.client_path), settings.extra_args,
                                             settings.keep);
}

} // namespace rdpmedic
