#pragma once
/// The CredSSP TSRequest (MS-CSSP 2.2.1), DER-encoded: the envelope NLA's first messages
/// travel in over TLS. Only what the probe needs: a request carrying one negoToken out, and
/// the server's request back. Pure functions over bytes, so they can be fuzzed.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace rdpmedic::probe {

/// The TSRequest version the probe announces (what current clients send).
inline constexpr std::uint32_t kTsRequestVersion = 6;

/// A TSRequest that claims more than this is not a server's answer to a negotiation (its
/// NTLM challenge is a few hundred bytes): the probe stops reading there.
inline constexpr std::size_t kMaxTsRequest = 64 * 1024;

/// A TSRequest {version, negoTokens {{negoToken = `token`}}}.
std::vector<std::uint8_t> ts_request(std::span<const std::uint8_t> token);

struct TsRequest {
    enum class Kind {
        Incomplete, ///< a prefix of a possibly valid TSRequest: read more
        Invalid,    ///< not a TSRequest; `problem` says why
        Complete,
    };
    Kind kind = Kind::Incomplete;
    std::size_t length = 0; ///< bytes the TSRequest occupies, once its header is read
    std::uint32_t version = 0;
    std::vector<std::uint8_t> token; ///< the first negoToken; empty without one
    /// errorCode (version 3 and later): the NTSTATUS of a server that gives up.
    std::optional<std::uint32_t> error_code;
    std::string problem;
};

/// Parses the server's TSRequest from the start of `bytes`. Never reads past `bytes`; a
/// claimed length above kMaxTsRequest is Invalid at once, without waiting for the bytes.
TsRequest parse_ts_request(std::span<const std::uint8_t> bytes);

} // namespace rdpmedic::probe
