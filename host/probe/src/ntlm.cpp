#include "rdpmedic/probe/ntlm.h"

#include "rdpmedic/core/text_encoding.h"

#include <algorithm>
#include <cstdio>

namespace rdpmedic::probe {

namespace {

constexpr std::uint8_t kSignature[] = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};
constexpr std::uint32_t kChallengeType = 2;
constexpr std::uint32_t kNegotiateUnicode = 0x00000001;
constexpr std::uint32_t kNegotiateVersion = 0x02000000;
constexpr std::size_t kFixedPart = 48;   // up to and with TargetInfoFields
constexpr std::size_t kVersionPart = 56; // with the VERSION structure

// AV_PAIR ids (MS-NLMP 2.2.2.1).
constexpr std::uint16_t kAvEol = 0;
constexpr std::uint16_t kAvNbComputerName = 1;
constexpr std::uint16_t kAvNbDomainName = 2;
constexpr std::uint16_t kAvDnsComputerName = 3;
constexpr std::uint16_t kAvDnsDomainName = 4;
constexpr std::uint16_t kAvDnsTreeName = 5;
constexpr std::uint16_t kAvTimestamp = 7;

/// The AV_PAIRs that carry a name, and where each goes.
constexpr std::pair<std::uint16_t, std::string NtlmChallenge::*> kNamePairs[] = {
    {kAvNbComputerName, &NtlmChallenge::nb_computer_name},
    {kAvNbDomainName, &NtlmChallenge::nb_domain_name},
    {kAvDnsComputerName, &NtlmChallenge::dns_computer_name},
    {kAvDnsDomainName, &NtlmChallenge::dns_domain_name},
    {kAvDnsTreeName, &NtlmChallenge::dns_tree_name},
};

// 1601-01-01 to 1970-01-01 in seconds, and FILETIME's units per second.
constexpr std::int64_t kFiletimeEpochOffset = 11644473600;
constexpr std::uint64_t kFiletimeUnitsPerSecond = 10000000;

std::uint16_t le16(std::span<const std::uint8_t> b, std::size_t at) {
    return static_cast<std::uint16_t>(b[at] | (b[at + 1] << 8));
}

std::uint32_t le32(std::span<const std::uint8_t> b, std::size_t at) {
    return static_cast<std::uint32_t>(le16(b, at)) |
           (static_cast<std::uint32_t>(le16(b, at + 2)) << 16);
}

std::uint64_t le64(std::span<const std::uint8_t> b, std::size_t at) {
    return static_cast<std::uint64_t>(le32(b, at)) |
           (static_cast<std::uint64_t>(le32(b, at + 4)) << 32);
}

void append_printable(std::string& out, char32_t c) {
    append_utf8(out, c < 0x20 || c == 0x7F ? U'?' : c);
}

/// UTF-16LE to printable UTF-8; a broken surrogate becomes U+FFFD, not an error: the names
/// are evidence, not identifiers.
std::string from_utf16(std::span<const std::uint8_t> bytes) {
    std::string out;
    std::size_t characters = 0;
    for (std::size_t i = 0; i + 1 < bytes.size() && characters < kMaxNtlmName;
         i += 2, ++characters) {
        char32_t c = le16(bytes, i);
        if (c >= 0xD800 && c <= 0xDBFF && i + 3 < bytes.size()) {
            const char32_t low = le16(bytes, i + 2);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
                i += 2;
            }
        }
        append_printable(out, c >= 0xD800 && c <= 0xDFFF ? U'\uFFFD' : c);
    }
    return out;
}

/// OEM code page text; only ASCII is known for sure, the rest shows as U+FFFD.
std::string from_oem(std::span<const std::uint8_t> bytes) {
    std::string out;
    for (std::size_t i = 0; i < bytes.size() && i < kMaxNtlmName; ++i) {
        append_printable(out, bytes[i] < 0x80 ? char32_t{bytes[i]} : U'\uFFFD');
    }
    return out;
}

NtlmChallenge failed(NtlmChallenge out, std::string why) {
    out.ok = false;
    out.problem = std::move(why);
    return out;
}

/// The payload a {length, max length, offset} field at `at` points to, if it lies inside.
std::optional<std::span<const std::uint8_t>> payload(std::span<const std::uint8_t> bytes,
                                                     std::size_t at) {
    const std::size_t length = le16(bytes, at);
    const std::size_t offset = le32(bytes, at + 4);
    if (offset > bytes.size() || length > bytes.size() - offset) {
        return std::nullopt;
    }
    return bytes.subspan(offset, length);
}

/// Reads the AV_PAIR list into `out`; the first pair of each id counts.
std::optional<std::string> read_target_info(std::span<const std::uint8_t> info,
                                            NtlmChallenge& out) {
    for (std::size_t at = 0;;) {
        if (info.size() - at < 4) {
            return "TargetInfo ends without MsvAvEOL";
        }
        const std::uint16_t id = le16(info, at);
        const std::size_t length = le16(info, at + 2);
        at += 4;
        if (id == kAvEol) {
            return std::nullopt;
        }
        if (length > info.size() - at) {
            return "an AV_PAIR (id " + std::to_string(id) + ") runs past TargetInfo";
        }
        const auto value = info.subspan(at, length);
        at += length;
        if (id == kAvTimestamp) {
            if (length != 8) {
                return "MsvAvTimestamp has " + std::to_string(length) + " bytes, not 8";
            }
            if (!out.timestamp) {
                out.timestamp = le64(value, 0);
            }
            continue;
        }
        std::string* name = nullptr;
        for (const auto& [name_id, member] : kNamePairs) {
            if (name_id == id) {
                name = &(out.*member);
            }
        }
        if (name != nullptr && name->empty()) {
            *name = from_utf16(value);
        }
    }
}

} // namespace

std::vector<std::uint8_t> ntlm_negotiate_message() {
    static constexpr std::uint8_t kMessage[] = {
        'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, // signature
        0x01, 0x00, 0x00, 0x00,               // NEGOTIATE_MESSAGE
        // Unicode, OEM, request target, sign, seal, LM key, NTLM, always sign, extended
        // session security, version, 128, key exchange, 56
        0xB7, 0x82, 0x08, 0xE2,
        // no domain, no workstation (length, maximum length, offset each)
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0x0A, 0x00, 0x63, 0x45, // Windows 10.0, build 17763
        0x00, 0x00, 0x00, 0x0F, // NTLMSSP_REVISION_W2K3
    };
    return {std::begin(kMessage), std::end(kMessage)};
}

std::string NtlmVersion::text() const {
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(build);
}

NtlmChallenge parse_ntlm_challenge(std::span<const std::uint8_t> bytes) {
    NtlmChallenge out;
    if (bytes.size() < sizeof kSignature ||
        !std::equal(std::begin(kSignature), std::end(kSignature), bytes.begin())) {
        return failed(std::move(out), "no NTLMSSP signature");
    }
    if (bytes.size() < 12 || le32(bytes, 8) != kChallengeType) {
        return failed(std::move(out), bytes.size() < 12
                                          ? "the message stops after its signature"
                                          : "message type " + std::to_string(le32(bytes, 8)) +
                                                ", not a CHALLENGE_MESSAGE (2)");
    }
    if (bytes.size() < kFixedPart) {
        return failed(std::move(out), "the CHALLENGE_MESSAGE stops after " +
                                          std::to_string(bytes.size()) + " of 48 bytes");
    }
    out.flags = le32(bytes, 20);
    const auto target_name = payload(bytes, 12);
    const auto target_info = payload(bytes, 40);
    if (!target_name) {
        return failed(std::move(out), "TargetName points past the message");
    }
    if (!target_info) {
        return failed(std::move(out), "TargetInfo points past the message");
    }
    out.target_name =
        (out.flags & kNegotiateUnicode) != 0 ? from_utf16(*target_name) : from_oem(*target_name);
    if ((out.flags & kNegotiateVersion) != 0 && bytes.size() >= kVersionPart) {
        out.version = NtlmVersion{bytes[48], bytes[49], le16(bytes, 50), bytes[55]};
    }
    if (target_info->empty()) {
        return failed(std::move(out), "the challenge has no TargetInfo");
    }
    if (auto problem = read_target_info(*target_info, out)) {
        return failed(std::move(out), std::move(*problem));
    }
    out.ok = true;
    return out;
}

std::int64_t filetime_to_unix_seconds(std::uint64_t filetime) {
    return static_cast<std::int64_t>(filetime / kFiletimeUnitsPerSecond) - kFiletimeEpochOffset;
}

std::string utc_text(std::int64_t unix_seconds) {
    // Howard Hinnant's days-to-civil algorithm: exact for every date a FILETIME can hold,
    // where gmtime() may refuse years past 9999.
    const std::int64_t days =
        unix_seconds >= 0 ? unix_seconds / 86400 : (unix_seconds - 86399) / 86400;
    const std::int64_t seconds = unix_seconds - days * 86400;
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    char text[128];
    std::snprintf(text, sizeof text, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ",
                  static_cast<long long>(year), static_cast<long long>(month),
                  static_cast<long long>(day), static_cast<long long>(seconds / 3600),
                  static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60));
    return text;
}

} // namespace rdpmedic::probe
