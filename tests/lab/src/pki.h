#pragma once
// The lab's certificates, made fresh at run time so nothing secret is ever committed and no
// certificate expires in the repository.

#include <filesystem>
#include <memory>
#include <openssl/ssl.h>
#include <string>

namespace rdpmedic::lab::detail {

struct SslCtxDeleter {
    void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};
using SslCtxPtr = std::unique_ptr<SSL_CTX, SslCtxDeleter>;

class Pki {
  public:
    /// The name on the certificate of the wrong-name fault; .invalid never resolves.
    static constexpr const char* wrong_host = "wrong-host.invalid";

    /// Generates the CA and every certificate into dir (PEM); the healthy, expired and
    /// self-signed ones are issued for `healthy_host`. Throws std::runtime_error.
    Pki(const std::filesystem::path& dir, const std::string& healthy_host);

    const std::filesystem::path& ca_certificate() const { return ca_cert_; }
    /// The healthy certificate and its key, for xrdp.
    const std::filesystem::path& server_certificate() const { return server_cert_; }
    const std::filesystem::path& server_key() const { return server_key_; }
    /// The self-signed certificate (same key, same names), for xrdp as a default Windows host.
    const std::filesystem::path& self_signed_certificate() const { return self_signed_cert_; }

    /// Server contexts for the TLS faults; shared by every connection (SSL_new is thread-safe
    /// on a context nobody changes any more).
    SSL_CTX* healthy() const { return healthy_.get(); }
    SSL_CTX* expired() const { return expired_.get(); }
    SSL_CTX* wrong_name() const { return wrong_name_.get(); }
    SSL_CTX* self_signed() const { return self_signed_.get(); }
    SSL_CTX* tls10_only() const { return tls10_only_.get(); }

  private:
    std::filesystem::path ca_cert_;
    std::filesystem::path server_cert_;
    std::filesystem::path server_key_;
    std::filesystem::path self_signed_cert_;
    SslCtxPtr healthy_;
    SslCtxPtr expired_;
    SslCtxPtr wrong_name_;
    SslCtxPtr self_signed_;
    SslCtxPtr tls10_only_;
};

} // namespace rdpmedic::lab::detail
