#pragma once
/// What a server certificate says, extracted from its DER bytes with OpenSSL. A pure
/// function over bytes (plus the time and name to check against), so it can be fuzzed.

#include <cstdint>
#include <ctime>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct x509_st; // OpenSSL's X509

namespace rdpmedic::probe {

struct CertificateFacts {
    bool parsed = false;
    std::string error; ///< why it could not be parsed

    std::string subject; ///< one line, RFC 2253
    std::string issuer;
    std::vector<std::string> dns_names; ///< subjectAltName DNS entries
    std::vector<std::string> ip_addresses;
    std::string not_before; ///< "2026-01-31T12:00:00Z"
    std::string not_after;
    bool expired = false;
    bool not_yet_valid = false;
    bool self_signed = false;  ///< issuer == subject and the signature verifies with its own key
    bool name_matches = false; ///< OpenSSL's host (or IP) check against the expected name

    std::string key_type; ///< "RSA", "EC", "ED25519", …
    int key_bits = 0;
    int key_security_bits = 0;
    std::string signature_algorithm;  ///< "sha256WithRSAEncryption"
    int signature_security_bits = -1; ///< -1 when OpenSSL cannot tell
    bool weak = false; ///< key or signature below 112 security bits (OpenSSL level 2)

    std::string sha256_fingerprint; ///< "AB:CD:…"
};

/// `expected_name` is a DNS name or an IP literal; empty skips the name check.
CertificateFacts certificate_facts(std::span<const std::uint8_t> der,
                                   std::string_view expected_name, std::time_t now);
/// The same for a certificate OpenSSL has parsed already (the TLS handshake's peer
/// certificate): parsing one again costs about as much as the client's part of a handshake.
CertificateFacts parsed_certificate_facts(x509_st* cert, std::string_view expected_name,
                                          std::time_t now);

/// Security bits below which a key or signature counts as weak: OpenSSL's level 2.
inline constexpr int kMinimumSecurityBits = 112;

} // namespace rdpmedic::probe
