#pragma once
// The certificate checks after a TLS handshake, for the RDP server and for an RD Gateway alike:
// the same facts, findings under each one's own ids.

#include "rdpmedic/core/diagnosis.h"
#include "tls.h"

#include <string>
#include <vector>

namespace rdpmedic::probe {

struct CertificateRole {
    const char* layer;     ///< "cert", "gateway-cert"
    const char* id_prefix; ///< "cert." gives "cert.expired"; "gateway.cert-" "gateway.cert-expired"
    const char* whose;     ///< "the server's", "the RD Gateway's"
    /// How bad a self-signed or untrusted certificate is: mstsc asks the user about an RDP
    /// server's, but refuses an RD Gateway's outright.
    Severity untrusted;
};

inline constexpr CertificateRole kServerCertificate{"cert", "cert.", "the server's",
                                                    Severity::Warning};
inline constexpr CertificateRole kGatewayCertificate{"gateway-cert", "gateway.cert-",
                                                     "the RD Gateway's", Severity::Error};

/// Appends the role's layer and its findings for the certificate `tls` received, checked
/// against `expected` (the name dialled).
void check_certificate(const tls::Outcome& tls, const std::string& expected,
                       const CertificateRole& role, std::vector<Layer>& layers,
                       std::vector<Finding>& findings);

} // namespace rdpmedic::probe
