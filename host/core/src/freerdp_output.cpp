#include "rdpmedic/core/freerdp_output.h"

#include "rdpmedic/core/decode.h"

#include <array>
#include <charconv>
#include <utility>

namespace rdpmedic {

namespace {

constexpr std::size_t kMaxErrorLines = 12;

// FreeRDP 2.x's connection states in the order a connection passes them; the rank tells
// how far a failed connection got.
constexpr std::array<std::string_view, 16> kStateOrder = {
    "INITIAL",
    "NEGO",
    "NLA",
    "MCS_CONNECT",
    "MCS_ERECT_DOMAIN",
    "MCS_ATTACH_USER",
    "MCS_CHANNEL_JOIN",
    "RDP_SECURITY_COMMENCEMENT",
    "SECURE_SETTINGS_EXCHANGE",
    "CONNECT_TIME_AUTO_DETECT",
    "LICENSING",
    "MULTITRANSPORT_BOOTSTRAPPING",
    "CAPABILITIES_EXCHANGE",
    "FINALIZATION",
    "ACTIVE",
};

int rank_of(std::string_view state) {
    for (std::size_t i = 0; i < kStateOrder.size(); ++i) {
        if (kStateOrder[i] == state) {
            return static_cast<int>(i);
        }
    }
    return 0;
}

std::optional<std::uint32_t> hex_after(std::string_view line, std::string_view marker) {
    const auto at = line.find(marker);
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    const auto digits = line.substr(at + marker.size());
    std::uint32_t value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, 16);
    if (ec != std::errc{} || end == digits.data()) {
        return std::nullopt;
    }
    return value;
}

// "[12:00:00:000] [1:2] [ERROR][com.freerdp.core] - message" → "message". Concurrent threads
// sometimes interleave two records on one line, so the last record on the line is taken.
std::string_view message_of(std::string_view line) {
    const auto dash = line.rfind("] - ");
    return dash == std::string_view::npos ? line : line.substr(dash + 4);
}

bool contains(std::string_view line, std::string_view text) {
    return line.find(text) != std::string_view::npos;
}

} // namespace

std::vector<std::string> FreeRdpOutputParser::required_arguments() {
    return {"/log-level:DEBUG"};
}

bool FreeRdpOutputParser::feed(std::string_view line) {
    if (const auto arrow = line.find("--> CONNECTION_STATE_"); arrow != std::string_view::npos) {
        auto state = line.substr(arrow + 21);
        state = state.substr(0, state.find_first_of(" \r\n"));
        const int rank = rank_of(state);
        if (rank > furthest_rank_) {
            furthest_rank_ = rank;
            furthest_state_ = std::string(state);
        }
        if (state == "ACTIVE" && !connected_) {
            connected_ = true;
            return true;
        }
        return false;
    }
    if (contains(line, "freerdp_set_last_error_ex ") && !contains(line, "resetting error state")) {
        if (auto value = hex_after(line, " [0x")) {
            last_error_ = value;
        }
    }
    if (contains(line, "ERRINFO_")) {
        if (auto value = hex_after(line, " (0x")) {
            errinfo_ = value;
        }
    }
    if (contains(line, "[ERROR]")) {
        const auto message = message_of(line);
        // A refused TCP connection shows up in FreeRDP 2.11 as its first write failing
        // (EPIPE / ECONNREFUSED) before anything was read; a server that accepted and then
        // closed shows a failed read instead.
        if (error_lines_.empty() &&
            (contains(message, "system error 32") || contains(message, "system error 111") ||
             contains(message, "Connection refused"))) {
            refused_before_reply_ = true;
        }
        if (contains(message, "failed to open display")) {
            display_missing_ = true;
        }
        if (contains(message, "certificate not trusted") || contains(message, "CERTIFICATE NAME MISMATCH")) {
            certificate_rejected_ = true;
        }
        if (error_lines_.size() < kMaxErrorLines && !contains(line, "com.freerdp.utils")) {
            error_lines_.emplace_back(message);
        }
    }
    return false;
}

Failure FreeRdpOutputParser::failure(int exit_code) const {
    Failure failure = failure_from_freerdp(last_error_, errinfo_, exit_code);
    if (display_missing_) {
        failure.kind = FailureKind::ClientError;
        failure.retriable = false;
        failure.message = "xfreerdp could not open the X display; run it inside a desktop session "
                          "or set DISPLAY";
    } else if (failure.kind == FailureKind::SocketClosed && refused_before_reply_ &&
               furthest_rank_ <= rank_of("NEGO")) {
        failure.kind = FailureKind::ConnectFailed;
        failure.retriable = is_retriable(failure.kind);
        failure.message = "the connection was refused: nothing accepts connections on that port, "
                          "or a firewall rejects them";
    } else if (failure.kind == FailureKind::TlsFailed && certificate_rejected_) {
        failure.message = "the server's certificate was not trusted, so the client refused to "
                          "continue";
    }
    std::string detail;
    if (!furthest_state_.empty()) {
        detail = "furthest connection state: " + furthest_state_;
    }
    for (const auto& line : error_lines_) {
        detail += (detail.empty() ? "" : "\n") + line;
    }
    failure.detail = std::move(detail);
    return failure;
}

} // namespace rdpmedic
