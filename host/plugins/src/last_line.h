#pragma once
// The last line a helper process wrote: its answer, or what went wrong.

#include <string>
#include <string_view>

namespace rdpmedic::plugins {

/// The last line of `output` that is not empty, without its line end ("\n" or "\r\n").
inline std::string last_line(std::string_view output) {
    const auto end = output.find_last_not_of("\r\n");
    if (end == std::string_view::npos) {
        return {};
    }
    const auto newline = output.rfind('\n', end);
    const auto start = newline == std::string_view::npos ? 0 : newline + 1;
    return std::string(output.substr(start, end + 1 - start));
}

} // namespace rdpmedic::plugins
