#pragma once
/// Windows only: Win32 error codes (GetLastError, LSTATUS) as std::error_code, with the
/// message Windows itself gives (FormatMessageW), in UTF-8.

#include <string>
#include <system_error>

namespace rdpmedic {

/// A category whose message() is Windows' text for the code, e.g. "Access is denied."
/// (MinGW's std::system_category() has no text for Win32 codes.)
const std::error_category& windows_category();

/// Windows' text for a Win32 error code, followed by its number: "Access is denied. (error 5)".
std::string windows_error_text(unsigned long code);

/// Throws std::system_error for GetLastError(), its what() starting with `what`.
[[noreturn]] void throw_last_windows_error(const std::string& what);

} // namespace rdpmedic
