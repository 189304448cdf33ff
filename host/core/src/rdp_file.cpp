#include "rdpmedic/core/path_text.h"
#include "rdpmedic/core/rdp_file.h"

#include "rdpmedic/core/ascii.h"
#include "rdpmedic/core/target.h"
#include "rdpmedic/core/text_encoding.h"

#include <charconv>
#include <fstream>
#include <iterator>
#include <limits>
#include <system_error>

namespace rdpmedic {

namespace {

constexpr std::string_view kFormatHint = "expected key:type:value (e.g. full address:s:host)";
constexpr std::size_t kMaxShown = 60;

std::string what_text(const std::filesystem::path& file, int line, const std::string& problem) {
    std::string text = utf8_text(file);
    if (line > 0) {
        text += ':';
        text += std::to_string(line);
    }
    text += ": ";
    text += problem;
    return text;
}

bool is_blank(char c) {
    return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_blank(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_blank(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

bool mentions_password(std::string_view text) {
    return ascii_lowercase(text).find("password") != std::string::npos;
}

// Quotes text for an error message: cut short, and never a password, so that a message is
// safe to log or show over someone's shoulder.
std::string shown(std::string_view text, std::string_view key_or_line) {
    if (mentions_password(key_or_line)) {
        return "(value hidden)";
    }
    std::string out = "'";
    if (text.size() > kMaxShown) {
        out += std::string(text.substr(0, kMaxShown)) + "...";
    } else {
        out += std::string(text);
    }
    return out + "'";
}

std::string utf16_file_to_utf8(std::string_view bytes, bool big_endian,
                               const std::filesystem::path& name) {
    auto converted = rdpmedic::utf16_to_utf8(bytes, big_endian);
    if (const auto* problem = std::get_if<Utf16Problem>(&converted)) {
        const std::string what = problem->truncated
                                     ? "the file ends in the middle of a UTF-16 character; it may be cut off"
                                     : problem->problem;
        throw RdpFileError(name, problem->line, what + "; save the file again from mstsc, or as UTF-8");
    }
    return std::get<std::string>(std::move(converted));
}

// Returns the number of bytes of the UTF-8 sequence at text[i], 0 if it is not valid UTF-8
// (overlong forms, surrogates and values above U+10FFFF included).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char b0 = byte(i);
    if (b0 < 0x80) {
        return 1;
    }
    std::size_t length = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if ((b0 & 0xE0) == 0xC0) {
        length = 2;
        cp = b0 & 0x1F;
        min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        length = 3;
        cp = b0 & 0x0F;
        min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        length = 4;
        cp = b0 & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (i + length > text.size()) {
        return 0;
    }
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) {
            return 0;
        }
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return 0;
    }
    return length;
}

void check_utf8(std::string_view text, const std::filesystem::path& name) {
    int line = 1;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = utf8_sequence_length(text, i);
        if (length == 0) {
            throw RdpFileError(name, line,
                               "the file is neither valid UTF-8 nor UTF-16; save it as UTF-8 or "
                               "UTF-16 (as mstsc does)");
        }
        if (text[i] == '\n') {
            ++line;
        }
        i += length;
    }
}

struct DecodedText {
    std::string utf8;
    RdpTextEncoding encoding = RdpTextEncoding::Utf8;
};

// mstsc always writes a byte order mark; a file without one whose first character has a zero
// high byte is UTF-16LE from a tool that left the mark out, as plain text never holds NULs.
DecodedText to_utf8(std::string_view bytes, const std::filesystem::path& name) {
    const auto starts_with = [&](std::string_view prefix) {
        return bytes.substr(0, prefix.size()) == prefix;
    };
    if (starts_with("\xFF\xFE")) {
        return {utf16_file_to_utf8(bytes.substr(2), false, name), RdpTextEncoding::Utf16LeWithBom};
    }
    if (starts_with("\xFE\xFF")) {
        return {utf16_file_to_utf8(bytes.substr(2), true, name), RdpTextEncoding::Utf16BeWithBom};
    }
    auto encoding = RdpTextEncoding::Utf8;
    if (starts_with("\xEF\xBB\xBF")) {
        bytes.remove_prefix(3);
        encoding = RdpTextEncoding::Utf8WithBom;
    } else if (bytes.size() >= 2 && bytes[0] != '\0' && bytes[1] == '\0') {
        return {utf16_file_to_utf8(bytes, false, name), RdpTextEncoding::Utf16LeWithoutBom};
    }
    check_utf8(bytes, name);
    return {std::string(bytes), encoding};
}

std::optional<std::int64_t> parse_integer(std::string_view text) {
    if (text.empty() || text.front() == '+') {
        return std::nullopt;
    }
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

std::optional<std::uint16_t> parse_port(std::string_view text) {
    if (text.empty() || text.front() < '0' || text.front() > '9') {
        return std::nullopt;
    }
    const auto value = parse_integer(text);
    if (!value || *value < 1 || *value > 65535) {
        return std::nullopt;
    }
    return static_cast<std::uint16_t>(*value);
}

struct Address {
    std::string_view host;
    std::optional<std::string_view> port;
};

struct AddressResult {
    Address address;
    std::string problem; ///< empty when the value is well formed
};

// "host", "host:port", "[v6]", "[v6]:port", or a bare IPv6 address (more than one ':').
AddressResult split_address(std::string_view value) {
    AddressResult result;
    if (!value.empty() && value.front() == '[') {
        const auto close = value.find(']');
        if (close == std::string_view::npos) {
            result.problem = "the IPv6 address in 'full address' has no closing ']'; expected "
                             "full address:s:[2001:db8::1]:3389";
            return result;
        }
        result.address.host = value.substr(1, close - 1);
        const auto rest = value.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') {
                result.problem = "unexpected text after ']' in 'full address'; expected "
                                 "full address:s:[2001:db8::1]:3389";
                return result;
            }
            result.address.port = rest.substr(1);
        }
    } else {
        const auto colon = value.find(':');
        if (colon != std::string_view::npos &&
            value.find(':', colon + 1) == std::string_view::npos) {
            result.address.host = value.substr(0, colon);
            result.address.port = value.substr(colon + 1);
        } else {
            result.address.host = value;
        }
    }
    if (result.address.host.empty()) {
        result.problem = "'full address' has no host before the port; expected "
                         "full address:s:host or full address:s:host:port";
    } else if (result.address.port && !parse_port(*result.address.port)) {
        result.problem = "expected a port number 1..65535 after the host in 'full address', got " +
                         shown(*result.address.port, "full address");
    }
    return result;
}

// Keys whose value is an address the client connects to: checked exactly like a target typed
// on the command line, so that text the command line refuses cannot reach the client from a
// file either.
constexpr std::string_view kAddressKeys[] = {"full address", "alternate full address",
                                             "gatewayhostname"};

bool is_address_key(std::string_view key) {
    for (const auto address_key : kAddressKeys) {
        if (key == address_key) {
            return true;
        }
    }
    return false;
}

} // namespace

std::string encode_rdp_text(std::string_view utf8, RdpTextEncoding encoding) {
    switch (encoding) {
    case RdpTextEncoding::Utf8:
        return std::string(utf8);
    case RdpTextEncoding::Utf8WithBom:
        return "\xEF\xBB\xBF" + std::string(utf8);
    case RdpTextEncoding::Utf16LeWithBom:
        return "\xFF\xFE" + utf8_to_utf16(utf8, false);
    case RdpTextEncoding::Utf16BeWithBom:
        return "\xFE\xFF" + utf8_to_utf16(utf8, true);
    case RdpTextEncoding::Utf16LeWithoutBom:
        return utf8_to_utf16(utf8, false);
    }
    return std::string(utf8);
}

RdpFileError::RdpFileError(std::filesystem::path file_, int line_, const std::string& problem)
    : std::runtime_error(what_text(file_, line_, problem)), file(std::move(file_)), line(line_) {}

RdpFile RdpFile::parse(std::string_view bytes, const std::filesystem::path& name_for_errors) {
    if (bytes.size() > max_size) {
        throw RdpFileError(name_for_errors, 0,
                           "the file is " + std::to_string(bytes.size()) +
                               " bytes, more than the 1 MiB rdpmedic reads; an .rdp file is a "
                               "few kilobytes, so check that this is the right file");
    }
    const DecodedText decoded = to_utf8(bytes, name_for_errors);
    const std::string& text = decoded.utf8;

    RdpFile file;
    file.name_ = name_for_errors;
    file.encoding_ = decoded.encoding;
    if (const auto first_end = text.find('\n');
        first_end != std::string::npos && first_end > 0 && text[first_end - 1] == '\r') {
        file.line_end_ = "\r\n";
    }
    int line_number = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string::npos) {
            end = text.size();
        }
        std::string_view line(text.data() + start, end - start);
        start = end + 1;
        ++line_number;

        // Every carriage return at a line's end goes (a stray one means nothing in an .rdp
        // file), so a line never ends in one and a copy written back reads the same.
        while (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        file.lines_text_.push_back(RdpLine{line_number, std::string(line), {}, 0, {}});
        if (trim(line).empty()) {
            continue;
        }
        const auto fail = [&](const std::string& problem) {
            throw RdpFileError(name_for_errors, line_number, problem);
        };
        if (line.find('\0') != std::string_view::npos) {
            fail("the line contains a NUL character; expected a text file");
        }
        const auto first = line.find(':');
        const auto second = first == std::string_view::npos ? first : line.find(':', first + 1);
        const auto key_text = trim(line.substr(0, first));
        if (second == std::string_view::npos || key_text.empty()) {
            fail(std::string(kFormatHint) + ", got " + shown(trim(line), line));
        }
        std::string key = ascii_lowercase(key_text);
        const std::string type = ascii_lowercase(trim(line.substr(first + 1, second - first - 1)));
        const auto value = trim(line.substr(second + 1));

        if (type != "s" && type != "i" && type != "b") {
            fail("unknown type " + shown(type, key) + " for '" + key +
                 "'; expected s (string), i (integer) or b (binary)");
        }
        if (type == "i" && !parse_integer(value)) {
            fail("expected an integer for '" + key + "', got " + shown(value, key));
        }
        if (key == "server port" && type == "i" && !parse_port(value)) {
            fail("expected a port number 1..65535 for 'server port', got " + shown(value, key));
        }
        if (key == "full address" && !value.empty()) {
            if (auto problem = split_address(value).problem; !problem.empty()) {
                fail(problem);
            }
        }
        if (is_address_key(key) && !value.empty()) {
            try {
                (void)parse_target(value);
            } catch (const TargetError& error) {
                fail(key + ": " + error.what() +
                     "; correct the line, or ask for a new file from "
                     "whoever gave you this one");
            }
        }
        RdpLine& kept = file.lines_text_.back();
        kept.key = key;
        kept.type = type.front();
        kept.value = std::string(value);

        if (const auto index = file.find(key)) {
            file.entries_[*index].second = std::string(value);
            file.types_[*index] = type.front();
            file.lines_[*index] = line_number;
        } else {
            file.entries_.emplace_back(std::move(key), std::string(value));
            file.types_.push_back(type.front());
            file.lines_.push_back(line_number);
        }
    }
    return file;
}

RdpFile RdpFile::load(const std::filesystem::path& path) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) {
        throw RdpFileError(path, 0,
                           "cannot open the file (" +
                               (ec ? ec.message() : std::string("it does not exist")) +
                               "); check the path");
    }
    if (std::filesystem::is_directory(status)) {
        throw RdpFileError(path, 0, "this is a directory, not an .rdp file; give the file's path");
    }
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > max_size) {
        throw RdpFileError(path, 0,
                           "the file is " + std::to_string(size) +
                               " bytes, more than the 1 MiB rdpmedic reads; an .rdp file is a "
                               "few kilobytes, so check that this is the right file");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw RdpFileError(path, 0, "cannot open the file; check that you may read it");
    }
    // Read at most one byte past the limit: the size can change after it was checked, and
    // some files report no size at all.
    std::string bytes(max_size + 1, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (in.bad()) {
        throw RdpFileError(path, 0, "reading the file failed; check the disk or the share");
    }
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    return parse(bytes, path);
}

std::optional<std::size_t> RdpFile::find(std::string_view key) const {
    const std::string wanted = ascii_lowercase(key);
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        if (entries_[i].first == wanted) {
            return i;
        }
    }
    return std::nullopt;
}

std::optional<std::string> RdpFile::string(std::string_view key) const {
    if (const auto index = find(key)) {
        return entries_[*index].second;
    }
    return std::nullopt;
}

std::optional<std::int64_t> RdpFile::integer(std::string_view key) const {
    if (const auto index = find(key); index && types_[*index] == 'i') {
        return parse_integer(entries_[*index].second);
    }
    return std::nullopt;
}

std::string RdpFile::host() const {
    const auto index = find("full address");
    if (!index) {
        throw RdpFileError(name_, 0,
                           "there is no 'full address' entry; add one like "
                           "full address:s:server.example.com");
    }
    const auto& value = entries_[*index].second;
    if (value.empty()) {
        throw RdpFileError(name_, lines_[*index],
                           "'full address' is empty; expected full address:s:host");
    }
    return std::string(split_address(value).address.host);
}

std::uint16_t RdpFile::port() const {
    if (const auto value = integer("server port")) {
        return static_cast<std::uint16_t>(*value);
    }
    if (const auto index = find("full address")) {
        const auto address = split_address(entries_[*index].second).address;
        if (address.port) {
            if (const auto port = parse_port(*address.port)) {
                return *port;
            }
        }
    }
    return 3389;
}

namespace {

std::optional<std::string> non_empty(std::optional<std::string> value) {
    if (value && value->empty()) {
        return std::nullopt;
    }
    return value;
}

} // namespace

std::optional<std::string> RdpFile::username() const {
    return non_empty(string("username"));
}

std::optional<std::string> RdpFile::domain() const {
    return non_empty(string("domain"));
}

std::optional<std::string> RdpFile::gateway_host() const {
    return non_empty(string("gatewayhostname"));
}

std::optional<std::string> RdpFile::gateway_in_use() const {
    // gatewayusagemethod 0 and 4 turn the gateway off (FreeRDP reads a file the same way);
    // without the setting a gateway that is named is used.
    const auto usage = integer("gatewayusagemethod");
    if (usage && (*usage == 0 || *usage == 4)) {
        return std::nullopt;
    }
    return gateway_host();
}

int RdpFile::line_of(std::string_view key) const {
    const auto index = find(key);
    return index ? lines_[*index] : 0;
}

std::optional<bool> RdpFile::credssp_enabled() const {
    if (const auto value = integer("enablecredsspsupport")) {
        return *value != 0;
    }
    return std::nullopt;
}

std::optional<int> RdpFile::authentication_level() const {
    if (const auto value = integer("authentication level");
        value && *value >= std::numeric_limits<int>::min() &&
        *value <= std::numeric_limits<int>::max()) {
        return static_cast<int>(*value);
    }
    return std::nullopt;
}

} // namespace rdpmedic
