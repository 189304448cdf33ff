#pragma once
// The certificate checks after a TLS handshake, for the RDP server and for an RD Gateway alike:
// the same facts, findings under each one's own ids.

#include "rdpmedic/core/composed_texts.h"
#include "rdpmedic/core/diagnosis.h"
#include "tls.h"

#include <string>
#include <vector>

namespace rdpmedic::probe {

/// What the findings say, in English (translated where they are shown): the server's
/// certificate or the gateway's.
struct CertificateTexts {
    const char* unreadable;
    const char* expired;        ///< %1$s: not after
    const char* not_yet_valid;  ///< %1$s: not before
    const char* not_issued_for; ///< %1$s: the name dialled
    const char* self_signed;
    const char* untrusted;
    const char* weak; ///< %1$s: key, %2$s: signature algorithm
};

struct CertificateRole {
    const char* layer;     ///< "cert", "gateway-cert"
    const char* id_prefix; ///< "cert." gives "cert.expired"; "gateway.cert-" "gateway.cert-expired"
    CertificateTexts texts;
    /// How bad a self-signed or untrusted certificate is: mstsc asks the user about an RDP
    /// server's, but refuses an RD Gateway's outright.
    Severity untrusted;
};

inline constexpr CertificateRole kServerCertificate{
    "cert", "cert.",
    {N_("the server's certificate cannot be parsed"), texts::kCertificateExpired, texts::kCertificateNotYetValid,
     texts::kCertificateNotIssuedFor, N_("the server's certificate is self-signed"),
     N_("the server's certificate does not chain to a CA this machine trusts"), texts::kCertificateWeak},
    Severity::Warning};
inline constexpr CertificateRole kGatewayCertificate{
    "gateway-cert", "gateway.cert-",
    {N_("the RD Gateway's certificate cannot be parsed"), texts::kGatewayCertificateExpired,
     texts::kGatewayCertificateNotYetValid, texts::kGatewayCertificateNotIssuedFor,
     N_("the RD Gateway's certificate is self-signed"),
     N_("the RD Gateway's certificate does not chain to a CA this machine trusts"),
     texts::kGatewayCertificateWeak},
    Severity::Error};

/// Appends the role's layer and its findings for the certificate `tls` received, checked
/// against `expected` (the name dialled).
void check_certificate(const tls::Outcome& tls, const std::string& expected,
                       const CertificateRole& role, std::vector<Layer>& layers,
                       std::vector<Finding>& findings);

} // namespace rdpmedic::probe
