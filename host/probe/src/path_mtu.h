#pragma once
// Path-MTU black holes: the TCP handshake and the small X.224 exchange pass, then the server's
// large TLS flight never arrives, because a link on the way carries less than the segments the
// server sends and the ICMP "fragmentation needed" that would tell it so is dropped. A
// connection that announces a smaller maximum segment size gets segments that fit: trying
// smaller sizes finds the largest one the path carries.

#include "net.h"
#include "tls.h"

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace rdpmedic::probe::path_mtu {

enum class Attempted {
    Passed,  ///< the TLS handshake finished
    Stalled, ///< the server's flight did not arrive in time
    Other,   ///< no connection, no X.224 answer, or TLS failed for another reason
};

/// One handshake on a new connection announcing `max_segment`, waiting until `deadline`.
/// `outcome` receives the handshake's result when it passed.
using Attempt = std::function<Attempted(int max_segment, net::Deadline deadline, tls::Outcome& outcome)>;

struct Search {
    /// The smallest size passes where the uncapped connection stalled, and sizes up to the
    /// uncapped one do not all pass: a black hole, not a server that was slow once.
    bool black_hole = false;
    int largest_passing = 0;  ///< bytes of TCP payload per segment; 0 when none passed
    int smallest_stalling = 0; ///< 0 when no capped size stalled
    /// The search ended before it narrowed the sizes to one (out of time, or an attempt that
    /// neither passed nor stalled).
    bool cut_short = false;
    std::vector<std::string> tried; ///< "536 passed in 4 ms", "998 stalled", … in order
    tls::Outcome outcome;           ///< of the largest size that passed
};

/// Segment sizes the search stays between: the least every IPv4 host must accept (576-byte
/// datagrams) or IPv6's 1280-byte minimum MTU, up to what an Ethernet MTU of 1500 allows.
int smallest_segment(bool ipv6);
int ethernet_segment(bool ipv6);
/// The MTU a segment size stands for: 20 bytes of TCP header and 20 (IPv4) or 40 (IPv6) of IP.
int mtu_for_segment(int max_segment, bool ipv6);

/// Tries the smallest size, then halves the range between the largest size that passed and
/// the smallest that stalled, never past `deadline`. `step` bounds one attempt; once the
/// smallest size passed, an attempt that takes several times as long counts as stalled, so a
/// black hole costs little more than the first stall.
Search search(const Attempt& attempt, bool ipv6, net::Deadline deadline, std::chrono::milliseconds step);

} // namespace rdpmedic::probe::path_mtu
