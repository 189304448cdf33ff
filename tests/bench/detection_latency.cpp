// Detection latency with the real xfreerdp against accept-then-close (the 0x904 case), timed by
// observers outside rdpmedic: the lab's own record of when it closed the socket, and this
// program's pidfd on the client process (pidfd_open + poll), readable the moment the client
// exits, whoever reaps it. Between those two and the supervisor's `failed` event:
//   close -> client exit     the client's own reaction to the closed socket
//   client exit -> failed    what rdpmedic adds (target: under 5 ms, median)
//   close -> failed          the whole detection
// rdpmedic learns of the exit from the client's output ending, and a process's descriptors close
// as it exits, a moment before the kernel reports the exit itself to a pidfd: so client exit ->
// failed can come out slightly below zero.
// Usage: rdpmedic-bench-detection [RUNS]
#include "bench_report.h"
#include "e2e_support.h"

#include "rdpmedic/core/clock.h"
#include "rdpmedic/platform/client_launcher.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <poll.h>
#include <set>
#include <string>
#include <sys/syscall.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace rdpmedic;
using rdpmedic::bench::ms;
using rdpmedic::bench::Steady;

namespace {

// This process's children whose command name starts with `prefix` (the kernel's 15-character comm).
std::set<int> children_named(const std::string& prefix) {
    std::set<int> found;
    const std::string parent = std::to_string(::getpid());
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
        const std::string pid = entry.path().filename().string();
        if (pid.find_first_not_of("0123456789") != std::string::npos) {
            continue;
        }
        std::ifstream stat(entry.path() / "stat");
        std::string text;
        std::getline(stat, text);
        const auto open = text.find('(');
        const auto close = text.rfind(')');
        if (open == std::string::npos || close == std::string::npos || close + 4 >= text.size()) {
            continue;
        }
        // After the name: " S PPID ..."
        const std::string comm = text.substr(open + 1, close - open - 1);
        const std::string rest = text.substr(close + 4);
        if (comm.starts_with(prefix) && rest.substr(0, rest.find(' ')) == parent) {
            found.insert(std::stoi(pid));
        }
    }
    return found;
}

// Watches the client each launch starts through its own pidfd, from a thread of its own, and
// notes when the process exited. posix_spawn() returns after the exec, so the new child
// already carries the client's name when launch() returns.
class ExitWatchingLauncher final : public ClientLauncher {
  public:
    explicit ExitWatchingLauncher(ClientLauncher& inner) : inner_(inner) {}
    ~ExitWatchingLauncher() override { join(); }
    std::string name() const override { return inner_.name(); }
    std::unique_ptr<ClientSession> launch(const ConnectRequest& request, ClientListener& listener) override {
        join();
        const std::set<int> before = children_named("xfreerdp");
        auto session = inner_.launch(request, listener);
        std::set<int> started = children_named("xfreerdp");
        for (const int pid : before) {
            started.erase(pid);
        }
        exited_at_ = Steady::time_point{};
        watched_ = started.size() == 1;
        if (!watched_) {
            return session;
        }
        const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, *started.begin(), 0));
        if (pidfd < 0) {
            watched_ = false;
            return session;
        }
        watcher_ = std::thread([this, pidfd] {
            pollfd ready{pidfd, POLLIN, 0};
            while (::poll(&ready, 1, 30000) < 0 && errno == EINTR) {
            }
            exited_at_ = Steady::now();
            ::close(pidfd);
        });
        return session;
    }
    /// When the last client launched exited, as its pidfd saw it; none when it was not watched.
    std::optional<Steady::time_point> exited_at() {
        join();
        if (!watched_ || exited_at_ == Steady::time_point{}) {
            return std::nullopt;
        }
        return exited_at_;
    }

  private:
    void join() {
        if (watcher_.joinable()) {
            watcher_.join();
        }
    }
    ClientLauncher& inner_;
    std::thread watcher_;
    bool watched_ = false;
    Steady::time_point exited_at_{};
};

void print_row(const char* label, const std::vector<double>& samples) {
    std::printf("  %-44s median %8.3f ms   p95 %8.3f ms\n", label, bench::median(samples),
                bench::percentile(samples, 0.95));
}

} // namespace

int main(int argc, char** argv) {
    const int runs = argc > 1 ? std::atoi(argv[1]) : 50;
    if (runs < 1) {
        std::fprintf(stderr, "usage: rdpmedic-bench-detection [RUNS]   (RUNS >= 1, default 50)\n");
        return 2;
    }
    spdlog::set_level(spdlog::level::warn); // the figures, not every launch line
    e2e::ensure_display();
    lab::LabOptions lab_options;
    lab_options.initial = {lab::Fault::AcceptThenClose};
    const lab::Lab lab(lab_options);

    auto client = make_client_launcher({});
    ExitWatchingLauncher launcher(*client);
    SystemClock clock;
    ConnectRequest request;
    request.target = Target{"127.0.0.1", lab.port()};
    Supervisor::Options options;
    options.retry.max_attempts = 1;

    std::vector<double> close_to_exit, exit_to_failed, close_to_failed;
    for (int i = 0; i < runs; ++i) {
        const std::size_t before = lab.connection_count();
        Steady::time_point failed_at{};
        Supervisor supervisor(request, options, launcher, clock, [] { return 0.5; });
        supervisor.add_observer([&](const SupervisorEvent& event) {
            if (event.state == SupervisorState::Failed) {
                failed_at = Steady::now();
            }
        });
        const auto result = supervisor.run();
        const auto connections = lab.connections();
        const auto exited_at = launcher.exited_at();
        // xfreerdp falls back to another security protocol once by itself, so one run makes
        // two connections: the client's reaction is timed from the last close.
        if (result.final_state != SupervisorState::GaveUp || connections.size() <= before ||
            !connections.back().closed_by_lab || failed_at == Steady::time_point{} || !exited_at) {
            std::fprintf(stderr, "run %d did not fail the expected way (or its client was not watched); stopping\n",
                         i + 1);
            return 1;
        }
        const auto closed_at = *connections.back().closed_by_lab;
        close_to_exit.push_back(ms(*exited_at - closed_at));
        exit_to_failed.push_back(ms(failed_at - *exited_at));
        close_to_failed.push_back(ms(failed_at - closed_at));
    }

    std::printf("detection latency, xfreerdp against accept-then-close, %d runs; the lab's close time and this\n"
                "program's pidfd on the client, observed outside rdpmedic\n",
                runs);
    print_row("lab closes socket -> client exits:", close_to_exit);
    print_row("client exits -> rdpmedic's 'failed' event:", exit_to_failed);
    print_row("lab closes socket -> 'failed' (detection):", close_to_failed);
    const bench::Target target{"client exit -> 'failed' (median)", 5.0, "ms"};
    const double added = bench::median(exit_to_failed);
    bench::report(target, added);

    bench::Table table("detection", {"interval (" + std::to_string(runs) + " runs)", "median", "p95"});
    const auto row = [&](const std::string& label, const std::vector<double>& samples, const std::string& note) {
        table.row({label, bench::fixed(bench::median(samples), 3) + " ms" + note,
                   bench::fixed(bench::percentile(samples, 0.95), 3) + " ms"});
    };
    row("lab closes the socket → xfreerdp exits (pidfd)", close_to_exit, "");
    row("xfreerdp exits → rdpmedic's `failed` event", exit_to_failed,
        " (target " + target.text() + ": " + bench::verdict(target, added) + ")");
    row("lab closes the socket → `failed` (detection)", close_to_failed, "");
    table.print();
    return 0;
}
