// An outdated server whose TLS version, cipher or key this machine's OpenSSL security level
// rejects: lower the client's level for this one connection, only with consent, and say what
// the server's administrator has to change so nobody needs this.
#include <rdpmedic/plugin.hpp>

namespace {

// The probe's lenient handshake runs at OpenSSL security level 0: that is the level the
// evidence shows to work, so it is the one asked for.
constexpr const char* kArgument = "/tls-seclevel:0";

class TlsCompat {
  public:
    rdpmedic::sdk::Assessment assess(const rdpmedic::sdk::Host& host) {
        if (host.has_finding("tls.version-mismatch")) {
            return {80, "the server speaks only TLS 1.0/1.1: " + std::string(kArgument) +
                            " for this connection, with your consent"};
        }
        if (host.has_finding("tls.weak-server")) {
            return {75, "the server's cipher, key or signature is below this machine's TLS security level: " +
                            std::string(kArgument) + " for this connection, with your consent"};
        }
        return {0, "the TLS handshake is not refused for an outdated server"};
    }

    rdpmedic_status_t apply(rdpmedic::sdk::Host& host) {
        const bool old_version = host.has_finding("tls.version-mismatch");
        if (!old_version && !host.has_finding("tls.weak-server")) {
            host.log(RDPMEDIC_LOG_INFO, "not applicable: the server's TLS is not outdated");
            return RDPMEDIC_NOT_APPLICABLE;
        }
        const std::string server_fix =
            old_version ? "on the server: enable TLS 1.2 (Windows: the TLS 1.2 Server key under SCHANNEL\\Protocols "
                          "and current updates; xrdp: ssl_protocols=TLSv1.2, TLSv1.3)"
                        : "on the server: a 2048-bit RSA or ECDSA certificate signed with SHA-256 and modern "
                          "ciphers (xrdp: tls_ciphers=HIGH)";
        host.log(RDPMEDIC_LOG_WARNING, "the lasting fix is " + server_fix);
        const std::string note = "lowers TLS security for this connection only (OpenSSL security level 0 accepts "
                                 "TLS 1.0/1.1 and weak keys); " + server_fix;
        return host.add_client_argument_with_consent(kArgument, note) ? RDPMEDIC_OK : RDPMEDIC_FAILED;
    }
};

} // namespace

RDPMEDIC_PLUGIN(TlsCompat, "rdpmedic.tls-compat", "TLS compatibility",
                "Lowers the client's TLS security level for one connection to an outdated server, with consent",
                "1.0.0", RDPMEDIC_PLATFORM_LINUX, RDPMEDIC_FLAG_REVERSIBLE)
