// An outdated server whose TLS version, cipher or key this machine's OpenSSL security level
// rejects: lower the client's level for this one connection, only with consent, and say what
// the server's administrator has to change so nobody needs this.
//
// mstsc uses Windows' own TLS (SChannel), which has no per-connection level: the only client
// side change would turn old TLS back on for every program of the machine, which this strategy
// never does. For mstsc it gives the server-side fix and changes nothing, like cert-advice.
#include <rdpmedic/plugin.hpp>

#include <string>

namespace {

// The probe's lenient handshake runs at OpenSSL security level 0: that is the level the
// evidence shows to work, so it is the one asked for.
constexpr const char* kArgument = "/tls-seclevel:0";

enum class Outdated { No, Version, Weak };

Outdated outdated(const rdpmedic::sdk::Host& host) {
    if (host.has_finding("tls.version-mismatch")) {
        return Outdated::Version;
    }
    return host.has_finding("tls.weak-server") ? Outdated::Weak : Outdated::No;
}

std::string server_fix(Outdated what) {
    return what == Outdated::Version
               ? "on the server: enable TLS 1.2 (Windows: the TLS 1.2 Server key under SCHANNEL\\Protocols and "
                 "current updates; xrdp: ssl_protocols=TLSv1.2, TLSv1.3)"
               : "on the server: a 2048-bit RSA or ECDSA certificate signed with SHA-256 and modern ciphers "
                 "(xrdp: tls_ciphers=HIGH)";
}

std::string problem(Outdated what) {
    return what == Outdated::Version ? "the server speaks only TLS 1.0/1.1"
                                     : "the server's cipher, key or signature is below this machine's TLS security "
                                       "level";
}

bool uses_schannel(const rdpmedic::sdk::Host& host) { return host.client_name() == "mstsc"; }

class TlsCompat {
  public:
    rdpmedic::sdk::Assessment assess(const rdpmedic::sdk::Host& host) {
        const Outdated what = outdated(host);
        if (what == Outdated::No) {
            return {0, "the TLS handshake is not refused for an outdated server"};
        }
        if (uses_schannel(host)) {
            return {50, problem(what) + ": mstsc has no per-connection TLS level, only the server can fix it "
                                        "(steps given)"};
        }
        return {what == Outdated::Version ? 80 : 75,
                problem(what) + ": " + std::string(kArgument) + " for this connection, with your consent"};
    }

    rdpmedic_status_t apply(rdpmedic::sdk::Host& host) {
        const Outdated what = outdated(host);
        if (what == Outdated::No) {
            host.log(RDPMEDIC_LOG_INFO, "not applicable: the server's TLS is not outdated");
            return RDPMEDIC_NOT_APPLICABLE;
        }
        host.log(RDPMEDIC_LOG_WARNING, "the lasting fix is " + server_fix(what));
        if (uses_schannel(host)) {
            host.log(RDPMEDIC_LOG_INFO,
                     "not changed here: mstsc's TLS is Windows' SChannel, and re-enabling old TLS in it "
                     "(SCHANNEL\\Protocols\\...\\Client) would weaken every program on this machine");
            return RDPMEDIC_NOT_APPLICABLE;
        }
        const std::string note = "lowers TLS security for this connection only (OpenSSL security level 0 accepts "
                                 "TLS 1.0/1.1 and weak keys); " + server_fix(what);
        return host.add_client_argument_with_consent(kArgument, note) ? RDPMEDIC_OK : RDPMEDIC_FAILED;
    }
};

} // namespace

RDPMEDIC_PLUGIN(TlsCompat, "rdpmedic.tls-compat", "TLS compatibility",
                "Lowers the client's TLS security level for one connection to an outdated server, with consent",
                "1.1.0", RDPMEDIC_PLATFORM_LINUX | RDPMEDIC_PLATFORM_WINDOWS, RDPMEDIC_FLAG_REVERSIBLE)
