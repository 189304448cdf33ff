#pragma once
/// NTLM's first two messages (MS-NLMP 2.2.1.1, 2.2.1.2): the NEGOTIATE_MESSAGE the probe
/// sends without credentials, and the server's CHALLENGE_MESSAGE, whose TargetInfo names the
/// server and tells its clock (what nmap's rdp-ntlm-info reports). Pure functions over bytes,
/// so they can be fuzzed.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace rdpmedic::probe {

/// A NEGOTIATE_MESSAGE with the flags and version a Windows 10 client sends (as nmap's
/// rdp-ntlm-info does), no domain and no workstation: 40 bytes.
std::vector<std::uint8_t> ntlm_negotiate_message();

/// The VERSION structure: the server's Windows version (FreeRDP's servers claim one too).
struct NtlmVersion {
    std::uint8_t major = 0;
    std::uint8_t minor = 0;
    std::uint16_t build = 0;
    std::uint8_t revision = 0; ///< NTLMSSP_REVISION_W2K3 is 15

    /// "10.0.22631", as rdp-ntlm-info prints Product_Version.
    std::string text() const;
};

struct NtlmChallenge {
    bool ok = false;
    std::string problem; ///< why the bytes are not a usable CHALLENGE_MESSAGE

    std::uint32_t flags = 0;
    /// Printable UTF-8, each at most kMaxNtlmName characters (control characters become '?').
    std::string target_name;
    std::string nb_computer_name;  ///< MsvAvNbComputerName
    std::string nb_domain_name;    ///< MsvAvNbDomainName
    std::string dns_computer_name; ///< MsvAvDnsComputerName
    std::string dns_domain_name;   ///< MsvAvDnsDomainName
    std::string dns_tree_name;     ///< MsvAvDnsTreeName
    /// MsvAvTimestamp: the server's clock as a FILETIME (100 ns since 1601-01-01 UTC).
    std::optional<std::uint64_t> timestamp;
    std::optional<NtlmVersion> version;
};

/// Longer names are cut: a DNS name has at most 255 characters.
inline constexpr std::size_t kMaxNtlmName = 255;

/// Never reads past `bytes`, whatever its lengths and offsets claim.
NtlmChallenge parse_ntlm_challenge(std::span<const std::uint8_t> bytes);

/// Seconds since 1970-01-01 UTC of a FILETIME (negative before 1970).
std::int64_t filetime_to_unix_seconds(std::uint64_t filetime);

/// "2026-12-04T21:12:10Z" for any seconds since 1970 a FILETIME can hold.
std::string utc_text(std::int64_t unix_seconds);

} // namespace rdpmedic::probe
