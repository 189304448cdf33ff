// When the primary client keeps failing for reasons the network does not explain, another
// installed client may get through. Only clients actually installed are offered; it is the
// last resort, ranked below every strategy that answers a diagnosis.
#include <rdpmedic/plugin.hpp>

#include <cstdlib>
#include <string>
#include <unistd.h>

namespace {

/// The first of the known alternatives found on PATH, "" when none.
std::string installed_alternative(const std::string& current) {
#if defined(_WIN32)
    (void)current;
    return {};
#else
    const char* path = std::getenv("PATH");
    const std::string directories = path != nullptr && *path != '\0' ? path : "/usr/local/bin:/usr/bin:/bin";
    for (const char* client : {"remmina", "xfreerdp3", "wlfreerdp"}) {
        if (current == client) {
            continue;
        }
        std::size_t start = 0;
        while (start <= directories.size()) {
            const std::size_t end = directories.find(':', start);
            const std::string directory =
                directories.substr(start, end == std::string::npos ? std::string::npos : end - start);
            if (!directory.empty() && ::access((directory + "/" + client).c_str(), X_OK) == 0) {
                return client;
            }
            if (end == std::string::npos) {
                break;
            }
            start = end + 1;
        }
    }
    return {};
#endif
}

class ClientFallback {
  public:
    rdpmedic::sdk::Assessment assess(const rdpmedic::sdk::Host& host) {
        const std::string alternative = installed_alternative(host.client_name());
        if (alternative.empty()) {
            return {0, "not applicable: no other RDP client is installed"};
        }
        // A diagnosis that names the cause is fixed by the strategy for that cause; another
        // client meets the same server.
        const std::string cause = host.verdict_cause();
        if (!cause.empty() && cause != "none") {
            return {5, "the diagnosis points at the server or network, not the client; " + alternative +
                           " is installed as a last resort"};
        }
        return {30, "the network looks fine: try " + alternative + ", which is installed"};
    }

    rdpmedic_status_t apply(rdpmedic::sdk::Host& host) {
        const std::string alternative = installed_alternative(host.client_name());
        if (alternative.empty()) {
            host.log(RDPMEDIC_LOG_INFO, "not applicable: no other RDP client is installed");
            return RDPMEDIC_NOT_APPLICABLE;
        }
        host.log(RDPMEDIC_LOG_INFO, "open the connection in " + alternative +
                                        (alternative == "remmina" ? " (remmina -c rdp://" + host.target_host() + ":" +
                                                                        std::to_string(host.target_port()) + ")"
                                                                  : std::string()));
        return host.use_client(alternative) ? RDPMEDIC_OK : RDPMEDIC_FAILED;
    }
};

} // namespace

RDPMEDIC_PLUGIN(ClientFallback, "rdpmedic.client-fallback", "Another client",
                "Offers another installed RDP client when the primary one keeps failing", "1.0.0",
                RDPMEDIC_PLATFORM_LINUX | RDPMEDIC_PLATFORM_WINDOWS, RDPMEDIC_FLAG_REVERSIBLE)
