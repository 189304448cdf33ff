#pragma once
/// X.224 Connection Request / Connection Confirm with RDP negotiation (MS-RDPBCGR 2.2.1.1,
/// 2.2.1.2). Pure functions over bytes: they never read the network, so they can be fuzzed.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rdpmedic::probe {

inline constexpr std::uint32_t kProtocolRdp = 0x0;
inline constexpr std::uint32_t kProtocolSsl = 0x1;
inline constexpr std::uint32_t kProtocolHybrid = 0x2;
inline constexpr std::uint32_t kProtocolRdstls = 0x4;
inline constexpr std::uint32_t kProtocolHybridEx = 0x8;

/// RDP_NEG_FAILURE codes of a server that requires NLA.
inline constexpr std::uint32_t kFailureHybridRequired = 5;
inline constexpr std::uint32_t kFailureSslWithUserAuthRequired = 6;

/// TPKT + X.224 CR + RDP_NEG_REQ, no cookie: 19 bytes.
std::vector<std::uint8_t> x224_connection_request(std::uint32_t requested_protocols);

struct X224Reply {
    enum class Kind {
        Incomplete, ///< a prefix of a possibly valid reply: read more
        NotRdp,     ///< not a TPKT/X.224 Connection Confirm; `problem` says why
        Legacy,     ///< a Connection Confirm without negotiation data: standard RDP security only
        Selected,   ///< RDP_NEG_RSP: `protocol` was selected
        Failure,    ///< RDP_NEG_FAILURE: `failure_code` (1-6 documented)
    };
    Kind kind = Kind::Incomplete;
    std::uint32_t protocol = 0;
    std::uint32_t failure_code = 0;
    std::uint8_t flags = 0;
    std::size_t length = 0; ///< bytes the reply occupies (TPKT length), when known
    std::string problem;
};

/// Parses what the server sent after the Connection Request. Never reads past `bytes`.
X224Reply parse_x224_reply(std::span<const std::uint8_t> bytes);

/// "ssl|hybrid"-style names of a protocol bit set; "rdp" for 0.
std::string protocol_names(std::uint32_t protocols);

/// "ssl-required", "hybrid-required", …; "unknown" outside 1-6. Finding ids use these.
std::string_view failure_code_id(std::uint32_t code);

} // namespace rdpmedic::probe
