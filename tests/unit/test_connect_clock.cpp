// The connect timeout as mstsc needs it: from event 1024, paused while one of its dialogs
// waits on the user. The events are the event log fixtures (written from Microsoft's
// documented schema), at the times they carry; the dialog samples are what the launcher's
// window poll reports. The supervisor's use of it runs on a clock that jumps from one
// scripted moment to the next.
#include "event_log_fixture.h"

#include "rdpmedic/core/connect_clock.h"
#include "rdpmedic/core/supervisor.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

using namespace rdpmedic;
using namespace rdpmedic::test;
using namespace std::chrono_literals;
using std::chrono::milliseconds;
using time_point = ConnectClock::time_point;

namespace {

/// An event's TimeCreated ("2026-11-27T07:41:12.5063318Z") as a point on the test's steady
/// clock: the time of day, to the millisecond. Every fixture connection lies within one day.
time_point at(const RdpClientEvent& event) {
    REQUIRE(event.time.size() >= 23);
    const int hours = std::stoi(event.time.substr(11, 2));
    const int minutes = std::stoi(event.time.substr(14, 2));
    const int seconds = std::stoi(event.time.substr(17, 2));
    const int millis = std::stoi(event.time.substr(20, 3));
    return time_point{} + std::chrono::hours(hours) + std::chrono::minutes(minutes) + std::chrono::seconds(seconds) +
           milliseconds(millis);
}

std::vector<RdpClientEvent> fixture_events(const std::string& name) {
    return parse_event_log_xml(event_log_fixture(name));
}

const RdpClientEvent& first(const std::vector<RdpClientEvent>& events, int id) {
    const auto found = std::find_if(events.begin(), events.end(), [id](const RdpClientEvent& e) { return e.id == id; });
    REQUIRE(found != events.end());
    return *found;
}

/// The one connection of the Windows 10 fixture: its 1024, and its 1026 21.011 s later.
struct Windows10Connection {
    std::vector<RdpClientEvent> events = fixture_events("windows10-19044-layout.xml");
    const RdpClientEvent& connecting = first(events, kEventConnecting);
    const RdpClientEvent& disconnected = first(events, kEventDisconnected);
};

} // namespace

TEST_CASE("mstsc connect clock (fixture windows10-19044-layout.xml): time before event 1024 does not count",
          "[connect-clock]") {
    const Windows10Connection fixture;
    // The user spent a minute on the unsigned .rdp warning before mstsc logged its 1024.
    const time_point launched = at(fixture.connecting) - 60s;
    ConnectClock clock(10s, ConnectClock::Start::AtConnecting, launched);
    CHECK_FALSE(clock.expires_at());
    CHECK_FALSE(clock.expired(at(fixture.connecting) - 1ms));
    CHECK(clock.counted(at(fixture.connecting)) == 0ms);

    clock.on_event(fixture.connecting, at(fixture.connecting));
    REQUIRE(clock.expires_at());
    CHECK(*clock.expires_at() == at(fixture.connecting) + 10s);
    CHECK_FALSE(clock.expired(at(fixture.connecting) + 9999ms));
    CHECK(clock.expired(at(fixture.connecting) + 10s));
    // The same minute counts for a client timed from launch.
    ConnectClock from_launch(10s, ConnectClock::Start::AtLaunch, launched);
    CHECK(from_launch.expired(at(fixture.connecting)));
}

TEST_CASE("mstsc connect clock (fixture windows10-19044-layout.xml): a dialog after event 1024 pauses the count",
          "[connect-clock]") {
    const Windows10Connection fixture;
    const time_point start = at(fixture.connecting);
    REQUIRE(at(fixture.disconnected) - start == 21011ms);

    // The certificate dialog from 2 s to 15 s after the 1024, as polls every 500 ms see it.
    ConnectClock clock(10s, ConnectClock::Start::AtConnecting, start - 3s);
    clock.on_event(fixture.connecting, start);
    for (auto t = start; t < at(fixture.disconnected); t += 500ms) {
        clock.on_dialog_sample(t >= start + 2s && t < start + 15s, t);
        if (clock.dialog_showing()) {
            CHECK_FALSE(clock.expires_at());
        }
        CHECK_FALSE(clock.expired(t));
    }
    // 21.011 s between 1024 and 1026, 13 s of them in the dialog.
    CHECK(clock.counted(at(fixture.disconnected)) == 8011ms);
    CHECK_FALSE(clock.expired(at(fixture.disconnected)));
    REQUIRE(clock.expires_at());
    CHECK(*clock.expires_at() == start + 15s + (10s - 2s));

    // Without the pause the same 10 s limit runs out 10 s after the 1024.
    ConnectClock from_launch(10s, ConnectClock::Start::AtLaunch, start);
    for (auto t = start; t < at(fixture.disconnected); t += 500ms) {
        from_launch.on_dialog_sample(t >= start + 2s && t < start + 15s, t);
    }
    CHECK(from_launch.counted(at(fixture.disconnected)) == 21011ms);
    CHECK(from_launch.expired(at(fixture.disconnected)));
}

TEST_CASE("mstsc connect clock (fixture windows10-19044-layout.xml): event 1026 stops the count for good",
          "[connect-clock]") {
    const Windows10Connection fixture;
    ConnectClock clock(30s, ConnectClock::Start::AtConnecting, at(fixture.connecting));
    for (const auto& event : fixture.events) {
        clock.on_event(event, at(event));
    }
    CHECK_FALSE(clock.expires_at());
    CHECK(clock.counted(at(fixture.disconnected) + 1h) == 21011ms);
    CHECK_FALSE(clock.expired(at(fixture.disconnected) + 1h));
}

TEST_CASE("mstsc connect clock (fixture schema-saved-events.xml): 1025 ends the count, 1102 does not",
          "[connect-clock]") {
    const auto events = fixture_events("schema-saved-events.xml");
    // The first connection: 1024, 1102 (UDP), 1026 2.4 s later. The second: 1024, 1025 after 1 s.
    ConnectClock failed(2s, ConnectClock::Start::AtConnecting, at(events[0]));
    failed.on_event(events[0], at(events[0]));
    REQUIRE(events[1].id == kEventMultiTransportStarted);
    failed.on_event(events[1], at(events[1]));
    CHECK(failed.expires_at() == at(events[0]) + 2s);
    CHECK(failed.expired(at(events[2]))); // 2.377 s: the limit came first

    REQUIRE(events[3].id == kEventConnecting);
    REQUIRE(events[4].id == kEventConnected);
    ConnectClock connected(2s, ConnectClock::Start::AtConnecting, at(events[3]));
    connected.on_event(events[3], at(events[3]));
    connected.on_event(events[4], at(events[4]));
    CHECK(connected.counted(at(events[4]) + 1h) == 1000ms);
    CHECK_FALSE(connected.expired(at(events[4]) + 1h));
}

TEST_CASE("mstsc connect clock: a second 1024 (mstsc reconnecting) goes on counting, it does not start again",
          "[connect-clock]") {
    const Windows10Connection fixture;
    const time_point start = at(fixture.connecting);
    ConnectClock clock(10s, ConnectClock::Start::AtConnecting, start);
    clock.on_event(fixture.connecting, start);
    clock.on_event(fixture.connecting, start + 6s);
    CHECK(clock.expires_at() == start + 10s);
    // A sample stamped before the last report counts as made at it.
    clock.on_dialog_sample(true, start + 5s);
    CHECK(clock.counted(start + 9s) == 6s);
}

namespace {

/// Jumps from one scripted moment to the next: a wait ends at its timeout or at the next
/// step, whichever comes first, and the step runs then. A wait with no step before it and
/// no timeout is a test failure.
class SteppingClock final : public Clock {
  public:
    struct Step {
        milliseconds at;
        std::function<void()> run;
    };
    explicit SteppingClock(std::vector<Step> steps) : steps_(std::move(steps)) {}

    std::chrono::steady_clock::time_point now() const override { return now_; }
    std::chrono::system_clock::time_point wall_now() const override { return {}; }
    bool wait_for(std::unique_lock<std::mutex>& lock, std::condition_variable_any&, Duration timeout,
                  std::stop_token stop, const std::function<bool()>& ready) override {
        if (ready() || stop.stop_requested()) {
            return ready();
        }
        const auto until = timeout >= kForever ? std::chrono::steady_clock::time_point::max() : now_ + timeout;
        if (next_ < steps_.size() && std::chrono::steady_clock::time_point{} + steps_[next_].at <= until) {
            now_ = std::chrono::steady_clock::time_point{} + steps_[next_].at;
            // A real wait lets go of the lock: the step reports as the client's thread would.
            lock.unlock();
            steps_[next_++].run();
            lock.lock();
        } else if (timeout >= kForever) {
            throw std::logic_error("the supervisor would wait forever with nothing pending");
        } else {
            now_ = until;
        }
        return ready();
    }

  private:
    std::vector<Step> steps_;
    std::size_t next_ = 0;
    std::chrono::steady_clock::time_point now_{};
};

/// A client that reports progress as the test says and never connects.
class ProgressLauncher final : public ClientLauncher {
  public:
    explicit ProgressLauncher(bool own_dialogs) : own_dialogs_(own_dialogs) {}
    std::string name() const override { return own_dialogs_ ? "mstsc" : "xfreerdp"; }
    bool shows_own_dialogs() const override { return own_dialogs_; }
    std::unique_ptr<ClientSession> launch(const ConnectRequest&, ClientListener& listener) override {
        listener_ = &listener;
        return std::make_unique<Session>(listener);
    }
    void report(ClientProgress progress) { listener_->on_progress(progress); }

  private:
    class Session final : public ClientSession {
      public:
        explicit Session(ClientListener& listener) : listener_(listener) {}
        void stop() override { listener_.on_exited({false, std::nullopt, 0, {}}); }

      private:
        ClientListener& listener_;
    };
    bool own_dialogs_;
    ClientListener* listener_ = nullptr;
};

struct TimedOut {
    std::optional<SupervisorEvent> failed;
};

TimedOut run_one_attempt(ProgressLauncher& launcher, SteppingClock& clock) {
    ConnectRequest request;
    request.target = Target{"server.test", 3389};
    Supervisor::Options options;
    options.retry.max_attempts = 1;
    options.retry.connect_timeout = 5s;
    Supervisor supervisor(request, options, launcher, clock, [] { return 0.5; });
    TimedOut out;
    supervisor.add_observer([&](const SupervisorEvent& e) {
        if (e.state == SupervisorState::Failed) {
            out.failed = e;
        }
    });
    supervisor.run();
    return out;
}

} // namespace

TEST_CASE("supervisor with mstsc's connect clock: 1024 after 20 s and a 40 s dialog, the 5 s timeout at 65 s",
          "[connect-clock][supervisor]") {
    ProgressLauncher launcher(true);
    SteppingClock clock({{20s, [&] { launcher.report(ClientProgress::Connecting); }},
                         {21s, [&] { launcher.report(ClientProgress::DialogShown); }},
                         {61s, [&] { launcher.report(ClientProgress::DialogClosed); }}});
    const TimedOut run = run_one_attempt(launcher, clock);
    REQUIRE(run.failed);
    REQUIRE(run.failed->failure);
    CHECK(run.failed->failure->kind == FailureKind::Timeout);
    // 1 s before the dialog, 4 s after it.
    CHECK(run.failed->since_start == 65s);
    CHECK(run.failed->failure->no_system_change == "mstsc timed out while waiting");
    CHECK_THAT(run.failed->failure->message, Catch::Contains("time its dialogs showed not counted"));
}

TEST_CASE("supervisor with a client timed from launch: its progress reports change nothing, the timeout at 5 s",
          "[connect-clock][supervisor]") {
    ProgressLauncher launcher(false);
    SteppingClock clock({{1s, [&] { launcher.report(ClientProgress::DialogShown); }},
                         {3s, [&] { launcher.report(ClientProgress::Connecting); }}});
    const TimedOut run = run_one_attempt(launcher, clock);
    REQUIRE(run.failed);
    REQUIRE(run.failed->failure);
    CHECK(run.failed->failure->kind == FailureKind::Timeout);
    CHECK(run.failed->since_start == 5s);
    CHECK(run.failed->failure->no_system_change.empty());
}
