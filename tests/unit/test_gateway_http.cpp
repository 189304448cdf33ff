#include "rdpmedic/probe/gateway_http.h"

#include <catch2/catch.hpp>
#include <string>

using namespace rdpmedic::probe;
using Kind = HttpHead::Kind;

namespace {

HttpHead head_of(const std::string& text) {
    return parse_http_head({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

} // namespace

TEST_CASE("gateway http: a Windows RD Gateway's 401 gives its schemes in order, each once",
          "[probe][gateway]") {
    const HttpHead head = head_of(
        "HTTP/1.1 401 Unauthorized\r\nContent-Type: text/html\r\nServer: Microsoft-IIS/10.0\r\n"
        "WWW-Authenticate: Negotiate\r\nWWW-Authenticate: NTLM\r\n"
        "www-authenticate: Basic realm=\"gw\", ntlm\r\nContent-Length: 0\r\n\r\nbody");
    REQUIRE(head.kind == Kind::Complete);
    CHECK(head.status == 401);
    CHECK(head.reason == "Unauthorized");
    CHECK(head.server == "Microsoft-IIS/10.0");
    CHECK(head.auth_schemes == std::vector<std::string>{"Negotiate", "NTLM", "Basic"});
    const std::string text = "HTTP/1.1 200 OK\n\nseed";
    const HttpHead bare = head_of(text);
    REQUIRE(bare.kind == Kind::Complete);
    CHECK(bare.status == 200);
    CHECK(bare.head_size == text.size() - 4);
}

TEST_CASE("gateway http: partial, foreign and endless heads", "[probe][gateway]") {
    CHECK(head_of("").kind == Kind::Incomplete);
    CHECK(head_of("HTT").kind == Kind::Incomplete);
    CHECK(head_of("HTTP/1.1 404 Not Found\r\nServer: x\r\n").kind == Kind::Incomplete);
    CHECK(head_of("SSH-2.0-OpenSSH_9.2\r\n").kind == Kind::NotHttp);
    CHECK(head_of(std::string("\x00\x01\x02\x03", 4)).kind == Kind::NotHttp);
    const HttpHead malformed = head_of("HTTP/1.1 4x4 Huh\r\n\r\n");
    CHECK(malformed.kind == Kind::NotHttp);
    CHECK_THAT(malformed.problem, Catch::Contains("status line"));
    // Megabytes without a blank line: judged on the first kMaxHttpHead bytes, never further.
    const HttpHead huge =
        head_of("HTTP/1.1 200 OK\r\nX-Filler: " + std::string(2 * 1024 * 1024, 'a'));
    CHECK(huge.kind == Kind::TooLarge);
    CHECK_THAT(huge.problem, Catch::Contains("16384"));
    // Control characters in a header never come out as such.
    const HttpHead control = head_of("HTTP/1.1 401 \x1b[31mred\r\nServer: a\x07"
                                     "b\r\n\r\n");
    CHECK(control.reason == "?[31mred");
    CHECK(control.server == "a?b");
    CHECK(control.auth_schemes.empty());
}

TEST_CASE("gateway http: the requests and the handshake are MS-TSGU's bytes", "[probe][gateway]") {
    const std::string out =
        gateway_request("RDG_OUT_DATA", kGatewayPath, "gw.example.com", "{id}", false);
    CHECK(out.rfind("RDG_OUT_DATA /remoteDesktopGateway/ HTTP/1.1\r\nHost: gw.example.com\r\n",
                    0) == 0);
    CHECK_THAT(out, Catch::Contains("RDG-Connection-Id: {id}\r\n") &&
                        Catch::Contains("Content-Length: 0\r\n\r\n"));
    CHECK_THAT(gateway_request("RDG_IN_DATA", kGatewayPath, "gw", "{id}", true),
               Catch::EndsWith("Transfer-Encoding: chunked\r\n\r\n"));
    CHECK(handshake_request() ==
          std::vector<std::uint8_t>{1, 0, 0, 0, 14, 0, 0, 0, 1, 0, 0, 0, 0, 0});
    const auto chunk = as_chunk(handshake_request());
    CHECK(std::string(chunk.begin(), chunk.begin() + 3) == "E\r\n");
    CHECK(chunk.size() == 3 + 14 + 2);

    const std::vector<std::uint8_t> ok{2, 0, 0, 0, 18, 0, 0, 0, 0, 0, 0, 0, 1, 0, 5, 0, 0, 0};
    const HandshakeResponse response = parse_handshake_response(ok);
    REQUIRE(response.kind == HandshakeResponse::Kind::Valid);
    CHECK(response.error_code == 0);
    CHECK(response.version_major == 1);
    CHECK(response.server_version == 5);
    CHECK(parse_handshake_response(std::span(ok).first(12)).kind ==
          HandshakeResponse::Kind::Incomplete);
    std::vector<std::uint8_t> failed = ok;
    failed[8] = 0xff;
    failed[9] = 0xff;
    failed[10] = 0x00;
    failed[11] = 0x80;
    CHECK(parse_handshake_response(failed).error_code == 0x8000FFFF);
    std::vector<std::uint8_t> wrong_type = ok;
    wrong_type[0] = 4;
    CHECK(parse_handshake_response(wrong_type).kind == HandshakeResponse::Kind::Invalid);
    std::vector<std::uint8_t> wrong_length = ok;
    wrong_length[4] = 0xff;
    CHECK_THAT(parse_handshake_response(wrong_length).problem, Catch::Contains("not 18"));
}
