#pragma once
/// ASCII-only case folding, for what compares case-insensitively by protocol or file format
/// (.rdp keys, host names, mstsc switches): independent of the C locale.

#include <string>
#include <string_view>

namespace rdpmedic {

/// `text` with A-Z turned to a-z; every other byte (UTF-8 included) unchanged.
std::string ascii_lowercase(std::string_view text);

} // namespace rdpmedic
