#pragma once
// Test doubles for the supervisor's seams: a clock that jumps instead of sleeping and a
// client whose every attempt is scripted. They stand in only where the supervisor's own
// logic is under test; the real client is exercised in tests/e2e.

#include "rdpmedic/core/client.h"
#include "rdpmedic/core/clock.h"

#include <deque>
#include <stdexcept>
#include <vector>

namespace rdpmedic::test {

class FakeClock final : public Clock {
  public:
    std::chrono::steady_clock::time_point now() const override { return now_; }
    std::chrono::system_clock::time_point wall_now() const override {
        return std::chrono::system_clock::time_point{} +
               std::chrono::duration_cast<std::chrono::system_clock::duration>(now_.time_since_epoch());
    }
    bool wait_for(std::unique_lock<std::mutex>&, std::condition_variable_any&, Duration timeout,
                  std::stop_token stop, const std::function<bool()>& ready) override {
        if (ready() || stop.stop_requested()) {
            return ready();
        }
        if (timeout >= kForever) {
            throw std::logic_error("the supervisor would wait forever with nothing pending");
        }
        waits.push_back(timeout);
        now_ += timeout;
        if (on_wait) {
            on_wait(timeout);
        }
        return ready();
    }
    std::vector<Duration> waits;
    std::function<void(Duration)> on_wait;

  private:
    std::chrono::steady_clock::time_point now_{};
};

/// What one scripted attempt does.
struct Script {
    enum class Action { Connect, Fail, Stall, ConnectThenFail } action = Action::Fail;
    Failure failure;
};

class ScriptedLauncher final : public ClientLauncher {
  public:
    explicit ScriptedLauncher(std::vector<Script> scripts) : scripts_(scripts.begin(), scripts.end()) {}

    std::string name() const override { return "scripted"; }

    std::unique_ptr<ClientSession> launch(const ConnectRequest& request, ClientListener& listener) override {
        requests.push_back(request);
        if (scripts_.empty()) {
            throw LaunchError("no scripted attempt left");
        }
        const Script script = scripts_.front();
        scripts_.pop_front();
        auto session = std::make_unique<Session>(listener, *this);
        switch (script.action) {
        case Script::Action::Connect: listener.on_connected(); break;
        case Script::Action::Fail: listener.on_exited({false, script.failure, 1, {}}); break;
        case Script::Action::ConnectThenFail:
            listener.on_connected();
            listener.on_exited({true, script.failure, 1, {}});
            break;
        case Script::Action::Stall: break;
        }
        return session;
    }

    std::vector<ConnectRequest> requests;
    int stops = 0;

  private:
    class Session final : public ClientSession {
      public:
        Session(ClientListener& listener, ScriptedLauncher& owner) : listener_(listener), owner_(owner) {}
        void stop() override {
            ++owner_.stops;
            listener_.on_exited({false, std::nullopt, 143, {}});
        }

      private:
        ClientListener& listener_;
        ScriptedLauncher& owner_;
    };
    std::deque<Script> scripts_;
};

inline Failure make_failure(FailureKind kind, bool retriable = true) {
    Failure failure;
    failure.kind = kind;
    failure.retriable = retriable;
    failure.message = "scripted " + std::string(to_id(kind));
    return failure;
}

} // namespace rdpmedic::test
