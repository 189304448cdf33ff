#include "rdpmedic/probe/credssp.h"

namespace rdpmedic::probe {

namespace {

constexpr std::uint8_t kSequence = 0x30;
constexpr std::uint8_t kInteger = 0x02;
constexpr std::uint8_t kOctetString = 0x04;
constexpr std::uint8_t kVersionField = 0xA0;    // [0] version
constexpr std::uint8_t kNegoTokensField = 0xA1; // [1] negoTokens
constexpr std::uint8_t kErrorCodeField = 0xA4;  // [4] errorCode
constexpr std::uint8_t kNegoTokenField = 0xA0;  // NegoData's [0] negoToken

void append_tlv(std::vector<std::uint8_t>& out, std::uint8_t tag,
                std::span<const std::uint8_t> content) {
    out.push_back(tag);
    const std::size_t size = content.size();
    if (size < 0x80) {
        out.push_back(static_cast<std::uint8_t>(size));
    } else if (size <= 0xFF) {
        out.insert(out.end(), {0x81, static_cast<std::uint8_t>(size)});
    } else {
        out.insert(out.end(), {0x82, static_cast<std::uint8_t>(size >> 8),
                               static_cast<std::uint8_t>(size & 0xFF)});
    }
    out.insert(out.end(), content.begin(), content.end());
}

std::vector<std::uint8_t> tlv(std::uint8_t tag, std::span<const std::uint8_t> content) {
    std::vector<std::uint8_t> out;
    append_tlv(out, tag, content);
    return out;
}

/// One DER element: where its content starts and how long it is.
struct Element {
    std::uint8_t tag = 0;
    std::size_t content = 0;
    std::size_t length = 0;
    std::size_t end() const { return content + length; }
};

enum class Header { Ok, Short, Bad };

/// Reads the tag and length at `at`, looking no further than `limit`. Short when the header
/// itself does not fit; the content is not checked.
Header read_header(std::span<const std::uint8_t> bytes, std::size_t at, std::size_t limit,
                   Element& out) {
    if (at + 2 > limit) {
        return Header::Short;
    }
    out.tag = bytes[at];
    const std::uint8_t first = bytes[at + 1];
    if (first < 0x80) {
        out.length = first;
        out.content = at + 2;
        return Header::Ok;
    }
    const std::size_t count = first & 0x7F;
    // 0x80 is BER's indefinite length, which DER forbids; more than four length bytes claim
    // gigabytes.
    if (count == 0 || count > 4) {
        return Header::Bad;
    }
    if (at + 2 + count > limit) {
        return Header::Short;
    }
    std::size_t length = 0;
    for (std::size_t i = 0; i < count; ++i) {
        length = (length << 8) | bytes[at + 2 + i];
    }
    out.length = length;
    out.content = at + 2 + count;
    return Header::Ok;
}

/// The element at `at` with tag `tag`, wholly inside [at, limit).
std::optional<Element> element(std::span<const std::uint8_t> bytes, std::size_t at,
                               std::size_t limit, std::uint8_t tag) {
    Element e;
    if (read_header(bytes, at, limit, e) != Header::Ok || e.tag != tag || e.length > limit ||
        e.content > limit - e.length) {
        return std::nullopt;
    }
    return e;
}

/// A DER INTEGER's value as 32 bits (errorCode is an NTSTATUS, which DER may write in five
/// bytes with a leading zero).
std::optional<std::uint32_t> integer(std::span<const std::uint8_t> bytes, const Element& e) {
    if (e.length == 0 || e.length > 5 || (e.length == 5 && bytes[e.content] != 0)) {
        return std::nullopt;
    }
    std::uint32_t value = (bytes[e.content] & 0x80) != 0 ? 0xFFFFFFFFu : 0u;
    for (std::size_t i = 0; i < e.length; ++i) {
        value = (value << 8) | bytes[e.content + i];
    }
    return value;
}

TsRequest invalid(TsRequest out, std::string why) {
    out.kind = TsRequest::Kind::Invalid;
    out.problem = std::move(why);
    return out;
}

/// negoTokens ::= SEQUENCE OF SEQUENCE { negoToken [0] OCTET STRING }: the first token.
std::optional<std::vector<std::uint8_t>> first_token(std::span<const std::uint8_t> bytes,
                                                     const Element& field) {
    const auto list = element(bytes, field.content, field.end(), kSequence);
    if (!list) {
        return std::nullopt;
    }
    if (list->length == 0) {
        return std::vector<std::uint8_t>{};
    }
    const auto item = element(bytes, list->content, list->end(), kSequence);
    const auto tagged =
        item ? element(bytes, item->content, item->end(), kNegoTokenField) : std::nullopt;
    const auto octets =
        tagged ? element(bytes, tagged->content, tagged->end(), kOctetString) : std::nullopt;
    if (!octets) {
        return std::nullopt;
    }
    const auto begin = bytes.begin() + static_cast<std::ptrdiff_t>(octets->content);
    return std::vector<std::uint8_t>(begin, begin + static_cast<std::ptrdiff_t>(octets->length));
}

} // namespace

std::vector<std::uint8_t> ts_request(std::span<const std::uint8_t> token) {
    const std::uint8_t version[] = {kInteger, 1, static_cast<std::uint8_t>(kTsRequestVersion)};
    std::vector<std::uint8_t> body = tlv(kVersionField, version);
    const auto item = tlv(kSequence, tlv(kNegoTokenField, tlv(kOctetString, token)));
    append_tlv(body, kNegoTokensField, tlv(kSequence, item));
    return tlv(kSequence, body);
}

TsRequest parse_ts_request(std::span<const std::uint8_t> bytes) {
    TsRequest out;
    if (bytes.empty()) {
        return out;
    }
    if (bytes[0] != kSequence) {
        return invalid(std::move(out), "does not start with a DER SEQUENCE");
    }
    Element top;
    switch (read_header(bytes, 0, bytes.size(), top)) {
    case Header::Short:
        return out;
    case Header::Bad:
        return invalid(std::move(out), "the DER length is malformed");
    case Header::Ok:
        break;
    }
    if (top.length > kMaxTsRequest) {
        return invalid(std::move(out), "claims " + std::to_string(top.length) +
                                           " bytes, more than a negotiation answer has");
    }
    out.length = top.end();
    if (bytes.size() < out.length) {
        return out;
    }
    bool has_version = false;
    for (std::size_t at = top.content; at < top.end();) {
        Element field;
        if (read_header(bytes, at, top.end(), field) != Header::Ok ||
            field.length > top.end() - field.content) {
            return invalid(std::move(out), "a field runs past the end of the TSRequest");
        }
        if (field.tag == kVersionField || field.tag == kErrorCodeField) {
            const auto number = element(bytes, field.content, field.end(), kInteger);
            const auto value = number ? integer(bytes, *number) : std::nullopt;
            if (!value) {
                return invalid(std::move(out), field.tag == kVersionField
                                                   ? "the version is not a small INTEGER"
                                                   : "the errorCode is not a small INTEGER");
            }
            if (field.tag == kVersionField) {
                out.version = *value;
                has_version = true;
            } else {
                out.error_code = *value;
            }
        } else if (field.tag == kNegoTokensField) {
            auto token = first_token(bytes, field);
            if (!token) {
                return invalid(std::move(out), "negoTokens is not a list of OCTET STRINGs");
            }
            out.token = std::move(*token);
        }
        at = field.end();
    }
    if (!has_version) {
        return invalid(std::move(out), "the TSRequest has no version");
    }
    out.kind = TsRequest::Kind::Complete;
    return out;
}

} // namespace rdpmedic::probe
