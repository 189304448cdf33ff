#include "rdpmedic/core/freerdp_output.h"

#include "rdpmedic/core/composed_texts.h"
#include "rdpmedic/core/decode.h"
#include "rdpmedic/i18n/filled.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <utility>

namespace rdpmedic {

namespace {

constexpr std::size_t kMaxErrorLines = 12;

// The connection states of both generations in the order a connection passes them; the rank
// tells how far a failed connection got. FreeRDP 3 splits 2.x's steps into finer ones
// (MCS_CONNECT into MCS_CREATE_REQUEST and _RESPONSE, …), each listed after the 2.x step it
// belongs to.
constexpr std::array<std::string_view, 41> kStateOrder = {
    "INITIAL",
    "NEGO",
    "NLA",
    "AAD",
    "MCS_CONNECT",
    "MCS_CREATE_REQUEST",
    "MCS_CREATE_RESPONSE",
    "MCS_ERECT_DOMAIN",
    "MCS_ATTACH_USER",
    "MCS_ATTACH_USER_CONFIRM",
    "MCS_CHANNEL_JOIN",
    "MCS_CHANNEL_JOIN_REQUEST",
    "MCS_CHANNEL_JOIN_RESPONSE",
    "RDP_SECURITY_COMMENCEMENT",
    "SECURE_SETTINGS_EXCHANGE",
    "CONNECT_TIME_AUTO_DETECT",
    "CONNECT_TIME_AUTO_DETECT_REQUEST",
    "CONNECT_TIME_AUTO_DETECT_RESPONSE",
    "LICENSING",
    "MULTITRANSPORT_BOOTSTRAPPING",
    "MULTITRANSPORT_BOOTSTRAPPING_REQUEST",
    "MULTITRANSPORT_BOOTSTRAPPING_RESPONSE",
    "CAPABILITIES_EXCHANGE",
    "CAPABILITIES_EXCHANGE_DEMAND_ACTIVE",
    "CAPABILITIES_EXCHANGE_MONITOR_LAYOUT",
    "CAPABILITIES_EXCHANGE_CONFIRM_ACTIVE",
    "FINALIZATION",
    "FINALIZATION_SYNC",
    "FINALIZATION_COOPERATE",
    "FINALIZATION_REQUEST_CONTROL",
    "FINALIZATION_PERSISTENT_KEY_LIST",
    "FINALIZATION_FONT_LIST",
    "FINALIZATION_CLIENT_SYNC",
    "FINALIZATION_CLIENT_COOPERATE",
    "FINALIZATION_CLIENT_GRANTED_CONTROL",
    "FINALIZATION_CLIENT_FONT_MAP",
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

std::optional<std::uint32_t> hex_at(std::string_view digits) {
    std::uint32_t value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, 16);
    if (ec != std::errc{} || end == digits.data()) {
        return std::nullopt;
    }
    return value;
}

// The value after a name such as ERRCONNECT_… in both generations' spellings:
// `NAME [0x0002000D]` (2.x long, 3.x), `NAME [0x2000D]` (older 2.x), and for ERRINFO in 2.x
// `NAME (0x00000007):`. Only the name's own line counts, not a later mention.
std::optional<std::uint32_t> value_after_name(std::string_view line, std::string_view prefix) {
    const auto at = line.rfind(prefix);
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    auto rest = line.substr(at + prefix.size());
    const auto name_end = rest.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
    if (name_end == 0 || name_end == std::string_view::npos) {
        return std::nullopt;
    }
    rest = rest.substr(name_end);
    rest = rest.substr(std::min(rest.find_first_not_of(' '), rest.size()));
    if (rest.size() < 3 || (rest[0] != '[' && rest[0] != '(') || rest[1] != '0' || rest[2] != 'x') {
        return std::nullopt;
    }
    return hex_at(rest.substr(3));
}

// "[12:00:00:000] [1:2] [ERROR][com.freerdp.core] - message" → "message"; FreeRDP 3's
// "- [function]: message" and "- [function][context]: message" → "message" too. Concurrent
// threads sometimes interleave two records on one line, so the last record is taken.
std::string_view message_of(std::string_view line) {
    const auto dash = line.rfind("] - ");
    auto message = dash == std::string_view::npos ? line : line.substr(dash + 4);
    if (!message.empty() && message.front() == '[') {
        if (const auto colon = message.find("]: "); colon != std::string_view::npos) {
            message.remove_prefix(colon + 3);
        }
    }
    return message;
}

bool contains(std::string_view line, std::string_view text) {
    return line.find(text) != std::string_view::npos;
}

// FreeRDP 3's certificate warnings come framed in lines of '@', which say nothing.
bool is_banner(std::string_view message) {
    return !message.empty() && message.front() == '@';
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
    if (auto value = value_after_name(line, "ERRCONNECT_")) {
        last_error_ = value;
    }
    if (auto value = value_after_name(line, "ERRINFO_")) {
        // FreeRDP 3 prints the error value with its class (0x0001xxxx); the server's code is
        // the low part, as 2.x prints it.
        errinfo_ = (*value >> 16) == 1 ? (*value & 0xFFFFu) : *value;
    }
    if (contains(line, "[ERROR]")) {
        const auto message = message_of(line);
        // A refused TCP connection shows up as the client's first transport error being a
        // failed write (EPIPE / ECONNREFUSED) before anything was read; a server that
        // accepted and then closed shows a failed read instead. FreeRDP 3 logs unrelated
        // errors before it (a missing MD4 digest), so only transport errors count.
        if (contains(line, "[com.freerdp.core.transport]") && !transport_error_seen_) {
            transport_error_seen_ = true;
            refused_before_reply_ = contains(message, "system error 32") ||
                                    contains(message, "system error 111") ||
                                    contains(message, "Connection refused");
        }
        // Both generations reject an option they do not know before connecting, and exit 23,
        // which otherwise reads as a licensing code.
        if (contains(line, "[com.winpr.commandline]") && contains(message, "Failed at index") &&
            rejected_argument_.empty()) {
            rejected_argument_ = std::string(message.substr(0, 200));
        }
        if (contains(message, "failed to open display")) {
            display_missing_ = true;
        }
        if (contains(message, "certificate not trusted") || contains(message, "CERTIFICATE NAME MISMATCH")) {
            certificate_rejected_ = true;
        }
        // FreeRDP 3 asks for a domain and password on its terminal; a read that found none.
        if (contains(line, "[client_cli_authenticate_raw]")) {
            credentials_unanswered_ = true;
        }
        if (error_lines_.size() < kMaxErrorLines && !contains(line, "com.freerdp.utils") &&
            !contains(line, "com.winpr.crypto") && !is_banner(message)) {
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
        failure.message = N_("xfreerdp could not open the X display; run it inside a desktop "
                             "session or set DISPLAY");
    } else if (failure.kind == FailureKind::SocketClosed && refused_before_reply_ &&
               furthest_rank_ <= rank_of("NEGO")) {
        failure.kind = FailureKind::ConnectFailed;
        failure.retriable = is_retriable(failure.kind);
        failure.message = N_("the connection was refused: nothing accepts connections on that "
                             "port, or a firewall rejects them");
    } else if (!rejected_argument_.empty()) {
        failure.kind = FailureKind::ClientError;
        failure.retriable = false;
        failure.message = i18n::filled(texts::kClientRejectedArguments, {rejected_argument_});
    } else if (credentials_unanswered_) {
        failure.kind = FailureKind::ClientError;
        failure.retriable = false;
        failure.message = N_("the client asked on its terminal for a user name, domain or password "
                             "and got no answer; give them to rdpmedic (--user, --domain, "
                             "--password-stdin)");
    } else if (failure.kind == FailureKind::TlsFailed && certificate_rejected_) {
        failure.message = N_("the server's certificate was not trusted, so the client refused to "
                             "continue");
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
