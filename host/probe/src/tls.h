#pragma once
// The TLS step: one OpenSSL handshake over an already negotiated RDP connection.

#include "net.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

struct x509_st; // OpenSSL's X509

namespace rdpmedic::probe::tls {

class Channel;

struct Outcome {
    bool ok = false;
    std::string version; ///< "TLSv1.3"
    std::string cipher;
    std::string error;                     ///< OpenSSL's reason, or what the peer did
    bool stalled = false; ///< the server stopped answering mid-handshake (the deadline passed)
    std::vector<std::uint8_t> certificate; ///< DER of the server's leaf certificate
    /// The same certificate as OpenSSL parsed it in the handshake, to read without parsing
    /// it again; set with `certificate`.
    std::shared_ptr<x509_st> parsed_certificate;
    long verify_code = 0;                  ///< X509_V_OK (0) or an X509_V_ERR_* value
    std::string verify_text;
};

/// The two client set-ups the probe compares: the client's defaults (this machine's OpenSSL
/// configuration) and a lenient one (security level 0, TLS 1.0 and up) that tells an old
/// server from a broken one. Built once; safe to share between threads.
class Contexts {
  public:
    /// `ca_file` (optional) is trusted in addition to the system's CAs.
    explicit Contexts(const std::filesystem::path& ca_file);
    ~Contexts();
    Contexts(const Contexts&) = delete;
    Contexts& operator=(const Contexts&) = delete;

    /// With `keep`, a successful handshake's TLS connection is handed over there to go on
    /// talking (tls_channel.h); `connection` must outlive it.
    Outcome handshake(bool lenient, net::Connection& connection, const std::string& server_name,
                      net::Deadline deadline, std::unique_ptr<Channel>* keep = nullptr) const;
    int default_security_level() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// True for versions the default client set-up refuses (SSLv3, TLS 1.0, TLS 1.1).
bool is_outdated_version(const std::string& version);

} // namespace rdpmedic::probe::tls
