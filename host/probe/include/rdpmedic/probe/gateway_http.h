#pragma once
/// The RD Gateway's HTTP transport (MS-TSGU 2.2.3, 3.3.5.1), as far as the probe speaks it
/// without credentials: the requests mstsc and FreeRDP open the OUT and IN channels with, the
/// head of the gateway's answer, and the HTTP_HANDSHAKE_REQUEST/RESPONSE packets. Bytes in,
/// facts out; nothing here touches a socket.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rdpmedic::probe {

/// The gateway's resource on every Windows RD Gateway.
inline constexpr std::string_view kGatewayPath = "/remoteDesktopGateway/";
/// RPC over HTTP, the older transport on the same port (MS-RPCH's RPC proxy).
inline constexpr std::string_view kRpcProxyPath = "/rpc/rpcproxy.dll";
/// A head longer than this is not a gateway's: its answers are a few hundred bytes.
inline constexpr std::size_t kMaxHttpHead = 16 * 1024;

/// One request line and headers, without a body. `method` is RDG_OUT_DATA, RDG_IN_DATA or
/// RPC_IN_DATA; `chunked` sends Transfer-Encoding: chunked (the IN channel's packets follow as
/// chunks), otherwise Content-Length: 0. `connection_id` is a braced GUID.
std::string gateway_request(std::string_view method, std::string_view path, std::string_view host,
                            std::string_view connection_id, bool chunked);

struct HttpHead {
    enum class Kind {
        Incomplete, ///< no blank line yet, and still under kMaxHttpHead
        Complete,
        NotHttp,  ///< does not start with an HTTP/1.x status line
        TooLarge, ///< kMaxHttpHead bytes and no end of the head
    };
    Kind kind = Kind::Incomplete;
    int status = 0;
    std::string reason;
    /// The schemes of every WWW-Authenticate header, in order, each once ("Negotiate", "NTLM").
    std::vector<std::string> auth_schemes;
    std::string server; ///< the Server header, at most 80 printable characters
    /// Bytes up to and including the blank line: where the body starts.
    std::size_t head_size = 0;
    /// Why the bytes are not an HTTP head (NotHttp, TooLarge).
    std::string problem;
};

/// Reads the head of an HTTP/1.x response from the first bytes the server sent. Lines end in
/// CRLF or a bare LF; anything else is judged by its first bytes.
HttpHead parse_http_head(std::span<const std::uint8_t> bytes);

/// HTTP_HANDSHAKE_REQUEST_PACKET: version 1.0, client version 0, no extended authentication,
/// as FreeRDP sends it. 14 bytes.
std::vector<std::uint8_t> handshake_request();

/// `packet` in one chunk of HTTP chunked transfer coding, as the IN channel carries it.
std::vector<std::uint8_t> as_chunk(std::span<const std::uint8_t> packet);

struct HandshakeResponse {
    enum class Kind { Incomplete, Valid, Invalid };
    Kind kind = Kind::Incomplete;
    std::uint32_t error_code = 0; ///< an HRESULT; 0 is success
    std::uint8_t version_major = 0;
    std::uint8_t version_minor = 0;
    std::uint16_t server_version = 0;
    std::uint16_t extended_auth = 0;
    std::string problem; ///< why it is Invalid
};

/// HTTP_HANDSHAKE_RESPONSE_PACKET: PKT_TYPE_HANDSHAKE_RESPONSE (2), reserved, length 18,
/// errorCode, versionMajor, versionMinor, serverVersion, extendedAuth; little-endian.
HandshakeResponse parse_handshake_response(std::span<const std::uint8_t> bytes);

inline constexpr std::uint16_t kPacketHandshakeRequest = 1;
inline constexpr std::uint16_t kPacketHandshakeResponse = 2;
inline constexpr std::size_t kHandshakeResponseSize = 18;
/// MS-TSGU 3.3.5.1: after the OUT channel's 200 the gateway sends a random seed of this size.
inline constexpr std::size_t kSeedSize = 10;

} // namespace rdpmedic::probe
