#include "rdpmedic/core/backoff.h"

#include <algorithm>
#include <cmath>

namespace rdpmedic {

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int attempt, double random01) {
    const double base = static_cast<double>(policy.base_delay.count());
    const double cap = static_cast<double>(policy.max_delay.count());
    const int exponent = std::clamp(attempt - 1, 0, 62);
    const double nominal = std::min(cap, base * std::pow(std::max(policy.factor, 1.0), exponent));
    const double jitter = std::clamp(policy.jitter, 0.0, 1.0);
    const double r = std::clamp(random01, 0.0, 1.0);
    const double jittered = nominal * (1.0 - jitter + 2.0 * jitter * r);
    return std::chrono::milliseconds(static_cast<long long>(std::clamp(jittered, 0.0, cap)));
}

} // namespace rdpmedic
