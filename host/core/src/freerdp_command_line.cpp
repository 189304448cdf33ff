#include "rdpmedic/core/freerdp_command_line.h"

#include "rdpmedic/core/ascii.h"

#include <charconv>

namespace rdpmedic {

namespace {

std::optional<int> number_at(std::string_view& text) {
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end == text.data()) {
        return std::nullopt;
    }
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    return value;
}

const char* transport_name(GatewayTransport transport) {
    switch (transport) {
    case GatewayTransport::Http: return "http";
    case GatewayTransport::Rpc: return "rpc";
    case GatewayTransport::Auto: break;
    }
    return "auto";
}

} // namespace

std::string FreeRdpVersion::to_string() const {
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

std::optional<FreeRdpVersion> parse_freerdp_version(std::string_view output) {
    constexpr std::string_view marker = "FreeRDP version ";
    const auto at = output.find(marker);
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    std::string_view rest = output.substr(at + marker.size());
    FreeRdpVersion version;
    const auto major = number_at(rest);
    if (!major || rest.empty() || rest.front() != '.') {
        return std::nullopt;
    }
    rest.remove_prefix(1);
    const auto minor = number_at(rest);
    if (!minor) {
        return std::nullopt;
    }
    version.major = *major;
    version.minor = *minor;
    if (!rest.empty() && rest.front() == '.') {
        rest.remove_prefix(1);
        version.patch = number_at(rest).value_or(0);
    }
    return version;
}

std::string freerdp_security_argument(SecurityLayer layer) {
    switch (layer) {
    case SecurityLayer::Rdp: return "/sec:rdp";
    case SecurityLayer::Tls: return "/sec:tls";
    case SecurityLayer::Nla: return "/sec:nla";
    case SecurityLayer::Ext: return "/sec:ext";
    }
    return "/sec:nla";
}

std::string freerdp_tls_level_argument(int level, const FreeRdpVersion& version) {
    return (version.major >= 3 ? "/tls:seclevel:" : "/tls-seclevel:") + std::to_string(level);
}

std::vector<std::string> freerdp_gateway_arguments(const std::string& gateway,
                                                   std::optional<GatewayTransport> transport,
                                                   const FreeRdpVersion& version) {
    if (version.major >= 3) {
        std::string argument = "/gateway:g:" + gateway;
        if (transport) {
            argument += std::string(",type:") + transport_name(*transport);
        }
        return {argument};
    }
    std::vector<std::string> arguments{"/g:" + gateway};
    if (transport) {
        arguments.push_back(std::string("/gt:") + transport_name(*transport));
    }
    return arguments;
}

std::vector<std::string> freerdp_gateway_transport_arguments(GatewayTransport transport,
                                                             const FreeRdpVersion& version) {
    if (version.major >= 3) {
        return {std::string("/gateway:type:") + transport_name(transport)};
    }
    return {std::string("/gt:") + transport_name(transport)};
}

std::string freerdp_fingerprint_argument(std::string_view sha256_hex, const FreeRdpVersion& version) {
    std::string hex;
    for (const char c : ascii_lowercase(sha256_hex)) {
        if (c != ':') {
            hex += c;
        }
    }
    if (version.major >= 3) {
        return "/cert:fingerprint:sha256:" + hex;
    }
    // FreeRDP 2.11 compares with its own spelling of the fingerprint, colon-separated pairs
    // (checked: the plain hex is refused there, exit 143; 3.x takes either).
    std::string pairs;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        pairs += (i == 0 ? "" : ":") + hex.substr(i, 2);
    }
    return "/cert:fingerprint:sha256:" + pairs;
}

std::string freerdp_dialect_argument(const std::string& argument, const FreeRdpVersion& version) {
    // The other generation's spelling of the same option, for the options whose spelling
    // changed between 2.x and 3.x: FreeRDP 3 rejects 2.x's. 2.11 knows /cert:ignore and
    // /cert:tofu itself, and a 3.x /gateway:g:H,type:T has no one-option 2.x spelling, so only
    // the level and the transport go the other way.
    struct Spelling {
        std::string_view v2;
        std::string_view v3;
        bool both_ways;
    };
    constexpr Spelling kSpellings[] = {
        {"/tls-seclevel:", "/tls:seclevel:", true}, {"/gt:", "/gateway:type:", true},
        {"/g:", "/gateway:g:", false},              {"/cert-ignore", "/cert:ignore", false},
        {"/cert-tofu", "/cert:tofu", false},
    };
    const bool to_v3 = version.major >= 3;
    const std::string_view text = argument;
    for (const auto& spelling : kSpellings) {
        if (!to_v3 && !spelling.both_ways) {
            continue;
        }
        const auto from = to_v3 ? spelling.v2 : spelling.v3;
        const auto to = to_v3 ? spelling.v3 : spelling.v2;
        // Whole options only: "/cert-ignore" but not "/cert-ignorex"; any value after a ':'.
        const bool takes_value = from.back() == ':';
        if (text.substr(0, from.size()) == from && (takes_value || text.size() == from.size())) {
            return std::string(to) + std::string(text.substr(from.size()));
        }
    }
    return argument;
}

Secret freerdp_stdin_answers(const ConnectRequest& request, const FreeRdpVersion& version) {
    if (!request.password) {
        return Secret{};
    }
    // With /from-stdin:force FreeRDP 3 asks for a missing user name first (2.11 does not):
    // an empty line answers it, then comes the password.
    std::string answers = version.major >= 3 && !request.user ? "\n" : "";
    answers += request.password->reveal() + "\n";
    return Secret(std::move(answers));
}

std::vector<std::string> freerdp_arguments(const ConnectRequest& request, const FreeRdpVersion& version,
                                           const std::vector<std::string>& extra_args) {
    std::vector<std::string> argv;
    // With the user's file first, FreeRDP reads it and then applies the options after it.
    // Only what differs from the file follows it: /v:, /u: and /d: equal to the file's would
    // change nothing, and /g: would (both generations) also force the gateway's usage method
    // to "direct" and its credentials to the session's, overriding the file's own
    // gatewayusagemethod and gatewaycredentialssource.
    const RdpFileValues* file =
        request.rdp_file && request.file_values ? &*request.file_values : nullptr;
    if (request.rdp_file) {
        argv.push_back(request.rdp_file->string());
    }
    if (!file || request.target != file->target) {
        argv.push_back("/v:" + request.target.to_string());
    }
    if (request.user && (!file || request.user != file->user)) {
        argv.push_back("/u:" + *request.user);
    }
    if (request.domain && (!file || request.domain != file->domain)) {
        argv.push_back("/d:" + *request.domain);
    }
    if (request.gateway && (!file || request.gateway != file->gateway)) {
        const auto gateway = freerdp_gateway_arguments(
            *request.gateway, request.overrides.gateway_transport, version);
        argv.insert(argv.end(), gateway.begin(), gateway.end());
    } else if (request.gateway && request.overrides.gateway_transport) {
        // The file's gateway, reached another way: only the transport changes.
        const auto transport =
            freerdp_gateway_transport_arguments(*request.overrides.gateway_transport, version);
        argv.insert(argv.end(), transport.begin(), transport.end());
    }
    // A user name "DOMAIN\\user" carries its domain, and a later /d: would empty it.
    const bool domain_known =
        request.domain || (request.user && request.user->find('\\') != std::string::npos);
    if (version.major >= 3 && !domain_known) {
        // FreeRDP 3 asks for a missing domain on its terminal even where none is needed (TLS
        // against xrdp); an empty one is what pressing Enter there would give.
        argv.emplace_back("/d:");
    }
    if (request.password) {
        argv.emplace_back("/from-stdin:force");
    } else if (version.major >= 3) {
        // Likewise for the password: with none given, the answer is an empty one, so the
        // client never waits on a prompt nobody sees. Nothing secret is on the command line.
        argv.emplace_back("/p:");
    }
    // The typed choices come after the user's arguments, so that the fix stage's choice (which it
    // makes over the user's own only when that is safe or agreed to) is the one FreeRDP keeps.
    for (const auto* arguments : {&extra_args, &request.client_args}) {
        for (const auto& argument : *arguments) {
            argv.push_back(freerdp_dialect_argument(argument, version));
        }
    }
    const ClientOverrides& overrides = request.overrides;
    if (overrides.security) {
        argv.push_back(freerdp_security_argument(*overrides.security));
    }
    if (overrides.tls_security_level) {
        argv.push_back(freerdp_tls_level_argument(*overrides.tls_security_level, version));
    }
    // Both generations take /cert:name: and /cert:fingerprint:.
    if (overrides.certificate_name) {
        argv.push_back("/cert:name:" + *overrides.certificate_name);
    }
    if (overrides.certificate_sha256) {
        argv.push_back(freerdp_fingerprint_argument(*overrides.certificate_sha256, version));
    }
    return argv;
}

} // namespace rdpmedic
