#include "rdpmedic/core/backoff.h"

#include <catch2/catch.hpp>

using namespace rdpmedic;
using std::chrono::milliseconds;

TEST_CASE("backoff doubles from the base delay and stops at the cap", "[backoff]") {
    RetryPolicy policy;
    policy.base_delay = milliseconds(500);
    policy.max_delay = milliseconds(5000);
    policy.jitter = 0.0;
    CHECK(backoff_delay(policy, 1, 0.3) == milliseconds(500));
    CHECK(backoff_delay(policy, 2, 0.3) == milliseconds(1000));
    CHECK(backoff_delay(policy, 4, 0.3) == milliseconds(4000));
    CHECK(backoff_delay(policy, 5, 0.3) == milliseconds(5000));
    CHECK(backoff_delay(policy, 80, 0.3) == milliseconds(5000));
}

TEST_CASE("jitter spreads the delay both ways within its fraction", "[backoff]") {
    RetryPolicy policy;
    policy.base_delay = milliseconds(1000);
    policy.jitter = 0.25;
    CHECK(backoff_delay(policy, 1, 0.0) == milliseconds(750));
    CHECK(backoff_delay(policy, 1, 0.5) == milliseconds(1000));
    CHECK(backoff_delay(policy, 1, 0.999) == milliseconds(1249));
}

TEST_CASE("jitter never pushes a delay past the cap or below zero", "[backoff]") {
    RetryPolicy policy;
    policy.base_delay = milliseconds(10000);
    policy.max_delay = milliseconds(10000);
    policy.jitter = 1.0;
    CHECK(backoff_delay(policy, 1, 0.99) == milliseconds(10000));
    CHECK(backoff_delay(policy, 1, 0.0) == milliseconds(0));
}
