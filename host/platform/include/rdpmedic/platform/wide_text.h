#pragma once
/// Windows only: rdpmedic keeps text as UTF-8; the W (UTF-16) Windows APIs take and give
/// wchar_t strings. Every Windows file converts here, nowhere else.

#include <string>
#include <string_view>

namespace rdpmedic {

/// UTF-8 to UTF-16. A byte sequence that is not UTF-8 becomes U+FFFD, so a broken name shows
/// up as a visibly wrong name rather than vanishing.
std::wstring widen(std::string_view utf8);

/// UTF-16 to UTF-8. A lone surrogate (possible in Windows file names) becomes U+FFFD.
std::string narrow(std::wstring_view utf16);

} // namespace rdpmedic
