#pragma once
/// Lists in messages: "a, b, c".

#include <string>
#include <string_view>
#include <vector>

namespace rdpmedic {

/// `parts` with `separator` between each two; empty for none.
inline std::string join(const std::vector<std::string>& parts, std::string_view separator = ", ") {
    std::string out;
    for (const auto& part : parts) {
        if (!out.empty()) {
            out += separator;
        }
        out += part;
    }
    return out;
}

} // namespace rdpmedic
