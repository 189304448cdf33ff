#pragma once
/// Windows only: a file's Authenticode signature as WinVerifyTrust reports it, and whether
/// rdpmedic may start a program of its own elevated on the strength of it.
///
/// What wine 8 checks: a missing signature (TRUST_E_NOSIGNATURE) and a file changed after it
/// was signed (TRUST_E_BAD_DIGEST) are reported as Windows reports them, with the signer's
/// certificate of an intact signature; whether that certificate chains to a trusted root is
/// not checked (wine reports success where Windows says CERT_E_UNTRUSTEDROOT for the build's
/// development certificate), and neither are revocation, Smart App Control or the "only
/// elevate signed executables" policy.

#include <filesystem>
#include <string>

namespace rdpmedic {

struct AuthenticodeSignature {
    long status = 0;                ///< WinVerifyTrust's result: 0, TRUST_E_NOSIGNATURE, TRUST_E_BAD_DIGEST, CERT_E_…
    std::string signer_thumbprint;  ///< SHA-1 of the signer's certificate in hex; empty when the signature is missing or broken
};

/// WinVerifyTrust (Authenticode policy, no UI, no revocation check so nothing is fetched).
AuthenticodeSignature authenticode_signature(const std::filesystem::path& file);

/// Why rdpmedic, with the signature `program`, must not start `helper_name` (signed `helper`)
/// elevated; empty when it may. Refused: a helper whose signature is broken (changed after
/// signing, revoked or distrusted), and, when rdpmedic itself is signed, one that is unsigned
/// or signed by another certificate. An untrusted root alone is not refused when both have
/// the same signer: that is the development build's certificate, and the same key signed both.
std::string authenticode_refusal(const AuthenticodeSignature& program, const AuthenticodeSignature& helper,
                                 const std::string& helper_name);

} // namespace rdpmedic
