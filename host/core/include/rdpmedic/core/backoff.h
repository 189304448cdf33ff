#pragma once
/// Delays between attempts: exponential, capped, with jitter so that many clients failing
/// at once (a server restart) do not retry in lockstep.

#include <chrono>

namespace rdpmedic {

struct RetryPolicy {
    int max_attempts = 3;
    std::chrono::milliseconds base_delay{1000};
    std::chrono::milliseconds max_delay{30000};
    double factor = 2.0;
    /// Fraction of the delay that is randomized, both ways: 0.2 gives delay × [0.8, 1.2).
    double jitter = 0.2;
    /// How long an attempt may take to connect or fail before it counts as a timeout.
    std::chrono::milliseconds connect_timeout{30000};
};

/// The delay after failed attempt number `attempt` (1-based). `random01` is in [0, 1).
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int attempt, double random01);

} // namespace rdpmedic
