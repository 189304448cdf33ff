#include "rdpmedic/probe/gateway_http.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace rdpmedic::probe {

namespace {

constexpr std::size_t kMaxSchemes = 8;
constexpr std::size_t kMaxSchemeLength = 32;
constexpr std::size_t kMaxServerLength = 80;
constexpr std::size_t kMaxReasonLength = 80;

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
        text.remove_suffix(1);
    }
    return text;
}

bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

/// Printable ASCII only, cut to `max`: what a hostile server puts in a header never reaches a
/// terminal or a log as control characters.
std::string printable(std::string_view text, std::size_t max) {
    std::string out;
    for (const char c : text.substr(0, max)) {
        out += (c >= 0x20 && c < 0x7f) ? c : '?';
    }
    return out;
}

/// A challenge list ("Negotiate, NTLM", "Basic realm=\"x\", NTLM"): a scheme is a token that
/// starts a comma-separated part; parts with '=' before any space are parameters.
void add_schemes(std::string_view value, std::vector<std::string>& schemes) {
    while (!value.empty()) {
        const auto comma = value.find(',');
        const std::string_view part = trimmed(value.substr(0, comma));
        value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
        const std::string_view token = part.substr(0, part.find(' '));
        const bool is_token = !token.empty() && token.size() <= kMaxSchemeLength &&
                              std::all_of(token.begin(), token.end(), [](char c) {
                                  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' ||
                                         c == '_' || c == '.';
                              });
        if (!is_token || schemes.size() >= kMaxSchemes) {
            continue;
        }
        const bool seen = std::any_of(schemes.begin(), schemes.end(),
                                      [&](const std::string& s) { return same_name(s, token); });
        if (!seen) {
            schemes.emplace_back(token);
        }
    }
}

void put16(std::vector<std::uint8_t>& out, std::uint16_t value) {
    out.push_back(static_cast<std::uint8_t>(value & 0xff));
    out.push_back(static_cast<std::uint8_t>(value >> 8));
}

void put32(std::vector<std::uint8_t>& out, std::uint32_t value) {
    put16(out, static_cast<std::uint16_t>(value & 0xffff));
    put16(out, static_cast<std::uint16_t>(value >> 16));
}

std::uint16_t get16(std::span<const std::uint8_t> b, std::size_t at) {
    return static_cast<std::uint16_t>(b[at] | (b[at + 1] << 8));
}

std::uint32_t get32(std::span<const std::uint8_t> b, std::size_t at) {
    return get16(b, at) | (static_cast<std::uint32_t>(get16(b, at + 2)) << 16);
}

} // namespace

std::string gateway_request(std::string_view method, std::string_view path, std::string_view host,
                            std::string_view connection_id, bool chunked) {
    // The headers FreeRDP's rdg.c sends (mstsc's differ only in User-Agent's absence and order).
    std::string out;
    out.append(method).append(" ").append(path).append(" HTTP/1.1\r\n");
    out.append("Host: ").append(host).append("\r\n");
    out += "Accept: */*\r\n";
    out += "Cache-Control: no-cache\r\n";
    out += "Pragma: no-cache\r\n";
    out += "Connection: Keep-Alive\r\n";
    out += "User-Agent: MS-RPC\r\n";
    out.append("RDG-Connection-Id: ").append(connection_id).append("\r\n");
    out += chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: 0\r\n";
    out += "\r\n";
    return out;
}

HttpHead parse_http_head(std::span<const std::uint8_t> bytes) {
    HttpHead out;
    const std::string_view text(reinterpret_cast<const char*>(bytes.data()),
                                std::min(bytes.size(), kMaxHttpHead));
    constexpr std::string_view kPrefix = "HTTP/1.";
    if (text.substr(0, kPrefix.size()) !=
        kPrefix.substr(0, std::min(text.size(), kPrefix.size()))) {
        out.kind = HttpHead::Kind::NotHttp;
        out.problem = "the answer does not start with an HTTP status line";
        return out;
    }
    // The end of the head: the first empty line, CRLF or bare LF.
    std::size_t end = std::string_view::npos;
    std::size_t body = 0;
    for (std::size_t at = text.find('\n'); at != std::string_view::npos;
         at = text.find('\n', at + 1)) {
        if (at + 1 < text.size() && text[at + 1] == '\n') {
            end = at + 1;
            body = at + 2;
            break;
        }
        if (at + 2 < text.size() && text[at + 1] == '\r' && text[at + 2] == '\n') {
            end = at + 1;
            body = at + 3;
            break;
        }
    }
    if (end == std::string_view::npos) {
        if (bytes.size() >= kMaxHttpHead) {
            out.kind = HttpHead::Kind::TooLarge;
            out.problem =
                "no end of the HTTP head within " + std::to_string(kMaxHttpHead) + " bytes";
        }
        return out;
    }
    out.head_size = body;
    std::string_view head = text.substr(0, end);
    const auto first_end = head.find('\n');
    const std::string_view status_line = trimmed(head.substr(0, first_end));
    head = first_end == std::string_view::npos ? std::string_view() : head.substr(first_end + 1);
    // "HTTP/1.1 401 Unauthorized"
    const bool shaped = status_line.size() >= 12 && status_line[8] == ' ' &&
                        std::all_of(status_line.begin() + 9, status_line.begin() + 12,
                                    [](char c) { return c >= '0' && c <= '9'; }) &&
                        (status_line.size() == 12 || status_line[12] == ' ');
    if (!shaped) {
        out.kind = HttpHead::Kind::NotHttp;
        out.problem = "malformed status line: " + printable(status_line, kMaxReasonLength);
        return out;
    }
    out.status =
        (status_line[9] - '0') * 100 + (status_line[10] - '0') * 10 + (status_line[11] - '0');
    out.reason =
        printable(trimmed(status_line.substr(std::min<std::size_t>(13, status_line.size()))),
                  kMaxReasonLength);
    while (!head.empty()) {
        const auto line_end = head.find('\n');
        const std::string_view line = head.substr(0, line_end);
        head = line_end == std::string_view::npos ? std::string_view() : head.substr(line_end + 1);
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) {
            continue;
        }
        const std::string_view name = trimmed(line.substr(0, colon));
        const std::string_view value = trimmed(line.substr(colon + 1));
        if (same_name(name, "WWW-Authenticate")) {
            add_schemes(value, out.auth_schemes);
        } else if (same_name(name, "Server") && out.server.empty()) {
            out.server = printable(value, kMaxServerLength);
        }
    }
    out.kind = HttpHead::Kind::Complete;
    return out;
}

std::vector<std::uint8_t> handshake_request() {
    std::vector<std::uint8_t> out;
    put16(out, kPacketHandshakeRequest);
    put16(out, 0);    // reserved
    put32(out, 14);   // packetLength
    out.push_back(1); // versionMajor
    out.push_back(0); // versionMinor
    put16(out, 0);    // clientVersion, must be 0
    put16(out, 0);    // extendedAuth: HTTP_EXTENDED_AUTH_NONE
    return out;
}

std::vector<std::uint8_t> as_chunk(std::span<const std::uint8_t> packet) {
    char size[20];
    std::snprintf(size, sizeof size, "%zX\r\n", packet.size());
    std::vector<std::uint8_t> out(size, size + std::char_traits<char>::length(size));
    out.insert(out.end(), packet.begin(), packet.end());
    out.push_back('\r');
    out.push_back('\n');
    return out;
}

HandshakeResponse parse_handshake_response(std::span<const std::uint8_t> bytes) {
    HandshakeResponse out;
    if (bytes.size() < 8) {
        return out;
    }
    const std::uint16_t type = get16(bytes, 0);
    const std::uint32_t length = get32(bytes, 4);
    if (type != kPacketHandshakeResponse) {
        out.kind = HandshakeResponse::Kind::Invalid;
        out.problem =
            "packet type " + std::to_string(type) + " where a handshake response (2) belongs";
        return out;
    }
    if (length != kHandshakeResponseSize) {
        out.kind = HandshakeResponse::Kind::Invalid;
        out.problem = "a handshake response of " + std::to_string(length) + " bytes, not 18";
        return out;
    }
    if (bytes.size() < kHandshakeResponseSize) {
        return out;
    }
    out.kind = HandshakeResponse::Kind::Valid;
    out.error_code = get32(bytes, 8);
    out.version_major = bytes[12];
    out.version_minor = bytes[13];
    out.server_version = get16(bytes, 14);
    out.extended_auth = get16(bytes, 16);
    return out;
}

} // namespace rdpmedic::probe
