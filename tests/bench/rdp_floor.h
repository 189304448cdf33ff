#pragma once
// The floor any probe of an RDP endpoint pays, measured beside the diagnosis: a lookup of the
// name (none for an IP literal), a plain TCP connect, the X.224 exchange xrdp insists on
// before TLS and, where the server selects TLS, an OpenSSL handshake. Blocking and minimal on
// purpose; it stops where a client would (refused, closed, a negotiation failure).

#include <cstdint>
#include <openssl/types.h>
#include <string>

namespace rdpmedic::bench {

/// Whether the endpoint answered everything the floor asks of it, up to a finished handshake.
/// `ctx` is shared by every call (OpenSSL allows that across threads); it verifies nothing.
bool floor_once(SSL_CTX* ctx, const std::string& host, std::uint16_t port);

} // namespace rdpmedic::bench
