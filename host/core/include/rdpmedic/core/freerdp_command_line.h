#pragma once
/// FreeRDP's command line for one attempt, in the dialect of the FreeRDP generation in use.
/// FreeRDP 3 rejects several of 2.x's options (/g:, /gt:, /tls-seclevel:, /cert-ignore), so
/// rdpmedic's typed choices (ClientOverrides) are spelled here, once, for each generation.

#include "rdpmedic/core/target.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rdpmedic {

struct FreeRdpVersion {
    int major = 2;
    int minor = 0;
    int patch = 0;
    bool operator==(const FreeRdpVersion&) const = default;
    /// "3.10.3"
    std::string to_string() const;
};

/// Reads the version from `xfreerdp --version` / `xfreerdp3 --version` output ("This is
/// FreeRDP version 3.10.3 (…)"); nullopt when the text is not FreeRDP's.
std::optional<FreeRdpVersion> parse_freerdp_version(std::string_view output);

/// The arguments after the program name (the answers to FreeRDP's terminal questions, see
/// freerdp_stdin_answers, included): the .rdp file first when there is one (FreeRDP reads
/// it itself; later options override it), then target and credentials, `extra_args` (the
/// user's settings), the request's own client_args, and last the typed overrides in this
/// version's dialect (FreeRDP keeps the last of two). `/from-stdin:force` when a password is
/// given, so it never is an argument.
/// With a file, target, user, domain and gateway are passed only where they differ from
/// request.file_values (a strategy's address, the user's --user): the file's own settings
/// stay in charge of the rest.
std::vector<std::string> freerdp_arguments(const ConnectRequest& request, const FreeRdpVersion& version,
                                           const std::vector<std::string>& extra_args);

/// `argument` (the user's --client-arg, a strategy's client argument) in this version's
/// spelling where the two generations spell one option differently: /tls-seclevel:N ↔
/// /tls:seclevel:N, /gt:T ↔ /gateway:type:T, /g:H → /gateway:g:H, /cert-ignore → /cert:ignore,
/// /cert-tofu → /cert:tofu. Anything else is returned as it is. freerdp_arguments applies it.
std::string freerdp_dialect_argument(const std::string& argument, const FreeRdpVersion& version);

/// What the client is to read on stdin, then end-of-file: the password (and for FreeRDP 3 an
/// empty user name before it when none is known), in the order that version asks with
/// /from-stdin:force. Empty without a password: FreeRDP 3 then gets an empty /p: and /d: on
/// its command line instead, so no version is left waiting on a prompt nobody sees.
Secret freerdp_stdin_answers(const ConnectRequest& request, const FreeRdpVersion& version);

/// "/cert:fingerprint:sha256:…" for a SHA-256 given as hex, with or without colons, either
/// case: plain lowercase hex for FreeRDP 3, colon-separated pairs for 2.x.
std::string freerdp_fingerprint_argument(std::string_view sha256_hex, const FreeRdpVersion& version);

/// One option as FreeRDP spells it in this version, e.g. "/tls:seclevel:0" (3.x) or
/// "/tls-seclevel:0" (2.x). Exposed for messages and tests.
std::string freerdp_security_argument(SecurityLayer layer);
std::string freerdp_tls_level_argument(int level, const FreeRdpVersion& version);
std::vector<std::string> freerdp_gateway_arguments(const std::string& gateway,
                                                   std::optional<GatewayTransport> transport,
                                                   const FreeRdpVersion& version);
/// The gateway transport alone ("/gt:http", "/gateway:type:http"), for a gateway the .rdp
/// file names itself.
std::vector<std::string> freerdp_gateway_transport_arguments(GatewayTransport transport,
                                                             const FreeRdpVersion& version);

} // namespace rdpmedic
