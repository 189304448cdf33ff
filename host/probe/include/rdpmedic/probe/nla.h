#pragma once
/// The nla layer: what the server's NTLM challenge says about it (its names, version and
/// clock), judged against this machine's clock and the names the client uses. Pure: the
/// exchange itself is the probe's, so every judgement here is tested without a server.

#include "rdpmedic/core/diagnosis.h"
#include "rdpmedic/probe/ntlm.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rdpmedic::probe {

/// What the server answered to the probe's NEGOTIATE_MESSAGE.
struct NlaAnswer {
    enum class Kind {
        NotTried,     ///< no TLS to send it over, or out of time; `problem` says which
        Challenge,    ///< `challenge` holds a parsed CHALLENGE_MESSAGE
        NoAnswer,     ///< nothing arrived in time
        Closed,       ///< the server closed the connection instead of answering
        Refused,      ///< a TSRequest with an errorCode and no token
        NotChallenge, ///< an answer that is no TSRequest with a CHALLENGE_MESSAGE; `problem`
    };
    Kind kind = Kind::NotTried;
    NtlmChallenge challenge;
    std::optional<std::uint32_t> error_code;
    std::string problem;
    /// This machine's clock when the answer arrived.
    std::int64_t local_unix_seconds = 0;
    std::chrono::milliseconds elapsed{0};
};

/// Kerberos' default maximum clock skew: past it tickets are refused, and NLA with a domain
/// account fails.
inline constexpr std::int64_t kMaxClockSkewSeconds = 5 * 60;

struct NlaAssessment {
    Layer layer; ///< "nla"
    std::vector<Finding> findings;
};

/// `dialled` is the host the client connects to, `expected_name` the name the certificate
/// must carry (the same unless --name says otherwise); `certificate_names` those of
/// names_in_certificate().
NlaAssessment assess_nla(const NlaAnswer& answer, std::string_view dialled,
                         std::string_view expected_name,
                         const std::vector<std::string>& certificate_names);

/// The DNS names a certificate is issued for: its subjectAltName entries, else its
/// subject's common name (a Windows server's self-signed certificate has only that).
std::vector<std::string> names_in_certificate(std::span<const std::uint8_t> der);

} // namespace rdpmedic::probe
