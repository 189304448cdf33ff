#pragma once
/// Paths as UTF-8 text and back, for JSON, messages and the worker and helper protocols.
/// On Windows a path made from a std::string is decoded with the C runtime's locale (MSVC:
/// the ANSI code page), not as UTF-8, so a profile folder such as C:\Users\Jürgen would come
/// back as another name; u8string() and char8_t are UTF-8 with every standard library.

#include <filesystem>
#include <string>
#include <string_view>

namespace rdpmedic {

inline std::string utf8_text(const std::filesystem::path& path) {
    const std::u8string text = path.u8string();
    return {text.begin(), text.end()};
}

inline std::filesystem::path utf8_path(std::string_view text) {
    return std::filesystem::path(std::u8string(text.begin(), text.end()));
}

} // namespace rdpmedic
