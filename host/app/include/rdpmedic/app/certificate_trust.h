#pragma once
/// The certificate decisions of one connection: remembered ones from the user's store, new
/// ones asked of the front end (a terminal prompt, --accept-certificate, the tray's dialog),
/// and a changed certificate refused as a possible interception.

#include "rdpmedic/core/certificate_gate.h"
#include "rdpmedic/core/certificate_store.h"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace rdpmedic::app {

/// state_directory()/certificates.json.
std::filesystem::path certificate_store_file();

struct CertificateQuestion {
    Target server;
    PresentedCertificate certificate;
    /// Set when the user had accepted another certificate for this server: the new one may
    /// be an interception, and only an explicit new decision trusts it.
    std::optional<TrustedCertificate> previous;
};

struct CertificateTrustOptions {
    std::filesystem::path store_file = certificate_store_file();
    /// The front end shows the question and answers it: true trusts exactly that
    /// certificate. Called on the connection's thread; may block while the user decides.
    std::function<bool(const CertificateQuestion&)> ask;
    /// The front end's words for how to accept the certificate later ("run … with
    /// --accept-certificate FP"), appended when it was not accepted.
    std::function<std::string(const Target& server, const std::string& sha256)> how_to_accept;
};

class CertificateTrust final : public CertificateGate {
  public:
    /// Reads the store once so a refused one is reported (problem()). Throws StoredFileError
    /// when the store cannot be read or moved aside.
    explicit CertificateTrust(CertificateTrustOptions options);

    /// The store's own problem, when the file on disk was refused and moved aside.
    const std::optional<std::string>& problem() const { return problem_; }

    std::optional<std::string> accepted_fingerprint(const Target& server) override;
    CertificateDecision decide(const Target& server, const PresentedCertificate& certificate) override;

  private:
    CertificateTrustOptions options_;
    std::optional<std::string> problem_;
};

/// The warning for a changed certificate, with both fingerprints: shown by every front end.
std::string changed_certificate_warning(const CertificateQuestion& question);

} // namespace rdpmedic::app
