// Matches the connection's security layer to what the server accepts, per connection.
//
// Evidence: the probe's X.224 exchange (it offers TLS and NLA; the server's choice or its
// RDP_NEG_FAILURE code says what it accepts) against what the client itself asks for (FreeRDP:
// its last /sec: argument; mstsc: its .rdp setting enablecredsspsupport). Raising security
// (RDP → TLS → NLA) is done without asking; lowering it is requested with consent, never
// silently.
#include <rdpmedic/plugin.hpp>
#include <rdpmedic/plugin_json.hpp>

#include <optional>
#include <string>

namespace {

using rdpmedic::sdk::json::member;
using rdpmedic::sdk::json::text_of;

enum class Layer { Rdp = 0, Tls = 1, Nla = 2 };

const char* argument_of(Layer layer) {
    switch (layer) {
    case Layer::Rdp: return "/sec:rdp";
    case Layer::Tls: return "/sec:tls";
    case Layer::Nla: return "/sec:nla";
    }
    return "";
}

const char* name_of(Layer layer) {
    switch (layer) {
    case Layer::Rdp: return "standard RDP security";
    case Layer::Tls: return "TLS";
    case Layer::Nla: return "NLA (CredSSP)";
    }
    return "";
}

bool is_mstsc(const rdpmedic::sdk::Host& host) { return host.client_name() == "mstsc"; }

std::string lowercase(std::string text) {
    for (char& c : text) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return text;
}

constexpr const char* kCredSspOn = "enablecredsspsupport:i:1";
constexpr const char* kCredSspOff = "enablecredsspsupport:i:0";

/// mstsc has one switch for the layer, CredSSP (NLA) on or off; with it off mstsc negotiates
/// TLS and falls back to standard RDP security by itself, so both count as TLS here. Its
/// launcher takes .rdp settings and FreeRDP's /sec: (mapped to that same setting); the last
/// one wins. Nothing when the connection leaves mstsc to negotiate (it offers NLA and TLS).
std::optional<Layer> requested_of_mstsc(const rdpmedic::sdk::Host& host) {
    std::optional<Layer> layer;
    for (const auto& original : host.client_arguments()) {
        const std::string argument = lowercase(original);
        if (argument == "/sec:nla" || argument == kCredSspOn) {
            layer = Layer::Nla;
        } else if (argument == "/sec:tls" || argument == "/sec:rdp" || argument == kCredSspOff) {
            layer = Layer::Tls;
        }
    }
    return layer;
}

/// What the client asks for: FreeRDP's last /sec: argument (FreeRDP honours the last one);
/// nothing when it lets FreeRDP negotiate.
std::optional<Layer> requested(const rdpmedic::sdk::Host& host) {
    if (is_mstsc(host)) {
        return requested_of_mstsc(host);
    }
    std::optional<Layer> layer;
    for (const auto& argument : host.client_arguments()) {
        if (argument == "/sec:rdp") {
            layer = Layer::Rdp;
        } else if (argument == "/sec:tls") {
            layer = Layer::Tls;
        } else if (argument == "/sec:nla") {
            layer = Layer::Nla;
        } else if (argument.rfind("/sec:", 0) == 0) {
            layer.reset(); // ext or another mode this strategy does not reason about
        }
    }
    return layer;
}

/// What the server accepts, from the probe. Empty when the probe did not get that far.
std::optional<Layer> server_layer(const rdpmedic::sdk::Host& host, std::string& evidence) {
    if (host.has_finding("x224.hybrid-required") || host.has_finding("x224.ssl-with-user-auth-required")) {
        evidence = "the server requires NLA (RDP_NEG_FAILURE)";
        return Layer::Nla;
    }
    if (host.has_finding("x224.nla-required")) {
        evidence = "the server requires NLA (it refuses an offer of TLS alone)";
        return Layer::Nla;
    }
    if (host.has_finding("x224.ssl-required")) {
        evidence = "the server requires TLS (RDP_NEG_FAILURE 1)";
        return Layer::Tls;
    }
    if (host.has_finding("x224.ssl-not-allowed") || host.has_finding("x224.legacy-only")) {
        evidence = "the server offers standard RDP security only";
        return Layer::Rdp;
    }
    const auto diagnosis = nlohmann::json::parse(host.diagnosis_json(), nullptr, false);
    if (!diagnosis.is_object()) {
        return std::nullopt;
    }
    for (const auto& layer : member(diagnosis, "layers", nlohmann::json::array())) {
        if (!layer.is_object() || text_of(layer, "name") != "x224") {
            continue;
        }
        const auto detail = member(layer, "detail", nlohmann::json::object());
        if (!detail.is_object() || text_of(detail, "outcome") != "selected") {
            return std::nullopt;
        }
        const std::string selected = text_of(detail, "selected");
        evidence = "offered TLS and NLA, the server selected " + selected;
        if (selected.find("hybrid") != std::string::npos) {
            return Layer::Nla;
        }
        if (selected.find("ssl") != std::string::npos) {
            return Layer::Tls;
        }
        if (selected == "rdp") {
            return Layer::Rdp;
        }
    }
    return std::nullopt;
}

struct Plan {
    Layer to = Layer::Tls;
    bool lowers = false;
    int score = 0;
    std::string reason;
};

/// The client argument that asks `client` for `layer`.
std::string argument_for(const rdpmedic::sdk::Host& host, Layer layer) {
    if (is_mstsc(host)) {
        return layer == Layer::Nla ? kCredSspOn : kCredSspOff;
    }
    return argument_of(layer);
}

std::optional<Plan> plan(const rdpmedic::sdk::Host& host) {
    std::string evidence;
    auto server = server_layer(host, evidence);
    if (!server) {
        return std::nullopt;
    }
    const auto client = requested(host);
    if (is_mstsc(host)) {
        if (!client) {
            return std::nullopt; // mstsc offers NLA and TLS and falls back by itself
        }
        if (*server == Layer::Rdp) {
            server = Layer::Tls; // CredSSP off is all mstsc can be asked for
        }
    }
    const bool server_refused = host.verdict_cause() == "security-layer-mismatch";
    if (!client) {
        // FreeRDP negotiates by itself; pin the layer only when the server refused the offer.
        if (!server_refused) {
            return std::nullopt;
        }
        return Plan{*server, false, 60, evidence + ": ask for " + name_of(*server) + " explicitly"};
    }
    if (*client == *server) {
        return std::nullopt;
    }
    Plan result;
    result.to = *server;
    result.lowers = static_cast<int>(*server) < static_cast<int>(*client);
    if (!result.lowers && *client == Layer::Rdp && *server == Layer::Nla) {
        // NLA needs credentials the connection may not have; TLS is the smaller step up and
        // a server that selects NLA from the probe's offer only refuses it if it requires NLA.
        const bool required = host.has_finding("x224.hybrid-required") || host.has_finding("x224.nla-required");
        result.to = required ? Layer::Nla : Layer::Tls;
    }
    // A server that closes the socket on a security layer it does not accept is mstsc's
    // 0x904 / 0x7: the strongest sign this mismatch is the cause.
    const std::string kind = host.failure_kind();
    const bool matching_failure = kind == "socket-closed" || kind == "negotiation-failed" || server_refused;
    result.score = result.lowers ? (matching_failure ? 75 : 40) : (matching_failure ? 95 : 60);
    result.reason = std::string("the connection asks for ") + name_of(*client) + "; " + evidence + ": use " +
                    argument_for(host, result.to) + (result.lowers ? " (lowers security: needs your consent)" : "") +
                    (result.to == Layer::Nla ? " (NLA signs in before the session: the connection needs a user name and password)" : "");
    return result;
}

class SecurityNegotiation {
  public:
    rdpmedic::sdk::Assessment assess(const rdpmedic::sdk::Host& host) {
        if (const auto p = plan(host)) {
            return {p->score, p->reason};
        }
        return {0, "the connection's security layer matches what the server accepts"};
    }

    rdpmedic_status_t apply(rdpmedic::sdk::Host& host) {
        const auto p = plan(host);
        if (!p) {
            host.log(RDPMEDIC_LOG_INFO, "not applicable: the security layer is not the problem");
            return RDPMEDIC_NOT_APPLICABLE;
        }
        host.log(RDPMEDIC_LOG_INFO, p->reason);
        if (p->lowers) {
            const std::string note = std::string("lowers this connection's security to ") + name_of(p->to) +
                                     "; the lasting fix is on the server: offer TLS (Windows: SecurityLayer=1 or "
                                     "2; xrdp: security_layer=negotiate or tls)";
            return host.add_client_argument_with_consent(argument_for(host, p->to), note) ? RDPMEDIC_OK
                                                                                           : RDPMEDIC_FAILED;
        }
        return host.add_client_argument(argument_for(host, p->to)) ? RDPMEDIC_OK : RDPMEDIC_FAILED;
    }
};

} // namespace

RDPMEDIC_PLUGIN(SecurityNegotiation, "rdpmedic.security-negotiation", "Security negotiation",
                "Asks the client for the security layer the server accepts, for this connection only",
                "1.2.0", RDPMEDIC_PLATFORM_LINUX | RDPMEDIC_PLATFORM_WINDOWS, RDPMEDIC_FLAG_REVERSIBLE)
