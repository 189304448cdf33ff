#include "path_mtu.h"

#include <algorithm>

namespace rdpmedic::probe::path_mtu {

namespace {

using Steady = std::chrono::steady_clock;
using std::chrono::milliseconds;

// An attempt at a size that fits takes about as long as the one at the smallest size; one that
// takes this many times longer (plus some slack for a busy machine) is a stall.
constexpr int kStallFactor = 4;
constexpr milliseconds kStallSlack{100};
constexpr milliseconds kShortestWait{150};

} // namespace

int smallest_segment(bool ipv6) { return ipv6 ? 1220 : 536; }

int ethernet_segment(bool ipv6) { return ipv6 ? 1440 : 1460; }

int mtu_for_segment(int max_segment, bool ipv6) { return max_segment + (ipv6 ? 60 : 40); }

Search search(const Attempt& attempt, bool ipv6, net::Deadline deadline, milliseconds step) {
    Search out;
    milliseconds wait = step;
    // Sizes below `low` are known to pass, from `high` up known to stall (the uncapped
    // connection stalled, and it announced at most the Ethernet size).
    int low = 0;
    int high = ethernet_segment(ipv6) + 1;
    int next = smallest_segment(ipv6);
    while (next > low && next < high) {
        const auto now = Steady::now();
        if (now >= deadline) {
            out.cut_short = true;
            break;
        }
        tls::Outcome outcome;
        const auto started = Steady::now();
        const Attempted result = attempt(next, std::min(now + wait, deadline), outcome);
        const auto took = std::chrono::duration_cast<milliseconds>(Steady::now() - started);
        const std::string size = std::to_string(next);
        if (result == Attempted::Other) {
            out.tried.push_back(size + " failed: " + (outcome.error.empty() ? "no TLS" : outcome.error));
            out.cut_short = true;
            break;
        }
        if (result == Attempted::Stalled) {
            out.tried.push_back(size + " stalled");
            if (low == 0) {
                break; // even the smallest size stalls: not a matter of size
            }
            high = next;
            out.smallest_stalling = next;
        } else {
            out.tried.push_back(size + " passed in " + std::to_string(took.count()) + " ms");
            if (low == 0) {
                wait = std::clamp(took * kStallFactor + kStallSlack, kShortestWait, step);
            }
            low = next;
            out.largest_passing = next;
            out.outcome = std::move(outcome);
        }
        next = low + (high - low) / 2;
    }
    out.black_hole = out.largest_passing > 0 && out.smallest_stalling > 0;
    return out;
}

} // namespace rdpmedic::probe::path_mtu
