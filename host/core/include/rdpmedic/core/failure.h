#pragma once
/// The one normalized description of a failed connection, whatever client produced it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rdpmedic {

/// What went wrong, in the terms a user and the fix strategies reason about.
enum class FailureKind {
    SocketClosed,         ///< the connection was opened, then closed by the peer (mstsc 0x904)
    ConnectFailed,        ///< no TCP connection could be made (refused, unreachable)
    DnsFailed,            ///< the host name did not resolve
    Timeout,              ///< no answer in time
    NegotiationFailed,    ///< the RDP security negotiation (X.224) failed
    TlsFailed,            ///< the TLS handshake or the certificate check failed
    ServerDenied,         ///< the server refused the connection (extended reason 0x7)
    AuthenticationFailed, ///< credentials rejected; never retried
    Licensing,            ///< the server's licensing step failed
    ClientError,          ///< the client itself could not run (bad arguments, missing binary)
    Unknown,              ///< a code nobody here knows; the raw value is kept
};

/// Stable, machine-readable id of a kind, e.g. "socket-closed"; used in JSON output.
std::string_view to_id(FailureKind kind);

/// Parses an id produced by to_id; nullopt for anything else.
std::optional<FailureKind> failure_kind_from_id(std::string_view id);

/// Whether retrying the same connection can help. Authentication and client errors cannot.
bool is_retriable(FailureKind kind);

/// The codes as the client reported them; absent where that client has no such code.
struct RawCodes {
    std::optional<std::uint32_t> disc_reason;     ///< mstsc discReason, e.g. 0x904
    std::optional<std::uint32_t> extended_reason; ///< mstsc ExtendedDisconnectReason = ERRINFO code, e.g. 0x7
    std::optional<std::uint32_t> freerdp_error;   ///< FreeRDP (class << 16) | code, e.g. 0x0002000D
    std::optional<int> exit_code;                 ///< the client process's exit code
};

struct Failure {
    FailureKind kind = FailureKind::Unknown;
    bool retriable = true;
    RawCodes codes;
    std::string message; ///< plain language, one sentence, for the user
    std::string detail;  ///< evidence from the client (the lines or stage that showed it), may be empty
    /// Why no system-wide change (machine or user-wide settings, DNS flush, …) may follow this
    /// failure, e.g. "mstsc timed out while waiting"; empty when one may.
    std::string no_system_change;
};

} // namespace rdpmedic
