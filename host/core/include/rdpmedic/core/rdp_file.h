#pragma once
/// Reads mstsc's `.rdp` files: one `key:type:value` setting a line, type s (string),
/// i (integer) or b (binary, hex). mstsc saves them as UTF-16LE with a byte order mark; other
/// tools write UTF-8. Everything is handed out as UTF-8. Every line is kept as written, so a
/// client can be handed the whole file (or a copy with a few settings changed), and the
/// addresses in it are checked exactly like a target typed on the command line.

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

/// How the file's text was stored. FreeRDP 2.11 and 3.10 read only Utf8 and Utf16LeWithBom
/// (tried: with any other they find no "full address" and give up).
enum class RdpTextEncoding { Utf8, Utf8WithBom, Utf16LeWithBom, Utf16BeWithBom, Utf16LeWithoutBom };

/// One line of the file, blank ones included.
struct RdpLine {
    int number = 0;    ///< 1-based
    std::string text;  ///< as written (UTF-8), without its line end
    std::string key;   ///< lowercase; empty for a blank line
    char type = 0;     ///< 's', 'i' or 'b'; 0 for a blank line
    std::string value; ///< trimmed
};

/// The file's text in `encoding`, byte order mark included: for writing a copy of a file the
/// way it was stored.
std::string encode_rdp_text(std::string_view utf8, RdpTextEncoding encoding);

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
    /// The gateway a client reading this file goes through: gateway_host(), unless
    /// "gatewayusagemethod" is 0 or 4 (no gateway), as FreeRDP and mstsc read it.
    std::optional<std::string> gateway_in_use() const;
    /// "enablecredsspsupport": false means the file turns NLA/CredSSP off.
    std::optional<bool> credssp_enabled() const;
    /// "authentication level": 0 connect anyway, 1 do not connect, 2 warn, 3 no requirement.
    std::optional<int> authentication_level() const;

    /// Lowercase key and raw value, one per key in the order keys first appear; a key given
    /// twice holds its last value, as mstsc uses the last one.
    const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }

    /// Every line in file order, blank ones and repeated keys included.
    const std::vector<RdpLine>& lines() const { return lines_text_; }
    RdpTextEncoding encoding() const { return encoding_; }
    /// "\r\n" when the file's first line ends so (mstsc writes CRLF), else "\n".
    const std::string& line_end() const { return line_end_; }
    /// The line a key's value came from (its last occurrence); 0 when absent.
    int line_of(std::string_view key) const;

  private:
    std::optional<std::size_t> find(std::string_view key) const;

    std::filesystem::path name_;
    std::vector<std::pair<std::string, std::string>> entries_;
    std::vector<char> types_; ///< parallel to entries_: 's', 'i' or 'b'
    std::vector<int> lines_;  ///< parallel to entries_: the line the value came from
    std::vector<RdpLine> lines_text_;
    RdpTextEncoding encoding_ = RdpTextEncoding::Utf8;
    std::string line_end_ = "\n";
};

} // namespace rdpmedic
