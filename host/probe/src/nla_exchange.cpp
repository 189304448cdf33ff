#include "nla_exchange.h"

#include "rdpmedic/probe/credssp.h"
#include "rdpmedic/probe/ntlm.h"

#include <algorithm>

namespace rdpmedic::probe {

namespace {

/// Enough for any TSRequest header (tag and a four-byte length): read that much at first.
constexpr std::size_t kHeaderBytes = 6;

NlaAnswer ended(NlaAnswer::Kind kind, std::string problem) {
    NlaAnswer out;
    out.kind = kind;
    out.problem = std::move(problem);
    return out;
}

NlaAnswer from_io(tls::Channel::Io io, const char* when) {
    return io == tls::Channel::Io::TimedOut
               ? ended(NlaAnswer::Kind::NoAnswer, std::string("no answer in time ") + when)
               : ended(NlaAnswer::Kind::Closed,
                       std::string("the server closed the connection ") + when);
}

} // namespace

NlaAnswer ask_for_challenge(tls::Channel& channel, net::Deadline deadline) {
    const auto io = channel.write_all(ts_request(ntlm_negotiate_message()), deadline);
    if (io != tls::Channel::Io::Ok) {
        return from_io(io, "while the negotiation was sent");
    }
    std::vector<std::uint8_t> reply;
    TsRequest parsed;
    for (;;) {
        parsed = parse_ts_request(reply);
        if (parsed.kind != TsRequest::Kind::Incomplete) {
            break;
        }
        // Only what the TSRequest claims (capped by the parser) is read, never a flood.
        const std::size_t wanted =
            parsed.length > reply.size() ? parsed.length - reply.size() : kHeaderBytes;
        const auto got = channel.read(reply, wanted, deadline);
        if (got != tls::Channel::Io::Ok) {
            return from_io(got, reply.empty() ? "instead of a challenge"
                                              : "in the middle of its answer");
        }
    }
    NlaAnswer out;
    out.local_unix_seconds = std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    out.error_code = parsed.error_code;
    if (parsed.kind == TsRequest::Kind::Invalid) {
        out.kind = NlaAnswer::Kind::NotChallenge;
        out.problem = "not a TSRequest: " + parsed.problem;
        return out;
    }
    if (parsed.token.empty()) {
        out.kind = parsed.error_code ? NlaAnswer::Kind::Refused : NlaAnswer::Kind::NotChallenge;
        out.problem = parsed.error_code ? "" : "the TSRequest carries no token";
        return out;
    }
    // A server may wrap the message in SPNEGO; like rdp-ntlm-info, start at its signature.
    static constexpr std::uint8_t kSignature[] = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};
    const auto start = std::search(parsed.token.begin(), parsed.token.end(), std::begin(kSignature),
                                   std::end(kSignature));
    out.challenge = parse_ntlm_challenge(
        start == parsed.token.end()
            ? std::span<const std::uint8_t>(parsed.token)
            : std::span<const std::uint8_t>(&*start,
                                            static_cast<std::size_t>(parsed.token.end() - start)));
    out.kind = out.challenge.ok ? NlaAnswer::Kind::Challenge : NlaAnswer::Kind::NotChallenge;
    out.problem = out.challenge.problem;
    return out;
}

} // namespace rdpmedic::probe
