#pragma once
/// Reads mstsc's `.rdp` files: one `key:type:value` setting a line, type s (string),
/// i (integer) or b (binary, hex). mstsc saves them as UTF-16LE with a byte order mark; other
/// tools write UTF-8. Everything is handed out as UTF-8.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rdpmedic {

/// what() reads "FILE:LINE: problem; what to do", or "FILE: …" when no line is to blame.
/// Values of keys containing "password" never appear in it.
struct RdpFileError : std::runtime_error {
    RdpFileError(std::filesystem::path file, int line, const std::string& problem);

    std::filesystem::path file;
    int line = 0; ///< 1-based; 0 when the problem is not on one line
};

class RdpFile {
  public:
    /// Files larger than this are refused: real ones are a few kilobytes, and a huge file is
    /// almost certainly the wrong file.
    static constexpr std::size_t max_size = 1024 * 1024;

    /// Parses the file's raw bytes (any BOM included). Throws RdpFileError.
    static RdpFile parse(std::string_view bytes, const std::filesystem::path& name_for_errors);
    /// Reads and parses a file. Throws RdpFileError, also when it cannot be read.
    static RdpFile load(const std::filesystem::path& path);

    /// The raw value of any type; keys are case-insensitive.
    std::optional<std::string> string(std::string_view key) const;
    /// The value of an `i` entry; nullopt if absent or of another type.
    std::optional<std::int64_t> integer(std::string_view key) const;

    /// The host part of "full address": without a ":port", without the brackets around an
    /// IPv6 address. Throws RdpFileError when there is no full address or it is empty.
    std::string host() const;
    /// "server port" if present (as FreeRDP does: it overrides a port in "full address"),
    /// else the port in "full address", else 3389.
    std::uint16_t port() const;
    /// The next three treat an empty value as absent, as mstsc saves empty placeholders.
    std::optional<std::string> username() const;
    std::optional<std::string> domain() const;
    /// "gatewayhostname" as written (it may carry a port); whether the gateway is used at all
    /// is "gatewayusagemethod", see integer().
    std::optional<std::string> gateway_host() const;
    /// "enablecredsspsupport": false means the file turns NLA/CredSSP off.
    std::optional<bool> credssp_enabled() const;
    /// "authentication level": 0 connect anyway, 1 do not connect, 2 warn, 3 no requirement.
    std::optional<int> authentication_level() const;

    /// Lowercase key and raw value, one per key in the order keys first appear; a key given
    /// twice holds its last value, as mstsc uses the last one.
    const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }

  private:
    std::optional<std::size_t> find(std::string_view key) const;

    std::filesystem::path name_;
    std::vector<std::pair<std::string, std::string>> entries_;
    std::vector<char> types_; ///< parallel to entries_: 's', 'i' or 'b'
    std::vector<int> lines_;  ///< parallel to entries_: the line the value came from
};

} // namespace rdpmedic
