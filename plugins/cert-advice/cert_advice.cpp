// A server certificate the client rightly refuses cannot be fixed from the client: this
// strategy changes nothing and tells the user (and the history) the steps on the server.
// It never suggests ignoring the certificate. A self-signed one is what every Windows PC has
// by default: no CA is missing, the user checks the fingerprint and accepts it once.
#include <rdpmedic/plugin.hpp>

#include <string>
#include <vector>

namespace {

struct Advice {
    const char* finding;
    int score;
    const char* what;
    const char* steps;
};

const std::vector<Advice>& advice() {
    static const std::vector<Advice> table = {
        {"cert.expired", 70, "the server's certificate has expired",
         "renew it on the server: Windows: certlm.msc, store \"Remote Desktop\", delete the expired certificate and "
         "restart the Remote Desktop Services service (a new self-signed one is made), or deploy one from your CA "
         "(Group Policy: Server authentication certificate template); xrdp: replace the files named by certificate= "
         "and key_file= in xrdp.ini and restart xrdp"},
        {"cert.not-yet-valid", 70, "the server's certificate is not valid yet",
         "check the clock of the server and of this machine (NTP), then reissue the certificate if its dates are wrong"},
        {"cert.name-mismatch", 70, "the server's certificate does not carry the name you connect to",
         "connect with a name the certificate carries, or reissue it with this name in its subject alternative "
         "names (Windows: certlm.msc, store \"Remote Desktop\"; xrdp: certificate=)"},
        {"cert.untrusted", 40, "the server's certificate does not chain to a CA this machine trusts",
         "install the issuing CA here (Debian: copy it to /usr/local/share/ca-certificates and run "
         "update-ca-certificates), or give the server a certificate from a CA you trust; for this one server, "
         "accepting the certificate in rdpmedic after checking its SHA-256 fingerprint also works"},
        {"cert.self-signed", 35, "the server's certificate is self-signed (the default of every Windows PC)",
         "no CA needs installing: compare the SHA-256 fingerprint rdpmedic shows with the one on the server "
         "(Windows: certlm.msc, store \"Remote Desktop\", the certificate's Thumbprint is its SHA-1, so ask for "
         "the SHA-256 or run rdpmedic-cli diagnose there), then accept it once: rdpmedic asks when you connect, "
         "or run rdpmedic-cli connect HOST --accept-certificate FINGERPRINT; rdpmedic remembers it for this "
         "server and refuses it loudly if it ever changes"},
        {"cert.weak-key", 30, "the server's certificate uses a weak key or signature",
         "replace it with RSA 2048 or ECDSA, signed with SHA-256 or better"},
    };
    return table;
}

class CertAdvice {
  public:
    rdpmedic::sdk::Assessment assess(const rdpmedic::sdk::Host& host) {
        for (const auto& item : advice()) {
            if (host.has_finding(item.finding)) {
                return {item.score, std::string(item.what) + ": only the server can fix it (steps given)"};
            }
        }
        return {0, "no certificate problem was found"};
    }

    rdpmedic_status_t apply(rdpmedic::sdk::Host& host) {
        bool any = false;
        for (const auto& item : advice()) {
            if (host.has_finding(item.finding)) {
                host.log(RDPMEDIC_LOG_WARNING, std::string(item.what) + ": " + item.steps);
                any = true;
            }
        }
        if (!any) {
            host.log(RDPMEDIC_LOG_INFO, "not applicable: no certificate problem was found");
        }
        // Advice only: nothing on this machine changes, so the next attempt is not helped.
        return RDPMEDIC_NOT_APPLICABLE;
    }
};

} // namespace

RDPMEDIC_PLUGIN(CertAdvice, "rdpmedic.cert-advice", "Certificate advice",
                "Explains the server-side steps for a certificate the client must not accept; changes nothing",
                "1.0.0", RDPMEDIC_PLATFORM_LINUX | RDPMEDIC_PLATFORM_WINDOWS, RDPMEDIC_FLAG_REVERSIBLE)
