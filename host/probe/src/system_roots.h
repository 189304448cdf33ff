#pragma once
// The operating system's trusted root certificates, for the probe's "is the certificate
// trusted" check: what the RDP client on this machine would trust.

#include <openssl/ssl.h>

namespace rdpmedic::probe::tls {

/// Linux: OpenSSL's default paths (Debian's /etc/ssl/certs). Windows: the certificates of the
/// "ROOT" system store, which OpenSSL 3.0 cannot read by itself; its default paths point into
/// the build machine's layout and hold nothing on Windows. Loading them is the dearest part of
/// setting up the probe (every root is parsed), so it is done once, into a store the TLS
/// contexts share.
void use_system_roots(X509_STORE* store);

} // namespace rdpmedic::probe::tls
