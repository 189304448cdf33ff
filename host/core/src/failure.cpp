#include "rdpmedic/core/failure.h"

#include <array>
#include <utility>

namespace rdpmedic {

namespace {

// The ids are written to JSON and history files, so they must never change once released.
constexpr std::array<std::pair<FailureKind, std::string_view>, 11> kIds = {{
    {FailureKind::SocketClosed, "socket-closed"},
    {FailureKind::ConnectFailed, "connect-failed"},
    {FailureKind::DnsFailed, "dns-failed"},
    {FailureKind::Timeout, "timeout"},
    {FailureKind::NegotiationFailed, "negotiation-failed"},
    {FailureKind::TlsFailed, "tls-failed"},
    {FailureKind::ServerDenied, "server-denied"},
    {FailureKind::AuthenticationFailed, "authentication-failed"},
    {FailureKind::Licensing, "licensing"},
    {FailureKind::ClientError, "client-error"},
    {FailureKind::Unknown, "unknown"},
}};

} // namespace

std::string_view to_id(FailureKind kind) {
    for (const auto& [k, id] : kIds) {
        if (k == kind) {
            return id;
        }
    }
    // Only reachable with a value cast from outside the enum.
    return "unknown";
}

std::optional<FailureKind> failure_kind_from_id(std::string_view id) {
    for (const auto& [k, known_id] : kIds) {
        if (known_id == id) {
            return k;
        }
    }
    return std::nullopt;
}

bool is_retriable(FailureKind kind) {
    // Retrying with the same wrong password can lock the account; a client that cannot run
    // fails the same way every time.
    return kind != FailureKind::AuthenticationFailed && kind != FailureKind::ClientError;
}

} // namespace rdpmedic
