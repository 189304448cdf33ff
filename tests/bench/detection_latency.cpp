// Detection latency: from the moment the lab closes the socket (the 0x904 case) to the
// supervisor's "failed" event, with the real xfreerdp. Beside it, in the same runs, the
// client's own time from TCP connect to exit, and what rdpmedic adds after the client exits.
#include "e2e_support.h"

#include "rdpmedic/core/clock.h"
#include "rdpmedic/platform/client_launcher.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace rdpmedic;
using Steady = std::chrono::steady_clock;

namespace {

// Passes everything through and notes when the client's exit reached the supervisor's seam.
class TimingLauncher final : public ClientLauncher {
  public:
    explicit TimingLauncher(ClientLauncher& inner) : inner_(inner) {}
    std::string name() const override { return inner_.name(); }
    std::unique_ptr<ClientSession> launch(const ConnectRequest& request, ClientListener& listener) override {
        relay_ = std::make_unique<Relay>(listener, *this);
        return inner_.launch(request, *relay_);
    }
    Steady::time_point exited_at{};

  private:
    class Relay final : public ClientListener {
      public:
        Relay(ClientListener& target, TimingLauncher& owner) : target_(target), owner_(owner) {}
        void on_connected() override { target_.on_connected(); }
        void on_exited(const ClientOutcome& outcome) override {
            owner_.exited_at = outcome.exited_at;
            target_.on_exited(outcome);
        }

      private:
        ClientListener& target_;
        TimingLauncher& owner_;
    };
    ClientLauncher& inner_;
    std::unique_ptr<Relay> relay_;
};

double ms(Steady::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
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
    TimingLauncher launcher(*client);
    SystemClock clock;
    ConnectRequest request;
    request.target = Target{"127.0.0.1", lab.port()};
    Supervisor::Options options;
    options.retry.max_attempts = 1;

    std::vector<double> detection, client_time, added, ratio;
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
        // xfreerdp falls back to another security protocol once by itself, so one run makes
        // two connections: the client's time starts at the first, detection at the last close.
        if (result.final_state != SupervisorState::GaveUp || connections.size() <= before ||
            !connections.back().closed_by_lab || failed_at == Steady::time_point{}) {
            std::fprintf(stderr, "run %d did not fail the expected way; stopping\n", i + 1);
            return 1;
        }
        const auto& first = connections[before];
        const auto& last = connections.back();
        detection.push_back(ms(failed_at - *last.closed_by_lab));
        client_time.push_back(ms(launcher.exited_at - first.accepted));
        added.push_back(ms(failed_at - launcher.exited_at));
        ratio.push_back(detection.back() / client_time.back());
    }

    std::printf("detection latency, lab closes socket -> supervisor 'failed', %d runs of xfreerdp %s\n", runs,
                "against accept-then-close");
    std::printf("  %-44s median %8.3f ms   p95 %8.3f ms\n", "close -> failed event (detection):",
                percentile(detection, 0.5), percentile(detection, 0.95));
    std::printf("  %-44s median %8.3f ms   p95 %8.3f ms\n", "client's own time, TCP connect -> exit:",
                percentile(client_time, 0.5), percentile(client_time, 0.95));
    std::printf("  %-44s median %8.3f ms   p95 %8.3f ms\n", "added by rdpmedic, client exit -> failed:",
                percentile(added, 0.5), percentile(added, 0.95));
    std::printf("  %-44s median %8.3f      p95 %8.3f\n", "ratio detection / client's own time:",
                percentile(ratio, 0.5), percentile(ratio, 0.95));
    const double added_median = percentile(added, 0.5);
    std::printf("  target: under 5 ms added, median: %s (%.3f ms)\n", added_median < 5.0 ? "met" : "MISSED",
                added_median);
    return 0;
}
