// The parser against output captured from the real xfreerdp 2.11.7 (tests/fixtures/freerdp),
// each run against a real server or a real fault.
#include "rdpmedic/core/freerdp_output.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <string>

using namespace rdpmedic;

namespace {

struct Parsed {
    FreeRdpOutputParser parser;
    int connected_signals = 0;
};

Parsed parse_fixture(const std::string& name) {
    std::ifstream in(std::string(RDPMEDIC_FIXTURES) + "/freerdp/" + name);
    REQUIRE(in);
    Parsed out;
    std::string line;
    while (std::getline(in, line)) {
        if (out.parser.feed(line)) {
            ++out.connected_signals;
        }
    }
    return out;
}

} // namespace

TEST_CASE("a session that reaches ACTIVE gives exactly one connected signal", "[freerdp-output]") {
    const auto p = parse_fixture("xrdp-tls-active.log");
    CHECK(p.connected_signals == 1);
    CHECK(p.parser.connected());
    CHECK(p.parser.furthest_state() == "ACTIVE");
}

TEST_CASE("accept-then-close is the socket-closed failure, like mstsc's 0x904", "[freerdp-output]") {
    const auto p = parse_fixture("accept-then-close.log");
    CHECK_FALSE(p.parser.connected());
    CHECK(p.parser.last_error() == 0x0002000Du);
    const Failure f = p.parser.failure(147);
    CHECK(f.kind == FailureKind::SocketClosed);
    CHECK(f.retriable);
    CHECK(f.codes.exit_code == 147);
    CHECK(f.codes.freerdp_error == 0x0002000Du);
    CHECK_THAT(f.detail, Catch::Contains("furthest connection state: NEGO"));
    CHECK_THAT(f.detail, Catch::Contains("Connection reset by peer"));
}

TEST_CASE("a closed port is told apart from a closed socket by the failed first write", "[freerdp-output]") {
    const auto p = parse_fixture("port-closed.log");
    const Failure f = p.parser.failure(147);
    CHECK(f.kind == FailureKind::ConnectFailed);
    CHECK_THAT(f.message, Catch::Contains("refused"));
    CHECK(f.codes.freerdp_error == 0x0002000Du);
}

TEST_CASE("an unknown host is a DNS failure", "[freerdp-output]") {
    const auto p = parse_fixture("dns-name-not-found.log");
    CHECK(p.parser.last_error() == 0x00020005u);
    const Failure f = p.parser.failure(140);
    CHECK(f.kind == FailureKind::DnsFailed);
}

TEST_CASE("an untrusted certificate is a TLS failure that names the certificate", "[freerdp-output]") {
    const auto p = parse_fixture("untrusted-certificate.log");
    const Failure f = p.parser.failure(143);
    CHECK(f.kind == FailureKind::TlsFailed);
    CHECK(p.parser.last_error() == 0x00020008u);
    CHECK_THAT(f.message, Catch::Contains("certificate"));
}

TEST_CASE("standard RDP security against a TLS-only server fails like a 0x904", "[freerdp-output]") {
    const auto p = parse_fixture("sec-rdp-against-tls-only.log");
    const Failure f = p.parser.failure(147);
    CHECK(f.kind == FailureKind::SocketClosed);
    CHECK_THAT(f.detail, Catch::Contains("mcs_recv_connect_response failure"));
}

TEST_CASE("lines with ERRINFO codes are picked up", "[freerdp-output]") {
    FreeRdpOutputParser parser;
    parser.feed("[10:00:00:000] [1:2] [INFO][com.freerdp.core] - ERRINFO_SERVER_DENIED_CONNECTION "
                "(0x00000007):The server denied the connection.");
    CHECK(parser.errinfo() == 7u);
    const Failure f = parser.failure(131);
    CHECK(f.kind == FailureKind::ServerDenied);
}

TEST_CASE("garbage and interleaved lines do not confuse the parser", "[freerdp-output]") {
    FreeRdpOutputParser parser;
    CHECK_FALSE(parser.feed(""));
    CHECK_FALSE(parser.feed("--> CONNECTION_STATE_"));
    CHECK_FALSE(parser.feed("freerdp_set_last_error_ex [0xZZ]"));
    CHECK_FALSE(parser.feed(std::string(100000, 'x')));
    CHECK_FALSE(parser.connected());
    CHECK_FALSE(parser.last_error().has_value());
    CHECK(parser.feed("[DEBUG][com.freerdp.channels.drdynv[22:49:19:413] [1:2] [DEBUG][com.freerdp.core.connection] - "
                      "rdp_client_transition_to_state CONNECTION_STATE_FINALIZATION --> CONNECTION_STATE_ACTIVE"));
}
