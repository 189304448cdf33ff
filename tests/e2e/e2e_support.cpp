#include "e2e_support.h"

#include "rdpmedic/core/clock.h"
#include "rdpmedic/platform/child_process.h"
#include "rdpmedic/platform/client_launcher.h"

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <unistd.h>

namespace rdpmedic::e2e {

void ensure_display() {
    static std::unique_ptr<lab::VirtualDisplay> display;
    if (display) {
        return;
    }
    const char* current = std::getenv("DISPLAY");
    if (current && *current) {
        return;
    }
    display = std::make_unique<lab::VirtualDisplay>();
    ::setenv("DISPLAY", display->name().c_str(), 1);
}

std::string text_of(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<nlohmann::json> json_lines(const std::string& output) {
    std::vector<nlohmann::json> out;
    std::istringstream in(output);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.front() == '{') {
            out.push_back(nlohmann::json::parse(line));
        }
    }
    return out;
}

void trust_lab_ca(const lab::Lab& lab) {
    ::setenv("SSL_CERT_FILE", lab.ca_certificate().c_str(), 1);
}

std::vector<SupervisorState> SupervisedRun::states() const {
    std::vector<SupervisorState> out;
    for (const auto& event : events) {
        out.push_back(event.state);
    }
    return out;
}

const SupervisorEvent* SupervisedRun::first(SupervisorState state) const {
    for (const auto& event : events) {
        if (event.state == state) {
            return &event;
        }
    }
    return nullptr;
}

SupervisedRun supervise(const lab::Lab& lab, const RunOptions& options) {
    trust_lab_ca(lab);
    return supervise(lab.port(), options);
}

SupervisedRun supervise(std::uint16_t port, const RunOptions& options) {
    ensure_display();
    ConnectRequest request;
    request.target = Target{options.host, port};
    request.client_args = options.client_args;
    Supervisor::Options supervisor_options;
    supervisor_options.retry.max_attempts = options.max_attempts;
    supervisor_options.retry.base_delay = options.backoff;
    supervisor_options.retry.connect_timeout = options.connect_timeout;
    supervisor_options.stop_when_connected = true;
    ClientSettings settings;
    settings.client_path = options.client_path;
    settings.extra_args = options.launcher_args;
    auto launcher = make_client_launcher(settings);
    SystemClock clock;
    Supervisor supervisor(request, supervisor_options, *launcher, clock, [] { return 0.5; }, options.fixes,
                          options.diagnoser, options.handoff);
    SupervisedRun run;
    supervisor.add_observer([&](const SupervisorEvent& event) {
        if (options.on_event) {
            options.on_event(event);
        }
        run.events.push_back(event);
    });
    run.result = supervisor.run();
    return run;
}

CommandResult run_command(const std::vector<std::string>& argv, const std::string& input) {
    ChildProcess process(argv);
    process.write_stdin_and_close(input);
    CommandResult result;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(process.output_fd(), buffer, sizeof buffer);
        if (n > 0) {
            result.output.append(buffer, static_cast<std::size_t>(n));
        } else if (n == 0 || errno != EINTR) {
            break;
        }
    }
    result.exit_code = process.wait();
    return result;
}

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& line : lines) {
        out += line + "\n";
    }
    return out;
}

CommandResult run_self_in_namespace(const lab::NetworkNamespace& ns, const std::string& assignment,
                                    const std::vector<std::string>& args) {
    std::string self(4096, '\0');
    const ssize_t length = ::readlink("/proc/self/exe", self.data(), self.size());
    if (length <= 0) {
        throw std::runtime_error("cannot read /proc/self/exe");
    }
    self.resize(static_cast<std::size_t>(length));
    auto argv = ns.exec_prefix();
    argv.insert(argv.end(), {"/usr/bin/env", assignment, self});
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv);
}

} // namespace rdpmedic::e2e
