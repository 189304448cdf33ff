#include "rdpmedic/core/text_encoding.h"

namespace rdpmedic {

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::variant<std::string, Utf16Problem> utf16_to_utf8(std::string_view bytes, bool big_endian) {
    std::string out;
    out.reserve(bytes.size() / 2);
    int line = 1;
    const auto unit_at = [&](std::size_t i) {
        const auto b0 = static_cast<unsigned char>(bytes[i]);
        const auto b1 = static_cast<unsigned char>(bytes[i + 1]);
        return static_cast<char16_t>(big_endian ? (b0 << 8) | b1 : (b1 << 8) | b0);
    };
    std::size_t i = 0;
    for (; i + 1 < bytes.size(); i += 2) {
        const char16_t unit = unit_at(i);
        char32_t cp = unit;
        if (unit >= 0xD800 && unit <= 0xDBFF) {
            const bool has_low =
                i + 3 < bytes.size() && unit_at(i + 2) >= 0xDC00 && unit_at(i + 2) <= 0xDFFF;
            if (!has_low) {
                return Utf16Problem{line, "invalid UTF-16 (a lone high surrogate)"};
            }
            cp = 0x10000 + ((static_cast<char32_t>(unit) - 0xD800) << 10) +
                 (static_cast<char32_t>(unit_at(i + 2)) - 0xDC00);
            i += 2;
        } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
            return Utf16Problem{line, "invalid UTF-16 (a lone low surrogate)"};
        }
        if (cp == U'\n') {
            ++line;
        }
        append_utf8(out, cp);
    }
    if (i < bytes.size()) {
        return Utf16Problem{line, "the text ends in the middle of a UTF-16 character", true};
    }
    return out;
}

namespace {

void append_unit(std::string& out, char16_t unit, bool big_endian) {
    const auto high = static_cast<char>(unit >> 8);
    const auto low = static_cast<char>(unit & 0xFF);
    out += big_endian ? high : low;
    out += big_endian ? low : high;
}

} // namespace

std::string utf8_to_utf16(std::string_view utf8, bool big_endian) {
    std::string out;
    out.reserve(utf8.size() * 2);
    for (std::size_t i = 0; i < utf8.size();) {
        const auto b0 = static_cast<unsigned char>(utf8[i]);
        const std::size_t length = b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
        char32_t cp = length == 1   ? b0
                      : length == 2 ? b0 & 0x1F
                      : length == 3 ? b0 & 0x0F
                                    : b0 & 0x07;
        for (std::size_t k = 1; k < length && i + k < utf8.size(); ++k) {
            cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
        }
        i += length;
        if (cp >= 0x10000) {
            const char32_t v = cp - 0x10000;
            append_unit(out, static_cast<char16_t>(0xD800 + (v >> 10)), big_endian);
            append_unit(out, static_cast<char16_t>(0xDC00 + (v & 0x3FF)), big_endian);
        } else {
            append_unit(out, static_cast<char16_t>(cp), big_endian);
        }
    }
    return out;
}

} // namespace rdpmedic
