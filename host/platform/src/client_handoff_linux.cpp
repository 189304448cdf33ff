// Handing a connection to another Linux client: Remmina (`remmina -c rdp://…`) or wlfreerdp.
// The client is started detached and let go; see ClientHandoff for why it is not watched.
#include "rdpmedic/platform/client_handoff_linux.h"

#include "rdpmedic/platform/client_handoff.h"
#include "rdpmedic/platform/child_process.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/wait.h>
#include <unistd.h>

namespace rdpmedic {

namespace {

constexpr const char* kRemmina = "remmina";
constexpr const char* kWlFreeRdp = "wlfreerdp";

/// Remmina opens rdp:// addresses only with its RDP plugin (Debian: remmina-plugin-rdp),
/// which lives under the lib folder beside Remmina's bin folder.
bool remmina_has_rdp_plugin(const std::filesystem::path& remmina) {
    const auto prefix = remmina.parent_path().parent_path();
    std::vector<std::filesystem::path> folders = {prefix / "lib/remmina/plugins", prefix / "lib64/remmina/plugins"};
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(prefix / "lib", error)) {
        folders.push_back(entry.path() / "remmina/plugins"); // multiarch: lib/x86_64-linux-gnu
    }
    return std::any_of(folders.begin(), folders.end(), [](const std::filesystem::path& folder) {
        std::error_code missing;
        return std::filesystem::is_regular_file(folder / "remmina-plugin-rdp.so", missing);
    });
}

/// The installed client's executable, "" when it is missing or cannot take a connection here.
std::string usable_client(const std::string& id) {
    const std::string executable = find_executable(id);
    if (executable.empty()) {
        return {};
    }
    if (id == kRemmina) {
        return remmina_has_rdp_plugin(executable) ? executable : std::string();
    }
    // wlfreerdp is a Wayland client: without a compositor it cannot open a window.
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    return wayland != nullptr && *wayland != '\0' ? executable : std::string();
}

bool plain_name(const std::string& name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
               c == '-' || c == '_';
    });
}

void close_quietly(int fd) {
    if (fd >= 0) {
        ::close(fd);
    }
}

/// Reads exactly sizeof(T), restarting after signals; false at end of file.
template <class T>
bool read_value(int fd, T& value) {
    auto* bytes = reinterpret_cast<char*>(&value);
    std::size_t got = 0;
    while (got < sizeof value) {
        const ssize_t n = ::read(fd, bytes + got, sizeof value - got);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        got += static_cast<std::size_t>(n);
    }
    return true;
}

/// Starts `command` in a session of its own and lets it go: a double fork makes init its
/// parent, so it outlives rdpmedic, a Ctrl+C in rdpmedic's terminal does not reach it, and it
/// never lingers as rdpmedic's zombie. Returns its pid; throws LaunchError when exec failed.
pid_t start_detached(const HandoffCommand& command) {
    std::vector<char*> args;
    for (const auto& arg : command.argv) {
        args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    int pid_pipe[2] = {-1, -1};
    int exec_pipe[2] = {-1, -1};
    int input_pipe[2] = {-1, -1};
    const int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    // A pipe holds 64 KiB without a reader; the input is one password line.
    const bool pipes_ok = ::pipe2(pid_pipe, O_CLOEXEC) == 0 && ::pipe2(exec_pipe, O_CLOEXEC) == 0 &&
                          (command.input.empty() ||
                           (command.input.reveal().size() < 65536 && ::pipe2(input_pipe, O_CLOEXEC) == 0 &&
                            ::write(input_pipe[1], command.input.reveal().data(), command.input.reveal().size()) ==
                                static_cast<ssize_t>(command.input.reveal().size())));
    close_quietly(input_pipe[1]);
    input_pipe[1] = -1;
    const auto close_all = [&] {
        for (const int fd : {pid_pipe[0], pid_pipe[1], exec_pipe[0], exec_pipe[1], input_pipe[0], null_fd}) {
            close_quietly(fd);
        }
    };
    if (!pipes_ok || null_fd < 0) {
        const int error = errno;
        close_all();
        throw LaunchError("cannot start " + command.argv.front() + ": " + std::strerror(error));
    }
    // Prepared before fork: between fork and exec only async-signal-safe calls are allowed.
    sigset_t no_signals;
    sigemptyset(&no_signals);
    struct sigaction default_action {};
    default_action.sa_handler = SIG_DFL;
    const int stdin_source = input_pipe[0] >= 0 ? input_pipe[0] : null_fd;

    const pid_t middle = ::fork();
    if (middle == 0) {
        ::setsid();
        const pid_t client = ::fork();
        if (client == 0) {
            // rdpmedic blocks its termination signals for its signal thread and may ignore
            // SIGPIPE; the client gets neither.
            ::sigprocmask(SIG_SETMASK, &no_signals, nullptr);
            ::sigaction(SIGPIPE, &default_action, nullptr);
            ::dup2(stdin_source, STDIN_FILENO);
            ::dup2(null_fd, STDOUT_FILENO);
            ::dup2(null_fd, STDERR_FILENO);
            ::execv(args[0], args.data());
            const int error = errno;
            [[maybe_unused]] const ssize_t told = ::write(exec_pipe[1], &error, sizeof error);
            ::_exit(127);
        }
        [[maybe_unused]] const ssize_t told = ::write(pid_pipe[1], &client, sizeof client);
        ::_exit(client < 0 ? 1 : 0);
    }
    const int fork_error = errno;
    close_quietly(pid_pipe[1]);
    close_quietly(exec_pipe[1]);
    close_quietly(input_pipe[0]);
    close_quietly(null_fd);
    pid_t client = -1;
    int exec_error = 0;
    bool exec_failed = false;
    if (middle > 0) {
        if (!read_value(pid_pipe[0], client)) {
            client = -1;
        }
        int status = 0;
        while (::waitpid(middle, &status, 0) < 0 && errno == EINTR) {
        }
        // Ends when exec succeeded (the pipe closes on exec) or with the errno of a failed one.
        exec_failed = client > 0 && read_value(exec_pipe[0], exec_error);
    }
    close_quietly(pid_pipe[0]);
    close_quietly(exec_pipe[0]);
    if (middle < 0 || client <= 0) {
        throw LaunchError("cannot start " + command.argv.front() + ": " +
                          std::strerror(middle < 0 ? fork_error : EAGAIN));
    }
    if (exec_failed) {
        throw LaunchError("cannot start " + command.argv.front() + ": " + std::strerror(exec_error));
    }
    return client;
}

std::string display_name(const std::string& client) { return client == kRemmina ? "Remmina" : client; }

class LinuxClientHandoff final : public ClientHandoff {
  public:
    explicit LinuxClientHandoff(const ClientSettings& settings)
        : primary_(settings.client_path.empty() ? "xfreerdp" : settings.client_path),
          freerdp_args_(settings.extra_args) {}

    std::vector<std::string> installed() const override { return other_installed_clients(primary_); }

  protected:
    Handoff start(const ConnectRequest& request) override {
        const std::string client = *request.client;
        const HandoffCommand command = handoff_command(client, usable_client(client), request, freerdp_args_);
        std::string shown;
        for (const auto& arg : command.argv) {
            shown += (shown.empty() ? "" : " ") + arg;
        }
        spdlog::info("handing the connection to {}: {}", client, shown);
        const pid_t pid = start_detached(command);
        std::string description = "handed over to " + display_name(client) + " (pid " + std::to_string(pid) +
                                  "): " + shown + "; rdpmedic stops watching, whether it connects is up to " +
                                  display_name(client);
        for (const auto& note : command.notes) {
            description += "; " + note;
        }
        return {client, static_cast<int>(pid), description};
    }

  private:
    std::string primary_;
    std::vector<std::string> freerdp_args_;
};

} // namespace

std::string remmina_address(const ConnectRequest& request, bool& user_left_out) {
    std::string user_part;
    user_left_out = false;
    if (request.user) {
        const bool domain_ok = !request.domain || plain_name(*request.domain);
        if (plain_name(*request.user) && domain_ok) {
            user_part = (request.domain ? *request.domain + "\\" : std::string()) + *request.user + "@";
        } else {
            user_left_out = true;
        }
    }
    return "rdp://" + user_part + request.target.to_string();
}

HandoffCommand handoff_command(const std::string& client, const std::string& executable,
                               const ConnectRequest& request, const std::vector<std::string>& freerdp_args) {
    HandoffCommand command;
    if (client == kRemmina) {
        if (request.gateway) {
            throw LaunchError("Remmina's rdp:// address cannot carry the RD Gateway " + *request.gateway);
        }
        bool user_left_out = false;
        command.argv = {executable, "-c", remmina_address(request, user_left_out)};
        if (user_left_out) {
            command.notes.emplace_back("type the user name in Remmina: it does not fit in an rdp:// address");
        }
        if (request.password) {
            command.notes.emplace_back("type the password in Remmina: rdpmedic never passes it on a command line");
        }
        std::vector<std::string> dropped = freerdp_args;
        dropped.insert(dropped.end(), request.client_args.begin(), request.client_args.end());
        if (!dropped.empty()) {
            std::string list;
            for (const auto& arg : dropped) {
                list += (list.empty() ? "" : " ") + arg;
            }
            command.notes.push_back("Remmina uses its own settings, not the FreeRDP arguments " + list);
        }
        return command;
    }
    if (client == kWlFreeRdp) {
        command.argv = {executable, "/v:" + request.target.to_string()};
        if (request.user) {
            command.argv.push_back("/u:" + *request.user);
        }
        if (request.domain) {
            command.argv.push_back("/d:" + *request.domain);
        }
        if (request.gateway) {
            command.argv.push_back("/g:" + *request.gateway);
        }
        if (request.password) {
            command.argv.emplace_back("/from-stdin:force");
            command.input = Secret(request.password->reveal() + "\n");
        }
        command.argv.insert(command.argv.end(), freerdp_args.begin(), freerdp_args.end());
        command.argv.insert(command.argv.end(), request.client_args.begin(), request.client_args.end());
        return command;
    }
    throw LaunchError("rdpmedic cannot hand a connection to \"" + client + "\"");
}

std::vector<std::string> other_installed_clients(const std::string& primary) {
    const std::string primary_name = std::filesystem::path(primary).filename().string();
    std::vector<std::string> found;
    for (const char* id : {kRemmina, kWlFreeRdp}) {
        if (primary_name != id && !usable_client(id).empty()) {
            found.emplace_back(id);
        }
    }
    return found;
}

std::unique_ptr<ClientHandoff> make_client_handoff(const ClientSettings& settings) {
    return std::make_unique<LinuxClientHandoff>(settings);
}

} // namespace rdpmedic
