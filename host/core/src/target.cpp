#include "rdpmedic/core/target.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace rdpmedic {

namespace {

// A DNS name is at most 253 characters; an IPv6 literal with a zone index stays far below.
constexpr std::size_t kMaxHostLength = 253;
constexpr std::size_t kMaxQuoted = 60;

// The text as an error message quotes it: cut short, so that a 100,000-character "host"
// gives a readable message.
std::string quoted(std::string_view text) {
    if (text.size() <= kMaxQuoted) {
        return "'" + std::string(text) + "'";
    }
    return "'" + std::string(text.substr(0, kMaxQuoted)) + "...' (" + std::to_string(text.size()) +
           " characters)";
}

std::uint16_t parse_port(std::string_view text, std::string_view whole) {
    unsigned value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end || value == 0 || value > 65535) {
        throw TargetError(quoted(whole) + ": the port must be a number from 1 to 65535");
    }
    return static_cast<std::uint16_t>(value);
}

bool valid_host_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' ||
           c == ':' || c == '%';
}

} // namespace

Secret::~Secret() {
    // Overwrite the characters before the string frees them; volatile keeps the stores.
    volatile char* p = value_.data();
    for (std::size_t i = 0; i < value_.size(); ++i) {
        p[i] = '\0';
    }
}

std::string Target::to_string() const {
    const bool ipv6 = host.find(':') != std::string::npos;
    return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Target parse_target(std::string_view text, std::uint16_t default_port) {
    Target target;
    target.port = default_port;
    if (text.empty()) {
        throw TargetError("the target is empty: give a host name or address, e.g. server.example.com:3389");
    }
    if (text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos) {
            throw TargetError(quoted(text) + ": an IPv6 address in brackets needs a closing ']'");
        }
        target.host = std::string(text.substr(1, close - 1));
        const auto rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') {
                throw TargetError(quoted(text) + ": expected ':PORT' after ']'");
            }
            target.port = parse_port(rest.substr(1), text);
        }
    } else if (std::count(text.begin(), text.end(), ':') > 1) {
        target.host = std::string(text); // a bare IPv6 literal carries no port
    } else if (const auto colon = text.find(':'); colon != std::string_view::npos) {
        target.host = std::string(text.substr(0, colon));
        target.port = parse_port(text.substr(colon + 1), text);
    } else {
        target.host = std::string(text);
    }
    if (target.host.size() > kMaxHostLength) {
        throw TargetError(quoted(text) +
                          " is too long for a host name: a DNS name has at most 253 characters");
    }
    if (target.host.empty() ||
        !std::all_of(target.host.begin(), target.host.end(), valid_host_char)) {
        throw TargetError(quoted(text) + " is not a host name or IP address");
    }
    return target;
}

} // namespace rdpmedic
