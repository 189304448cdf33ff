#include "rdpmedic/probe/x224.h"

#include <cstdio>

namespace rdpmedic::probe {

namespace {

constexpr std::uint8_t kTpktVersion = 3;
constexpr std::size_t kTpktHeader = 4;
constexpr std::uint8_t kConnectionConfirm = 0xD0;
constexpr std::uint8_t kLegacyIndicator = 6;                // LI of a CC with no variable part
constexpr std::size_t kNegotiationOffset = kTpktHeader + 7; // after TPKT, LI, code, dst, src, class
constexpr std::size_t kNegotiationSize = 8;
constexpr std::uint8_t kNegResponse = 0x02;
constexpr std::uint8_t kNegFailure = 0x03;

X224Reply not_rdp(std::string why) {
    X224Reply reply;
    reply.kind = X224Reply::Kind::NotRdp;
    reply.problem = std::move(why);
    return reply;
}

std::uint32_t le32(std::span<const std::uint8_t> bytes, std::size_t at) {
    return static_cast<std::uint32_t>(bytes[at]) |
           (static_cast<std::uint32_t>(bytes[at + 1]) << 8) |
           (static_cast<std::uint32_t>(bytes[at + 2]) << 16) |
           (static_cast<std::uint32_t>(bytes[at + 3]) << 24);
}

} // namespace

std::vector<std::uint8_t> x224_connection_request(std::uint32_t requested_protocols) {
    return {0x03,
            0x00,
            0x00,
            0x13,
            0x0E,
            0xE0,
            0x00,
            0x00,
            0x00,
            0x00,
            0x00,
            0x01,
            0x00,
            0x08,
            0x00,
            static_cast<std::uint8_t>(requested_protocols & 0xFF),
            static_cast<std::uint8_t>((requested_protocols >> 8) & 0xFF),
            static_cast<std::uint8_t>((requested_protocols >> 16) & 0xFF),
            static_cast<std::uint8_t>((requested_protocols >> 24) & 0xFF)};
}

X224Reply parse_x224_reply(std::span<const std::uint8_t> bytes) {
    if (bytes.empty()) {
        return {};
    }
    if (bytes[0] != kTpktVersion) {
        return not_rdp("not a TPKT header (first byte is not 3)");
    }
    if (bytes.size() < kTpktHeader) {
        return {};
    }
    const std::size_t length = (static_cast<std::size_t>(bytes[2]) << 8) | bytes[3];
    if (length < kNegotiationOffset) {
        return not_rdp("TPKT length " + std::to_string(length) +
                       " is too short for a Connection Confirm");
    }
    if (bytes.size() < length) {
        X224Reply incomplete;
        incomplete.length = length;
        return incomplete;
    }
    const std::uint8_t indicator = bytes[4];
    if ((bytes[5] & 0xF0) != kConnectionConfirm) {
        return not_rdp("X.224 TPDU code is not Connection Confirm");
    }
    if (indicator < kLegacyIndicator || kTpktHeader + 1 + indicator > length) {
        return not_rdp("X.224 length indicator does not fit the TPKT length");
    }
    X224Reply reply;
    reply.length = length;
    if (indicator == kLegacyIndicator) {
        reply.kind = X224Reply::Kind::Legacy;
        return reply;
    }
    if (indicator < kLegacyIndicator + kNegotiationSize ||
        length < kNegotiationOffset + kNegotiationSize) {
        return not_rdp("negotiation data is truncated");
    }
    const std::uint8_t type = bytes[kNegotiationOffset];
    reply.flags = bytes[kNegotiationOffset + 1];
    const std::size_t size = bytes[kNegotiationOffset + 2] |
                             (static_cast<std::size_t>(bytes[kNegotiationOffset + 3]) << 8);
    if (size != kNegotiationSize) {
        return not_rdp("negotiation structure length is " + std::to_string(size) + ", not 8");
    }
    const std::uint32_t value = le32(bytes, kNegotiationOffset + 4);
    if (type == kNegResponse) {
        reply.kind = X224Reply::Kind::Selected;
        reply.protocol = value;
        return reply;
    }
    if (type == kNegFailure) {
        reply.kind = X224Reply::Kind::Failure;
        reply.failure_code = value;
        return reply;
    }
    return not_rdp("unknown negotiation type " + std::to_string(type));
}

std::string protocol_names(std::uint32_t protocols) {
    if (protocols == kProtocolRdp) {
        return "rdp";
    }
    std::string out;
    const auto add = [&](std::uint32_t bit, const char* name) {
        if ((protocols & bit) != 0) {
            out += out.empty() ? "" : "|";
            out += name;
            protocols &= ~bit;
        }
    };
    add(kProtocolSsl, "ssl");
    add(kProtocolHybrid, "hybrid");
    add(kProtocolRdstls, "rdstls");
    add(kProtocolHybridEx, "hybrid-ex");
    if (protocols != 0) {
        char rest[24];
        std::snprintf(rest, sizeof rest, "0x%X", protocols);
        out += out.empty() ? "" : "|";
        out += rest;
    }
    return out;
}

std::string_view failure_code_id(std::uint32_t code) {
    switch (code) {
    case 1:
        return "ssl-required";
    case 2:
        return "ssl-not-allowed";
    case 3:
        return "ssl-cert-not-on-server";
    case 4:
        return "inconsistent-flags";
    case 5:
        return "hybrid-required";
    case 6:
        return "ssl-with-user-auth-required";
    default:
        return "unknown-failure";
    }
}

} // namespace rdpmedic::probe
