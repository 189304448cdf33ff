#pragma once
/// UTF-16 to UTF-8 and back, for the files Windows tools write (mstsc's .rdp files, event log
/// exports).

#include <string>
#include <string_view>
#include <variant>

namespace rdpmedic {

void append_utf8(std::string& out, char32_t code_point);

/// Why UTF-16 text could not be converted, and on which line (1-based) that happened.
struct Utf16Problem {
    int line = 1;
    std::string problem; ///< e.g. "invalid UTF-16 (a lone high surrogate)"
    bool truncated = false; ///< the text stops inside a character: a file cut off
};

/// Converts UTF-16 code units (without a byte order mark) to UTF-8.
std::variant<std::string, Utf16Problem> utf16_to_utf8(std::string_view bytes, bool big_endian);

/// Converts valid UTF-8 (as the readers above hand it out) to UTF-16 code units, without a
/// byte order mark.
std::string utf8_to_utf16(std::string_view utf8, bool big_endian);

} // namespace rdpmedic
