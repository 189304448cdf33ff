#pragma once
/// Time, injected: the supervisor never reads the clock or sleeps by itself, so tests of
/// backoff and timeouts run instantly and deterministically.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <stop_token>

namespace rdpmedic {

class Clock {
  public:
    using Duration = std::chrono::milliseconds;
    /// A timeout this long or longer means "no timeout".
    static constexpr Duration kForever = std::chrono::hours(24 * 365);
    virtual ~Clock() = default;

    virtual std::chrono::steady_clock::time_point now() const = 0;
    virtual std::chrono::system_clock::time_point wall_now() const = 0;

    /// Waits on `cv` (with `lock` held) until `ready()` holds, `timeout` passes or a stop
    /// is requested. Returns ready() at the end.
    virtual bool wait_for(std::unique_lock<std::mutex>& lock, std::condition_variable_any& cv,
                          Duration timeout, std::stop_token stop,
                          const std::function<bool()>& ready) = 0;
};

/// The real clock.
class SystemClock final : public Clock {
  public:
    std::chrono::steady_clock::time_point now() const override {
        return std::chrono::steady_clock::now();
    }
    std::chrono::system_clock::time_point wall_now() const override {
        return std::chrono::system_clock::now();
    }
    bool wait_for(std::unique_lock<std::mutex>& lock, std::condition_variable_any& cv,
                  Duration timeout, std::stop_token stop,
                  const std::function<bool()>& ready) override {
        if (timeout >= kForever) {
            return cv.wait(lock, stop, ready);
        }
        return cv.wait_for(lock, stop, timeout, ready);
    }
};

} // namespace rdpmedic
