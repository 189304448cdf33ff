#pragma once
/// The supervisor's seam for server certificates the machine does not trust: what the probe
/// saw of one, and the decision a front end takes about it (remembered, asked, refused).

#include "rdpmedic/core/diagnosis.h"
#include "rdpmedic/core/target.h"

#include <optional>
#include <string>
#include <vector>

namespace rdpmedic {

/// A server's certificate as the diagnosis probe saw it (its "cert" layer).
struct PresentedCertificate {
    std::string sha256; ///< "AB:CD:…", as `diagnose` prints it
    std::string subject;
    std::string issuer;
    std::string names; ///< the names it is issued for, comma-separated
    std::string not_before;
    std::string not_after;
    bool self_signed = false;
    /// Why this machine does not trust it, one summary per finding ("the server's certificate
    /// is self-signed", "… expired on …", "… is not issued for …").
    std::vector<std::string> problems;

    bool operator==(const PresentedCertificate&) const = default;
};

/// The certificate, when the diagnosis shows one this machine does not trust: self-signed,
/// not chaining to a trusted CA, expired, not yet valid or issued for another name.
/// nullopt when the certificate is trusted or the probe did not get that far.
std::optional<PresentedCertificate> untrusted_certificate(const Diagnosis& diagnosis);

/// The certificate shown the way the front ends show it before asking: one line each.
std::vector<std::string> describe_certificate(const PresentedCertificate& certificate);

enum class CertificateVerdict {
    Unchanged, ///< nothing to decide (already accepted): the usual failure handling goes on
    Accepted,  ///< the user trusts it: connect again with its fingerprint
    Refused,   ///< no decision or "no", or a changed certificate: stop, do not retry
};

struct CertificateDecision {
    CertificateVerdict verdict = CertificateVerdict::Unchanged;
    std::string sha256; ///< with Accepted
    std::string note;   ///< for the user: what was decided, and with Refused how to accept it
};

class CertificateGate {
  public:
    virtual ~CertificateGate() = default;
    /// Before the first attempt: the fingerprint the user accepted for `server`, if any.
    virtual std::optional<std::string> accepted_fingerprint(const Target& server) = 0;
    /// After an attempt failed on a certificate this machine does not trust. May block while
    /// the user is asked.
    virtual CertificateDecision decide(const Target& server, const PresentedCertificate& certificate) = 0;
};

} // namespace rdpmedic
